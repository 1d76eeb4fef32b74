"""The fix loop re-runs only the rules that may fix something; the rest run once, on the final
text. The outcome must be exactly that of running every rule on every pass, on real text."""
from __future__ import annotations

import json

import pytest

from textlint_cn._types import Applicability
from textlint_cn.api import rules_for
from textlint_cn.diagnostics import Fix, Violation
from textlint_cn.document import Document
from textlint_cn.engine import lint_document
from textlint_cn.fixer import fix_document, fix_with_rules, fixing_rules

from conftest import SHARED, seed_text
from test_core import make_rule

RULES = tuple(rules_for())


def _every_rule_every_pass(doc: Document, rules, unsafe: bool):
    return fix_document(doc, lambda d: lint_document(d, rules), unsafe=unsafe)


def _real_texts() -> list[tuple[str, str]]:
    """The seeds and three raw scraped government work reports (portal furniture, wraps)."""
    texts = [(stem, seed_text(stem)) for stem in ("000", "001", "002", "004")]
    scraped = SHARED / "corpus" / "scraped-2026" / "reports_2026_raw.jsonl"
    with scraped.open(encoding="utf-8") as lines:
        for number, line in zip(range(3), lines):
            texts.append((f"{scraped.name}:{number + 1}", json.loads(line)["full_text"]))
    return texts


@pytest.mark.parametrize("unsafe", [False, True])
def test_same_outcome_as_running_every_rule_on_every_pass(shared, unsafe):
    compared = 0
    for name, text in _real_texts():
        doc = Document(text, name)
        want = _every_rule_every_pass(doc, RULES, unsafe)
        got = fix_with_rules(doc, RULES, unsafe=unsafe)
        assert got.text == want.text, name
        assert got.applied == want.applied, name
        assert got.remaining == want.remaining, name
        assert got.problems == want.problems, name
        assert got.passes == want.passes, name
        compared += bool(want.applied)
    assert compared >= 6  # damaged texts: their fixes were compared, not only clean texts


def test_rules_are_split_by_the_fix_their_entries_declare():
    safe_fixing, safe_rest = fixing_rules(RULES)
    unsafe_fixing, unsafe_rest = fixing_rules(RULES, unsafe=True)
    by_code = {r.code: r for r in RULES}
    assert {"PU001", "LB001", "SP001"} <= {r.code for r in safe_fixing}
    assert {"DU001", "RD001", "OT002"} <= {r.code for r in safe_rest}  # unsafe fixes: not applied by default
    assert {"DU001", "RD001"} <= {r.code for r in unsafe_fixing}
    assert all(by_code[r.code].spec.fix is None for r in unsafe_rest)
    assert len(safe_fixing) + len(safe_rest) == len(RULES)


def test_a_rule_fixing_more_than_it_declares_still_gets_its_fixes_applied():
    """A plugin declaring no fix but yielding a safe one: the loop goes on with it."""
    def undeclared(doc, rule):
        i = doc.text.find("  ")
        if i >= 0:
            yield Violation(i, i + 2, "double space", Fix.replace(i, i + 2, " ", Applicability.SAFE))

    def spaces_before_comma(doc, rule):
        i = doc.text.find(" ，")
        if i >= 0:
            yield Violation(i, i + 1, "space", Fix.replace(i, i + 1, "", Applicability.SAFE))

    rules = [make_rule(spaces_before_comma, code="XX001"), make_rule(undeclared, code="XX002", fix=None)]
    doc = Document("以问题    ，导向")
    got = fix_with_rules(doc, rules)
    want = _every_rule_every_pass(doc, rules, unsafe=False)
    assert got.text == want.text == "以问题，导向"
    assert got.remaining == want.remaining == ()
