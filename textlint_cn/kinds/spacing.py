"""Spaces that PDF extraction, OCR and scraping insert into Chinese text, told apart from layout.

Chinese running text has no spaces between characters or around full-width punctuation, so a
space there is damage: ``查落实， 层层``, ``” 的要求``, ``开  展``, ``以 问 题 导 向``. The same
space is layout in a title whose two halves it separates, a name list or masthead padded to a
column (``李 伟``), a table of contents, a quoted slogan (``“践行新风尚 文明吉林人”``) or after an
article number (``第一条 根据``). What a line is comes from the shared line classification in
``structure.py``; the checks here only decide about the few gaps that touch Chinese text (or
separate two digits), found by one regex scan shared by every rule of the family, so clean
text costs that scan and little more.

No check here ever adds a space: every fix deletes one, so Han characters and digits stay as
they were. The ideographic space U+3000 and the no-break space count as spaces, except as an
indent at the start of a line (house style in older reports).
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

from .._types import Applicability
from ..diagnostics import Edit, Fix, Violation
from ..document import Document
from ..ruleset import Rule
from .punctuation import code_spans
from .structure import LineKind, Structure, enumeration, structure

SPACES = " \u00a0\u3000"
PAUSE_STOP = "，、；：。！？"  # full-width marks no space may follow inside Chinese text
OPENING = "“‘（《【「『〔〈"
CLOSING = "”’）》】」』〕〉"
_CJK_PUNCT = PAUSE_STOP + OPENING + CLOSING

_C = r"\p{Han}" + "".join(regex.escape(c) for c in _CJK_PUNCT)
_S = r"[ \u00a0\u3000]"
# A gap of spaces with Chinese text on at least one side, or between two digits (``1 9 9 7``),
# not at a line's start or end. Every check here works from this one scan, which starts with the
# (rare) space character and only then looks around it.
_GAP = regex.compile(
    rf"{_S}+(?:(?<=[{_C}]{_S}+)(?=\S)|(?<=\S{_S}+)(?=[{_C}])|(?<=[0-9]{_S}+)(?=[0-9]))"
    # not after an article or chapter number at a line's start (第一条 根据): laws have thousands
    # (a line starts after \n, \r\n or a lone \r: ``^`` knows only \n)
    rf"(?<!(?:^|\r)[ \t\u3000]*(?:\#{{1,6}}[ \t]+)?第[一二三四五六七八九十百千零〇两0-9]{{1,8}}[条章节编款项]{_S}+)",
    regex.MULTILINE,
)
_HAN = regex.compile(r"\p{Han}")
_CLAUSE = regex.compile(r"[，。；！？、]|(?<=\p{Han})[,;]")
_CLAUSE_INSIDE = regex.compile(r"[，。；！？、]")
_MD_HEADING = regex.compile(r"#{1,6}[ \t]+")
_DIGIT_EVIDENCE = 3  # letter-spaced numbers of three digits or more that make a document's habit
# A credit after the line's last sentence: 本报记者 朱江 摄 / 宁夏日报记者 王鼎 摄.
_CREDIT = regex.compile(
    r"(?<=[。！？!?])[ \u00a0\u3000]*[^。！？，、；：“”（）《》,;:!?]{0,30}?"
    r"(?:记者|通讯员|摄影|摄|供图|特约评论员|执笔)[^。！？，、；：“”（）《》,;:!?]{0,12}$"
)
# Chinese next to a number, written together or apart (the house-style question).
# (Full-width digits, the house style of older reports, count as numbers too.)
DIGITS = "0123456789０１２３４５６７８９"
_D = "0-9０-９"
_NUMBER = rf"[{_D}]+(?:[.,:．][{_D}]+)*[%％]?"
_NUM_AFTER = regex.compile(rf"{_NUMBER}(?![A-Za-z])")
_NUM_BEFORE = regex.compile(rf"(?<![A-Za-z.．{_D}]){_NUMBER}$")
# (Each starts with the digit: a scan for digits is an order of magnitude faster than one for Han.)
_TOGETHER_BEFORE = regex.compile(rf"[{_D}](?<=\p{{Han}}[{_D}])")  # 于2018
_TOGETHER_AFTER = regex.compile(rf"[{_D}][%％]?(?=\p{{Han}})")  # 2018年

RUNNING = frozenset({LineKind.BODY, LineKind.ITEM})
_FINAL = ("。", "！", "？", "…")
_CLAUSE_KINDS = frozenset({LineKind.TITLE, LineKind.HEADING})
NAME_LISTS = frozenset({LineKind.MASTHEAD, LineKind.BYLINE})
# How far (in characters) a quotation or bracket may reach around a gap it protects.
_REACH = {"“": ("”", 200), "《": ("》", 60), "（": ("）", 120), "(": (")", 120), "「": ("」", 200),
          "‘": ("’", 80), "【": ("】", 60)}


@dataclass(frozen=True, slots=True)
class Run:
    """Characters spaced out one by one: the span, each one-character gap, Han or digits."""

    start: int
    end: int
    gaps: tuple[tuple[int, int], ...]
    what: str


@dataclass(frozen=True, slots=True)
class Gap:
    """A run of spaces at ``start:end`` between the characters ``before`` and ``after``."""

    start: int
    end: int
    before: str
    after: str
    line: int

    @property
    def width(self) -> int:
        return self.end - self.start


class _Doc:
    """Per-document facts the spacing checks share: gaps, line kinds, letter-spaced runs."""

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.st: Structure = structure(doc)
        self._credits: dict[int, int] = {}
        self._prose: dict[int, bool] = {}
        self._markers: dict[int, int] = {}
        self.code = code_spans(doc)

    @functools.cached_property
    def gaps(self) -> list[Gap]:
        text = self.text
        out = []
        for m in _GAP.finditer(text):
            s, e = m.span()
            if s in self.code:
                continue
            out.append(Gap(s, e, text[s - 1], text[e], self.st.line_at(s)))
        return out

    def kind(self, line: int) -> LineKind:
        return self.st.kind(line)

    def running(self, line: int) -> bool:
        """Running text: a paragraph, an item with text, or a short line that ends a sentence."""
        kind = self.st.kind(line)
        if kind in RUNNING:
            return True
        return kind is LineKind.TITLE and self.st.stripped(line).rstrip(CLOSING).endswith(_FINAL)

    def prose(self, line: int) -> bool:
        """The line holds clause punctuation: a sentence, not a row of a table or list."""
        found = self._prose.get(line)
        if found is None:
            found = _CLAUSE.search(self.st.stripped(line)) is not None
            self._prose[line] = found
        return found

    def marker_end(self, line: int) -> int:
        """Offset just past the line's enumeration marker (``第一条``, ``一、``, ``（一）``), or -1."""
        found = self._markers.get(line)
        if found is None:
            found = self._markers[line] = self._marker_end(line)
        return found

    def _marker_end(self, line: int) -> int:
        ln = self.st.line(line)
        stripped = self.st.stripped(line)
        head = _MD_HEADING.match(stripped)
        skip = head.end() if head else 0
        e = enumeration(stripped[skip:])
        if e is None:
            return -1
        return ln.content_start + skip + len(e.marker.rstrip(SPACES))

    def after_marker(self, gap: Gap) -> bool:
        """The gap follows a heading's number (``一、 ``, ``（六） ``, ``第一条 ``), not ``第四，``."""
        return gap.start == self.marker_end(gap.line) and gap.before not in "，,：:"

    def enclosed(self, start: int, end: int) -> bool:
        """Is ``start:end`` inside a slogan, book title or bracketed list that closes nearby?

        A quotation holding clause punctuation is a quoted passage, whose spaces are damage.
        """
        text = self.text
        for opener, (closer, reach) in _REACH.items():
            lo = max(0, start - reach)
            o = text.rfind(opener, lo, start)
            if o < 0 or text.rfind(closer, o, start) >= 0:
                continue
            c = text.find(closer, end, end + reach)
            if c >= 0 and text.find(opener, end, c) < 0:
                return _CLAUSE_INSIDE.search(text, o, c) is None
        return False

    def credit_start(self, line: int) -> int:
        """Where a photo or byline credit trailing the line's last sentence starts, or -1.

        ``…作政府工作报告。本报记者 朱江 摄``: the names in the credit are spaced as layout.
        """
        found = self._credits.get(line)
        if found is None:
            ln = self.st.line(line)
            m = _CREDIT.search(ln.text)
            found = ln.start + m.start() if m else -1
            self._credits[line] = found
        return found

    def in_credit(self, line: int, pos: int) -> bool:
        c = self.credit_start(line)
        return c >= 0 and pos >= c

    @functools.cached_property
    def runs(self) -> list[Run]:
        """Letter-spaced runs to report, in document order."""
        han: list[Run] = []
        digit: list[Run] = []
        pairs: list[Run] = []
        for chain, what in self._chains():
            run = self._run(chain, what)
            if run is None:
                continue
            if what == "han":
                han.append(run)
            elif len(run.gaps) >= 2:
                digit.append(run)
            else:
                pairs.append(run)
        if len(digit) < _DIGIT_EVIDENCE:
            pairs = []  # only a document that spaces its digits one by one has 1 7 个 for 17个
        return sorted(han + digit + pairs, key=lambda r: r.start)

    def _chains(self) -> Iterator[tuple[list[Gap], str]]:
        """Maximal chains of one-character gaps of one kind, each gap one character after the last."""
        gaps = self.gaps
        i, n = 0, len(gaps)
        while i < n:
            g = gaps[i]
            what = _char_kind(g.before)
            if g.width != 1 or what is None or _char_kind(g.after) != what:
                i += 1
                continue
            chain = [g]
            j = i + 1
            while j < n:
                h = gaps[j]
                if (h.start != chain[-1].end + 1 or h.width != 1 or self.text[h.start] != self.text[g.start]
                        or _char_kind(h.after) != what):
                    break
                chain.append(h)
                j += 1
            yield chain, what
            i = j

    def _run(self, chain: list[Gap], what: str) -> Run | None:
        if what == "han" and len(chain) < 2:
            return None
        text = self.text
        s, e = chain[0].start - 1, chain[-1].end + 1
        line = chain[0].line
        marker = self.marker_end(line)
        if s < marker < e:  # 第四章 保 安 员: the space after a heading's number is layout
            chain = [g for g in chain if g.start > marker]
            s = marker + 1
        if not chain:
            return None
        if what == "digit":
            # whole numbers only: not 3.1 4 or 12 34 5
            if (s > 0 and text[s - 1] in "0123456789.\u00a0\u3000 ") or (e < len(text) and text[e] in "0123456789.,"):
                return None
        elif len(chain) < 2:
            return None
        gaps = tuple((g.start, g.end) for g in chain)
        if not self._run_is_damage(s, e, len(gaps), what):
            return None
        return Run(s, e, gaps, what)

    def _run_is_damage(self, s: int, e: int, n_gaps: int, what: str) -> bool:
        line = self.st.line_at(s)
        if self.st.line_at(e) != line or self.in_credit(line, s) or s in self.code:
            return False
        if what == "digit":
            # 1 9 9 7 年: digits spaced one by one inside Chinese running text
            text = self.text
            return self.running(line) and bool(_HAN.search(text, max(0, s - 2), min(len(text), e + 2)))
        if self.running(line):
            return True
        if self.kind(line) in NAME_LISTS:
            # 李 剑 王予修: padded two-character names among longer ones are a column, not damage
            tokens = regex.split(r"[ \u00a0\u3000]+", self.st.stripped(line))
            return n_gaps >= 4 and all(len(t) == 1 for t in tokens)
        return n_gaps >= 3

    @functools.cached_property
    def run_gap_starts(self) -> set[int]:
        return {a for r in self.runs for a, _ in r.gaps}


def _facts(doc: Document) -> _Doc:
    return doc.memo("spacing.facts", lambda: _Doc(doc))  # type: ignore[no-any-return]


def _char_kind(c: str) -> str | None:
    if "0" <= c <= "9":
        return "digit"
    return "han" if _HAN.match(c) is not None else None


def _is_cjk(c: str) -> bool:
    return c in _CJK_PUNCT or _HAN.match(c) is not None


def _is_han_or_digit(c: str) -> bool:
    return c.isdigit() or _HAN.match(c) is not None


def _has_gap_candidates(text: str) -> bool:
    return " " in text or "\u3000" in text or "\u00a0" in text


def _describe(text: str, start: int, end: int) -> str:
    gap = text[start:end]
    if "\u3000" in gap:
        name = "ideographic space"
    elif "\u00a0" in gap:
        name = "no-break space"
    else:
        name = "space"
    return f"{'doubled ' if len(gap) > 1 else ''}{name}" if len(set(gap)) == 1 else "spaces"


def _delete(start: int, end: int, title: str, applicability: Applicability = Applicability.SAFE) -> Fix:
    return Fix.replace(start, end, "", applicability, title)


# --- SP001: spaces around full-width punctuation -------------------------------------------------


def _punctuation_gap(f: _Doc, g: Gap) -> str | None:
    """Why the gap next to full-width punctuation is damage, or ``None`` when it is layout."""
    a, b = g.before, g.after
    if f.after_marker(g) or f.in_credit(g.line, g.start):
        return None  # 一、 过去五年工作回顾 / （六） 更加注重…; 报告。 本报记者 朱江 摄
    running = f.running(g.line)
    if a in OPENING:
        return f"{_describe(f.text, g.start, g.end)} after opening {a}"
    if b in PAUSE_STOP or b in CLOSING:
        return f"{_describe(f.text, g.start, g.end)} before {b}"
    if a in PAUSE_STOP:
        if not running and a in "？！：":
            return None  # a title's halves after a question or exclamation mark; a label
        return f"{_describe(f.text, g.start, g.end)} after {a}"
    # a closing mark of Chinese text, or an opening one before Chinese text (not ``it’s “this”``)
    text = f.text
    chinese_before = g.start >= 2 and _is_cjk(text[g.start - 2])
    chinese_after = g.end + 1 < len(text) and _is_cjk(text[g.end + 1])
    if a in CLOSING and running and (chinese_before or _HAN.match(b)) and (b in OPENING or _is_han_or_digit(b)):
        return f"{_describe(text, g.start, g.end)} after {a}"
    if b in OPENING and running and (chinese_after or _HAN.match(a)) and (a in CLOSING or _is_han_or_digit(a)):
        return f"{_describe(text, g.start, g.end)} before {b}"
    return None


def inserted_spaces(doc: Document, rule: Rule) -> Iterable[Violation]:
    """Spaces around full-width punctuation (``scope = "punctuation"``) or between Han characters
    (``scope = "han"``) inside running text."""
    if not _has_gap_candidates(doc.text):
        return
    scope = rule.option("scope") or "punctuation"
    f = _facts(doc)
    check = _punctuation_gap if scope == "punctuation" else _han_gap
    title = "delete the space"
    for g in f.gaps:
        why = check(f, g)
        if why:
            yield Violation(g.start, g.end, why, _delete(g.start, g.end, title))


# --- SP002: spaces between Han characters ---------------------------------------------------------


def _han_gap(f: _Doc, g: Gap) -> str | None:
    if _HAN.match(g.before) is None or _HAN.match(g.after) is None:
        return None
    if f.after_marker(g) or f.in_credit(g.line, g.start):
        return None  # 第一条 根据 / 一是 …; 本报记者 朱江 摄
    # titles, name lists, TOC keep their spaces; a doubled one inside a clause is still damage
    if not f.running(g.line) and not (g.width > 1 and f.kind(g.line) in _CLAUSE_KINDS and f.prose(g.line)):
        return None
    if g.start in f.run_gap_starts:
        return None  # reported once for the whole run by letter-spaced-run
    what = _describe(f.text, g.start, g.end)
    if g.width > 1:
        return f"{what} between Chinese characters"
    if f.enclosed(g.start, g.end):
        return None  # “践行新风尚 文明吉林人”, 《…》, (组长:吴贞淑 副组长:王春宇)
    return f"{what} between Chinese characters inside a sentence"


# --- SP003: letter-spaced runs -------------------------------------------------------------------


def letter_spaced_runs(doc: Document, rule: Rule) -> Iterable[Violation]:
    """``以 问 题 导 向``: every gap of the run removed by one fix."""
    if not _has_gap_candidates(doc.text):
        return
    f = _facts(doc)
    for r in f.runs:
        chars = f.text[r.start:r.end:2]
        message = (f"letter-spaced {'digits' if r.what == 'digit' else 'characters'} "
                   f"“{f.text[r.start:r.end]}” ({len(chars)} characters, {len(r.gaps)} spaces)")
        fix = Fix(tuple(Edit(a, b, "") for a, b in r.gaps), Applicability.SAFE, f"join “{chars}”")
        yield Violation(r.start, r.end, message, fix, data={"joined": chars})


# --- SP004: spacing between Chinese and numbers --------------------------------------------------


@dataclass(frozen=True, slots=True)
class DigitStyle:
    """How a document writes Chinese next to numbers: counts of each way, and the verdict."""

    together: int
    apart: int

    @property
    def total(self) -> int:
        return self.together + self.apart

    def share(self, apart: bool) -> float:
        return (self.apart if apart else self.together) / self.total if self.total else 0.0


def _apart_gaps(f: _Doc) -> Iterator[tuple[int, int]]:
    """Spaces between Chinese and a number that are not layout (page numbers, mastheads)."""
    text = f.text
    for g in f.gaps:
        s, e = g.start, g.end
        if _HAN.match(g.before) is not None:
            if not (g.after in DIGITS and _NUM_AFTER.match(text, e)):
                continue
        elif _HAN.match(g.after) is not None:
            if not ((g.before in DIGITS or g.before in "%％") and _NUM_BEFORE.search(text, max(0, s - 32), s)):
                continue
        else:
            continue
        if not f.running(g.line) or not f.prose(g.line):
            continue  # 省体育局课题组 13, 邮 编 130051, (月·总第 247 期), 专业界 200人
        end = f.st.line(g.line).content_end
        if not text[e:end].strip(DIGITS + ".,%．％"):
            continue  # a trailing number: page number or a field's value
        if f.after_marker(g) and f.st.siblings(g.line, reach=40, limit=1):
            continue  # 1 强化政治机关意识 / 2 …: a numbered list
        yield s, e


def count_together(text: str) -> int:
    return len(_TOGETHER_BEFORE.findall(text)) + len(_TOGETHER_AFTER.findall(text))


def digit_style(doc: Document, count_all: bool = False) -> DigitStyle:
    """Counts of each way; with no spaced number the together count is not needed (and skipped)
    unless ``count_all``."""
    f = _facts(doc)

    def compute() -> DigitStyle:
        apart = sum(1 for _ in _apart_gaps(f))
        together = count_together(doc.text) if apart or count_all else 0
        return DigitStyle(together, apart)

    return doc.memo(f"spacing.digit-style.{count_all}", compute)  # type: ignore[no-any-return]


def cjk_digit_spacing(doc: Document, rule: Rule) -> Iterable[Violation]:
    """Chinese and numbers written apart (or together) against the style in force.

    ``style = "never"`` reports every space; ``"always"`` reports every missing space but never
    adds one; ``"consistent"`` follows the document's majority and reports the minority only.
    A fix that follows a clear majority (``safe-majority``) is safe; one that follows a slim
    majority, or a genre default for want of evidence, is unsafe.
    """
    text = doc.text
    style = (rule.option("style") or "consistent").lower()
    if style not in ("never", "always", "consistent"):
        raise ValueError(f"style must be never, always or consistent, not {style!r}")
    f = _facts(doc)
    ds = digit_style(doc, count_all=style == "always")
    threshold = float(rule.option("safe-majority") or 0.9)
    min_evidence = int(rule.option("min-evidence") or 6)
    if style == "consistent":
        if ds.total < min_evidence:
            want_apart, applicability, basis = False, Applicability.UNSAFE, "too few numbers to tell a house style"
        elif ds.together > ds.apart:
            want_apart = False
            applicability = Applicability.SAFE if ds.share(False) >= threshold else Applicability.UNSAFE
            basis = f"the document writes them together {ds.together} of {ds.total} times"
        elif ds.apart > ds.together:
            want_apart, applicability = True, None
            basis = f"the document writes them apart {ds.apart} of {ds.total} times"
        else:
            return
    else:
        want_apart = style == "always"
        applicability = Applicability.SAFE
        basis = f"style = {style}"
    if not want_apart:
        for s, e in _apart_gaps(f):
            fix = _delete(s, e, "delete the space", applicability) if applicability else None
            yield Violation(s, e, f"space between Chinese and a number; {basis}", fix,
                            data={"together": ds.together, "apart": ds.apart})
    else:
        found = sorted([m.start() for m in _TOGETHER_BEFORE.finditer(text)]
                       + [m.end() for m in _TOGETHER_AFTER.finditer(text)])
        for s in found:
            if not f.running(f.st.line_at(s)):
                continue
            yield Violation(s, s, f"no space between Chinese and a number; {basis}",
                            data={"together": ds.together, "apart": ds.apart})
