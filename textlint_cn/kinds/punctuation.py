"""Half-width punctuation inside Chinese text, and quotation marks and brackets that do not pair.

Conversion pipelines and keyboards in the wrong mode leave ASCII ``, ; : ? ! . ( )`` between
Chinese characters (``影响力;抓好``, ``结合起来,扎实开展``). A mark is only questioned when its
neighbours are Chinese, so decimals (``1.5``), thousands (``3,500``), times (``10:30``), URLs,
e-mail addresses, code, English sentences and enumerations (``11.临时党组织``) keep their ASCII.
Parentheses are a house-style matter (laws write ``(以下简称…)``): they are reported only where
the document itself mostly writes full-width ones.

Every fix replaces one character by its full-width form, so Han characters and digits stay as
they were. Each mark is found by a scan for the mark itself (fast: it is a literal), whose
lookarounds then check its neighbours; clean text costs those scans and nothing more.
"""
from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

from .._types import Applicability
from ..diagnostics import Edit, Fix, Violation
from ..document import Document
from ..ruleset import Rule
from .structure import LineKind, structure

FULLWIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。", "(": "（", ")": "）"}
NAMES = {",": "comma", ";": "semicolon", ":": "colon", "?": "question mark", "!": "exclamation mark",
         ".": "full stop", "(": "parenthesis", ")": "parenthesis"}

_CLOSE = "”’）》】」』〕〉"
_OPEN = "“‘（《【「『〔〈"
_PAUSE = "，、；：。！？…"
_E = "".join(regex.escape(c) for c in _CLOSE)
_O = "".join(regex.escape(c) for c in _OPEN)
_P = "".join(regex.escape(c) for c in _PAUSE)
_SP = r"[ \u00a0\u3000]*"

_EOL = r"[ \t]*(?:\r|\n|$)"
# Each pattern starts with the mark itself (a fast scan), then checks its neighbours.
# Left neighbour a Han character: Chinese context whatever follows, up to the end of the line.
_PAUSE_HAN = r"[{marks}](?<=\p{{Han}}.)(?={sp}\S|{eol})"
# Left neighbour a closing quote or bracket of Chinese text: Chinese, a digit or the line end follows.
_PAUSE_CLOSE = r"[{marks}](?<=[\p{{Han}}{P}][{E})]{{1,3}}.)(?={sp}(?:[\p{{Han}}{O}]|\d)|{eol})"
# Left neighbour a Latin letter, digit or percent sign (not an HTML entity), Chinese follows.
_PAUSE_LATIN = r"[{marks}](?<=[A-Za-z0-9%％０-９].)(?<!&#?[A-Za-z0-9]{{1,10}}.)(?={sp}[\p{{Han}}{O}])"
# Sentence-final marks after Chinese, before Chinese, a closing quote, or the end of the line.
_LEFT_FINAL = r"(?:\p{{Han}}|[\p{{Han}}{P}][{E})]{{1,3}})"
_RIGHT_FINAL = r"(?=[\p{{Han}}{O}{E}\"']|{sp}\p{{Han}}|{eol})"
_FINAL = r"[{marks}](?<=" + _LEFT_FINAL + r".)" + _RIGHT_FINAL
# A full stop additionally must not be one of several dots (leaders, ellipses, ``sina.com``).
_STOP = r"\.(?<=" + _LEFT_FINAL + r"\.)(?!\.)" + _RIGHT_FINAL


@functools.lru_cache(maxsize=16)
def _pattern(mark: str) -> regex.Pattern[str]:
    """The scan for one ASCII ``mark`` in Chinese context (a literal first: a fast scan)."""
    fields = {"E": _E, "O": _O, "P": _P, "sp": _SP, "eol": _EOL, "marks": regex.escape(mark)}
    if mark in ",;:":
        templates = (_PAUSE_HAN, _PAUSE_CLOSE, _PAUSE_LATIN)
    elif mark in "?!":
        templates = (_FINAL,)
    elif mark == ".":
        templates = (_STOP,)
    else:
        raise ValueError(f"cannot convert {mark!r} (use any of , ; : ? ! .)")
    alternatives = [t.format(**fields) for t in templates]
    # every alternative starts with the mark itself; factor it out so the scan looks for it alone
    prefix = alternatives[0][: alternatives[0].index("]") + 1] if alternatives[0].startswith("[") else r"\."
    rest = "|".join(alt[len(prefix):] for alt in alternatives)
    return regex.compile(f"{prefix}(?:{rest})")


def _candidates(text: str, marks: str) -> list[int]:
    """Offsets of the ``marks`` in Chinese context, in document order (sorting the scans'
    sorted runs costs less than merging them in Python)."""
    found = [m.start() for mark in marks if mark in text for m in _pattern(mark).finditer(text)]
    found.sort()
    return found


def _is_enumerator(doc: Document, pos: int) -> bool:
    """``一.总则`` / ``11.临时党组织`` at a line's start: the list's marker, not a full stop."""
    st = structure(doc)
    i = st.line_at(pos)
    e = st.enumeration(i)
    if e is None:
        return False
    return st.line(i).content_start + len(e.marker) - 1 == pos


# Lines whose colons separate a label from its value in the document's own layout.
_FIELD_LINES = frozenset({LineKind.MASTHEAD, LineKind.NOTE, LineKind.BYLINE, LineKind.TOC})
_FIELD_NOTE = regex.compile(r"[（(][^（()）。，,；;！？!?]{0,80}[）)]")


def _in_field_line(doc: Document, pos: int) -> bool:
    """``印刷企业:长春…`` / ``(来源:新华社)``: a label's colon in a masthead, note or byline,
    or in a bracketed note of fields that starts a line and runs onto the next."""
    st = structure(doc)
    i = st.line_at(pos)
    if st.kind(i) in _FIELD_LINES:
        return True
    start = st.line(i).content_start
    m = _FIELD_NOTE.match(doc.text, start)
    return m is not None and m.start() < pos < m.end()


_FENCE = regex.compile(r"(?<![^\n\r])[ \t]*(```|~~~)[^\n\r]*(?:\r\n|\r|\n).*?(?<![^\n\r])[ \t]*\1[ \t]*(?![^\n\r])",
                       regex.DOTALL)  # fenced code, with lines ending in \n, \r\n or \r
_INLINE_CODE = regex.compile(r"`[^`\r\n]+`")
# A bibliography entry (GB/T 7714): 张三. 社会学研究方法[J]. 社会学研究, 2020, 35(2): 45-60.
_REFERENCE = regex.compile(r"\[(?:[JMCDRSNPGKAZ]|EB|DB|CP|OL)(?:/(?:OL|CD|MT|DK))?\]")


class Spans:
    """Sorted, merged ``[start, end)`` spans with a fast membership test."""

    def __init__(self, found: Iterable[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(found):
            if merged and start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        self.spans = merged
        self.starts = [start for start, _ in merged]

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.spans[i][1]


def code_spans(doc: Document) -> Spans:
    """Fenced code blocks and inline code: ASCII there is code, not prose."""

    def compute() -> Spans:
        text = doc.text
        if "`" not in text and "~~~" not in text:
            return Spans(())
        return Spans([m.span() for m in _FENCE.finditer(text)] + [m.span() for m in _INLINE_CODE.finditer(text)])

    return doc.memo("punctuation.code", compute)  # type: ignore[no-any-return]


def reference_lines(doc: Document) -> Spans:
    """Lines holding a bibliography entry, whose ASCII ``. , :`` the standard prescribes."""

    def compute() -> Spans:
        text = doc.text
        found = []
        for m in _REFERENCE.finditer(text):
            start = max(text.rfind("\n", 0, m.start()), text.rfind("\r", 0, m.start())) + 1
            ends = [i for i in (text.find("\n", m.end()), text.find("\r", m.end())) if i >= 0]
            found.append((start, min(ends) if ends else len(text)))
        return Spans(found)

    return doc.memo("punctuation.references", compute)  # type: ignore[no-any-return]


def _near_line_start(text: str, pos: int, reach: int = 8) -> bool:
    """Cheap test before the enumeration check: a line starts within ``reach`` characters."""
    return pos < reach or text.rfind("\n", pos - reach, pos) >= 0 or text.rfind("\r", pos - reach, pos) >= 0


def halfwidth_punctuation(doc: Document, rule: Rule) -> Iterable[Violation]:
    """ASCII punctuation (option ``marks``) between Chinese characters, converted to full width."""
    marks = rule.option("marks") or ",;:?!."
    text = doc.text
    if not any(m in text for m in marks):
        return
    # per mark: its full-width form, the message and the fix title (thousands of findings share them)
    said = {m: (FULLWIDTH[m], f"half-width {NAMES[m]} {m} in Chinese text; use {FULLWIDTH[m]}",
                f"use the full-width {FULLWIDTH[m]}") for m in marks}
    code = code_spans(doc)
    references = reference_lines(doc)
    in_code = code.spans and code.__contains__
    in_reference = references.spans and references.__contains__
    safe = Applicability.SAFE
    for pos in _candidates(text, marks):
        mark = text[pos]
        if mark == "." and _near_line_start(text, pos) and _is_enumerator(doc, pos):
            continue  # 一.总则 / 11.临时党组织: the list's own marker
        if mark == ":" and _in_field_line(doc, pos):
            continue  # a label's colon in a masthead or note: the layout's own choice
        if (in_code and in_code(pos)) or (in_reference and mark in ".,:" and in_reference(pos)):
            continue  # code; a bibliography entry keeps the standard's ASCII
        full, message, title = said[mark]
        yield Violation(pos, pos + 1, message, Fix.replace(pos, pos + 1, full, safe, title))


# --- PU005: parentheses ---------------------------------------------------------------------------

_ASCII_PAIR = regex.compile(r"\((?P<inner>[^()\r\n（）]{1,120})\)")
_FULL_PAIR = regex.compile(r"（[^（）\r\n()]{1,120}）")
_HAN = regex.compile(r"\p{Han}")


@dataclass(frozen=True, slots=True)
class BracketStyle:
    fullwidth: int
    halfwidth: int

    @property
    def share_full(self) -> float:
        total = self.fullwidth + self.halfwidth
        return self.fullwidth / total if total else 0.0


def _chinese_pairs(text: str) -> Iterator[regex.Match[str]]:
    """ASCII ``(…)`` pairs with Chinese inside or right outside: ``(以下简称…)``, ``(一)``."""
    for m in _ASCII_PAIR.finditer(text):
        s, e = m.span()
        outside = text[max(0, s - 1):s] + text[e:e + 1]
        if _HAN.search(m.group("inner")) or _HAN.search(outside):
            yield m


def bracket_style(doc: Document) -> BracketStyle:
    def compute() -> BracketStyle:
        text = doc.text
        half = sum(1 for _ in _chinese_pairs(text))
        return BracketStyle(len(_FULL_PAIR.findall(text)) if half else 0, half)

    return doc.memo("punctuation.bracket-style", compute)  # type: ignore[no-any-return]


def halfwidth_parentheses(doc: Document, rule: Rule) -> Iterable[Violation]:
    """ASCII parentheses around or beside Chinese where the document mostly writes （）."""
    text = doc.text
    if "(" not in text:
        return
    style = (rule.option("style") or "consistent").lower()
    if style not in ("consistent", "fullwidth"):
        raise ValueError(f"style must be consistent or fullwidth, not {style!r}")
    bs = bracket_style(doc)
    if not bs.halfwidth:
        return
    if style == "consistent":
        if bs.fullwidth <= bs.halfwidth:
            return  # half-width brackets are this document's style (or there is no telling)
        safe = bs.share_full >= float(rule.option("safe-majority") or 0.9)
        applicability = Applicability.SAFE if safe else Applicability.UNSAFE
        basis = f"the document writes （） {bs.fullwidth} of {bs.fullwidth + bs.halfwidth} times"
    else:
        applicability, basis = Applicability.SAFE, "style = fullwidth"
    for m in _chinese_pairs(text):
        s, e = m.span()
        fix = Fix((Edit(s, s + 1, "（"), Edit(e - 1, e, "）")), applicability, "use full-width （）")
        yield Violation(s, e, f"half-width parentheses around Chinese text; {basis}", fix)


# --- PU006: quotation marks and brackets that do not pair ------------------------------------------

_QUOTES = regex.compile(rf'[“”]|(?<=[\p{{Han}}{_P}{_E}{_O}])"|"(?=[\p{{Han}}{_P}{_E}{_O}])')
_CJK_NEAR = regex.compile(rf"[\p{{Han}}{_P}{_E}{_O}]")
_PARTNER = {"（": "）", "(": ")", "《": "》", "【": "】"}
_OPENER_OF = {v: k for k, v in _PARTNER.items()}
_WINDOW = 500  # characters a quotation or bracket may span
_BROKEN = regex.compile(r"[\u2400-\u243f\ufffd]")


def _near_broken(text: str, start: int, end: int) -> bool:
    """A decoding artifact where the missing partner would be: the encoding rules own it."""
    return bool(_BROKEN.search(text, max(0, start), min(len(text), end)))


# A well-formed quotation (nothing to check) or a single quotation mark (checked in order).
_QUOTE_EVENTS = regex.compile(rf'“[^“”"]{{0,{_WINDOW}}}”|' + _QUOTES.pattern)


def _quote_violations(text: str) -> Iterator[Violation]:
    tokens = [(m.start(), m.group(0)) for m in _QUOTE_EVENTS.finditer(text)]
    open_at: int | None = None
    i = 0
    while i < len(tokens):
        pos, q = tokens[i]
        if open_at is not None and pos - open_at > _WINDOW:
            yield Violation(open_at, open_at + 1, "opening quotation mark “ is never closed")
            open_at = None
        if len(q) > 1:  # a well-formed pair closes whatever was open before it
            if open_at is not None:
                yield Violation(open_at, open_at + 1, "opening quotation mark “ is not closed before the next “")
                open_at = None
        elif q == "“":
            if open_at is not None:
                yield Violation(open_at, open_at + 1, "opening quotation mark “ is not closed before the next “")
            open_at = pos
        elif q == "”":
            if open_at is None:
                prev = tokens[i - 1][0] + 1 if i else 0
                if not _near_broken(text, max(prev, pos - _WINDOW), pos):
                    yield Violation(pos, pos + 1, "closing quotation mark ” has no opening “")
            open_at = None
        else:  # a straight quote in Chinese context
            if open_at is not None:
                yield Violation(open_at, pos + 1, "quotation opened with “ and closed with a straight \"",
                                Fix.replace(pos, pos + 1, "”", Applicability.SAFE, "close with ”"))
                open_at = None
            else:
                nxt = tokens[i + 1] if i + 1 < len(tokens) else None
                if nxt is not None and nxt[1] == "”" and nxt[0] - pos <= _WINDOW:
                    yield Violation(pos, nxt[0] + 1, "quotation opened with a straight \" and closed with ”",
                                    Fix.replace(pos, pos + 1, "“", Applicability.SAFE, "open with “"))
                    i += 1
                elif nxt is not None and nxt[1] == '"':
                    i += 1  # a straight pair: a style question, not a broken pair
        i += 1
    if open_at is not None:
        yield Violation(open_at, open_at + 1, "opening quotation mark “ is never closed")


def _line_start_enumerator(text: str, pos: int) -> bool:
    """``1)`` / ``a)`` / ``一）`` at a line's start: a list marker with no opening bracket."""
    start = max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1
    head = text[start:pos].strip(" \t\u3000")
    return 0 < len(head) <= 3 and bool(regex.fullmatch(r"\d{1,2}|[A-Za-z]|[一二三四五六七八九十]{1,2}", head))


def _chinese_side(text: str, pos: int) -> bool:
    """Does the bracket at ``pos`` touch Chinese text (full-width brackets always do)?"""
    if text[pos] not in "()":
        return True
    return bool(_CJK_NEAR.match(text, pos - 1) if pos else False) or bool(_CJK_NEAR.match(text, pos + 1))


_INNER = rf"[^（）()《》【】]{{0,{_WINDOW}}}"
# A flat, well-formed pair (nothing to check) or a single bracket (checked with a stack).
_BRACKET_EVENTS = regex.compile(rf"（{_INNER}）|\({_INNER}\)|《{_INNER}》|【{_INNER}】|[（）()《》【】]")


def _bracket_violations(text: str) -> Iterator[Violation]:
    stack: list[tuple[int, str]] = []
    for m in _BRACKET_EVENTS.finditer(text):
        if m.end() - m.start() > 1:
            continue  # a balanced pair leaves the stack as it was
        pos, b = m.start(), m.group(0)
        while stack and pos - stack[0][0] > _WINDOW:
            p, o = stack.pop(0)
            if _chinese_side(text, p):
                yield Violation(p, p + 1, f"opening {o} is never closed")
        if b in _PARTNER:
            stack.append((pos, b))
            continue
        want = _OPENER_OF[b]
        # the nearest opener of the same family (round brackets of either width count)
        family = ("（", "(") if b in "）)" else (want,)
        k = next((j for j in range(len(stack) - 1, -1, -1) if stack[j][1] in family), None)
        if k is None:
            if _chinese_side(text, pos) and not _line_start_enumerator(text, pos):
                yield Violation(pos, pos + 1, f"closing {b} has no opening {want}")
            continue
        p, o = stack[k]
        for q, unclosed in stack[k + 1:]:
            if _chinese_side(text, q):
                yield Violation(q, q + 1, f"opening {unclosed} is not closed before {b}")
        del stack[k:]
        if o != want:  # （…) or (…）: one pair of mixed widths
            if o == "（":
                fix = Fix.replace(pos, pos + 1, "）", Applicability.SAFE, "close with ）")
            else:
                fix = Fix.replace(p, p + 1, "（", Applicability.SAFE, "open with （")
            yield Violation(p, pos + 1, f"bracket opened with {o} and closed with {b}", fix)
    for p, o in stack:
        if _chinese_side(text, p):
            yield Violation(p, p + 1, f"opening {o} is never closed")


def unbalanced_pairs(doc: Document, rule: Rule) -> Iterable[Violation]:
    """Quotation marks and brackets without a partner, or paired across widths (``“…"``, ``（…)``)."""
    text = doc.text
    found: list[Violation] = []
    if "“" in text or "”" in text or '"' in text:
        found.extend(_quote_violations(text))
    if any(c in text for c in "（）()《》【】"):
        found.extend(_bracket_violations(text))
    found.sort(key=lambda v: (v.start, v.end))
    return found
