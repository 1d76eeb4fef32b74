"""Scrape and layout residue: portal furniture, running page headers and numbers, tables of
contents, end-of-article marks and source lines.

None of this is the author's text. Each check finds its few candidate lines with scans that open
on a literal (a line break, a marker, a phrase), which ``re`` runs at memory speed, and only then
looks at lines and their neighbours; line tables come from the shared structure analysis.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

import regex

from .._types import Applicability
from ..diagnostics import Edit, Fix, Violation
from ..document import Document
from ..ruleset import Rule
from .structure import BLANK_CHARS, Structure, ends_sentence, structure

_WS = " \t\u3000\u00a0"
_SENTENCE_PUNCT = regex.compile(r"[。！？!?]")


def _line_extent(st: Structure, first: int, last: int) -> tuple[int, int]:
    """From the start of line ``first`` to the start of the line after ``last`` (its break included)."""
    start = st.line(first).start
    end = st.line(last + 1).start if last + 1 < st.line_count else len(st.text)
    return start, end


def _remove_lines(st: Structure, first: int, last: int) -> Edit:
    start, end = _line_extent(st, first, last)
    if last + 1 >= st.line_count and first > 0:
        # the last line of the text: take the break before it instead, so no blank line is left
        start = st.line(first - 1).end
    return Edit(start, end, "")


def _remove_runs(st: Structure, lines: list[int]) -> tuple[Edit, ...]:
    """One edit per run of consecutive lines, each run removed with its line break."""
    runs: list[list[int]] = []
    for k in sorted(lines):
        if runs and k == runs[-1][1] + 1:
            runs[-1][1] = k
        else:
            runs.append([k, k])
    return tuple(_remove_lines(st, a, b) for a, b in runs)


def _content_span(st: Structure, first: int, last: int) -> tuple[int, int]:
    return st.line(first).content_start, st.line(last).content_end


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


@functools.lru_cache(maxsize=64)
def _line_start_patterns(body: str, nl: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(re.escape(nl) + f"(?:{body})"), re.compile(body)


def _at_line_starts(text: str, body: str) -> list[re.Match[str]]:
    """Matches of ``body`` at the start of a line. The scan looks for line breaks, a literal,
    which ``re`` finds far faster than a pattern opening with a character class."""
    nl = "\n" if "\n" in text or "\r" not in text else "\r"
    after_break, at_start = _line_start_patterns(body, nl)
    first = at_start.match(text)
    found = [first] if first else []
    found.extend(after_break.finditer(text))
    return found


def _literal_hits(text: str, patterns: Iterable[re.Pattern[str]]) -> list[int]:
    """Start offsets of several literal-led patterns, one fast scan each."""
    return sorted(m.start() for p in patterns for m in p.finditer(text))


# --- portal furniture -----------------------------------------------------------------------

_SEPARATORS = r"[\s|｜/／>＞»›<《》〈〉·•,，、:：【】\[\]()（）×✕\-—]"
_LINE_SEPARATORS = r"[ \t\u3000|｜/／>＞»›<《》〈〉·•,，、:：【】\[\]()（）×✕\-—]"


@dataclass(frozen=True)
class _FurniturePatterns:
    starts: str  # a line that opens with a strong phrase or a breadcrumb label (an ``re`` body)
    line: regex.Pattern[str]  # a whole line of phrases and separators
    weak_line: regex.Pattern[str]  # a line of weak phrases and separators only


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


@functools.lru_cache(maxsize=16)
def _furniture_patterns(strong: tuple[str, ...], weak: tuple[str, ...]) -> _FurniturePatterns:
    s, w = _alternation(strong), _alternation(weak)
    counter = r"(?:[ \t\u3000]*[:：]?[ \t\u3000]*\d{1,9})?"
    every = f"(?:{s}|{w})" if w else f"(?:{s})"
    return _FurniturePatterns(
        starts=f"{_LINE_SEPARATORS}*(?:{s}|(?:您的|当前|所在)?位置|首页)",
        line=regex.compile(f"{_SEPARATORS}*(?:{every}{counter}{_SEPARATORS}*)+"),
        weak_line=regex.compile(f"{_SEPARATORS}*(?:(?:{w}){_SEPARATORS}*)*" if w else f"{_SEPARATORS}*"),
    )


_INLINE_ITEMS = (r"[ \t\u3000]*(?:字[号体][ \t\u3000]*[:：][ \t\u3000]*(?:[大中小]|加大|减小|还原|默认|[ \t\u3000])+"
                 r"|打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|返回顶部|收藏本页|收藏|我要纠错|纠错)[ \t\u3000]*")
_INLINE_FURNITURE = (re.compile(f"【{_INLINE_ITEMS}】"), re.compile(f"\\[{_INLINE_ITEMS}\\]"))
_CRUMB_LABEL = regex.compile(r"(?:您的|当前|所在)?位置\s*[:：]\s*(?P<rest>.*)")
_CRUMB_INLINE = regex.compile(
    r"(?:(?:您的|当前|所在)?位置\s*[:：]\s*)?首页(?:\s*[>＞»›/]\s*[^>＞»›/\n。！？]{1,20}?)+\s*[>＞»›]?"
)
_CRUMB_SEP = regex.compile(r"[>＞»›]+")


def _breadcrumb(st: Structure, i: int) -> int | None:
    """Last line of a breadcrumb trail starting at line ``i`` (``您的位置: 首页 > 要闻``), or None."""
    s = st.stripped(i)
    if _CRUMB_INLINE.fullmatch(s):
        return i
    label = _CRUMB_LABEL.fullmatch(s)
    if label is None and s != "首页":
        return None
    if label is not None and label.group("rest") and not _CRUMB_INLINE.fullmatch(label.group("rest")):
        return None
    # a trail over several lines: 首页 / > / 云南要闻
    last, expect_item, seps, item = i, s != "首页" and not (label and label.group("rest")), 0, s
    j = i + 1
    while j < st.line_count and j <= i + 12:
        t = st.stripped(j)
        if not t:
            break
        if _CRUMB_SEP.fullmatch(t):
            seps += 1
            last, expect_item = j, True
        elif expect_item and len(t) <= 20 and not _SENTENCE_PUNCT.search(t):
            last, expect_item, item = j, False, t
        elif t == item and seps:  # the column title repeated under the trail
            last = j
            break
        else:
            break
        j += 1
    if not seps and label is None:
        return None
    return last


def portal_furniture(doc: Document, rule: Rule) -> Iterable[Violation]:
    """Lines of portal chrome (下载 打印 全屏 收藏 【字号：…】, breadcrumbs, share and QR prompts)."""
    text = doc.text
    strong, weak = rule.word_list("words"), rule.word_list("weak-words")
    if not strong:
        return
    pats = _furniture_patterns(strong, weak)
    hits = [m.end() - 1 for m in _at_line_starts(text, pats.starts)]
    inline = sorted((m for p in _INLINE_FURNITURE for m in p.finditer(text)), key=lambda m: m.start())
    if not hits and not inline:
        return
    st = structure(doc)
    furniture: set[int] = set()
    crumb_lines: set[int] = set()
    for pos in hits:
        i = st.line_at(pos)
        if i in furniture or i in crumb_lines:
            continue
        if pats.line.fullmatch(st.stripped(i)):
            furniture.add(i)
            continue
        last = _breadcrumb(st, i)
        if last is not None:
            crumb_lines.update(range(i, last + 1))

    def member(j: int) -> bool:
        t = st.stripped(j)
        return j in furniture or j in crumb_lines or bool(t and pats.weak_line.fullmatch(t))

    covered: set[int] = set()
    blocks: list[tuple[int, int]] = []
    for i in sorted(furniture | crumb_lines):
        if i in covered:
            continue
        first = last = i
        # grow over furniture, weak-only lines (大 / 中 / 小 / 】 / ×) and blank lines inside the block
        j = i + 1
        while j < st.line_count:
            if member(j):
                last = j
                j += 1
            elif st.is_blank(j):
                nb = st.next_nonblank(j, 2)
                if nb is None or not member(nb):
                    break
                j = nb
            else:
                break
        while first > 0 and not st.is_blank(first - 1) and member(first - 1) \
                and not _CRUMB_SEP.fullmatch(st.stripped(first - 1)):
            first -= 1
        covered.update(range(first, last + 1))
        blocks.append((first, last))
    for first, last in blocks:
        start, end = _content_span(st, first, last)
        shown = " ".join(st.stripped(k) for k in range(first, last + 1) if st.stripped(k))
        fix = Fix((_remove_lines(st, first, last),), Applicability.SAFE, "remove the portal furniture")
        kind = "breadcrumb" if first in crumb_lines or last in crumb_lines else "furniture"
        yield Violation(start, end, f"portal {'breadcrumb' if kind == 'breadcrumb' else 'furniture'}: {_short(shown)}",
                        fix, data={"kind": kind, "lines": last - first + 1})
    for m in inline:
        if st.line_at(m.start()) in covered:
            continue
        a, b = m.span()
        while a > 0 and text[a - 1] in " \t\u3000":
            a -= 1
        yield Violation(m.start(), m.end(), f"portal furniture: {m.group(0)}",
                        Fix.replace(a, b, "", Applicability.SAFE, "remove the portal furniture"),
                        data={"kind": "furniture", "lines": 0})


# --- running headers, footers and page numbers ----------------------------------------------

_PAGE_LINE = regex.compile(
    r"(?:[-—–－―─]{1,3}[ \t\u3000]*\d{1,4}[ \t\u3000]*[-—–－―─]{1,3}"
    r"|第[ \t\u3000]*\d{1,4}[ \t\u3000]*页(?:[ \t\u3000]*[/，,][ \t\u3000]*共[ \t\u3000]*\d{1,4}[ \t\u3000]*页)?"
    r"|共[ \t\u3000]*\d{1,4}[ \t\u3000]*页[ \t\u3000]*第[ \t\u3000]*\d{1,4}[ \t\u3000]*页"
    r"|[Pp]age[ \t]*\d{1,4}(?:[ \t]*(?:of|/)[ \t]*\d{1,4})?"
    r"|\d{1,4}[ \t\u3000]*/[ \t\u3000]*\d{1,4}"
    r"|[·•][ \t\u3000]*\d{1,4}[ \t\u3000]*[·•])"
)
# Line-start bodies for _at_line_starts: a page number line, a bare number line, a short line.
_PAGE_BODY = (
    r"[ \t\u3000\f]*(?:[-—–－―─]{1,3}[ \t\u3000]*\d{1,4}[ \t\u3000]*[-—–－―─]{1,3}|第[ \t\u3000]*\d{1,4}[ \t\u3000]*页"
    r"|共[ \t\u3000]*\d|[Pp]age[ \t]*\d|\d{1,4}[ \t\u3000]*/[ \t\u3000]*\d|[·•][ \t\u3000]*\d)"
)
_BARE_BODY = r"[ \t\u3000\f]*(\d{1,4})[ \t\u3000\f]*(?=\r|\n)"
_ENUM_START = regex.compile(r"[一二三四五六七八九十]{1,3}[、是]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,3}[.、．]|第[一二三四五六七八九十\d]+[章节条]")


_HAN_CHAR = regex.compile(r"\p{Han}")
_FOUR_HAN = regex.compile(r"(?:[^\p{Han}]*\p{Han}){4}")


def _header_like(s: str) -> bool:
    """A running header: a few words of its own, not a number, a fragment or a sentence."""
    return bool(s) and s[0] not in "，。、；：！？,.;:!?）)”’」』#*-|>" and not ends_sentence(s) \
        and bool(_FOUR_HAN.match(s)) and not _ENUM_START.match(s) and not _page_number(s)


def _page_number(s: str) -> bool:
    return bool(_PAGE_LINE.fullmatch(s))


_CLAUSE_PUNCT = regex.compile(r"[，、；：,;:]")


def _continues(st: Structure, p: int | None, n: int | None) -> bool:
    """Lines ``p`` and ``n`` are two halves of one paragraph: ``p`` is text that stops mid-sentence.

    A line with no clause punctuation of at most 40 characters may be a heading, which ends
    without a full stop too, so it does not count.
    """
    if p is None or n is None:
        return False
    ps, ns = st.stripped(p), st.stripped(n)
    if len(ps) < 10 or ends_sentence(ps):
        return False
    if not (len(ps) > 40 or _CLAUSE_PUNCT.search(ps)):
        return False
    # 《\n国家中长期科学和技术发展规划纲要\n》, M\n2\n增长: a link or a subscript split onto its own
    # line, not a page break
    if ps[-1] in "《“‘（(「『【〔" or not _HAN_CHAR.match(ps[-1]) and ps[-1] not in "，、；：,;:" \
            or ns[0] in "，。、；：！？,.;:!?）)》”’」』】〕":
        return False
    return not _ENUM_START.match(ns)


def _previous_line(text: str, offset: int, nl: str) -> str:
    """The nearest non-empty line before the line starting at ``offset``."""
    end = offset - 1
    while end > 0:
        start = text.rfind(nl, 0, end) + 1
        if start < end:
            return text[start:end]
        end = start - 1
    return ""


def _repeated_lines(text: str, min_repeats: int) -> dict[str, list[int]]:
    """Header-like lines that occur at least ``min_repeats`` times after as many different lines
    that stop mid-sentence, with their offsets.

    Counting whole lines is one ``split`` and a ``Counter``, both in C; only the few repeated
    lines are looked at in Python. The same line after the same text is a repeated document, not a
    running header, and is dropped here before any closer look.
    """
    nl = "\n" if "\n" in text or "\r" not in text else "\r"
    parts = text.split(nl)
    counts = Counter(parts)
    wanted = {k for k, c in counts.items() if c >= min_repeats and 4 <= len(k) <= 40}
    if not wanted:
        return {}
    seen: dict[str, list[tuple[int, str]]] = {}
    if len(wanted) <= 64:
        # few repeated lines (the usual case): one literal-led scan finds them all
        pattern = re.compile(re.escape(nl) + "(" + "|".join(map(re.escape, sorted(wanted, key=len, reverse=True)))
                             + ")(?=" + re.escape(nl) + "|$)")
        found_at = [(m.start(1), m.group(1)) for m in pattern.finditer(text)]
        head = parts[0]
        if head in wanted:
            found_at.insert(0, (0, head))
        for offset, part in found_at:
            seen.setdefault(part, []).append((offset, _previous_line(text, offset, nl)))
    else:
        offset = 0
        last = ""
        for part in parts:
            if part in wanted:
                seen.setdefault(part, []).append((offset, last))
            elif part:
                last = part
            offset += len(part) + 1
    found: dict[str, list[int]] = {}
    for part, occurrences in seen.items():
        contexts = {prev for _, prev in occurrences if prev.strip(BLANK_CHARS) and not ends_sentence(prev.strip(BLANK_CHARS))}
        if len(contexts) >= min_repeats and _header_like(part.strip(BLANK_CHARS)):
            found.setdefault(part.strip(BLANK_CHARS), []).extend(off for off, _ in occurrences)
    return found


def _wrapped(text: str, samples: int = 101) -> bool:
    """Lines are short, as on a page: the median length of the lines at evenly spaced offsets
    is under 60 (sampling by offset favours long lines, so a wrapped text is never missed)."""
    n = len(text)
    if n < 2000:
        return True
    lengths = []
    for k in range(samples):
        pos = n * k // samples
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        lengths.append((end if end >= 0 else n) - start)
    lengths.sort()
    return lengths[samples // 2] < 60


def _neighbour(st: Structure, i: int, step: int, skip: str) -> int | None:
    """The nearest text line before (``step=-1``) or after line ``i``, past blank lines, page
    numbers and copies of the header ``skip`` (a header and a page number often come together)."""
    j = i + step
    for _ in range(6):
        if not 0 <= j < st.line_count:
            return None
        t = st.stripped(j)
        if t and t != skip and not _page_number(t):
            return j
        j += step
    return None


def running_headers(doc: Document, rule: Rule) -> Iterable[Violation]:
    """Page numbers, form feeds and repeated header lines left between the pages of a PDF."""
    text = doc.text
    min_repeats = int(rule.option("min-repeats") or 2)
    page_hits = [m.end() - 1 for m in _at_line_starts(text, _PAGE_BODY)]
    has_ff = "\f" in text
    bare = [m.start(1) for m in _at_line_starts(text, _BARE_BODY)]
    st = structure(doc)
    # Headers are searched for where pages left a trace (numbers, form feeds) or where lines are
    # wrapped as on a page; a text of one paragraph a line with no page number has no pages.
    pages_likely = bool(page_hits or has_ff or _wrapped(text))
    candidates = _repeated_lines(text, min_repeats) if pages_likely else {}
    if not page_hits and not has_ff and not bare and not candidates:
        return
    min_gap = int(rule.option("min-gap") or 0)
    headers: dict[str, list[int]] = {}
    for key, at in candidates.items():
        lines = [st.line_at(pos) for pos in at]
        cuts: list[int] = []
        contexts: set[str] = set()
        for pos, i in zip(at, lines):
            p, n = _neighbour(st, i, -1, key), _neighbour(st, i, 1, key)
            if _continues(st, p, n):
                cuts.append(pos)
                contexts.add(st.stripped(p))  # type: ignore[arg-type]
        # a header stands between different text on every page; the same line between the same
        # text again is a repeated document, not a running header
        if len(contexts) < min_repeats:
            continue
        # most copies of a header cut a sentence (pages rarely end at a full stop); a heading or
        # a list item that happens to repeat mostly follows a complete line
        if len(cuts) >= min_repeats and 2 * len(cuts) >= len(at) \
                and min((b - a for a, b in pairwise(cuts)), default=min_gap) >= min_gap:
            headers[key] = lines
    residue: dict[int, str] = {}  # line -> what it is
    for pos in page_hits:
        i = st.line_at(pos)
        if i not in residue and _page_number(st.stripped(i)):
            residue[i] = "page number"
    if has_ff:
        pos = text.find("\f")
        while pos >= 0:
            i = st.line_at(pos)
            if i not in residue and not st.stripped(i):
                residue[i] = "form feed"
            pos = text.find("\f", pos + 1)
    for lines in headers.values():
        for i in lines:
            residue.setdefault(i, "running header")
    for pos in bare:
        i = st.line_at(pos)
        if i in residue:
            continue
        p, n = st.prev_nonblank(i, 3), st.next_nonblank(i, 3)
        if _continues(st, p, n) and len(st.stripped(p)) >= 20:  # type: ignore[arg-type]
            residue[i] = "page number"
    done: set[int] = set()
    for i in sorted(residue):
        if i in done:
            continue
        # the gap: residue lines and blank lines between two text lines
        last = i
        j = i + 1
        while j < st.line_count and (j in residue or st.is_blank(j)):
            if j in residue:
                last = j
            j += 1
        gap = [k for k in range(i, last + 1) if k in residue]
        done.update(gap)
        p = st.prev_nonblank(i, 1000)
        while p is not None and p in residue:
            p = st.prev_nonblank(p, 1000)
        n = st.next_nonblank(last, 1000)
        kinds = {residue[k] for k in gap}
        if kinds == {"running header"} and p is None:
            continue  # the first line of the text: the title the header repeats
        shown = " / ".join(st.stripped(k) or "\\f" for k in gap)
        between = _continues(st, p, n)
        if between:
            assert p is not None and n is not None
            edits: tuple[Edit, ...] = (Edit(st.line(p + 1).start, st.line(n).start, ""),)
        elif p is not None and n is not None and any(st.is_blank(k) and k not in residue for k in range(p + 1, n)):
            # a page break at a paragraph end: keep one blank line between the paragraphs
            brk = text[st.line(p).end:st.line(p + 1).start]
            edits = (Edit(st.line(p + 1).start, st.line(n).start, brk),)
        elif n is None and p is not None:  # the last page's footer: the text ends with the line before
            edits = (Edit(st.line(p + 1).start, len(text), ""),)
        elif p is None and n is not None:  # the first page's header
            edits = (Edit(0, st.line(n).start, ""),)
        else:
            edits = _remove_runs(st, gap)
        start, end = _content_span(st, gap[0], gap[-1])
        if start >= end:
            start, end = st.line(gap[0]).start, max(st.line(gap[-1]).end, st.line(gap[0]).start)
        what = " and ".join(sorted(kinds))
        where = " between two halves of a paragraph" if between else ""
        try:
            fix = Fix(edits, Applicability.SAFE, f"remove the {what}")
        except ValueError:
            fix = None
        yield Violation(start, end, f"{what}{where}: {_short(shown)}", fix,
                        data={"kind": what, "between": between})
    # form feeds inside lines of text: a page break with nothing to remove but the character
    if has_ff:
        for m in regex.finditer(r"\f+", text):
            i = st.line_at(m.start())
            if i in residue:
                continue
            yield Violation(m.start(), m.end(), "form feed (page break) inside a line",
                            Fix.replace(m.start(), m.end(), "", Applicability.SAFE, "remove the form feed"),
                            data={"kind": "form feed", "between": False})


# --- tables of contents ---------------------------------------------------------------------

# Each trigger opens with a literal, which ``re`` scans for at memory speed.
_TOC_TRIGGERS = tuple(re.compile(p) for p in (
    r"目[ \t\u3000]*录", "CONTENTS", "Contents", r"\.\.\.", "……", "···", r"\t[ \t]*\d",
))
_TOC_HEADING = regex.compile(
    r"(?:目[ \t\u3000]*录|CONTENTS(?:[ \t\u3000]*目[ \t\u3000]*录)?|目[ \t\u3000]*录[ \t\u3000]*CONTENTS|Contents"
    r"|TABLE OF CONTENTS|本期导读)"
)
_LEADER = r"(?:\.{3,}|…{2,}|·{3,}|．{3,}|-{4,}|_{4,}|—{3,})"
_TOC_STRONG = regex.compile(rf"(?:.{{0,80}}?{_LEADER}[ \t\u3000]*.{{0,30}}?[ \t\u3000]*\d{{1,4}}|.{{2,80}}?\t+[ \t]*\d{{1,4}})")
_TOC_WEAK = regex.compile(
    r".*\p{Han}.{0,60}?[ \u3000]+\d{1,4}"  # 卷首语 特约评论员 1
    r"|\d{1,2}[.、．][ \t\u3000]*\S.{2,60}"  # 1.强化政治机关意识……
    r"|第[一二三四五六七八九十百\d]{1,4}[章节编篇部分][ \t\u3000]*\S.{0,40}"  # 第一章 总则
)


def _toc_entry(st: Structure, i: int) -> str | None:
    raw = st.line(i).text
    s = raw.strip(BLANK_CHARS)
    if not s or len(s) > 120:
        return None
    if _TOC_STRONG.fullmatch(s):
        return "strong"
    if _SENTENCE_PUNCT.search(s):
        return None
    if _TOC_WEAK.fullmatch(s) or (raw.rstrip(" \r").endswith("\t") and len(s) <= 60):
        return "weak"
    return None


def _prose(s: str) -> bool:
    return bool(_SENTENCE_PUNCT.search(s)) or len(s) > 100


@dataclass(frozen=True)
class _TocBlock:
    first: int
    last: int
    entries: int
    strong: int
    heading: bool


def _walk_toc(st: Structure, i: int, heading: bool) -> _TocBlock:
    entries = strong = 0
    first = last = i
    if not heading:
        kind = _toc_entry(st, i)
        entries, strong = 1, int(kind == "strong")
        # earlier entries of the same table (weak ones before the first leader line)
        k, gap = i - 1, 0
        while k >= 0 and gap <= 4:
            t = st.stripped(k)
            if not t:
                gap += 1
            elif _prose(t) or _TOC_HEADING.fullmatch(t):
                break
            else:
                kind = _toc_entry(st, k)
                if kind is None:
                    break
                entries += 1
                strong += kind == "strong"
                first, gap = k, 0
            k -= 1
    blanks = since = 0
    j = i + 1
    while j < st.line_count:
        t = st.stripped(j)
        if not t:
            blanks += 1
            if blanks > 4:
                break
            j += 1
            continue
        blanks = 0
        if _prose(t):
            break
        kind = _toc_entry(st, j)
        if kind is not None:
            entries += 1
            strong += kind == "strong"
            last, since = j, 0
        else:
            since += 1
            if since > (60 if heading and entries == 0 else 8):
                break
        j += 1
    if not heading and first > 0 and regex.match(_LEADER, st.stripped(first)):
        title = st.stripped(first - 1)
        if title and not _prose(title):  # the title whose leader line opens the block
            first -= 1
    return _TocBlock(first, last, entries, strong, heading)


def tables_of_contents(doc: Document, rule: Rule) -> Iterable[Violation]:
    """A table of contents, reported once per block: a 目录 heading with its entries, or leader lines."""
    text = doc.text
    candidates = _literal_hits(text, _TOC_TRIGGERS)
    if not candidates:
        return
    st = structure(doc)
    min_entries = int(rule.option("min-entries") or 3)
    covered = -1
    for pos in candidates:
        i = st.line_at(pos)
        if i <= covered:
            continue
        s = st.stripped(i)
        if _TOC_HEADING.fullmatch(s):
            block = _walk_toc(st, i, heading=True)
            ok = block.entries >= 2
        elif _toc_entry(st, i) == "strong":
            block = _walk_toc(st, i, heading=False)
            ok = block.entries >= min_entries and block.strong >= 2
        else:
            continue
        if not ok:
            continue
        covered = block.last
        start, end = _content_span(st, block.first, block.last)
        lines = sum(1 for k in range(block.first, block.last + 1) if not st.is_blank(k))
        fix = Fix((_remove_lines(st, block.first, block.last),), Applicability.UNSAFE, "remove the table of contents")
        yield Violation(start, end,
                        f"table of contents: {block.entries} entries on {lines} lines"
                        f" (lines {block.first + 1}–{block.last + 1})",
                        fix, data={"entries": block.entries, "lines": lines})


# --- end-of-article marks ------------------------------------------------------------------

_END_MARKS = "□■"
_BEFORE_END_MARK = "。！？!?…”’」』）)"


def end_marks(doc: Document, rule: Rule) -> Iterable[Violation]:
    """□ or ■ after the last sentence of a paragraph: a magazine's end-of-article mark."""
    text = doc.text
    for mark in _END_MARKS:
        pos = text.find(mark)
        while pos >= 0:
            a = pos
            while a > 0 and text[a - 1] in _WS:
                a -= 1
            b = pos + 1
            while b < len(text) and text[b] in _WS:
                b += 1
            if a > 0 and text[a - 1] in _BEFORE_END_MARK and (b == len(text) or text[b] in "\r\n"):
                yield Violation(pos, pos + 1, f"end-of-article mark {mark}",
                                Fix.replace(a, pos + 1, "", Applicability.UNSAFE, "remove the end-of-article mark"),
                                data={"kind": "end-mark"})
            pos = text.find(mark, pos + 1)


# --- source and attribution lines -----------------------------------------------------------

_SOURCE_LABELS = r"(?:来源|稿源|信息来源|文章来源|新闻来源|转载自|转自|责任编辑|编辑|责编|审核|审校|校对|供稿|摄影|作者)"
# A line opening with a label (and maybe a bracket), or a note anywhere: literal-led scans only.
_SOURCE_LINE_START = r"[ \t\u3000]*(?:[（(][ \t\u3000]*)?" + _SOURCE_LABELS + r"[ \t\u3000]*[:：]"
_SOURCE_NOTE_WORDS = tuple(re.compile(w) for w in ("来源", "稿源", "转自", "来自"))
_SOURCE_LINE = regex.compile(_SOURCE_LABELS + r"[ \t\u3000]*[:：][ \t\u3000]*(?P<value>[^。！？!?；;]{0,30})")
_SOURCE_PAREN = regex.compile(
    r"[（(][ \t\u3000]*(?:来源|稿源|转自|来自|信息来源|文章来源|新闻来源)[ \t\u3000]*[:：][^（()）\n\r]{1,40}[）)]"
)


def source_lines(doc: Document, rule: Rule) -> Iterable[Violation]:
    """Attribution lines a scraper keeps: (来源:新华社), 来源：解放日报, 责任编辑：…"""
    text = doc.text
    hits = sorted([m.end() - 1 for m in _at_line_starts(text, _SOURCE_LINE_START)]
                  + _literal_hits(text, _SOURCE_NOTE_WORDS))
    if not hits:
        return
    st = structure(doc)
    seen: set[int] = set()
    for pos in hits:
        i = st.line_at(pos)
        if i in seen:
            continue
        seen.add(i)
        line = st.line(i)
        s = line.stripped
        whole = _SOURCE_LINE.fullmatch(s) or _SOURCE_PAREN.fullmatch(s)
        if whole:
            last = i
            value = whole.groupdict().get("value")
            if value is not None and not value.strip():
                # 来源: / 四川日报: the value on the next line
                n = i + 1
                if n < st.line_count and 0 < len(st.stripped(n)) <= 20 and not _SENTENCE_PUNCT.search(st.stripped(n)):
                    last = n
                    seen.add(n)
            start, end = _content_span(st, i, last)
            shown = " ".join(st.stripped(k) for k in range(i, last + 1))
            yield Violation(start, end, f"source line: {_short(shown)}",
                            Fix((_remove_lines(st, i, last),), Applicability.UNSAFE, "remove the source line"),
                            data={"kind": "source"})
            continue
        # (来源:学习时报) at the end of a line of text
        for m in _SOURCE_PAREN.finditer(text, line.start, line.end):
            if text[m.end():line.end].strip(BLANK_CHARS):
                continue
            a = m.start()
            while a > line.start and text[a - 1] in _WS:
                a -= 1
            yield Violation(m.start(), m.end(), f"source note: {m.group(0)}",
                            Fix.replace(a, line.end, "", Applicability.UNSAFE, "remove the source note"),
                            data={"kind": "source"})
