"""Word-level anomalies: an English word standing where a Chinese word belongs, and a word
doubled by the scraper.

Both are told from legitimate text by precision-first rules: only listed English words
(function words and a few common ones) count, so acronyms, product names, units and codes
(`APP`, `PK`, `e支部`, `GDP`, `PM2.5`, `DeepSeek`) never do; and a doubled two-character unit
counts only where reduplication cannot be meant (`学习生活生活的`, not `研究研究`, `很多很多`,
`阶级阶级斗争`).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import regex

from .._types import Applicability
from ..diagnostics import Fix, Violation
from ..document import Document
from ..ruleset import Rule

# --- Latin words ------------------------------------------------------------------------------

_LATIN_WORD = regex.compile(r"[A-Za-z]{2,}")
_HAN = regex.compile(r"\p{Han}")
# What may stand right before or after the word besides a Han character: CJK quotes and brackets.
_CJK_EDGE = frozenset("“”‘’《》「」『』（）【】〔〕")
_SPACES = " \t\u3000"


@functools.lru_cache(maxsize=16)
def _lexicon(words: tuple[str, ...], allow: tuple[str, ...]) -> tuple[frozenset[str], re.Pattern[bytes]]:
    """The listed words (lower case) and a byte pattern that finds any of them in ASCII text."""
    found = frozenset(w.lower() for w in words) - frozenset(a.lower() for a in allow)
    alternation = b"|".join(re.escape(w.encode("ascii", "ignore")) for w in sorted(found, key=len, reverse=True))
    return found, re.compile(b"(?i)" + (alternation or b"(?!)"))


def _han_side(text: str, i: int, step: int) -> tuple[int, bool]:
    """Past spaces from ``i`` in direction ``step``: the offset reached, and whether Han text is there."""
    j = i
    n = len(text)
    while 0 <= j < n and text[j] in _SPACES and abs(j - i) < 2:
        j += step
    ch = text[j] if 0 <= j < n else ""
    return j, bool(ch) and (bool(_HAN.match(ch)) or ch in _CJK_EDGE)


def latin_words(doc: Document, rule: Rule) -> Iterable[Violation]:
    """An English word between Han text (思想 and 党的, 业务work好): a word the author did not write."""
    text = doc.text
    words, prefilter = _lexicon(rule.word_list("words"), rule.word_list("allow"))
    # Han text drops out of an ASCII encoding at memory speed; if no listed word survives in what
    # is left, no listed word is in the text.
    if not prefilter.search(text.encode("ascii", "ignore")):
        return
    translations = {str(k).lower(): str(v) for k, v in dict(rule.option("translations") or {}).items()}
    for m in _LATIN_WORD.finditer(text):
        word = m.group(0)
        if word.lower() not in words or (word.isupper() and len(word) > 1):
            continue  # not listed, or an acronym (OR, AND as codes)
        left, han_left = _han_side(text, m.start() - 1, -1)
        right, han_right = _han_side(text, m.end(), 1)
        if not (han_left and han_right):
            continue
        # at least one side must touch a Han character itself: 思想 and 党的, 业务work好
        if not (_HAN.match(text[left]) or _HAN.match(text[right])):
            continue
        start, end = left + 1, right
        fix = None
        chinese = translations.get(word.lower())
        if chinese:
            fix = Fix.replace(start, end, chinese, Applicability.UNSAFE, f"replace {word!r} by {chinese}")
        yield Violation(start, end, f"English word {word!r} inside Chinese text", fix,
                        data={"word": word})


# --- doubled words ----------------------------------------------------------------------------

# Candidates: any n characters followed by themselves, one pass per length, found by ``re``
# (several times faster here than ``regex``). Everything else is checked in Python.
_DOUBLED = {n: re.compile(r"(?s)(" + "." * n + r")\1") for n in range(2, 7)}
_HAN_RUN = regex.compile(r"\p{Han}+")
_NUMERALS = frozenset("一二三四五六七八九十百千万两〇零几每半")
# After a doubled word copied by a scraper comes a particle or punctuation; after a word that
# starts a compound (资产阶级|阶级斗争) comes the rest of the compound, which is content.
_FUNCTION_AFTER = frozenset("的地得了着过和与及或等中上下里内外时后前是在都也就又还而并之所被把将对从向为以")
_INTENSIFIERS = frozenset("很好多太真挺非最越愈")


def _is_han_unit(unit: str) -> bool:
    return bool(_HAN_RUN.fullmatch(unit))


def doubled_words(doc: Document, rule: Rule) -> Iterable[Violation]:
    """A word written twice by a scraper (学习生活生活的全过程), not a reduplication (研究研究, 常常)."""
    text = doc.text
    allow = frozenset(rule.word_list("allow"))
    lengths = sorted({int(n) for n in (rule.option("lengths") or (2,)) if int(n) in _DOUBLED})
    found: dict[int, tuple[int, int]] = {}
    for n in lengths:
        for m in _DOUBLED[n].finditer(text):
            unit = m.group(1)
            start = m.start()
            if start in found or not _is_han_unit(unit) or unit in allow:
                continue
            if unit[0] in _NUMERALS or unit[0] in _INTENSIFIERS or len(set(unit)) == 1:
                continue  # 一个一个, 很多很多, 哈哈哈哈
            after = text[m.end():m.end() + 1]
            if n == 2 and after and _HAN.match(after) and after not in _FUNCTION_AFTER:
                continue  # 阶级阶级斗争, 规定规定应当: the second copy starts a compound
            if text[start - n:start] == unit or text[m.end():m.end() + n] == unit:
                continue  # three copies or more: a deliberate repetition or a list
            found[start] = (n, m.end())
    for start in sorted(found):
        n, end = found[start]
        unit = text[start:start + n]
        yield Violation(start, end, f"doubled word {unit}{unit}",
                        Fix.replace(start + n, end, "", Applicability.UNSAFE, f"keep one {unit}"),
                        data={"word": unit})
