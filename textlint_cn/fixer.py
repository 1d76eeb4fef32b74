"""Apply fixes until the text stops changing, and refuse any fix that would change meaning.

The loop follows ruff: apply non-overlapping fixes, re-lint, repeat (at most 10 passes);
a cycle or no convergence leaves the text untouched. Each applied fix passes an equivalence
check in the spirit of black's: fixes of the categories in HAN_PRESERVING_CATEGORIES must leave
the sequence of Han characters and digits exactly as it was. Rules whose catalogue entries
declare no fix this run applies are left out of the passes and run once, on the final text.
"""
from __future__ import annotations

from bisect import bisect_right, insort
from dataclasses import dataclass
from itertools import accumulate
from operator import attrgetter
from typing import Callable, Iterable, Sequence

import regex

from ._types import HAN_PRESERVING_CATEGORIES, Applicability
from .diagnostics import Diagnostic, Edit
from .document import Document
from .engine import NOT_CONVERGED, UNSAFE_EDIT, internal, lint_document
from .findings import merge_sorted
from .ruleset import Rule

MAX_PASSES = 10
_HAN_DIGIT = regex.compile(r"[\p{Han}\p{Nd}]+")

LintFn = Callable[[Document], list[Diagnostic]]


def han_digits(text: str) -> str:
    """The Han characters and digits of ``text``, in order: what no layout fix may change."""
    return "".join(_HAN_DIGIT.findall(text))


@dataclass(frozen=True)
class FixOutcome:
    text: str
    applied: tuple[Diagnostic, ...]  # diagnostics whose fixes were applied, over all passes
    remaining: tuple[Diagnostic, ...]  # diagnostics on the final text
    problems: tuple[Diagnostic, ...]  # rejected fixes, non-convergence: internal errors
    passes: int

    @property
    def changed(self) -> bool:
        return bool(self.applied)

    @property
    def writable(self) -> bool:
        """False when any fix was rejected or the loop did not converge: do not write."""
        return not self.problems


def violates_invariant(text: str, d: Diagnostic) -> bool:
    if d.category not in HAN_PRESERVING_CATEGORIES or d.fix is None:
        return False
    if d.category == "encoding" and d.fix.applicability < Applicability.SAFE:
        return False  # re-decoding mojibake rewrites every character; such fixes are never safe
    return any(han_digits(text[e.start:e.end]) != han_digits(e.content) for e in d.fix.edits)


def invariant_breakers(text: str, chosen: Sequence[Diagnostic]) -> set[int]:
    """Indices of the fixes in ``chosen`` that :func:`violates_invariant` refuses.

    The same verdicts as calling it per fix, with two regex scans for the whole pass instead of
    two per edit: the text an edit removes and the text it inserts are scanned joined, and only
    the few edits a Han character or digit falls in are compared one by one (an edit touched by
    neither scan removes and inserts no Han or digit, so it keeps the sequence).
    """
    owners: list[int] = []
    removed: list[str] = []
    inserted: list[str] = []
    for i, d in enumerate(chosen):
        if d.category not in HAN_PRESERVING_CATEGORIES or d.fix is None:
            continue
        if d.category == "encoding" and d.fix.applicability < Applicability.SAFE:
            continue
        for e in d.fix.edits:
            owners.append(i)
            removed.append(text[e.start:e.end])
            inserted.append(e.content)
    suspects = {owners[k] for k in _parts_with_han_digits(removed) | _parts_with_han_digits(inserted)}
    return {i for i in suspects if violates_invariant(text, chosen[i])}


def _parts_with_han_digits(parts: Sequence[str]) -> set[int]:
    """Indices of the strings in ``parts`` that hold a Han character or a digit."""
    starts = list(accumulate((len(p) for p in parts), initial=0))
    found: set[int] = set()
    for m in _HAN_DIGIT.finditer("".join(parts)):
        k = bisect_right(starts, m.start()) - 1
        while starts[k] < m.end():  # a run may cross into the next parts, and empty parts between
            if starts[k + 1] > starts[k]:
                found.add(k)
            k += 1
    return found


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    parts: list[str] = []
    pos = 0
    # The same order as sorting the Edit records, without a Python-level comparison per pair.
    for e in sorted(edits, key=_edit_key):
        parts.append(text[pos:e.start])
        parts.append(e.content)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


_edit_key = attrgetter("start", "end", "content")


def wanted_fixes(unsafe: bool) -> Applicability:
    """The least applicability a run applies: safe fixes, and unsafe ones too with ``unsafe``."""
    return Applicability.UNSAFE if unsafe else Applicability.SAFE


def applies(wanted: Applicability) -> Callable[[Diagnostic], bool]:
    """Whether a finding has a fix that a run applying ``wanted`` fixes would apply."""
    return lambda d: d.fix is not None and d.fix.applicability >= wanted


def choose_fixes(diagnostics: Sequence[Diagnostic], wanted: Applicability) -> list[Diagnostic]:
    """Fixable diagnostics whose edits overlap none chosen before them (the rest wait a pass).

    Two rules proposing the same edit overlap, so only the first is chosen. The chosen edits
    are kept sorted by (start, end). No two of them overlap, so their ends are sorted too: a
    one-edit fix that starts past the last end conflicts with nothing (the common case, decided
    without a call); otherwise the only edits it can conflict with sit just before the first
    chosen edit that starts after it: a bisection and a short walk back instead of a pass over all.
    """
    fixable = list(filter(applies(wanted), diagnostics))
    # (start, end, index): sorted by tuples, in C, in the order a stable sort by span would give
    spans = sorted([(d.fix.edits[0].start, d.fix.edits[-1].end, i) for i, d in enumerate(fixable)])  # type: ignore[union-attr]
    chosen: list[Diagnostic] = []
    taken: list[tuple[int, int]] = []
    last_end = -1
    for start, end, i in spans:
        d = fixable[i]
        edits = d.fix.edits  # type: ignore[union-attr]
        if len(edits) == 1 and (start > last_end or (start == last_end and start != end)):
            taken.append((start, end))  # an insertion at the last end could meet one there: not here
            last_end = end
            chosen.append(d)
            continue
        if taken and any(_conflicts(e, taken) for e in edits):
            continue
        chosen.append(d)
        for e in edits:
            if not taken or (e.start, e.end) >= taken[-1]:
                taken.append((e.start, e.end))
            else:
                insort(taken, (e.start, e.end))
        last_end = taken[-1][1]
    return chosen


def _conflicts(e: Edit, taken: list[tuple[int, int]]) -> bool:
    """Whether ``e`` overlaps a chosen edit; ``taken`` is sorted and free of overlaps."""
    start, end = e.start, e.end
    i = bisect_right(taken, (end, _INFINITY))
    while i:
        i -= 1
        a, b = taken[i]
        if b < start:  # ends are sorted: nothing earlier reaches ``e``
            return False
        if _overlaps(e, a, b):
            return True
    return False


_INFINITY = float("inf")


def _overlaps(e: Edit, a: int, b: int) -> bool:
    """Ranges overlap; an insertion conflicts only strictly inside a range or at another insertion."""
    if e.start == e.end:
        return a < e.start < b or (a == b == e.start)
    if a == b:
        return e.start < a < e.end
    return e.start < b and a < e.end


def fix_document(doc: Document, lint: LintFn, unsafe: bool = False, rest: LintFn | None = None) -> FixOutcome:
    """Fix ``doc`` with the findings of ``lint`` until none of them can be fixed.

    ``rest``, when given, lints with the rules that cannot yield a fix this run applies (their
    catalogue entries say so: :func:`fix_with_rules` splits the rules). Their findings cannot
    change what the loop does, so they are found once, on the final text, instead of on every
    pass. Should one of them yield an applicable fix all the same (a plugin whose entry declares
    less than it does), the loop goes on with both.
    """
    wanted = wanted_fixes(unsafe)
    text = doc.text
    seen = {text}
    applied: list[Diagnostic] = []
    problems: list[Diagnostic] = []
    current = doc
    diagnostics = lint(current)
    for passes in range(1, MAX_PASSES + 1):
        chosen = choose_fixes(diagnostics, wanted)
        if not chosen and rest is not None:  # the fixing rules are done: now the others, once
            diagnostics = _with_rest(diagnostics, rest, current)
            lint, rest = _both(lint, rest), None
            chosen = choose_fixes(diagnostics, wanted)
        good = []
        breakers = invariant_breakers(text, chosen)
        for i, d in enumerate(chosen):
            if i in breakers:
                problems.append(internal(doc.path, UNSAFE_EDIT,
                                         f"fix of {d.code} ({d.name}) would change Han characters or digits; "
                                         f"discarded and the file is not written", doc=current,
                                         start=d.start.offset, end=d.end.offset))
            else:
                good.append(d)
        if not good:
            diagnostics = _with_rest(diagnostics, rest, current)
            return FixOutcome(text, tuple(applied), tuple(diagnostics), tuple(problems), passes - 1)
        new_text = apply_edits(text, [e for d in good for e in d.fix.edits])  # type: ignore[union-attr]
        if new_text in seen:
            break
        applied.extend(good)
        seen.add(new_text)
        text = new_text
        current = doc.with_text(text)
        diagnostics = lint(current)
    else:
        diagnostics = _with_rest(diagnostics, rest, current)
        if not choose_fixes(diagnostics, wanted):
            return FixOutcome(text, tuple(applied), tuple(diagnostics), tuple(problems), MAX_PASSES)
    problems.append(internal(doc.path, NOT_CONVERGED,
                             f"fixes did not settle after {MAX_PASSES} passes (or cycled); the file is left as it was"))
    return FixOutcome(doc.text, (), tuple(_with_rest(lint(doc), rest, doc)), tuple(problems), MAX_PASSES)


def _with_rest(found: Sequence[Diagnostic], rest: LintFn | None, doc: Document) -> Sequence[Diagnostic]:
    """``found`` with the findings of ``rest`` on ``doc`` (if any), in the order of one lint."""
    return found if rest is None else merge_sorted(found, rest(doc))


def _both(lint: LintFn, rest: LintFn) -> LintFn:
    return lambda d: list(merge_sorted(lint(d), rest(d)))


def fixing_rules(rules: Sequence[Rule], unsafe: bool = False) -> tuple[list[Rule], list[Rule]]:
    """``rules`` split into those whose fixes a run applying ``unsafe`` fixes or not may apply, by
    the fix each rule's catalogue entry declares, and the rest."""
    wanted = wanted_fixes(unsafe)
    fixing: list[Rule] = []
    others: list[Rule] = []
    for rule in rules:
        declared = rule.spec.fix
        (fixing if declared is not None and declared >= wanted else others).append(rule)
    return fixing, others


def fix_with_rules(doc: Document, rules: Sequence[Rule], ignore_codes: Iterable[str] = (),
                   unsafe: bool = False) -> FixOutcome:
    """:func:`fix_document` with ``rules``: the passes run only the rules that may fix something;
    the others run once, on the final text. The outcome is that of linting with all of them."""
    ignore = frozenset(ignore_codes)
    fixing, others = fixing_rules(rules, unsafe)
    return fix_document(doc, lambda d: lint_document(d, fixing, ignore), unsafe,
                        (lambda d: lint_document(d, others, ignore)) if others else None)
