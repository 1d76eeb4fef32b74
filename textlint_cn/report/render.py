"""The report page: sections built from the model, every piece of untrusted text escaped.

The page is one file: styles and the small sorting script are inlined, charts are inline SVG,
and a Content-Security-Policy forbids every network load and any script but our own.
"""
from __future__ import annotations

import base64
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from string import Template
from typing import Mapping, Sequence

from .._types import CATEGORIES
from ..diagnostics import Diagnostic
from .chart import colour, density_chart, distribution_chart, legend, middle_clip
from .context import SourceReader
from .escape import esc, file_href
from .excerpt_html import excerpt_html, text_html
from .model import Cluster, FileSummary, ReportModel, split_record_path


@dataclass(frozen=True)
class RenderOptions:
    title: str = "Corpus health report"
    sources: Sequence[str] = ()  # what the report was built from, for the header
    generated: datetime | None = None
    version: str = ""
    top_files: int = 20  # worst files shown with excerpts
    per_file: int = 10  # excerpts per worst file
    max_rows: int = 2000  # rows of the per-file density table
    max_clusters: int = 200
    rule_summaries: Mapping[str, str] = field(default_factory=dict)
    report_dir: Path | None = None  # where the HTML goes, for relative links to files


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def _n(value: int) -> str:
    return f"{value:,}"


def _d(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.2f}" if value < 10 else f"{value:,.1f}"


def _dv(value: float | None) -> str:
    """A sort value for a density cell; files without text sort last."""
    return "" if value is None else f"{value:.6f}"


def _th(label: str, kind: str = "num", title: str = "", left: bool = False) -> str:
    t = f' title="{esc(title)}"' if title else ""
    cls = ' class="left"' if left else ""
    return f'<th data-type="{kind}"{t}{cls}><button type="button" class="sort">{esc(label)}<span class="arrow"></span></button></th>'


def _cat(category: str) -> str:
    return f'<span class="cat"><span class="swatch" style="background:{colour(category)}"></span>{esc(category)}</span>'


def _share_bar(part: int, whole: int, category: str | None = None) -> str:
    pct = part * 100 / whole if whole else 0
    fill = colour(category) if category else "var(--accent)"
    return (f'<span class="share"><span class="track"><span class="fill" style="width:{pct:.1f}%;background:{fill}">'
            f'</span></span><span class="pct">{pct:.1f}%</span></span>')


class _Page:
    def __init__(self, model: ReportModel, reader: SourceReader, options: RenderOptions) -> None:
        self.m = model
        self.reader = reader
        self.o = options
        self.cards: dict[str, str] = {}  # file path -> anchor of its card among the worst files
        for i, f in enumerate(self._worst()):
            self.cards[f.path] = f"f{i + 1}"
        self.base = common_folder([f.path for f in model.files])

    def short(self, path: str) -> str:
        """A path without the folder every file of the report shares (named once in the header)."""
        if self.base and path.startswith(self.base + "/"):
            return path[len(self.base) + 1:]
        return path

    # ---- pieces

    def _file_link(self, path: str, label: str | None = None) -> str:
        target = self.reader.locate(path)
        text = esc(label if label is not None else path)
        if target is None:
            return f'<span class="path">{text}</span>'
        return f'<a class="path" href="{file_href(target, self.o.report_dir)}" title="open the file">{text}</a>'

    def _worst(self) -> list[FileSummary]:
        return [f for f in self.m.files if f.count][: self.o.top_files]

    # ---- sections

    def header(self) -> str:
        when = (self.o.generated or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M %Z").strip()
        sources = ", ".join(self.o.sources) or "–"
        base = f' · paths below are in <span class="path">{esc(self.base)}/</span>' if self.base else ""
        return (f'<header><h1>{esc(self.o.title)}</h1><p class="meta">Built from <span class="path">'
                f'{esc(middle_clip(sources, 160))}</span> · {esc(when)} · textlint-cn {esc(self.o.version)}{base}</p>'
                f'</header>')

    def summary(self) -> str:
        m = self.m
        with_findings = len(m.files_with_findings)
        if m.checked_known:
            files = f"{_n(len(m.files))}"
            files_note = f"{_n(with_findings)} with findings"
        else:
            files = f"{_n(with_findings)}"
            files_note = "with findings (clean files are not in JSON input)"
        sev = m.severities
        sev_note = " · ".join(f"{_n(sev[s])} {s}" for s in ("error", "warning", "info") if sev[s]) or "none"
        tiles = [
            ("Files", files, files_note, ""),
            ("Characters", _n(m.total_chars), "decoded text", ""),
            ("Findings", _n(m.total_findings), sev_note, "bad" if m.total_findings else "good"),
            ("Per 10k characters", _d(m.density), "artifact density", ""),
            ("Fixable", _n(m.fixable), f"with --fix; {_n(m.unsafe)} more with --unsafe-fixes", ""),
            ("Duplicate clusters", _n(len(m.clusters)), f"{_n(sum(len(c.members) for c in m.clusters))} copies", ""),
            ("Redactions", _n(m.redactions), "masked names and numbers", ""),
            ("Not checked", _n(len({d.path for d in m.problems})), "files skipped or unreadable",
             "bad" if m.failed else ""),
        ]
        body = "".join(f'<div class="tile {cls}"><div class="k">{esc(k)}</div><div class="v">{esc(v)}</div>'
                       f'<div class="s">{esc(s)}</div></div>' for k, v, s, cls in tiles)
        return f'<section class="tiles" id="summary">{body}</section>'

    def nav(self) -> str:
        links = [("categories", "Categories"), ("rules", "Rules"), ("density", "Density"), ("worst", "Worst files"),
                 ("duplicates", "Duplicates"), ("redactions", "Redactions"), ("encodings", "Encodings")]
        if self.m.problems:
            links.append(("problems", "Not checked"))
        return "<nav>" + "".join(f'<a href="#{k}">{esc(v)}</a>' for k, v in links) + "</nav>"

    def categories(self) -> str:
        total = self.m.total_findings
        if not total:
            return self._section("categories", "Findings by category", '<p class="empty">No findings.</p>')
        chars = self.m.total_chars
        rows = "".join(
            f'<tr><td data-v="{esc(c.category)}">{_cat(c.category)}</td><td data-v="{c.count}">{_n(c.count)}</td>'
            f'<td data-v="{c.files}">{_n(c.files)}</td>'
            f'<td data-v="{_dv(c.count * 10000 / chars if chars else None)}">'
            f'{_d(c.count * 10000 / chars if chars else None)}</td>'
            f'<td data-v="{c.fixable}">{_n(c.fixable)}</td><td data-v="{c.count}">{_share_bar(c.count, total, c.category)}</td></tr>'
            for c in self.m.categories)
        head = (_th("Category", "text") + _th("Findings") + _th("Files") + _th("Per 10k chars") + _th("Safe fixes")
                + _th("Share", left=True))
        return self._section("categories", "Findings by category",
                             f'<table class="sortable" id="t-categories"><thead><tr>{head}</tr></thead>'
                             f'<tbody>{rows}</tbody></table>')

    def rules(self) -> str:
        total = self.m.total_findings
        if not total:
            return self._section("rules", "Findings by rule", '<p class="empty">No findings.</p>')
        rows = []
        for r in self.m.rules:
            summary = self.o.rule_summaries.get(r.code, "")
            title = f' title="{esc(summary)}"' if summary else ""
            fixes = _n(r.fixable) + (f' <span class="muted">+{_n(r.unsafe)} unsafe</span>' if r.unsafe else "")
            rows.append(
                f'<tr><td data-v="{esc(r.code)}"><span class="code"{title}>{esc(r.code)}</span></td>'
                f'<td data-v="{esc(r.name)}">{esc(r.name)}</td><td data-v="{esc(r.category)}">{_cat(r.category)}</td>'
                f'<td data-v="{_sev_rank(r.severity)}"><span class="sev {esc(r.severity)}">{esc(r.severity)}</span></td>'
                f'<td data-v="{r.count}">{_n(r.count)}</td><td data-v="{r.files}">{_n(r.files)}</td>'
                f'<td data-v="{r.fixable}">{fixes}</td><td data-v="{r.count}">{_share_bar(r.count, total, r.category)}</td></tr>')
        head = (_th("Code", "text") + _th("Rule", "text") + _th("Category", "text") + _th("Severity")
                + _th("Findings") + _th("Files") + _th("Safe fixes") + _th("Share", left=True))
        return self._section("rules", "Findings by rule",
                             f'<table class="sortable" id="t-rules"><thead><tr>{head}</tr></thead>'
                             f'<tbody>{"".join(rows)}</tbody></table>')

    def density(self) -> str:
        files = self.m.files
        if not files:
            return self._section("density", "Artifact density per file", '<p class="empty">No files.</p>')
        cats = [c for c in CATEGORIES if any(f.by_category.get(c) for f in files)]
        cats += sorted({c for f in files for c in f.by_category} - set(cats))
        chart = density_chart(files, anchors=self.cards, label=self.short)
        chart_html = ""
        if chart:
            chart_html = (f'<figure class="chart-box"><figcaption>Findings per 10,000 characters, densest '
                          f'{min(25, len([f for f in files if f.count]))} files</figcaption>{chart}'
                          f'{legend(cats)}</figure>')
        dist = distribution_chart(files) if len(files) >= 5 else ""
        if dist:
            chart_html = (f'<div class="charts">{chart_html}<figure class="chart-box dist-box"><figcaption>'
                          f'Files by density</figcaption>{dist}</figure></div>')
        shown = files[: self.o.max_rows]
        rows = []
        for i, f in enumerate(shown):
            anchor = self.cards.get(f.path)
            name = (f'<a href="#{anchor}" title="{esc(f.path)}: top issues">{esc(self.short(f.path))}</a>' if anchor
                    else f'<span class="path" title="{esc(f.path)}">{esc(self.short(f.path))}</span>')
            cells = "".join(f'<td data-v="{f.by_category.get(c, 0)}">{_n(f.by_category[c]) if f.by_category.get(c) else ""}</td>'
                            for c in cats)
            rows.append(
                f'<tr id="row-{i + 1}"><td data-v="{i + 1}">{i + 1}</td><td data-v="{esc(f.path)}" class="file">{name}</td>'
                f'<td data-v="{f.chars if f.chars is not None else ""}">{_n(f.chars) if f.chars is not None else "–"}</td>'
                f'<td data-v="{esc(f.encoding or "")}">{esc(f.encoding or "–")}</td>'
                f'<td data-v="{f.count}">{_n(f.count)}</td><td data-v="{_dv(f.density)}" class="strong">{_d(f.density)}</td>'
                f'{cells}</tr>')
        head = (_th("#") + _th("File", "text") + _th("Characters") + _th("Encoding", "text") + _th("Findings")
                + _th("Per 10k", title="findings per 10,000 characters")
                + "".join(_th(c, title=f"{c} findings") for c in cats))
        note = ""
        if len(files) > len(shown):
            note = (f'<p class="note">Showing the {_n(len(shown))} densest of {_n(len(files))} files; '
                    f'the JSON output has them all.</p>')
        table = (f'<div class="filter"><input type="search" placeholder="Filter files…" data-filter="t-density" '
                 f'aria-label="Filter files by path"><span class="count" data-count-for="t-density"></span></div>'
                 f'<div class="scroll"><table class="sortable" id="t-density"><thead><tr>{head}</tr></thead>'
                 f'<tbody>{"".join(rows)}</tbody></table></div>{note}')
        return self._section("density", "Artifact density per file", chart_html + table)

    def worst(self) -> str:
        worst = self._worst()
        if not worst:
            return self._section("worst", "Worst files", '<p class="empty">No file has findings.</p>')
        return self._section("worst", "Worst files first",
                             '<p class="note">Densest files first, each with its most frequent issues; '
                             'a location opens the lines around it.</p>'
                             + "".join(self._file_card(i + 1, f) for i, f in enumerate(worst)))

    def _file_card(self, rank: int, f: FileSummary) -> str:
        anchor = f"f{rank}"
        chosen = pick_examples(f.findings, self.o.per_file)
        ids = {id(d): f"{anchor}-{j + 1}" for j, d in enumerate(chosen)}
        by_code: dict[str, list[Diagnostic]] = {}
        for d in f.findings:
            by_code.setdefault(d.code, []).append(d)
        rule_rows = []
        for code, n in f.by_rule.most_common(10):
            first = by_code[code][0]
            links = " ".join(f'<a href="#{ids[id(d)]}">{_loc(d)}</a>' for d in by_code[code] if id(d) in ids)
            more = n - sum(1 for d in by_code[code] if id(d) in ids)
            if more > 0 and links:
                links += f' <span class="muted">+{_n(more)}</span>'
            rule_rows.append(f'<tr><td>{_cat(first.category)}</td><td><span class="code">{esc(code)}</span> '
                             f'{esc(first.name)}</td><td class="num">{_n(n)}</td><td class="locs">{links}</td></tr>')
        if len(f.by_rule) > 10:
            rest = sum(n for _, n in f.by_rule.most_common()[10:])
            rule_rows.append(f'<tr><td></td><td class="muted">{len(f.by_rule) - 10} more rules</td>'
                             f'<td class="num">{_n(rest)}</td><td></td></tr>')
        excerpts = "".join(self._finding(d, ids[id(d)]) for d in sorted(chosen, key=lambda d: d.sort_key))
        records = Counter(n for n in (split_record_path(d.path)[1] for d in f.findings) if n is not None)
        by_record = ""
        if records:
            top = " · ".join(f"record {n}: {_n(k)}" for n, k in records.most_common(12))
            more = f" · {len(records) - 12:,} more" if len(records) > 12 else ""
            by_record = (f'<p class="note">{_n(len(records))} records with findings. Most: {esc(top)}{more}</p>')
        facts = " · ".join(x for x in (
            f"{_n(f.chars)} characters" if f.chars is not None else "",
            esc(f.encoding or ""),
            f"{_n(f.count)} findings",
            f"<strong>{_d(f.density)}</strong> per 10k",
        ) if x)
        opened = " open" if rank <= 3 else ""
        return (f'<details class="card" id="{anchor}"{opened}><summary><span class="rank">{rank}</span>'
                f'<span class="file" title="{esc(f.path)}">{esc(self.short(f.path))}</span><span class="facts">{facts}</span></summary>'
                f'<div class="card-body"><p class="open-file">{self._file_link(f.path, "open the file")}</p>'
                f'<table class="issues"><thead><tr><th>Category</th><th>Rule</th><th class="num">Count</th>'
                f'<th>Shown below</th></tr></thead><tbody>{"".join(rule_rows)}</tbody></table>'
                f'{by_record}'
                f'<div class="findings">{excerpts}</div></div></details>')

    def _finding(self, d: Diagnostic, anchor: str) -> str:
        fix = ""
        if d.fix is not None:
            kind = str(d.fix.applicability)
            what = d.fix.title or "fix"
            if self.reader.text(d.path) is None and len(d.fix.edits) == 1:
                what += f" → “{d.fix.edits[0].content}”" if d.fix.edits[0].content else " (delete)"
            fix = f'<span class="fix {esc(kind)}">{esc(kind)} fix: {text_html(what)}</span>'
        record = ""
        excerpt = self.reader.excerpt(d)
        body = excerpt_html(excerpt) if excerpt else '<p class="muted noctx">file not available: no excerpt</p>'
        return (f'<div class="finding" id="{anchor}"><div class="fhead"><a class="loc" href="#{anchor}">'
                f'{record}{_loc(d)}</a><span class="code">{esc(d.code)}</span><span class="msg">{text_html(d.message)}'
                f'</span>{fix}</div>{body}</div>')

    def duplicates(self) -> str:
        clusters = self.m.clusters
        if not clusters:
            return self._section("duplicates", "Duplicate clusters",
                                 '<p class="empty">No duplicates reported (the duplicate rules found none, '
                                 'or none was selected).</p>')
        items = "".join(self._cluster(i + 1, c) for i, c in enumerate(clusters[: self.o.max_clusters]))
        note = ""
        if len(clusters) > self.o.max_clusters:
            note = f'<p class="note">Showing {_n(self.o.max_clusters)} of {_n(len(clusters))} clusters.</p>'
        return self._section("duplicates", "Duplicate clusters", f'<div class="clusters">{items}</div>{note}')

    def _cluster(self, n: int, c: Cluster) -> str:
        facts = [f"{len(c.members)} copies"]
        if c.similarity is not None:
            facts.append(f"{c.similarity * 100:.0f}% similar" if c.similarity <= 1 else f"similarity {c.similarity:g}")
        if c.size is not None:
            facts.append(f"size {_n(c.size)}")
        if c.codes:
            facts.append(", ".join(c.codes))
        rows = []
        for m in c.members[:20]:
            first = self.reader.line_text(m.path, m.start_line)
            snippet = f'<span class="snippet">{text_html(middle_clip(first.strip(), 60))}</span>' if first else ""
            lines = f"line {m.start_line}" if m.start_line == m.end_line else f"lines {m.start_line}–{m.end_line}"
            rows.append(f"<li>{self._file_link(m.path, self.short(m.path))} <span class=\"lines\">{lines}</span> {snippet}</li>")
        if len(c.members) > 20:
            rows.append(f'<li class="muted">{len(c.members) - 20} more copies</li>')
        return (f'<div class="cluster"><div class="chead"><span class="rank">{n}</span>{esc(" · ".join(facts))}</div>'
                f'<ul>{"".join(rows)}</ul></div>')

    def redactions(self) -> str:
        files = sorted((f for f in self.m.files if f.redactions), key=lambda f: (-(f.redactions * 10000 / (f.chars or 1)), f.path))
        if not files:
            return self._section("redactions", "Redactions", '<p class="empty">No redactions reported.</p>')
        rows = "".join(
            f'<tr><td data-v="{esc(f.path)}" class="file">{self._file_link(f.path, self.short(f.path))}</td><td data-v="{f.redactions}">'
            f'{_n(f.redactions)}</td><td data-v="{_dv(f.redactions * 10000 / f.chars if f.chars else None)}">'
            f'{_d(f.redactions * 10000 / f.chars if f.chars else None)}</td></tr>' for f in files)
        rules = [r for r in self.m.rules if r.category == "redaction"]
        by_rule = " · ".join(f'<span class="code">{esc(r.code)}</span> {esc(r.name)}: {_n(r.count)}' for r in rules)
        tokens = Counter(str(d.data["token"]) for f in files for d in f.findings
                         if d.category == "redaction" and isinstance(d.data.get("token"), str))
        common = ""
        if tokens:
            common = ('<p class="note">Most frequent masks: ' + " · ".join(
                f'<code class="token">{text_html(t)}</code> {_n(n)}' for t, n in tokens.most_common(8)) + "</p>")
        return self._section("redactions", "Redactions",
                             f'<p class="note">{_n(self.m.redactions)} masked spans in {_n(len(files))} files. '
                             f'{by_rule}</p>{common}'
                             f'<table class="sortable" id="t-redactions"><thead><tr>{_th("File", "text")}'
                             f'{_th("Redactions")}{_th("Per 10k chars")}</tr></thead><tbody>{rows}</tbody></table>')

    def encodings(self) -> str:
        total = len(self.m.files)
        if not total:
            return self._section("encodings", "Encodings detected", '<p class="empty">No files.</p>')
        rows = "".join(f'<tr><td data-v="{esc(enc)}"><span class="code">{esc(enc)}</span></td><td data-v="{n}">{_n(n)}</td>'
                       f'<td data-v="{chars}">{_n(chars)}</td><td data-v="{n}">{_share_bar(n, total)}</td></tr>'
                       for enc, n, chars in self.m.encodings)
        note = "" if self.m.checked_known else '<p class="note">Files with findings only.</p>'
        return self._section("encodings", "Encodings detected",
                             f'<table class="sortable" id="t-encodings"><thead><tr>{_th("Encoding", "text")}{_th("Files")}'
                             f'{_th("Characters")}{_th("Share of files", left=True)}</tr></thead><tbody>{rows}</tbody></table>{note}')

    def problems(self) -> str:
        if not self.m.problems:
            return ""
        rows = "".join(f'<tr><td class="file">{esc(d.path)}</td><td><span class="code">{esc(d.code)}</span> {esc(d.name)}</td>'
                       f'<td><span class="sev {esc(str(d.severity))}">{esc(str(d.severity))}</span></td>'
                       f'<td>{text_html(d.message)}</td></tr>' for d in self.m.problems[:1000])
        return self._section("problems", "Files not checked",
                             f'<table><thead><tr><th>File</th><th>Code</th><th>Severity</th><th>Why</th></tr></thead>'
                             f'<tbody>{rows}</tbody></table>')

    @staticmethod
    def _section(anchor: str, title: str, body: str) -> str:
        return f'<section id="{anchor}"><h2>{esc(title)}</h2>{body}</section>'

    def page(self) -> str:
        body = "".join((self.header(), self.nav(), self.summary(), self.categories(), self.rules(), self.density(),
                        self.worst(), self.duplicates(), self.redactions(), self.encodings(), self.problems()))
        body += f'<footer>textlint-cn {esc(self.o.version)} · findings per 10,000 characters of decoded text</footer>'
        script = _asset("report.js")
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        csp = (f"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
               f"base-uri 'none'; form-action 'none'")
        return Template(_asset("page.html")).substitute(
            title=esc(self.o.title), csp=csp, style=_asset("report.css"), body=body, script=script)


def common_folder(paths: Sequence[str]) -> str:
    """The folder all paths share, or "" (also for one file: its name alone says too little)."""
    folders = {p.rsplit("/", 1)[0] if "/" in p else "" for p in paths}
    if len(paths) < 2 or "" in folders:
        return ""
    parts = [f.split("/") for f in folders]
    shared = []
    for column in zip(*parts):
        if len(set(column)) != 1:
            break
        shared.append(column[0])
    base = "/".join(shared)
    return base if base not in ("", ".", "..") and not base.endswith("/..") else ""


def _sev_rank(severity: str) -> int:
    return {"info": 1, "warning": 2, "error": 3}.get(severity, 0)


def _loc(d: Diagnostic) -> str:
    """``L12:5``; in a JSON-lines corpus, ``r3 L12:5`` for line 12 of record 3."""
    record = split_record_path(d.path)[1]
    where = f"L{d.start.line}:{d.start.column}"
    return where if record is None else f"r{record} {where}"


def pick_examples(findings: Sequence[Diagnostic], limit: int) -> list[Diagnostic]:
    """Up to ``limit`` findings to show: the most frequent rules first, taking turns, earliest first."""
    groups: dict[str, list[Diagnostic]] = {}
    for d in sorted(findings, key=lambda d: d.sort_key):
        groups.setdefault(d.code, []).append(d)
    queues = sorted(groups.values(), key=lambda g: (-len(g), g[0].code))
    chosen: list[Diagnostic] = []
    depth = 0
    while len(chosen) < limit and any(depth < len(q) for q in queues):
        for q in queues:
            if depth < len(q) and len(chosen) < limit:
                chosen.append(q[depth])
        depth += 1
    return chosen


def render(model: ReportModel, reader: SourceReader, options: RenderOptions) -> str:
    return _Page(model, reader, options).page()

