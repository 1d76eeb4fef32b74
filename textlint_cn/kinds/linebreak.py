"""Line breaks that cut a sentence: hard wraps, page-break splits, wrapped headings, split TOC entries.

A break is only questioned when the line before it ends without sentence-final punctuation (one
regex scan finds those). Each is then judged from evidence in the document itself, with the line
classification of ``structure.py``:

- local evidence that the sentence runs on: the next line starts with punctuation that cannot
  open text, the line ends on an opening bracket or leaves a quote open that the next line closes,
  the next line is a short fragment followed by punctuation (a link split), the first clause of
  the next line is one or two characters (``员，`` / ``因。``), the line ends with a comma, the
  text around it is hard-wrapped at one width, the document separates paragraphs by blank lines
  but not here, the two characters at the seam form a word the text uses nearby;
- what the lines are: headings, titles, bylines, notes, masthead, markup and TOC lines keep their
  breaks; an enumerated heading is wrapped only when its siblings run on into their text;
- the document's habit: a line of running text that stops mid-sentence with no local evidence
  is joined (unsafely) only where most such lines of the document show evidence of a cut.

Every rule of the family reads one memoised list of judged breaks. The fix deletes the break,
any blank or space-only lines between the halves and the spaces at the seam, so the Han
characters and digits are exactly those of the input.
"""
from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

from .._types import Applicability
from ..diagnostics import Fix, Violation
from ..document import Document
from ..ruleset import Rule
from .structure import (
    CLOSERS,
    FINAL_PUNCT,
    OPENERS,
    LineKind,
    Structure,
    ends_sentence,
    enumeration,
    has_sentence_inside,
    structure,
)

MEMO_KEY = "linebreak.breaks"


class BreakKind(enum.Enum):
    WRAP = "wrap"  # a sentence cut at a line end, the halves on adjacent lines
    PAGE = "page"  # a sentence cut with blank or space-only lines between the halves
    HEADING = "heading"  # an enumerated heading wrapped onto the next line
    TOC = "toc"  # a table-of-contents entry split from its leader, author or page number
    UNFINISHED = "unfinished"  # a paragraph stops mid-sentence and the next block is not its rest


@dataclass(frozen=True, slots=True)
class Break:
    """A judged line break: the span from the end of one line's text to the next line's text."""

    start: int
    end: int
    before: int  # index of the line before the break
    after: int  # index of the next non-blank line
    kind: BreakKind
    applicability: Applicability | None  # how safe joining is; None: report only
    joiner: str  # what replaces the span: "" or, between two Latin words, " "
    evidence: str  # why, in a few words, for the message
    head: str  # the last characters before the break
    tail: str  # the first characters after it


@dataclass(frozen=True, slots=True)
class _Pending:
    """A verdict resting on the document's habit: decided once every break is judged."""

    cut: BreakKind
    evidence: str


Verdict = tuple[BreakKind, Applicability | None, str]
_KEEP: Verdict = (BreakKind.WRAP, None, "keep")  # a seam that is layout, whatever the lines are

# The scan skips only breaks right after final punctuation or another break; the judge checks the
# rest (trailing spaces, closing quotes after a full stop) on the line itself.
_OPEN_END = regex.compile(rf"(?<![{regex.escape(FINAL_PUNCT.replace('.', '').replace('．', ''))}\r\n])(?:\r\n|\r|\n)")
# Punctuation that cannot start a line of its own text: the line before must go on.
_CONTINUES = frozenset("，,、。．.；;：:！!？?）)》〉」』”’】]…%％")
_CLAUSE_END = regex.compile(r"[。！？!?；;，,：:]")
_HAN = regex.compile(r"\p{Han}")
_NUMBER_END = regex.compile(r"(?<![\d\s.．])\d+[.．]?$")  # 规模近9. / 8万亿元; not a page number after a space
_WORDS_ONLY = regex.compile(r"[\p{L}\p{N}]+$")
_LATIN_LETTER = regex.compile(r"[A-Za-z]")
_SPLIT_TITLE = regex.compile(r"\p{Han}[”」』》）)]?[ \u3000]+[“「『《（(]?\p{Han}")
_PAIRS = (("“", "”"), ("‘", "’"), ("《", "》"), ("（", "）"), ("(", ")"), ("「", "」"), ("『", "』"), ("【", "】"))
_OPENING_CHARS = "".join(o for o, _ in _PAIRS)
# Two-character words that open a sentence: a next line starting ``为此，`` is no fragment.
_OPENING_WORDS = frozenset((
    "因此", "为此", "同时", "此外", "对此", "目前", "其中", "然而", "但是", "可见", "总之", "首先", "其次", "再次",
    "最后", "另外", "当前", "近年", "今年", "去年", "明年", "所以", "因而", "从而", "如今", "那么", "于是", "比如",
    "例如", "另一", "一方", "第一", "第二", "第三", "第四", "第五", "其一", "其二", "其三", "不过", "而且", "并且",
    "如果", "虽然", "尽管", "只有", "只要", "这样", "那样", "由此", "据此", "之后", "随后", "然后", "接着", "特别",
    "尤其", "当然", "显然", "事实", "实际", "总体", "一是", "二是", "三是", "四是", "五是", "六是", "一要", "二要",
    "三要", "比较", "相比", "对比", "截至", "其实", "确实", "诚然", "应该", "必须", "我们", "他们", "大家", "同志",
    "各位", "会议", "全会", "报告", "文件", "通知", "意见", "规定",
))
# The commonest characters of Chinese text: a pair with one of them meets by chance too often.
_COMMON = frozenset("的一是在不了有和人这中大为上个国我以要他时来们到地于出就对成会可也能下过子说而后多所得之着等都与及其把被从或并且但向将年")
# Words that cannot end a sentence or a heading (和, 与, 及 join two things; 把, 被 need their
# object), with the characters before them that make a word that can (缓和, 参与, 涉及).
_DANGLING = {"和": "缓总温调饱平柔谐暖附", "与": "参给赋", "及": "涉普波危顾不以来企论", "或": "", "把": "",
             "被": "棉", "并": "合兼吞归", "且": "", "但": "", "又": "", "再": "一不"}
_WINDOW = 8192  # word counts look at the 16-24k characters around a break

# Lines after which a break is kept, and lines before which it is kept.
_KEEP_AFTER = (LineKind.MASTHEAD, LineKind.NOTE, LineKind.BYLINE, LineKind.MARKUP, LineKind.LATIN)
_KEEP_BEFORE = (LineKind.MARKUP, LineKind.TOC, LineKind.BYLINE, LineKind.NOTE, LineKind.MASTHEAD, LineKind.LATIN)
_RUNNING = (LineKind.BODY, LineKind.ITEM)

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def cn_number(marker: str) -> int | None:
    """The number an enumeration marker stands for: ``（三）`` -> 3, ``十二、`` -> 12, ``⑤`` -> 5."""
    digits = "".join(ch for ch in marker if ch.isdecimal())
    if digits:
        return int(digits)
    for ch in marker:
        for first, last in (("①", "⑳"), ("⑴", "⒇"), ("⒈", "⒛")):
            if first <= ch <= last:
                return ord(ch) - ord(first) + 1
    core = "".join(ch for ch in marker if ch in _CN_DIGITS or ch in "十〇两")
    if not core:
        return None
    if "十" in core:
        tens, _, units = core.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)
    return _CN_DIGITS.get(core[0])


class _Judge:
    """Judges the candidate breaks of one document."""

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.st: Structure = structure(doc)
        self._counts: dict[tuple[str, int], int] = {}
        self.evidenced = 0  # breaks after running text with local evidence of a cut
        self.unexplained = 0  # breaks after running text without

    def breaks(self) -> list[Break]:
        """Every judged break of the document, in order.

        Breaks after running text that show no local sign of a cut are joined (unsafely) only
        where at least as many such breaks of the document do show one: in a document damaged
        by wrapping the rest are the same damage; in a clean one they are its style (a paragraph
        that states its point without a full stop, a run-in heading sentence).
        """
        st = self.st
        found: list[Break] = []
        pending: list[Break] = []
        last = -1
        for m in _OPEN_END.finditer(self.text):
            a = st.line_at(m.start())
            if a != last:
                last = a
                self._judge(a, found, pending)
        if pending and self.evidenced and self.evidenced >= self.unexplained:
            found.extend(pending)
            found.sort(key=lambda b: b.start)
        return found

    def _judge(self, a: int, found: list[Break], pending: list[Break]) -> None:
        st = self.st
        c = st.next_nonblank(a, 200)
        if c is None:
            return
        sa, sc = st.stripped(a), st.stripped(c)
        if not sa or not sc or ends_sentence(sa):
            return
        verdict = self._verdict(a, c, sa, sc, c - a - 1)
        if verdict is None:
            return
        joiner = " " if _LATIN_LETTER.match(sa[-1]) and _LATIN_LETTER.match(sc[0]) else ""
        start, end = st.line(a).content_end, st.line(c).content_start
        if isinstance(verdict, _Pending):
            pending.append(Break(start, end, a, c, verdict.cut, Applicability.UNSAFE, joiner,
                                 verdict.evidence, sa[-6:], sc[:6]))
        else:
            kind, applicability, evidence = verdict
            found.append(Break(start, end, a, c, kind, applicability, joiner, evidence, sa[-6:], sc[:6]))

    # --- the verdict ------------------------------------------------------------------------

    def _verdict(self, a: int, c: int, sa: str, sc: str, gap: int) -> Verdict | _Pending | None:
        st = self.st
        cut = BreakKind.PAGE if gap else BreakKind.WRAP
        verdict = self._seam(a, c, sa, sc, cut)
        if verdict is not None:
            return None if verdict is _KEEP else verdict
        ka, kc = st.kind(a), st.kind(c)
        if ka is LineKind.TOC or st.is_toc_leader(c):
            return self._toc_entry(a, c, sa, sc, ka, kc)
        if ka in _KEEP_AFTER or kc in _KEEP_BEFORE:
            return None
        if kc in (LineKind.HEADING, LineKind.ITEM) and st.enumeration(c) is not None:
            return None  # the next line starts an item of a list
        if ka is LineKind.HEADING:
            return self._wrapped_heading(a, sa, sc, gap)
        if kc is LineKind.TITLE and self._article_start(c):
            if ka is not LineKind.TITLE and has_sentence_inside(sa) and not self._list_item(a, sa, sc):
                return BreakKind.UNFINISHED, None, "paragraph stops mid-sentence before a new title"
            return None

        safe = Applicability.SAFE
        evidence, strong = self._evidence(a, c, sa, sc)
        running = ka is not LineKind.TITLE and has_sentence_inside(sa)
        if sa[-1] in "，,、" and ka is not LineKind.TITLE:
            if self._list_item(a, sa, sc) and not st.in_wrapped_run(a):
                return None  # 委员长， / 副委员长若干人， / 秘书长，
            self.evidenced += 1
            return cut, safe, evidence or f"line ends with '{sa[-1]}'"
        if evidence is not None and (strong or running):
            self.evidenced += running
            return cut, safe, evidence
        if evidence is not None:  # a word cut in two after a heading-shaped line
            return _Pending(cut, evidence + ", as in many lines of this document")
        if kc is not LineKind.BODY or ka is LineKind.TITLE:
            return None
        self.unexplained += running
        return _Pending(cut, "line stops mid-sentence, as many do in this document")

    def _seam(self, a: int, c: int, sa: str, sc: str, cut: BreakKind) -> Verdict | None:
        """Evidence at the seam itself, whatever the lines are (``_KEEP``: keep the break)."""
        st = self.st
        safe = Applicability.SAFE
        e = enumeration(sa)
        if e is not None and len(e.marker) == len(sa) and e.family not in ("bullet", "latin"):
            return cut, safe, f"'{sa}' is only an enumeration marker"
        if len(sa) <= 4 and _WORDS_ONLY.match(sa) and (
                (len(sc) <= 4 and _WORDS_ONLY.match(sc)) or not sc.strip(CLOSERS)):
            return _KEEP  # stacked labels or names: 【字号：加大 / 还原 / 减小 / 】
        if len(sc) <= 30 and not has_sentence_inside(sc) and not ends_sentence(sc):
            d = st.next_nonblank(c, 2)
            if d is not None and st.stripped(d)[:1] in _CONTINUES and st.stripped(d)[:1] not in ".…":
                return cut, safe, "the next line is a fragment of this sentence"
        if sc[0].isdigit() and _NUMBER_END.search(sa) and _HAN.search(sa) and st.kind(c) is not LineKind.NOTE:
            return cut, safe, "a number cut in two"
        if sc[0] in _CONTINUES and not st.is_toc_leader(c):
            return cut, safe, f"next line starts with '{sc[0]}'"
        if sa[-1] in OPENERS:
            return cut, safe, f"line ends with '{sa[-1]}'"
        opener = self._open_quote(sa, sc)
        if opener and st.kind(a) not in (LineKind.MARKUP, LineKind.TOC):
            return cut, safe, f"'{opener}' is closed on the next line"
        return None

    def _toc_entry(self, a: int, c: int, sa: str, sc: str, ka: LineKind, kc: LineKind) -> Verdict | None:
        """A table-of-contents title followed by its ``..... author page`` line, or wrapped."""
        st = self.st
        if st.is_toc_leader(c) and not st.is_toc_leader(a) and not st.has_page_number(a):
            if ka in (LineKind.TOC, LineKind.TITLE, LineKind.BODY, LineKind.HEADING):
                return BreakKind.TOC, Applicability.SAFE, "title split from its leader and page number"
            return None
        if (ka is LineKind.TOC and kc is LineKind.TOC and st.has_page_number(c) and not st.has_page_number(a)
                and len(sa) >= 10 and len(sc) >= 4 and _HAN.match(sa[-1])):
            return BreakKind.TOC, Applicability.UNSAFE, "entry wrapped before its page number"
        return None

    def _evidence(self, a: int, c: int, sa: str, sc: str) -> tuple[str | None, bool]:
        """Evidence in the lines around the break that the sentence runs on, and if it is strong."""
        st = self.st
        if st.in_wrapped_run(a):
            return "text hard-wrapped at a fixed width", True
        m = _CLAUSE_END.search(sc, 0, 4)
        if m is not None and sc[m.start()] not in "：:" and (
                m.start() <= 1 or (m.start() == 2 and (sc[2] not in "，," or sc[:2] not in _OPENING_WORDS))):
            return f"'{sc[:m.end()]}' cannot stand alone", True
        e = st.enumeration(a)
        if e is not None and e.family == "article" and _HAN.match(sa[-1]):
            return "an article stops mid-sentence", True
        dangling = _DANGLING.get(sa[-1])
        if dangling is not None and sa[-2:-1] not in dangling and _HAN.match(sc[0]):
            return f"line ends with '{sa[-1]}'", True
        if sc[0] in "的们" and not sc.startswith("的确") and _HAN.match(sa[-1]):
            return f"next line starts with '{sc[0]}'", True
        if a + 1 == c and st.blank_separated:
            return "paragraphs here are separated by blank lines", st.kind(a) is not LineKind.TITLE
        if a + 1 < c and st.single_spaced and (st.kind(a) is LineKind.ITEM or has_sentence_inside(sa)):
            return "paragraphs here follow each other without blank lines", True
        if self._word_across(sa, sc, st.line(a).end):
            return f"'{sa[-1]}{sc[0]}' is a word cut in two", False
        return None, False

    # --- headings, titles, lists --------------------------------------------------------------

    def _wrapped_heading(self, a: int, sa: str, sc: str, gap: int) -> Verdict | None:
        """An enumerated heading with no punctuation: wrapped, or standing alone?

        Wrapped when its siblings run on into their text (``（二）标题。正文…``, or list items
        closed by a semicolon) and a blank line cuts it in a document whose paragraphs have none,
        or the next line begins with the short rest of a heading closed by a full stop; closed by a comma,
        the seam must also read as one word, since a body may open with a short clause
        (``我国的建设、改革和开放，…``).
        """
        inline, in_sequence = self._siblings_run_on(a)
        if not inline:
            return None
        if gap and self.st.single_spaced:
            return BreakKind.PAGE, Applicability.SAFE, "paragraphs here follow each other without blank lines"
        m = _CLAUSE_END.search(sc)
        rest = m.start() if m is not None else len(sc)
        if rest > 20 or (m is None and len(sc) > 16):
            return None
        title = "heading wrapped onto the next line"
        if m is not None and sc[m.start()] in "。．.！!？?" and in_sequence:
            return BreakKind.HEADING, Applicability.SAFE, title
        if rest <= 12 and self._word_across(sa, sc, self.st.line(a).end):
            return BreakKind.HEADING, Applicability.SAFE if in_sequence else Applicability.UNSAFE, title
        return None

    def _siblings_run_on(self, i: int) -> tuple[bool, bool]:
        """(the siblings of heading ``i`` run on into their text, the evidence is its neighbours).

        The neighbours are the nearest sibling numbered one less before the heading and one more
        after it; failing those, the siblings nearby vote.
        """
        st = self.st
        e = st.enumeration(i)
        if e is None:
            return False, False
        number = cn_number(e.marker)
        neighbours = []
        if number is not None:
            for step in (-1, 1):
                j = st.sibling_in_sequence(i, step, number + step, cn_number)
                if j is not None:
                    neighbours.append(j)
        chosen = neighbours or st.siblings(i)
        inline = sum(1 for j in chosen if st.kind(j) in _RUNNING or st.stripped(j)[-1:] in "；;")
        if neighbours:
            return inline == len(neighbours), True
        return inline >= 2 and inline >= 2 * (len(chosen) - inline), False

    def _article_start(self, c: int) -> bool:
        """Line ``c`` opens a new piece: a title followed by a byline, a subtitle or another title."""
        st = self.st
        nxt = st.next_nonblank(c, 8)
        if nxt is None or st.kind(nxt) in (LineKind.BYLINE, LineKind.TITLE, LineKind.NOTE):
            return True
        return st.stripped(nxt).startswith("——") or bool(_SPLIT_TITLE.search(st.stripped(c)))

    def _list_item(self, a: int, sa: str, sc: str) -> bool:
        """Parallel lines: short items ending alike (委员长， / 副委员长若干人，) or repeating a lead."""
        if len(sa) >= 2 and sc.startswith(sa[:2]) and sa[:2] not in _OPENING_WORDS:
            return True
        p = self.st.prev_nonblank(a, 3)
        if p is None:
            return False
        sp = self.st.stripped(p)
        if sp[-1:] == sa[-1:] and len(sa) >= 2 and sp.startswith(sa[:2]) and sa[:2] not in _OPENING_WORDS:
            return True  # the last of parallel items: 为悼念…， / 为悼念…， / 全体起立
        if len(sa) > 24 or len(sc) > 24:
            return False
        return sp[-1:] in ("：", ":") or (len(sp) <= 24 and sp[-1:] == sa[-1:])

    # --- lexical evidence ---------------------------------------------------------------------

    @staticmethod
    def _open_quote(sa: str, sc: str) -> str | None:
        """An opening quote or bracket of ``sa`` left open and closed early in ``sc``."""
        if not any(o in sa for o in _OPENING_CHARS):
            return None
        for o, cl in _PAIRS:
            if o in sa and sa.count(o) > sa.count(cl):
                close, again = sc.find(cl), sc.find(o)
                if close >= 0 and (again < 0 or close < again):
                    return o
        return None

    def _count(self, s: str, near: int) -> int:
        """How often ``s`` occurs in the text around offset ``near`` (all of a small text)."""
        bucket = near // _WINDOW
        key = (s, bucket)
        n = self._counts.get(key)
        if n is None:
            lo = max(0, (bucket - 1) * _WINDOW)
            n = self._counts[key] = self.text.count(s, lo, lo + 3 * _WINDOW)
        return n

    def _word_across(self, sa: str, sc: str, near: int) -> bool:
        """The characters either side of the break form a word the text uses nearby.

        The pair must occur again; a pair with one of the commonest characters must occur three
        times and with a neighbour, so that common characters meeting by chance do not count.
        """
        x, y = sa[-1], sc[0]
        if not _HAN.match(x) or not _HAN.match(y):
            return False
        seen = self._count(x + y, near)
        if x in _COMMON or y in _COMMON:
            return seen >= 3 and self._count(sa[-2:] + y, near) + self._count(x + sc[:2], near) >= 2
        return seen >= 1


def judged_breaks(doc: Document) -> list[Break]:
    """Every break of ``doc`` judged to cut a sentence or an entry (memoised per document)."""
    return doc.memo(MEMO_KEY, lambda: _Judge(doc).breaks())  # type: ignore[no-any-return]


_MESSAGES = {
    BreakKind.WRAP: "line broken mid-sentence ({evidence}): '{head}' / '{tail}'",
    BreakKind.PAGE: "paragraph split by blank lines mid-sentence ({evidence}): '{head}' / '{tail}'",
    BreakKind.HEADING: "heading wrapped onto the next line: '{head}' / '{tail}'",
    BreakKind.TOC: "table-of-contents entry split across lines ({evidence}): '{head}' / '{tail}'",
    BreakKind.UNFINISHED: "paragraph stops mid-sentence and the next block is a new title: '{head}' / '{tail}'",
}
_FIX_TITLES = {
    BreakKind.WRAP: "join the lines",
    BreakKind.PAGE: "join the halves and drop the blank lines between them",
    BreakKind.HEADING: "join the heading onto one line",
    BreakKind.TOC: "join the entry onto one line",
}


def _violations(doc: Document, kind: BreakKind) -> Iterator[Violation]:
    if "\n" not in doc.text and "\r" not in doc.text:
        return
    for b in judged_breaks(doc):
        if b.kind is not kind:
            continue
        fix = None
        if b.applicability is not None and kind in _FIX_TITLES:
            fix = Fix.replace(b.start, b.end, b.joiner, b.applicability, _FIX_TITLES[kind])
        message = _MESSAGES[kind].format(evidence=b.evidence, head=b.head, tail=b.tail)
        yield Violation(b.start, b.end, message, fix, data={"evidence": b.evidence, "line": b.before + 1})


def broken_wraps(doc: Document, rule: Rule) -> Iterable[Violation]:
    """LB001: a sentence cut at a line end, the halves on adjacent lines."""
    return _violations(doc, BreakKind.WRAP)


def page_splits(doc: Document, rule: Rule) -> Iterable[Violation]:
    """LB002: a sentence cut with blank or space-only lines between its halves."""
    return _violations(doc, BreakKind.PAGE)


def wrapped_headings(doc: Document, rule: Rule) -> Iterable[Violation]:
    """LB003: an enumerated heading wrapped onto the next line."""
    return _violations(doc, BreakKind.HEADING)


def split_toc_entries(doc: Document, rule: Rule) -> Iterable[Violation]:
    """LB004: a table-of-contents title split from its leader, author or page number."""
    return _violations(doc, BreakKind.TOC)


def unfinished_paragraphs(doc: Document, rule: Rule) -> Iterable[Violation]:
    """LB005: a paragraph stops mid-sentence and the next block is a new title, not its rest."""
    return _violations(doc, BreakKind.UNFINISHED)
