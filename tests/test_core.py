"""The core model: line index, edits and fixes, the fix loop, the equivalence check, rule failures."""
from __future__ import annotations

import pytest

from textlint_cn._types import Applicability, Severity
from textlint_cn.diagnostics import Diagnostic, Edit, Fix, Position
from textlint_cn.document import Document
from textlint_cn.engine import lint_document
from textlint_cn.fixer import apply_edits, fix_document, han_digits
from textlint_cn.lines import LineIndex
from textlint_cn.ruleset import Rule
from textlint_cn.rulespec import RuleSpec


def make_rule(check, code="XX001", category="spacing", fix=Applicability.SAFE) -> Rule:
    spec = RuleSpec(code=code, name="test-rule", category=category, severity=Severity.WARNING,
                    summary="s", rationale="r", kind="custom", fix=fix)
    return Rule(spec, {}, check)


def test_lines_end_only_at_cr_lf():
    text = "一\x0b二\x0c三\u2028四\x85五\r\n六\r七\n八"
    idx = LineIndex(text)
    assert idx.line_count == 4
    assert idx.position(text.index("五")) == Position(text.index("五"), 1, 9)
    assert idx.position(text.index("六")).line == 2
    assert idx.position(text.index("七")).line == 3
    assert idx.position(text.index("八")) == Position(len(text) - 1, 4, 1)


def test_columns_count_code_points_beyond_the_bmp():
    text = "𠀀中文abc"
    assert LineIndex(text).position(text.index("a")).column == 4


def test_fix_rejects_overlapping_edits():
    with pytest.raises(ValueError):
        Fix((Edit(0, 3), Edit(2, 4)))
    with pytest.raises(ValueError):
        Fix((Edit(1, 1, "a"), Edit(1, 1, "b")))
    assert Fix((Edit(3, 4), Edit(0, 1))).edits[0].start == 0


def test_apply_edits_in_order():
    assert apply_edits("查落实， 层层", [Edit(4, 5)]) == "查落实，层层"
    assert apply_edits("abc", [Edit(1, 1, "X"), Edit(2, 3, "Y")]) == "aXbY"


def test_han_digits_is_what_layout_fixes_keep():
    assert han_digits("36 个,（2021— 2030）") == "36个20212030"


def _spaces(doc, rule):
    from textlint_cn.diagnostics import Violation

    for i, c in enumerate(doc.text):
        if c == " ":
            yield Violation(i, i + 1, "space", Fix.replace(i, i + 1, "", Applicability.SAFE))


def test_fix_loop_converges_and_is_idempotent():
    rule = make_rule(_spaces)
    doc = Document("以 问 题 导 向")
    out = fix_document(doc, lambda d: lint_document(d, [rule]))
    assert out.text == "以问题导向" and out.writable and not out.remaining
    again = fix_document(doc.with_text(out.text), lambda d: lint_document(d, [rule]))
    assert again.text == out.text and not again.applied


def test_fix_that_changes_han_is_rejected_and_reported():
    from textlint_cn.diagnostics import Violation

    def bad(doc, rule):
        i = doc.text.find("查")
        if i >= 0:
            yield Violation(i, i + 1, "x", Fix.replace(i, i + 1, "杳", Applicability.SAFE))

    out = fix_document(Document("查落实"), lambda d: lint_document(d, [make_rule(bad)]))
    assert out.text == "查落实"
    assert not out.writable
    assert [p.code for p in out.problems] == ["TL004"]


def test_cycling_fixes_leave_the_text_untouched():
    from textlint_cn.diagnostics import Violation

    def flip(doc, rule):
        c = doc.text[0]
        yield Violation(0, 1, "flip", Fix.replace(0, 1, "b" if c == "a" else "a", Applicability.SAFE))

    out = fix_document(Document("a"), lambda d: lint_document(d, [make_rule(flip, category="other")]))
    assert out.text == "a" and [p.code for p in out.problems] == ["TL003"]


def test_a_rule_that_raises_is_reported_and_others_still_run():
    def boom(doc, rule):
        raise RuntimeError("kaboom")
        yield  # pragma: no cover

    diags = lint_document(Document("查落实 层层"), [make_rule(boom, "XX001"), make_rule(_spaces, "XX002")])
    codes = [d.code for d in diags]
    assert "TL001" in codes and "XX002" in codes
    crash = next(d for d in diags if d.code == "TL001")
    assert "XX001" in crash.message and "kaboom" in crash.message and crash.severity is Severity.ERROR


def test_diagnostic_round_trips_through_json_shape():
    d = Diagnostic("a.txt", "SP001", "x", "spacing", Severity.WARNING, "m", Position(1, 1, 2), Position(2, 1, 3),
                   Fix.replace(1, 2, "", Applicability.SAFE, "t"))
    assert Diagnostic.from_dict(d.to_dict()) == d
    shape = d.to_dict()
    assert set(shape) >= {"path", "code", "name", "category", "severity", "message", "start", "end", "fix", "related"}
    assert shape["fix"] == {"applicability": "safe", "title": "t", "edits": [{"start": 1, "end": 2, "content": ""}]}


def test_suppression_directives():
    from textlint_cn import api

    text = ("<!-- textlint-disable-next-line EN001 -->\n加\x07强\n加\x07强\n"
            "<!-- textlint-disable encoding -->\n加\x07强\n<!-- textlint-enable -->\n加\x07强\n")
    lines = [d.start.line for d in api.lint(text, select=["EN001"])]
    assert lines == [3, 7]
    assert api.lint("<!-- textlint-disable-file EN -->\n加\x07强", select=["EN001"]) == []


# --- choosing the fixes of one pass ----------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from textlint_cn.fixer import choose_fixes  # noqa: E402


def _overlap(e: Edit, f: Edit) -> bool:
    """Two edits touch: ranges overlap, an insertion strictly inside a range, two insertions at one point."""
    if e.start == e.end and f.start == f.end:
        return e.start == f.start
    if e.start == e.end:
        return f.start < e.start < f.end
    if f.start == f.end:
        return e.start < f.start < e.end
    return e.start < f.end and f.start < e.end


def _chosen_by_hand(diags: list[Diagnostic], wanted: Applicability) -> list[Diagnostic]:
    """The definition: by span, each fix whose edits touch none chosen before it."""
    fixable = [d for d in diags if d.fix is not None and d.fix.applicability >= wanted]
    chosen: list[Diagnostic] = []
    for d in sorted(fixable, key=lambda d: (d.fix.start, d.fix.end)):
        if not any(_overlap(e, f) for c in chosen for f in c.fix.edits for e in d.fix.edits):
            chosen.append(d)
    return chosen


@st.composite
def _fixes(draw) -> list[Diagnostic]:
    out = []
    for _ in range(draw(st.integers(0, 25))):
        edits, at = [], draw(st.integers(0, 12))
        for _ in range(draw(st.sampled_from([1, 1, 1, 2, 3]))):
            start = at + draw(st.integers(0, 3))
            at = start + draw(st.integers(0, 3))
            edits.append(Edit(start, at, draw(st.sampled_from(["", "，", " "]))))
            at += 1
        fix = Fix(tuple(edits), draw(st.sampled_from(list(Applicability))), "t")
        out.append(Diagnostic("a.txt", "XX001", "x", "spacing", Severity.WARNING, "m",
                              Position(edits[0].start, 1, 1), Position(edits[-1].end, 1, 1), fix))
    return out


@settings(max_examples=400, deadline=None)
@given(_fixes(), st.sampled_from([Applicability.SAFE, Applicability.UNSAFE]))
def test_the_fixes_of_a_pass_are_those_the_definition_chooses(diags, wanted):
    assert [id(d) for d in choose_fixes(diags, wanted)] == [id(d) for d in _chosen_by_hand(diags, wanted)]


@given(st.text(alphabet="一a\n\r ", max_size=30), st.data())
def test_a_span_is_placed_as_its_two_ends_are(text, data):
    idx = LineIndex(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert idx.span(start, end) == (idx.position(start), idx.position(end))


from textlint_cn.fixer import invariant_breakers, violates_invariant  # noqa: E402


@st.composite
def _text_and_fixes(draw) -> tuple[str, list[Diagnostic]]:
    text = draw(st.text(alphabet="一二a3 ，\n", max_size=40))
    out = []
    for _ in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 4)))
        edits = (Edit(start, end, draw(st.sampled_from(["", "，", " ", "一", "3", "a一", "二二"]))),)
        fix = Fix(edits, draw(st.sampled_from(list(Applicability))), "t")
        category = draw(st.sampled_from(["spacing", "encoding", "redaction", "punctuation"]))
        out.append(Diagnostic("a.txt", "XX001", "x", category, Severity.WARNING, "m",
                              Position(start, 1, 1), Position(end, 1, 1), fix))
    return text, out


@settings(max_examples=400, deadline=None)
@given(_text_and_fixes())
def test_a_pass_refuses_the_fixes_the_per_fix_check_refuses(case):
    text, diags = case
    assert invariant_breakers(text, diags) == {i for i, d in enumerate(diags) if violates_invariant(text, d)}
