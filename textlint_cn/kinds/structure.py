"""What each line of a document is: heading, title, byline, table of contents, masthead, list item,
blank or running text; plus the document's line-length profile.

Layout that only looks like damage (a heading with no full stop, a title split from its byline,
a name list padded with spaces) must be recognised before any rule may call a line break or a
space an artifact. Rule families share this analysis read-only through :func:`structure`, which
builds it once per document (``doc.memo``). Classification is lazy and cached per line: a line is
only looked at when a rule asks about it, so a large file of clean paragraphs costs one ``split``,
one scan for enumeration markers, and the few lines rules actually question.

Line numbers here are 0-based indexes; offsets are code-point offsets into ``doc.text``. Lines
end only at ``\\n``, ``\\r\\n`` and ``\\r``.

The API, for other rule families:

- :func:`structure` (doc) -> :class:`Structure`
- ``Structure.line_at(offset)``, ``line(i)``, ``stripped(i)``, ``is_blank(i)``,
  ``next_nonblank(i)``, ``prev_nonblank(i)``
- ``Structure.kind(i)`` -> :class:`LineKind`; ``is_layout(i)``: heading, title, byline, note,
  TOC, masthead or markup, whose shape (spaces included) is deliberate
- ``Structure.enumeration(i)`` -> :class:`Enumeration` or ``None``
- ``Structure.in_wrapped_run(i)`` / ``wrap_width(i)``: hard-wrapped text around line ``i``
- ``Structure.siblings(i)``, ``sibling_in_sequence(i, step, number, number_of)``: the lines of
  ``i``'s enumeration family nearby, and its neighbours in the numbering
- ``Structure.in_toc_block(i)``, ``is_toc_leader(i)``, ``has_page_number(i)``
- ``Structure.blank_separated`` / ``single_spaced``: how the document separates paragraphs
- ``Structure.profile`` -> :class:`LengthProfile`; ``title_max``: the longest a title may be
- helpers on stripped text: :func:`intrinsic_kind`, :func:`enumeration`, :func:`ends_sentence`,
  :func:`has_sentence_inside`, :func:`unbalanced_opener`
"""
from __future__ import annotations

import bisect
import enum
import functools
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from ..document import Document

__all__ = [
    "BLANK_CHARS",
    "CLOSERS",
    "FINAL_PUNCT",
    "LAYOUT_KINDS",
    "OPENERS",
    "Enumeration",
    "LengthProfile",
    "Line",
    "LineKind",
    "Structure",
    "ends_sentence",
    "enumeration",
    "has_sentence_inside",
    "intrinsic_kind",
    "structure",
    "unbalanced_opener",
]

MEMO_KEY = "structure"

# Characters a "blank" line may hold: spaces, tabs, the ideographic and no-break spaces,
# zero-width characters and form feeds that PDF and web extraction leave on empty lines.
BLANK_CHARS = " \t\u3000\u00a0\u2002\u2003\u2009\u200b\u200c\u200d\u2060\ufeff\x0c\x0b"

_LINE_END = regex.compile(r"\r\n|\r|\n")

# Punctuation that may end a sentence (or a line introducing a list); a line ending in any of
# these, possibly followed by closing quotes or brackets, is complete.
FINAL_PUNCT = "。！？!?；;：:…．.□■"
CLOSERS = "”’」』）)》〉】]｝}〕"
OPENERS = "“‘「『（(《〈【[｛{〔"
_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "《": "》", "〈": "〉",
          "【": "】", "[": "]", "〔": "〕"}

_SENTENCE_INSIDE = regex.compile(r"[。！？!?；;]")
_HAN = regex.compile(r"\p{Han}")
_CN_NUM = "一二三四五六七八九十百零〇两"
_BLANK_CLASS = regex.escape(BLANK_CHARS)

# Enumeration markers, each with a family name: siblings of one family share a layout.
_ENUM_PARTS: tuple[tuple[str, str], ...] = (
    ("cn_comma", rf"[{_CN_NUM}]{{1,3}}[、，,．.]"),
    ("cn_paren", rf"[（(][{_CN_NUM}]{{1,3}}[）)]"),
    ("digit_paren", r"[（(]\d{1,3}[）)]"),
    ("circled", r"[①-⑳⑴-⒇⒈-⒛]"),
    ("digit_dot", r"\d{1,3}(?:[.．](?!\d)|、|[ \t\u3000](?=\S))"),
    ("chapter", rf"第[{_CN_NUM}\d]{{1,5}}[章节编篇部分卷]"),
    ("article", rf"第[{_CN_NUM}\d]{{1,5}}[条款项]"),
    ("cn_shi", rf"[{_CN_NUM}]{{1,3}}(?:是|要|来|则)(?!\p{{Han}}?[的了])"),
    ("ordinal", rf"第[{_CN_NUM}]{{1,3}}[，,、：:]"),
    ("other_ordinal", r"(?:其[一二三四五六七八九十]|首先|其次|再次|最后)[，,：:]"),
    ("dash", r"——(?!——)"),
    ("bullet", r"[•·●○■□◆◇▪►▶√✓※]"),
    ("latin", r"[A-Za-z][.)、](?=\s*\S)"),
)
_ENUM = regex.compile("|".join(f"(?P<{name}>{p})" for name, p in _ENUM_PARTS))
# Lines that may start with a marker, found fast (a literal line break leads the pattern).
_MAYBE_ENUM = re.compile(
    "[\r\n][" + re.escape(BLANK_CHARS) + "]*[（(0-9一二三四五六七八九十百零〇两第①-⑳⑴-⒇⒈-⒛其首再最—•·●○■□◆◇▪►▶√✓※A-Za-z]"
)

_MARKUP = regex.compile(r"#{1,6}(?:\s|[^#\s])|[-*+]\s|\||>\s?|```|~~~|<[A-Za-z/!]|\[\^?\w*\]:")
_TOC_TAIL = regex.compile(r"(?:\.{2,}|…{1,}|·{3,}|-{3,}|_{3,}|\s)\s*\d{1,4}\s*$")
_TOC_LEADER = regex.compile(r"^(?:\.{3,}|…{2,}|·{3,}|-{4,}|_{4,})")
# A whole entry on one line, however long its title: a long leader, an author maybe, a page
# number (``标题..... 省广播电视局课题组 10``, as a split entry reads once joined).
_TOC_ENTRY = regex.compile(r"(?:\.{4,}|…{3,}|·{4,})[ \t\u3000]*(?:[^\s.…·]{1,30}[ \t\u3000]+)?\d{1,4}[ \t]*$")
_TOC_HEAD = regex.compile(r"^(?:目\s*录|CONTENTS?(?:\s*目\s*录)?|本期导读)$", regex.IGNORECASE)
_TOC_SIGNS = (
    re.compile("[\r\n][" + re.escape(BLANK_CHARS) + "]*(?:\\.{3,}|…{2,}|目\\s*录|CONTENTS?)"),
    re.compile("[ \t\u3000]\\d{1,3}[ \t]*(?=[\r\n])"),
)
_FULL_STOP_SINGLE = re.compile("[。！？](?:\r\n|\r|\n)[^\r\n" + re.escape(BLANK_CHARS) + "]")
_FULL_STOP_DOUBLE = re.compile("[。！？](?:\r\n|\r|\n)[" + re.escape(BLANK_CHARS) + "]*(?:\r\n|\r|\n)")
_NOTE = regex.compile(
    r"^[（(][^（()）]*[）)](?:[（(][^（()）]*[）)])*$|^(?:来源|出处|稿源|编辑|责任编辑|审核|校对|作者|记者|通讯员|摄影)\s*[:：]"
)
_DATED_RECORD = regex.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?[ \t\u3000]+\S")
_BYLINE_ORG = regex.compile(
    r"(?:课题组|工委|党委|党组|委员会|办公室|办公厅|研究室|研究院|研究所|研究中心|评论员|记者|通讯员|编辑部|"
    r"宣传部|组织部|本刊|本报|执笔|供稿|整理|发布)$"
)
_DATELINE = regex.compile(
    r"^(?:新华社|人民网|中新社|本报|本刊)[\p{Han}\d ]{0,14}(?:电|讯)$|^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$"
)
_NAME_LIST = regex.compile(r"^\p{Han}{2,3}(?:[ \u3000\u00a0]+\p{Han}{1,3}){0,7}$")
_SPACED_LABEL = regex.compile(
    r"^\p{Han}(?:[ \u3000]+\p{Han}){1,3}[ \u3000]+\S|^\p{Han}{1,8}[ \u3000]+\p{Han}{1,3}(?:[ \u3000]+\p{Han}{1,3})+$"
)
_MENU = regex.compile(r"^\S{1,6}(?:[ \u3000]+\S{1,6}){2,}$")  # 下载 打印 全屏 收藏 【字号：加大 还原 减小】
_FIELD = regex.compile(r"^[\p{Han}A-Za-z]{1,8}(?:[ \u3000]\p{Han}{1,4})?\s*[:：]\s*\S")
_LATIN_ONLY = regex.compile(r"^[\x20-\x7e\u00a0-\u024f]+$")
_WORDISH = regex.compile(r"[\p{L}\p{N}]")
_CLAUSE_BREAK = regex.compile(r"[，,、]")
_PUNCT = regex.compile(r"[，,、。．；;：:！!？?]")
_INNER_SPACE = regex.compile(r"[\p{L}\p{N}][ \t\u3000\u00a0]+[\p{L}\p{N}]")
_WRAP_MAX = 80  # no printed column or page line is longer; longer lines are paragraphs


class LineKind(enum.Enum):
    """What a line is. Everything but ``BODY``, ``ITEM``, ``BLANK`` and ``LATIN`` is layout."""

    BLANK = "blank"  # empty, or only spaces, tabs, zero-width characters
    BODY = "body"  # running text (a paragraph or a piece of one)
    HEADING = "heading"  # an enumerated heading standing alone: 一、… （二）… 一是… 第一章 …
    ITEM = "item"  # an enumerated line that carries running text: （一）标题。正文…
    TITLE = "title"  # a short line with no sentence punctuation: titles, subtitles, slogans
    BYLINE = "byline"  # author, issuing body or dateline: 省统计局课题组, 王承文, 新华社北京9月14日电
    NOTE = "note"  # an aside, attribution or dated record: (来源:新华社), （5篇）, 2005年10月25日 …通过
    TOC = "toc"  # a table-of-contents line: 目录, an entry ending in a page number, a leader line
    MASTHEAD = "masthead"  # labelled fields and name lists: 编委会主任 李 伟, 邮 编 130051
    MARKUP = "markup"  # markdown or similar: # 标题, - 列表, | 表格 |
    LATIN = "latin"  # a line of Latin text, numbers, code or symbols only (Public domain, ↑)


# Tuples, not sets: membership by identity is faster than hashing an enum member.
LAYOUT_KINDS = (LineKind.HEADING, LineKind.TITLE, LineKind.BYLINE, LineKind.NOTE, LineKind.TOC, LineKind.MASTHEAD,
                LineKind.MARKUP)
# Lines that are never part of a paragraph hard-wrapped into a column.
_NOT_WRAPPED = (LineKind.MARKUP, LineKind.TOC, LineKind.MASTHEAD, LineKind.NOTE, LineKind.LATIN, LineKind.BYLINE)


@dataclass(frozen=True, slots=True)
class Enumeration:
    """An enumeration marker at the start of a line, e.g. ``（二）`` of family ``cn_paren``."""

    family: str
    marker: str


@dataclass(frozen=True, slots=True)
class Line:
    """One line: its index, where its content starts and ends (the break excluded), its text."""

    index: int
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip(BLANK_CHARS)

    @property
    def content_start(self) -> int:
        """Offset of the first visible character (after any indentation)."""
        return self.start + len(self.text) - len(self.text.lstrip(BLANK_CHARS))

    @property
    def content_end(self) -> int:
        """Offset just past the last visible character (before any trailing spaces)."""
        return self.start + len(self.text.rstrip(BLANK_CHARS))


@dataclass(frozen=True, slots=True)
class LengthProfile:
    """Lengths (in code points) of the document's non-blank lines."""

    lines: int
    median: float
    p90: float
    longest: int
    short_share: float  # share of lines of at most 40 characters

    @property
    def one_paragraph_per_line(self) -> bool:
        """Paragraphs are long single lines (scraped pages, most reports) rather than wrapped."""
        return self.median >= 60


# --- helpers on a stripped line ---------------------------------------------------------------

def ends_sentence(s: str) -> bool:
    """Does stripped text ``s`` end with sentence-final punctuation?

    Closing quotes and brackets after it are allowed, and so is a trailing citation in brackets
    after a finished sentence: ``…主义者。”（《列宁全集》第二十五卷，第三百九十九页）``. A point
    after a digit is a decimal point cut from its decimals, not a full stop.
    """
    t = s.rstrip(CLOSERS)
    if not t:
        return bool(s)
    if t[-1] in FINAL_PUNCT:
        return not (t[-1] in ".．" and len(t) > 1 and t[-2].isdigit())  # 规模近9. / 8万亿元
    if s[-1] in "）)":
        o = max(s.rfind("（"), s.rfind("("))
        if o > 0:
            before = s[:o].rstrip(CLOSERS)
            return bool(before) and before[-1] in FINAL_PUNCT
    return False


@functools.lru_cache(maxsize=65536)
def enumeration(s: str) -> Enumeration | None:
    """The enumeration marker stripped text ``s`` starts with, if any."""
    m = _ENUM.match(s)
    if m is None or m.lastgroup is None:
        return None
    return Enumeration(m.lastgroup, m.group(0).rstrip(" \t\u3000"))


def unbalanced_opener(s: str) -> bool:
    """More opening than closing quotes or brackets of one kind: the sentence goes on."""
    return any(o in s and s.count(o) > s.count(c) for o, c in _PAIRS.items())


def has_sentence_inside(s: str) -> bool:
    """Sentence punctuation before the line's last character: running text, not a heading."""
    return bool(_SENTENCE_INSIDE.search(s, 0, max(0, len(s) - 1)))


def _title_shaped(s: str) -> bool:
    """A heading or title is one or two phrases: at most one comma, no short dangling clause."""
    if s.endswith(("，", ",", "、")) or unbalanced_opener(s):
        return False
    if s.count("，") + s.count(",") > 1:
        return False
    parts = _CLAUSE_BREAK.split(s)
    return len(parts) == 1 or len(parts[-1]) > 2


@functools.lru_cache(maxsize=65536)
def intrinsic_kind(s: str, title_max: int = 40) -> LineKind:
    """What a stripped line is, from its own text only (no neighbours).

    ``title_max`` is the longest a title may be in the document (shorter where lines are short).
    """
    if not s:
        return LineKind.BLANK
    if _MARKUP.match(s):
        return LineKind.MARKUP
    if _TOC_HEAD.match(s) or _TOC_LEADER.match(s):
        return LineKind.TOC
    n = len(s)
    if (_NOTE.match(s) and n <= 80) or _DATED_RECORD.match(s):
        return LineKind.NOTE
    if (n <= 40 and _TOC_TAIL.search(s) and _HAN.search(s) and not ends_sentence(s.rstrip("0123456789 \t"))
            or n <= 120 and _TOC_ENTRY.search(s) and _HAN.search(s)):
        return LineKind.TOC
    if _LATIN_ONLY.match(s) or not _WORDISH.search(s):
        return LineKind.LATIN
    e = enumeration(s)
    if e is not None:
        if (has_sentence_inside(s) or n > max(60, title_max) or s.endswith(("，", ",", "、"))
                or (e.family == "article" and n > len(e.marker) + 1)):
            return LineKind.ITEM  # 第十二条 takes running text, never a heading
        return LineKind.HEADING
    if n <= 40 and not has_sentence_inside(s) and not ends_sentence(s):
        if _DATELINE.match(s):
            return LineKind.BYLINE
        if n <= 20 and _BYLINE_ORG.search(s) and not _PUNCT.search(s):
            return LineKind.BYLINE
        if _NAME_LIST.match(s) and (n <= 3 or " " in s or "\u3000" in s):
            # 王承文 / 杨小军 邵伊雯 / 高丽丽 王新玉 栾 波 段海涛
            return LineKind.BYLINE if n <= 8 else LineKind.MASTHEAD
        if _FIELD.match(s) and not s.endswith(("，", ",", "、")):
            return LineKind.MASTHEAD
        if _SPACED_LABEL.match(s) or _MENU.match(s):
            return LineKind.MASTHEAD
        if n <= title_max and _title_shaped(s):
            return LineKind.TITLE
    return LineKind.BODY


# --- the document -----------------------------------------------------------------------------

class Structure:
    """Line table and lazy, cached per-line classification of one document."""

    def __init__(self, text: str) -> None:
        self.text = text
        parts = _LINE_END.split(text)
        if len(parts) == 1:
            breaks: list[int] = []
        elif "\r" in text:
            breaks = [len(b) for b in _LINE_END.findall(text)]
        else:
            breaks = [1] * (len(parts) - 1)
        self._parts = parts
        # start offset of every line; line i's content ends at start + len(part)
        self._starts = list(accumulate((len(p) + b for p, b in zip(parts, breaks)), initial=0))
        self._kind: dict[int, LineKind] = {}
        self._stripped: dict[int, str] = {}
        self._toc_signs: list[int] | None = None
        self._wrap: dict[int, int | None] = {}
        self._info: dict[int, tuple[int, bool, bool, bool]] = {}
        self._toc_entry: dict[int, bool] = {}
        self._enum: dict[int, Enumeration] | None = None
        self._by_family: dict[str, list[int]] = {}
        self._profile: LengthProfile | None = None

    # --- the line table ---------------------------------------------------------------------

    @property
    def line_count(self) -> int:
        return len(self._parts)

    def line(self, i: int) -> Line:
        start = self._starts[i]
        text = self._parts[i]
        return Line(i, start, start + len(text), text)

    def line_at(self, offset: int) -> int:
        """Index of the line holding ``offset`` (a line break belongs to the line it ends)."""
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def stripped(self, i: int) -> str:
        s = self._stripped.get(i)
        if s is None:
            s = self._stripped[i] = self._parts[i].strip(BLANK_CHARS)
        return s

    def is_blank(self, i: int) -> bool:
        if not 0 <= i < len(self._parts):
            return True
        p = self._parts[i]
        return not p or not p.strip(BLANK_CHARS)

    def next_nonblank(self, i: int, limit: int = 1_000) -> int | None:
        """The first non-blank line after ``i`` (``None`` at the end or after ``limit`` blanks)."""
        parts = self._parts
        stop = min(len(parts), i + 1 + limit)
        for j in range(i + 1, stop):
            p = parts[j]
            if p and p.strip(BLANK_CHARS):
                return j
        return None

    def prev_nonblank(self, i: int, limit: int = 1_000) -> int | None:
        parts = self._parts
        for j in range(i - 1, max(-1, i - 1 - limit), -1):
            p = parts[j]
            if p and p.strip(BLANK_CHARS):
                return j
        return None

    # --- classification ---------------------------------------------------------------------

    def kind(self, i: int) -> LineKind:
        """What line ``i`` is, its neighbours considered (a TOC block, a hard-wrapped column)."""
        k = self._kind.get(i)
        if k is None:
            k = self._classify(i)
            self._kind[i] = k
        return k

    def is_layout(self, i: int) -> bool:
        """Heading, title, byline, note, TOC, masthead or markup: leave its shape alone."""
        return self.kind(i) in LAYOUT_KINDS

    def _classify(self, i: int) -> LineKind:
        s = self.stripped(i)
        if not s:
            return LineKind.BLANK
        k = intrinsic_kind(s, self.title_max)
        if k is LineKind.HEADING and self.in_wrapped_run(i):
            return LineKind.ITEM  # the first line of an enumerated paragraph cut into lines
        if k is LineKind.TITLE:
            if self.in_wrapped_run(i):
                return LineKind.BODY
            if self.in_toc_block(i):
                return LineKind.TOC
        return k

    @functools.cached_property
    def blank_separated(self) -> bool:
        """Paragraphs are separated by blank lines: a single break inside one is a cut.

        Evidence: of the line breaks right after a full stop, at least nine in ten are followed
        by a blank line, and there are at least five of them.
        """
        single, double = self._paragraph_breaks
        return double >= 5 and double >= 9 * single

    @functools.cached_property
    def single_spaced(self) -> bool:
        """Paragraphs follow each other without blank lines: a blank line after running text
        that stops mid-sentence is a page break (the same evidence, the other way round)."""
        single, double = self._paragraph_breaks
        return single >= 5 and single >= 9 * double

    @functools.cached_property
    def _paragraph_breaks(self) -> tuple[int, int]:
        """Breaks after a full stop: (followed directly by text, followed by a blank line)."""
        return len(_FULL_STOP_SINGLE.findall(self.text)), len(_FULL_STOP_DOUBLE.findall(self.text))

    @functools.cached_property
    def title_max(self) -> int:
        """Longest a heading or title may be here: 40, less in a document of short lines."""
        p = self.profile
        if p.lines >= 20 and p.median < 40:
            return max(16, int(p.median * 1.5))
        return 40

    # --- enumeration ------------------------------------------------------------------------

    def _enumerated(self) -> dict[int, Enumeration]:
        if self._enum is None:
            found: dict[int, Enumeration] = {}
            by_family: dict[str, list[int]] = {}
            lines = [self.line_at(m.end() - 1) for m in _MAYBE_ENUM.finditer(self.text)]
            for i in ([0] if self.text else []) + lines:
                if i in found:
                    continue
                e = enumeration(self.stripped(i))
                if e is not None:
                    found[i] = e
                    by_family.setdefault(e.family, []).append(i)
            self._enum = found
            self._by_family = by_family
        return self._enum

    def enumeration(self, i: int) -> Enumeration | None:
        """The enumeration marker line ``i`` starts with, if any."""
        return self._enumerated().get(i)

    def siblings(self, i: int, reach: int = 80, limit: int = 4) -> list[int]:
        """Nearby lines (within ``reach`` lines, ``limit`` each way) with a marker of ``i``'s family."""
        e = self.enumeration(i)
        if e is None:
            return []
        lines = self._by_family[e.family]
        k = bisect.bisect_left(lines, i)
        before = [j for j in lines[max(0, k - limit):k] if i - j <= reach]
        after = [j for j in lines[k + 1:k + 1 + limit] if j - i <= reach]
        return before + after

    def sibling_in_sequence(self, i: int, step: int, want: int,
                            number_of: Callable[[str], int | None], reach: int = 120) -> int | None:
        """The nearest sibling ``step``-wards of ``i`` numbered ``want`` (the list's neighbour).

        Stops at a sibling that breaks the sequence: a new list restarts the numbering.
        """
        e = self.enumeration(i)
        if e is None:
            return None
        lines = self._by_family[e.family]
        k = bisect.bisect_left(lines, i) + step
        while 0 <= k < len(lines) and abs(lines[k] - i) <= reach:
            j = lines[k]
            n = number_of(self._enum[j].marker)  # type: ignore[index]
            if n == want:
                return j
            if n is None or (step < 0 and n < want) or (step > 0 and n > want) or n == want - step:
                return None
            k += step
        return None

    # --- hard wraps -------------------------------------------------------------------------

    def _wrap_info(self, j: int) -> tuple[int, bool, bool, bool]:
        """(length, or -1 for a line that cannot be part of a wrapped column; ends a sentence;
        has punctuation; starts with an enumeration marker), cached per line."""
        info = self._info.get(j)
        if info is None:
            s = self.stripped(j)
            if (not s or len(s) > _WRAP_MAX or (_INNER_SPACE.search(s) and not _PUNCT.search(s))
                    or intrinsic_kind(s, 40) in _NOT_WRAPPED):
                info = (-1, False, False, False)
            else:
                info = (len(s), ends_sentence(s), bool(_PUNCT.search(s)), self.enumeration(j) is not None)
            self._info[j] = info
        return info

    def wrap_width(self, i: int) -> int | None:
        """The width (in characters) the text around line ``i`` was hard-wrapped at, if it was.

        Evidence: at least three adjacent lines (within four of ``i``, no blank line or line of
        layout between, some punctuation among them: a list of items has none) that end
        mid-sentence and are as long as the median of them, or twice as long where a wrap point
        was skipped, within two characters (OCR turns some full-width punctuation into ASCII, so
        characters are a steadier measure than display columns). The last line of a paragraph
        may be shorter. A list of enumerated lines is not a wrapped paragraph, nor are lines
        spaced into cells without punctuation (table rows, name lists, two-part titles), nor
        columns under ten characters (lists of short items).
        """
        if i in self._wrap:
            return self._wrap[i]
        width = None
        if len(self._parts[i]) <= _WRAP_MAX and not (self.is_blank(i - 1) and self.is_blank(i + 1)):
            run: list[tuple[int, bool, bool, bool]] = []
            for step in (-1, 1):
                for j in range(i + step, i + 5 * step, step):
                    if not 0 <= j < len(self._parts):
                        break
                    info = self._wrap_info(j)
                    if info[0] < 0:
                        break
                    run.append(info)
            own = self._wrap_info(i)
            if own[0] >= 0:
                run.append(own)
            if (len(run) >= 3 and sum(1 for _, final, _, e in run if e and not final) <= 1
                    and any(p for _, _, p, _ in run)):
                open_lengths = sorted(n for n, final, *_ in run if not final)
                if len(open_lengths) >= 3:
                    w = open_lengths[len(open_lengths) // 2]
                    # lines of the width, or of twice it where a wrap point was skipped
                    band = sum(1 for n in open_lengths if abs(n - w) <= 2 or abs(n - 2 * w) <= 3)
                    if w >= 10 and band >= 3:
                        width = w
        self._wrap[i] = width
        return width

    def in_wrapped_run(self, i: int) -> bool:
        """Line ``i`` is one of several hard-wrapped lines of a narrow column or a wrapped text."""
        w = self.wrap_width(i)
        if w is None:
            return False
        s = self.stripped(i)
        if len(s) >= w - 2 or ends_sentence(s):
            return True
        if i == 0 or self.is_blank(i - 1):
            return False
        p = self.stripped(i - 1)
        return len(p) >= w - 2 and not ends_sentence(p)

    # --- tables of contents -----------------------------------------------------------------

    def _is_toc_entry(self, j: int) -> bool:
        found = self._toc_entry.get(j)
        if found is None:
            s = self.stripped(j)
            found = bool(_TOC_LEADER.match(s) or _TOC_HEAD.match(s)
                         or (len(s) <= 60 and _TOC_TAIL.search(s) and _HAN.search(s)))
            self._toc_entry[j] = found
        return found

    def in_toc_block(self, i: int, reach: int = 8) -> bool:
        """Line ``i`` sits among table-of-contents entries (page numbers or leader lines)."""
        if self._toc_signs is None:
            self._toc_signs = sorted(self.line_at(m.end() - 1) for p in _TOC_SIGNS for m in p.finditer(self.text))
        signs = self._toc_signs
        k = bisect.bisect_left(signs, i - 4 * reach)
        if len(signs) - k < 3 or signs[min(k + 2, len(signs) - 1)] > i + 4 * reach:
            return False
        hits = 0
        for step in (-1, 1):
            seen = 0
            j = i + step
            while 0 <= j < len(self._parts) and seen < reach:
                if not self.is_blank(j):
                    seen += 1
                    hits += self._is_toc_entry(j)
                j += step
        return hits >= 3

    def is_toc_leader(self, i: int) -> bool:
        """A line that starts with leader dots: the tail of a TOC entry (``..... 作者 7``)."""
        return bool(_TOC_LEADER.match(self.stripped(i)))

    def has_page_number(self, i: int) -> bool:
        return bool(_TOC_TAIL.search(self.stripped(i)))

    # --- the length profile -----------------------------------------------------------------

    @property
    def profile(self) -> LengthProfile:
        if self._profile is None:
            self._profile = self._compute_profile()
        return self._profile

    def _compute_profile(self) -> LengthProfile:
        lengths = [n for n in map(len, self._parts) if n > 0]
        if len(lengths) > 200_000:  # a sample is as good as all for quantiles
            lengths = lengths[:: len(lengths) // 100_000]
        if not lengths:
            return LengthProfile(0, 0.0, 0.0, 0, 0.0)
        qs = statistics.quantiles(lengths, n=10) if len(lengths) >= 2 else [float(lengths[0])] * 9
        return LengthProfile(
            lines=len(lengths),
            median=statistics.median(lengths),
            p90=qs[-1],
            longest=max(lengths),
            short_share=sum(1 for n in lengths if n <= 40) / len(lengths),
        )


def structure(doc: Document) -> Structure:
    """The document's line structure, built once per document and shared by every rule."""
    return doc.memo(MEMO_KEY, lambda: Structure(doc.text))  # type: ignore[no-any-return]
