"""Inject the damage this genre suffers into clean government text, remembering where.

Clean paragraphs come from ``../shared/corpus`` (State Council work reports, laws). Each
injection is recorded as a span of the damaged text with its category and kind, so detection
can be scored like the seed gold, and the clean original is kept, so ``--fix`` can be judged
by how much of the damage it removes. Everything is deterministic for a given seed.
"""
from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

HAN = re.compile(r"[\u4e00-\u9fff]")
UNIT = re.compile(r"(?<=\d)(?=[个项年月日万亿人次家所名元户条件])")
FURNITURE = ("下载 打印 全屏 收藏 【字号：加大 还原 减小】", "【关闭窗口】【打印本页】", "扫一扫在手机打开当前页",
             "分享到：微信 微博 QQ空间", "返回顶部", "阅读原文")
KINDS_FIXABLE = {"space-after-punct", "space-in-number", "double-space", "letter-spaced", "ascii-comma",
                 "ascii-semicolon", "page-split", "hard-wrap", "control-char", "zero-width", "paywall",
                 "page-footer"}


@dataclass(frozen=True)
class Injected:
    start: int
    end: int
    category: str
    kind: str


@dataclass
class Sample:
    clean: str
    damaged: str
    spans: list[Injected] = field(default_factory=list)


@dataclass(frozen=True)
class _Op:
    pos: int  # position in the clean paragraph
    length: int  # clean characters replaced
    text: str  # what stands there in the damaged paragraph
    category: str
    kind: str


def clean_paragraphs(shared: Path, limit: int | None = None, source: str = "reports") -> list[str]:
    """Paragraphs of modern simplified text (reports from 1978 on, or laws)."""
    out: list[str] = []
    if source == "reports":
        path = shared / "corpus" / "gov-reports" / "government_work_reports.clean_paragraphs.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            year = str(row.get("year") or "")[:4]
            if year.isdigit() and int(year) >= 1978:
                out.extend(p.strip() for p in row["paragraphs"] if len(p.strip()) >= 40)
    else:
        path = shared / "corpus" / "laws" / "laws_sample.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            out.extend(p.strip() for p in json.loads(line)["paragraphs"] if len(p.strip()) >= 20)
    return out[:limit] if limit else out


def _han_gap(p: str, rng: random.Random) -> int | None:
    """A position between two Han characters, away from punctuation."""
    for _ in range(20):
        i = rng.randrange(2, len(p) - 2)
        if HAN.match(p[i - 1]) and HAN.match(p[i]) and HAN.match(p[i - 2]) and HAN.match(p[i + 1]):
            return i
    return None


def _ops_for(p: str, rng: random.Random) -> list[_Op]:
    ops: list[_Op] = []
    choice = rng.random()
    commas = [m.start() for m in re.finditer("，", p) if 0 < m.start() < len(p) - 1]
    if commas and choice < 0.5:
        i = rng.choice(commas)
        ops.append(_Op(i + 1, 0, " ", "spacing", "space-after-punct"))
    if commas and rng.random() < 0.4:
        i = rng.choice(commas)
        if HAN.match(p[i - 1]) and HAN.match(p[i + 1]):
            ops.append(_Op(i, 1, ",", "punctuation", "ascii-comma"))
    semis = [m.start() for m in re.finditer("；", p) if 0 < m.start() < len(p) - 1]
    if semis and rng.random() < 0.3:
        ops.append(_Op(rng.choice(semis), 1, ";", "punctuation", "ascii-semicolon"))
    units = [m.start() for m in UNIT.finditer(p)]
    if units and rng.random() < 0.3:
        ops.append(_Op(rng.choice(units), 0, " ", "spacing", "space-in-number"))
    r = rng.random()
    if r < 0.12:
        i = _han_gap(p, rng)
        if i:
            ops.append(_Op(i, 0, "  ", "spacing", "double-space"))
    elif r < 0.22:
        i = _han_gap(p, rng)
        if i and i + 5 < len(p) and all(HAN.match(c) for c in p[i:i + 5]):
            ops.append(_Op(i, 5, " ".join(p[i:i + 5]), "spacing", "letter-spaced"))
    elif r < 0.30:
        i = _han_gap(p, rng)
        if i:
            ops.append(_Op(i, 0, rng.choice("\x07\x1b\x0e\x7f"), "encoding", "control-char"))
    elif r < 0.38:
        i = _han_gap(p, rng)
        if i:
            ops.append(_Op(i, 0, rng.choice("\u200b\u200d\ufeff"), "encoding", "zero-width"))
    elif r < 0.43:
        i = _han_gap(p, rng)
        if i:
            ops.append(_Op(i, 0, "\u240e", "encoding", "control-picture"))
    elif r < 0.48:
        i = _han_gap(p, rng)
        if i and i + 8 < len(p):
            clause = p[i:i + 8]
            try:
                bad = clause.encode("utf-8").decode("gbk")
            except UnicodeDecodeError:
                bad = ""
            if bad and all(HAN.match(c) for c in clause):
                ops.append(_Op(i, 8, bad, "encoding", "mojibake"))
    elif r < 0.56:
        digits = [m for m in re.finditer(r"\d+(?=[个项万亿人次家所名元户条件])", p)]
        if digits:
            m = rng.choice(digits)
            ops.append(_Op(m.start(), len(m.group()), "x" * rng.choice((2, 3)), "redaction", "redaction"))
    ops.sort(key=lambda o: o.pos)
    kept: list[_Op] = []
    end = -1
    for o in ops:  # non-overlapping, and not touching each other
        if o.pos > end + 1:
            kept.append(o)
            end = o.pos + o.length
    return kept


def _apply(p: str, ops: list[_Op], offset: int) -> tuple[str, list[Injected]]:
    out: list[str] = []
    spans: list[Injected] = []
    pos = 0
    length = offset
    for o in ops:
        out.append(p[pos:o.pos])
        length += o.pos - pos
        out.append(o.text)
        spans.append(Injected(length, length + len(o.text), o.category, o.kind))
        length += len(o.text)
        pos = o.pos + o.length
    out.append(p[pos:])
    return "".join(out), spans


def _split_points(p: str, rng: random.Random, width: int) -> list[int]:
    """Hard-wrap points every ``width`` characters (not right after a sentence end)."""
    pts = []
    i = width
    while i < len(p) - 4:
        if p[i - 1] not in "。！？；：”" and p[i] not in "，。、；：！？”）":
            pts.append(i)
        i += width
    return pts


def make_sample(paragraphs: list[str], rng: random.Random, blank_lines: bool) -> Sample:
    """One document: paragraphs joined one per line (or with blank lines), damage injected."""
    sep = "\n\n" if blank_lines else "\n"
    clean_parts: list[str] = []
    damaged_parts: list[str] = []
    spans: list[Injected] = []
    offset = 0
    if rng.random() < 0.3:
        marker = "##paidbegin##" + sep
        damaged_parts.append(marker)
        spans.append(Injected(0, len(marker.rstrip()), "boilerplate", "paywall"))
        offset += len(marker)
    for n, p in enumerate(paragraphs):
        ops = _ops_for(p, rng)
        layout = rng.random()
        if layout < 0.15 and len(p) > 60:
            width = rng.randrange(16, 32)
            for pt in _split_points(p, rng, width):
                if not any(o.pos <= pt <= o.pos + o.length for o in ops):
                    ops.append(_Op(pt, 0, "\n", "linebreak", "hard-wrap"))
        elif layout < 0.30 and len(p) > 40:
            pt = rng.randrange(len(p) // 3, 2 * len(p) // 3)
            if p[pt - 1] not in "。！？；：" and not any(o.pos <= pt <= o.pos + o.length for o in ops):
                if rng.random() < 0.3:
                    footer = f"\n\n— {rng.randrange(2, 99)} —\n\n"
                    ops.append(_Op(pt, 0, footer, "boilerplate", "page-footer"))
                else:
                    ops.append(_Op(pt, 0, rng.choice(("\n\n", "\n \n", "\n\n\n")), "linebreak", "page-split"))
        ops.sort(key=lambda o: o.pos)
        damaged, injected = _apply(p, ops, offset)
        clean_parts.append(p)
        damaged_parts.append(damaged)
        spans.extend(injected)
        offset += len(damaged)
        if n < len(paragraphs) - 1:
            if rng.random() < 0.04:
                line = sep + rng.choice(FURNITURE)
                damaged_parts.append(line)
                spans.append(Injected(offset + len(sep), offset + len(line), "boilerplate", "furniture"))
                offset += len(line)
            damaged_parts.append(sep)
            offset += len(sep)
            clean_parts.append(sep)
    if spans and spans[0].kind == "paywall":
        pass
    return Sample("".join(clean_parts) + "\n", "".join(damaged_parts) + "\n", spans)


def samples(shared: Path, count: int = 200, per_doc: int = 8, seed: int = 7,
            source: str = "reports") -> Iterator[Sample]:
    paragraphs = clean_paragraphs(shared, source=source)
    rng = random.Random(seed)
    for _ in range(count):
        start = rng.randrange(0, max(1, len(paragraphs) - per_doc))
        yield make_sample(paragraphs[start:start + per_doc], rng, blank_lines=rng.random() < 0.5)


def clean_documents(shared: Path, count: int = 200, per_doc: int = 8, seed: int = 11,
                    source: str = "reports") -> Iterator[str]:
    """Undamaged documents built the same way, for the no-harm check."""
    paragraphs = clean_paragraphs(shared, source=source)
    rng = random.Random(seed)
    for _ in range(count):
        start = rng.randrange(0, max(1, len(paragraphs) - per_doc))
        sep = "\n\n" if rng.random() < 0.5 else "\n"
        yield sep.join(paragraphs[start:start + per_doc]) + "\n"


Injector = Callable[[str, random.Random], list[_Op]]
