"""Inline SVG charts, drawn here so the report needs no script library and no network."""
from __future__ import annotations

from typing import Callable, Mapping, Sequence

from .._types import CATEGORIES
from .escape import esc
from .model import FileSummary

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
COLOURS: dict[str, str] = {
    "encoding": "#D55E00",
    "spacing": "#0072B2",
    "linebreak": "#009E73",
    "punctuation": "#E69F00",
    "redaction": "#CC79A7",
    "boilerplate": "#56B4E9",
    "duplicate": "#8B6FB3",
    "other": "#8A8A8A",
}


def colour(category: str) -> str:
    return COLOURS.get(category, "#8A8A8A")


def middle_clip(text: str, width: int) -> str:
    """Long paths keep their start and their file name."""
    if len(text) <= width:
        return text
    keep = width - 1
    return text[: keep // 2] + "…" + text[len(text) - (keep - keep // 2):]


def _num(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def density_chart(files: Sequence[FileSummary], limit: int = 25, anchors: Mapping[str, str] | None = None,
                  label: Callable[[str], str] = str) -> str:
    """Horizontal bars: findings per 10k characters of the densest files, stacked by category.

    A bar links to the file's card among the worst files when ``anchors`` names one.
    """
    rows = [f for f in files if f.count and f.density is not None][:limit]
    if not rows:
        return ""
    label_w, bar_w, value_w, row_h, gap, top = 300, 560, 80, 20, 6, 8
    width = label_w + bar_w + value_w
    height = top + len(rows) * (row_h + gap) + 26
    peak = max(f.density or 0 for f in rows) or 1.0
    order = {c: i for i, c in enumerate(CATEGORIES)}
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg" '
             f'aria-label="Findings per 10,000 characters, densest files">']
    for tick in _ticks(peak):
        x = label_w + tick / peak * bar_w
        parts.append(f'<line class="grid" x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 22}"/>')
        parts.append(f'<text class="tick" x="{x:.1f}" y="{height - 8}" text-anchor="middle">{tick:,g}</text>')
    for i, f in enumerate(rows):
        y = top + i * (row_h + gap)
        full = f"{f.path}: {f.count:,} findings, {_num(f.density or 0)} per 10k characters"
        anchor = (anchors or {}).get(f.path)
        if anchor:
            parts.append(f'<a href="#{esc(anchor)}">')
        parts.append(f'<g class="bar" data-path="{esc(f.path)}"><title>{esc(full)}</title>')
        parts.append(f'<text class="label" x="{label_w - 10}" y="{y + row_h - 5}" text-anchor="end">'
                     f'{esc(middle_clip(label(f.path), 38))}</text>')
        x = float(label_w)
        for cat in sorted(f.by_category, key=lambda c: order.get(c, 99)):
            share = f.by_category[cat] * 10000 / (f.chars or 1)
            w = share / peak * bar_w
            parts.append(f'<rect x="{x:.2f}" y="{y}" width="{max(w, 0.5):.2f}" height="{row_h}" '
                         f'fill="{colour(cat)}"><title>{esc(cat)}: {f.by_category[cat]:,} '
                         f'({_num(share)} per 10k)</title></rect>')
            x += w
        parts.append(f'<text class="value" x="{x + 6:.1f}" y="{y + row_h - 5}">{_num(f.density or 0)}</text></g>')
        if anchor:
            parts.append("</a>")
    parts.append("</svg>")
    return "".join(parts)


def _ticks(peak: float) -> list[float]:
    """Three to six round gridline values up to ``peak``."""
    for step in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        if peak / step <= 5:
            return [i * step for i in range(int(peak / step) + 1)]
    return [0.0, peak]


def legend(categories: Sequence[str]) -> str:
    order = {c: i for i, c in enumerate(CATEGORIES)}
    items = "".join(f'<li><span class="swatch" style="background:{colour(c)}"></span>{esc(c)}</li>'
                    for c in sorted(categories, key=lambda c: order.get(c, 99)))
    return f'<ul class="legend">{items}</ul>'


# Upper bounds (inclusive) of the density bands; the first band holds the clean files.
BUCKETS: tuple[tuple[float, str], ...] = (
    (0, "0"), (1, "0–1"), (5, "1–5"), (20, "5–20"), (100, "20–100"), (float("inf"), "> 100"),
)


def bucket_counts(files: Sequence[FileSummary]) -> list[tuple[str, int]]:
    """Files per density band (findings per 10k characters); files without text are left out."""
    counts = [0] * len(BUCKETS)
    for f in files:
        d = f.density
        if d is not None:
            counts[next(i for i, (hi, _) in enumerate(BUCKETS) if d <= hi)] += 1
    return [(label, n) for (_, label), n in zip(BUCKETS, counts)]


def distribution_chart(files: Sequence[FileSummary]) -> str:
    """Columns: how many files fall in each density band, clean files first."""
    rows = bucket_counts(files)
    total = sum(n for _, n in rows)
    if not total:
        return ""
    col_w, gap, plot_h, top, bottom = 70, 18, 120, 18, 40
    width = len(rows) * (col_w + gap) + gap
    height = top + plot_h + bottom
    peak = max(n for _, n in rows) or 1
    parts = [f'<svg class="chart dist" role="img" viewBox="0 0 {width} {height}" width="{width}" '
             f'xmlns="http://www.w3.org/2000/svg" aria-label="Files by findings per 10,000 characters">']
    shades = ("#1b7f4b", "#7fb98f", "#e3b448", "#e08a3c", "#cf5a2c", "#a0271c")
    for i, (label, n) in enumerate(rows):
        h = n / peak * plot_h
        x = gap + i * (col_w + gap)
        y = top + plot_h - h
        share = n * 100 / total
        parts.append(f'<g class="col"><title>{esc(label)} per 10k: {n:,} files ({share:.1f}%)</title>'
                     f'<rect x="{x}" y="{y:.1f}" width="{col_w}" height="{max(h, 1):.1f}" rx="3" fill="{shades[i]}"/>'
                     f'<text class="value" x="{x + col_w / 2}" y="{y - 4:.1f}" text-anchor="middle">{n:,}</text>'
                     f'<text class="tick" x="{x + col_w / 2}" y="{top + plot_h + 16}" text-anchor="middle">'
                     f'{esc(label)}</text></g>')
    parts.append(f'<text class="tick" x="{width / 2}" y="{height - 4}" text-anchor="middle">'
                 f'findings per 10,000 characters</text></svg>')
    return "".join(parts)
