"""The declarative kind: a ``regex`` pattern with context, a message and an optional replacement.

If the pattern has a group named ``span``, only that group is reported and replaced, so
lookaround-free context can still be matched around it.
"""
from __future__ import annotations

import functools
from typing import Iterable

import regex

from ..diagnostics import Fix, Violation
from ..document import Document
from ..ruleset import Rule

DEFAULT_TIMEOUT = 5.0  # seconds per rule and file (per million characters in bigger files)

_FLAGS = {"IGNORECASE": regex.IGNORECASE, "MULTILINE": regex.MULTILINE, "DOTALL": regex.DOTALL,
          "VERBOSE": regex.VERBOSE, "V1": regex.V1}


class PatternError(ValueError):
    pass


@functools.lru_cache(maxsize=512)
def compile_pattern(pattern: str, flags: str = "") -> regex.Pattern[str]:
    value = 0
    for name in filter(None, (f.strip().upper() for f in flags.split(","))):
        if name not in _FLAGS:
            raise PatternError(f"unknown regex flag {name!r}")
        value |= _FLAGS[name]
    try:
        return regex.compile(pattern, value)
    except regex.error as exc:
        raise PatternError(f"invalid regex {pattern!r}: {exc}") from None


def time_budget(rule: Rule, text: str) -> float:
    """Seconds a pattern may run on ``text``: a catastrophic pattern is cut off (TL001).

    The regex module counts wall time from the first match, including the time spent turning
    matches into findings, so the default grows with the text: a big file with many honest
    matches must not time out.
    """
    return float(rule.option("timeout") or DEFAULT_TIMEOUT * max(1.0, len(text) / 1_000_000))


def _format(template: str, m: regex.Match[str]) -> str:
    fields = {k: (v or "") for k, v in m.groupdict().items()}
    first = m.group(0)[:1]
    codepoint = f"U+{ord(first):04X}" if first else ""
    try:
        return template.format(match=m.group(0), codepoint=codepoint, **fields)
    except (KeyError, IndexError, ValueError):
        return template


def check(doc: Document, rule: Rule) -> Iterable[Violation]:
    spec = rule.spec
    text = doc.text
    if spec.trigger and not compile_pattern(spec.trigger).search(text):
        return
    pattern = compile_pattern(spec.pattern or "", spec.flags)
    has_span = "span" in pattern.groupindex
    for m in pattern.finditer(text, timeout=time_budget(rule, text)):
        start, end = m.span("span") if has_span else m.span()
        if start < 0:
            continue
        fix = None
        if spec.fix is not None and spec.replacement is not None:
            content = m.expand(spec.replacement) if "\\" in spec.replacement else spec.replacement
            if content != text[start:end]:
                fix = Fix.replace(start, end, content, spec.fix, spec.fix_title or spec.summary)
        yield Violation(start, end, _format(spec.message, m), fix)


@functools.lru_cache(maxsize=64)
def _whole_lines_of(words: tuple[str, ...]) -> regex.Pattern[str]:
    """Lines made of listed phrases only, separators between them, and the line break after."""
    alternation = "|".join(sorted((regex.escape(w) for w in words), key=len, reverse=True))
    sep = r"[\s|｜/>＞»·•,，、:：【】\[\]]*"
    # a whole line: after a line end (\n, \r\n or a lone \r, which ``(?m)^`` does not know) to the next
    return compile_pattern(rf"(?<![^\n\r])[ \t\u3000]*(?:(?:{alternation}){sep})+[ \t\u3000]*(?![^\n\r])"
                           rf"(?:\r\n|\r|\n)?")


def check_word_list(doc: Document, rule: Rule) -> Iterable[Violation]:
    """Lines that consist of listed phrases only (portal furniture), ``words`` + ``extend-words``."""
    words = rule.word_list("words")
    if not words:
        return
    pattern = _whole_lines_of(words)
    fix_kind = rule.spec.fix
    for m in pattern.finditer(doc.text, timeout=time_budget(rule, doc.text)):
        if not m.group(0).strip():
            continue
        fix = Fix.replace(m.start(), m.end(), "", fix_kind, rule.spec.fix_title or "remove the line") if fix_kind else None
        yield Violation(m.start(), m.end(), _format(rule.spec.message, m), fix)


def internal(doc: Document, rule: Rule) -> Iterable[Violation]:
    """The engine's own codes (TL*) are documented in the catalogue but raised by the engine."""
    return ()
