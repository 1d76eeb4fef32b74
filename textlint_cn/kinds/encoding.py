"""Check kinds of the encoding family: damage done by decoding and extraction, not by writing.

These rules run on every file, so the text is searched once: a single character-class scan finds
the rare characters that can matter here (controls, control pictures, U+FFFD, invisible and odd
spaces, private-use code points, the Latin letters a single-byte decoding produces, and the GBK
characters that UTF-8 lead bytes turn into); a second scan finds whitespace at line ends. The
expensive work (``textlint_cn.mojibake``: ftfy, re-encoding a run, scoring the result) runs only
on the few candidate spans the first scan returns, and is memoised on the document for every
rule that needs it.

Mojibake repairs are never safe fixes: they rewrite every character of the span. The character
rules (controls, zero-width, odd spaces) leave alone anything inside a span that a mojibake rule
can still recover, so a safe ``--fix`` never destroys the bytes a later ``--unsafe-fixes`` needs.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

import regex

from .._types import Applicability
from ..diagnostics import Fix, Violation
from ..document import Document
from ..mojibake import (
    GBK_AS_LATIN,
    GBK_START,
    KUN,
    KUNJINKAO,
    LATIN_QUIET,
    LATINISH,
    UTF8_AS_GBK,
    UTF8_AS_LATIN,
    Mojibake,
    class_escape,
    find_mojibake,
)
from ..ruleset import Rule

# --------------------------------------------------------------------------------------------
# The shared scan
# --------------------------------------------------------------------------------------------

_CONTROLS = "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f"  # C0 and C1 without tab, LF, CR, form feed
_PICTURES = "\u2400-\u243f"
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\u00ad")
_ODD_SPACES = frozenset("\u00a0\u202f\u205f" + "".join(chr(c) for c in range(0x2000, 0x200B)))
_BOM = "\ufeff"
_FFFD = "\ufffd"

_BMP_SUSPECTS = (
    {chr(c) for c in range(0x80, 0x100)}
    | (LATINISH - LATIN_QUIET)
    | _ZERO_WIDTH | _ODD_SPACES | GBK_START | {_BOM, _FFFD, KUN}
)
# re scans this class at several hundred MB/s; the regex module is far slower on it.
_SCAN = re.compile(
    "[" + _CONTROLS + _PICTURES + "\ue000-\uf8ff" + class_escape(c for c in _BMP_SUSPECTS if c > "\x9f") + "]"
    "|[\U000f0000-\U0010ffff]"
)
# The regex module scans this one twice as fast as re.
_LINE_END_SPACE = regex.compile(r"[ \t\u3000]+(?![^\r\n])")


def _is_pua(c: str) -> bool:
    o = ord(c)
    return 0xE000 <= o <= 0xF8FF or o >= 0xF0000


@dataclass(frozen=True, slots=True)
class Scan:
    """Offsets of the rare characters each rule cares about, from one pass over the text."""

    controls: tuple[int, ...]
    pictures: tuple[int, ...]
    replacement: tuple[int, ...]
    zero_width: tuple[int, ...]
    bom: tuple[int, ...]
    spaces: tuple[int, ...]
    private_use: tuple[int, ...]
    latin: tuple[int, ...]  # Latin-1 and other single-byte-codec characters: mojibake candidates
    gbk_start: tuple[int, ...]  # characters that start UTF-8-read-as-GBK mojibake


def scan(doc: Document) -> Scan:
    return doc.memo("encoding.scan", lambda: _scan(doc.text))  # type: ignore[no-any-return]


def _scan(text: str) -> Scan:
    buckets: dict[str, list[int]] = {k: [] for k in Scan.__slots__}  # type: ignore[attr-defined]
    for m in _SCAN.finditer(text):
        i = m.start()
        c = text[i]
        o = ord(c)
        if o < 0xA0:
            buckets["controls"].append(i)
            if o >= 0x80:
                buckets["latin"].append(i)
        elif 0x2400 <= o <= 0x243F:
            buckets["pictures"].append(i)
        elif c == _FFFD:
            buckets["replacement"].append(i)
        elif c == _BOM:
            buckets["bom"].append(i)
        elif _is_pua(c):
            buckets["private_use"].append(i)
            if c in LATINISH:  # MacRoman's U+F8FF
                buckets["latin"].append(i)
        else:
            if c in _ZERO_WIDTH:
                buckets["zero_width"].append(i)
            elif c in _ODD_SPACES:
                buckets["spaces"].append(i)
            if c in GBK_START:
                buckets["gbk_start"].append(i)
            elif c in LATINISH or o < 0x100:
                buckets["latin"].append(i)
    return Scan(**{k: tuple(v) for k, v in buckets.items()})


def _runs(offsets: Sequence[int]) -> Iterator[tuple[int, int]]:
    """Group sorted offsets of single characters into maximal runs of adjacent ones."""
    start = prev = -2
    for i in offsets:
        if i != prev + 1:
            if start >= 0:
                yield start, prev + 1
            start = i
        prev = i
    if start >= 0:
        yield start, prev + 1


def mojibake(doc: Document) -> tuple[Mojibake, ...]:
    def find() -> tuple[Mojibake, ...]:
        sc = scan(doc)
        return find_mojibake(doc.text, sc.latin, sc.gbk_start)

    return doc.memo("encoding.mojibake", find)  # type: ignore[no-any-return]


class SpanSet:
    """Sorted, non-overlapping spans with a fast membership test for offsets."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._ends = [e for _, e in ordered]

    def __contains__(self, offset: int) -> bool:
        i = bisect.bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self._ends[i]


def _recoverable(doc: Document) -> SpanSet:
    """Spans a mojibake rule can repair: the character rules must not touch them first."""
    return doc.memo(  # type: ignore[no-any-return]
        "encoding.recoverable", lambda: SpanSet((m.start, m.end) for m in mojibake(doc) if m.recovered is not None)
    )


# --------------------------------------------------------------------------------------------
# Check kinds
# --------------------------------------------------------------------------------------------


def _u(c: str) -> str:
    return f"U+{ord(c):04X}"


def _name(c: str) -> str:
    return unicodedata.name(c, "")


def _preview(s: str, limit: int = 16) -> str:
    return s if len(s) <= limit else s[: limit - 1] + "…"


def control_characters(doc: Document, rule: Rule) -> Iterable[Violation]:
    """C0 and C1 controls; C1 bytes inside recoverable mojibake are left to the mojibake rules."""
    sc = scan(doc)
    if not sc.controls:
        return
    keep = _recoverable(doc) if sc.latin else None
    text = doc.text
    offsets = [i for i in sc.controls if keep is None or i not in keep]
    for a, b in _runs(offsets):
        chars = text[a:b]
        what = f"control character {_u(chars[0])}" if b - a == 1 else f"{b - a} control characters ({_u(chars[0])}…)"
        yield Violation(a, b, f"{what} inside the text",
                        Fix.replace(a, b, "", Applicability.SAFE, "delete the control character"))


# Sentence limits for reading quotes around a control picture.
_SENTENCE_END = frozenset("。！？；\r\n")
_QUOTE_WINDOW = 200


def _quote_balance(text: str, pos: int) -> tuple[int, int]:
    """Opening quotes left open before ``pos`` and closing quotes unmatched after it, in its sentence."""
    lo = pos
    while lo > 0 and pos - lo < _QUOTE_WINDOW and text[lo - 1] not in _SENTENCE_END:
        lo -= 1
    hi = pos + 1
    while hi < len(text) and hi - pos < _QUOTE_WINDOW and text[hi] not in _SENTENCE_END:
        hi += 1
    open_before = 0
    for c in text[lo:pos]:
        if c == "“":
            open_before += 1
        elif c == "”" and open_before:
            open_before -= 1
    depth = unmatched_after = 0
    for c in text[pos + 1:hi]:
        if c == "“":
            depth += 1
        elif c == "”":
            if depth:
                depth -= 1
            else:
                unmatched_after += 1
    return open_before, unmatched_after


def _is_han(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"


def control_pictures(doc: Document, rule: Rule) -> Iterable[Violation]:
    """U+2400-U+243F: a PDF font's glyph for a quote or separator mapped to a control code.

    What the picture stood for is read from its sentence: a closing quote with no opening one
    means it was ``“`` (and the reverse); between two Han parts of a quoted title it was a
    separator. The first is an unsafe fix, the others only suggestions.
    """
    sc = scan(doc)
    text = doc.text
    separator = rule.option("title-separator") or "·"
    for i in sc.pictures:
        c = text[i]
        label = f"control picture {c} ({_u(c)} {_name(c)})"
        open_before, unmatched_after = _quote_balance(text, i)
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if unmatched_after > open_before:
            yield Violation(i, i + 1, f"{label}: the closing ” later in the sentence has no opening quote; "
                                      f"it probably stood for “",
                            Fix.replace(i, i + 1, "“", Applicability.UNSAFE, "replace with “"))
        elif open_before > unmatched_after and (nxt in _SENTENCE_END or not nxt or not _is_han(nxt)):
            yield Violation(i, i + 1, f"{label}: the opening “ before it is never closed; it probably stood for ”",
                            Fix.replace(i, i + 1, "”", Applicability.UNSAFE, "replace with ”"))
        elif _is_han(prev) and _is_han(nxt) and (open_before or _in_book_title(text, i)):
            yield Violation(i, i + 1, f"{label} between two parts of a title: probably a separator "
                                      f"such as {separator} or ——",
                            Fix.replace(i, i + 1, separator, Applicability.DISPLAY, f"replace with {separator}"))
        else:
            yield Violation(i, i + 1, f"{label} inside the text; what it stood for is unclear",
                            Fix.replace(i, i + 1, "", Applicability.DISPLAY, "delete the control picture"))


def _in_book_title(text: str, pos: int) -> bool:
    before = text[max(0, pos - _QUOTE_WINDOW):pos]
    return before.rfind("《") > before.rfind("》")


def replacement_characters(doc: Document, rule: Rule) -> Iterable[Violation]:
    """U+FFFD: whatever was there is gone; the rule says so and offers no fix."""
    sc = scan(doc)
    for a, b in _runs(sc.replacement):
        count = "" if b - a == 1 else f"{b - a} × "
        if doc.lossy:
            msg = (f"{count}U+FFFD: bytes of this file are not valid {doc.encoding} and were replaced "
                   f"when reading it; the original characters are lost")
        else:
            msg = f"{count}U+FFFD replacement character: bytes were lost when this text was decoded earlier"
        yield Violation(a, b, msg)


def _joiner_is_legit(text: str, i: int) -> bool:
    """ZWJ inside an emoji sequence, ZWJ/ZWNJ between letters of a joining script: meaningful."""
    c = text[i]
    if c not in "\u200c\u200d" or i == 0:
        return False
    prev = text[i - 1]
    if c == "\u200d" and (prev == "\ufe0f" or unicodedata.category(prev) == "So" or "\U0001f3fb" <= prev <= "\U0001f3ff"):
        return True
    if i + 1 >= len(text):
        return False
    nxt = text[i + 1]
    letters = unicodedata.category(prev)[0] in "LM" and unicodedata.category(nxt)[0] in "LM"
    return letters and not (_is_han(prev) or prev.isascii() or _is_han(nxt) or nxt.isascii())


def zero_width_characters(doc: Document, rule: Rule) -> Iterable[Violation]:
    """Zero-width spaces, joiners, word joiners and soft hyphens: invisible, and they split words."""
    sc = scan(doc)
    if not sc.zero_width:
        return
    text = doc.text
    keep = _recoverable(doc) if sc.latin else None
    offsets = [i for i in sc.zero_width if not _joiner_is_legit(text, i) and (keep is None or i not in keep)]
    for a, b in _runs(offsets):
        c = text[a]
        what = f"{_name(c).lower()} ({_u(c)})" if b - a == 1 else f"{b - a} zero-width characters"
        yield Violation(a, b, f"invisible {what} inside the text",
                        Fix.replace(a, b, "", Applicability.SAFE, "delete the invisible character"))


def byte_order_marks(doc: Document, rule: Rule) -> Iterable[Violation]:
    """U+FEFF inside the text: a second byte-order mark from joining files, or a zero-width no-break space."""
    for a, b in _runs(scan(doc).bom):
        where = "at the start of the text (after the file's own)" if a == 0 else "inside the text"
        yield Violation(a, b, f"byte-order mark U+FEFF {where}",
                        Fix.replace(a, b, "", Applicability.SAFE, "delete the byte-order mark"))


def odd_spaces(doc: Document, rule: Rule) -> Iterable[Violation]:
    """No-break and typographic spaces: they look like a space but defeat every space rule."""
    sc = scan(doc)
    if not sc.spaces:
        return
    text = doc.text
    keep = _recoverable(doc) if sc.latin else None
    offsets = [i for i in sc.spaces if keep is None or i not in keep]
    for a, b in _runs(offsets):
        c = text[a]
        what = f"{_name(c).lower()} ({_u(c)})" if len(set(text[a:b])) == 1 else "unusual spaces"
        yield Violation(a, b, f"{what} instead of an ordinary space",
                        Fix.replace(a, b, " " * (b - a), Applicability.SAFE, "replace with an ordinary space"))


def private_use_characters(doc: Document, rule: Rule) -> Iterable[Violation]:
    """Private-use code points mean nothing outside the font or system that made them."""
    sc = scan(doc)
    if not sc.private_use:
        return
    text = doc.text
    moj = mojibake(doc)
    inside = SpanSet((m.start, m.end) for m in moj) if moj else None
    offsets = [i for i in sc.private_use if inside is None or i not in inside]
    for a, b in _runs(offsets):
        what = f"private-use character {_u(text[a])}" if b - a == 1 else f"{b - a} private-use characters"
        yield Violation(a, b, f"{what}: no standard meaning; a font-specific glyph from PDF extraction "
                              f"or a user-defined GB18030 code")


def _mojibake_of(doc: Document, route: str, seeds: Sequence[int]) -> Iterator[Violation]:
    if seeds:
        for m in mojibake(doc):
            if m.route == route:
                yield _mojibake_violation(doc.text, m)


def mojibake_utf8_as_latin(doc: Document, rule: Rule) -> Iterable[Violation]:
    """UTF-8 read as Latin-1, cp1252 or MacRoman; repaired by ftfy."""
    return _mojibake_of(doc, UTF8_AS_LATIN, scan(doc).latin)


def mojibake_utf8_as_gbk(doc: Document, rule: Rule) -> Iterable[Violation]:
    """UTF-8 read as GBK; repaired by encoding back to GBK and reading as UTF-8."""
    return _mojibake_of(doc, UTF8_AS_GBK, scan(doc).gbk_start)


def mojibake_gbk_as_latin(doc: Document, rule: Rule) -> Iterable[Violation]:
    """GBK read as Latin-1, cp1250 or MacRoman; repaired by the reverse."""
    return _mojibake_of(doc, GBK_AS_LATIN, scan(doc).latin)


def mojibake_kunjinkao(doc: Document, rule: Rule) -> Iterable[Violation]:
    """`锟斤拷`: reported, never repaired."""
    return _mojibake_of(doc, KUNJINKAO, scan(doc).gbk_start)


def _mojibake_violation(text: str, m: Mojibake) -> Violation:
    old = text[m.start:m.end]
    if m.recovered is None:
        return Violation(m.start, m.end, f"“{_preview(old)}”: U+FFFD replacement characters saved as UTF-8 and "
                                         f"read as GBK (锟斤拷); the original text is lost",
                         data={"route": m.route})
    lost = "; a byte was lost, shown as U+FFFD" if m.lossy else ""
    msg = f"mojibake ({m.codec}): “{_preview(old)}” reads “{_preview(m.recovered)}”{lost}"
    fix = Fix.replace(m.start, m.end, m.recovered, Applicability.UNSAFE, "re-decode the mojibake")
    return Violation(m.start, m.end, msg, fix, data={"route": m.route, "recovered": m.recovered})


# --- whitespace at line ends -------------------------------------------------------------------


def line_end_space(doc: Document) -> tuple[tuple[int, int], ...]:
    """Runs of spaces, tabs and U+3000 that end a line (or the text)."""
    return doc.memo("encoding.line-end-space",  # type: ignore[no-any-return]
                    lambda: tuple(m.span() for m in _LINE_END_SPACE.finditer(doc.text)))


def _line_start(text: str, i: int) -> bool:
    return i == 0 or text[i - 1] in "\r\n"


_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


def trailing_whitespace(doc: Document, rule: Rule) -> Iterable[Violation]:
    """Spaces and tabs after the last visible character of a line."""
    text = doc.text
    markdown = doc.path.lower().endswith(_MARKDOWN_SUFFIXES) and rule.option("markdown-hard-breaks")
    for a, b in line_end_space(doc):
        if _line_start(text, a):
            continue
        start = b
        while start > a and text[start - 1] in " \t":
            start -= 1
        if start == b:
            continue  # only U+3000 after the text: house style, not this rule's business
        if markdown and text[start:b] == "  " and b < len(text) and _next_line_has_text(text, b):
            continue  # two spaces: a Markdown hard line break
        what = "tab" if text[start:b] == "\t" else "whitespace"
        yield Violation(start, b, f"trailing {what} at the end of the line",
                        Fix.replace(start, b, "", Applicability.SAFE, "delete the trailing whitespace"))


def _next_line_has_text(text: str, i: int) -> bool:
    j = i + (2 if text.startswith("\r\n", i) else 1)
    return j < len(text) and text[j] not in "\r\n"


def whitespace_only_lines(doc: Document, rule: Rule) -> Iterable[Violation]:
    """Lines of nothing but spaces, tabs or U+3000: blank lines that do not look blank to tools."""
    text = doc.text
    for a, b in line_end_space(doc):
        if _line_start(text, a):
            yield Violation(a, b, "line holds only whitespace",
                            Fix.replace(a, b, "", Applicability.SAFE, "empty the line"))
