"""Every rule's bad/good/fixed examples from rules/*.toml, executed."""
from __future__ import annotations

import pytest

from textlint_cn import api

CATALOGUE = api.catalogue()
CASES = [
    pytest.param(spec, i, ex, id=f"{spec.code}-{i}")
    for spec in CATALOGUE.specs
    for i, ex in enumerate(spec.examples)
]


@pytest.mark.parametrize(("spec", "index", "example"), CASES)
def test_example(spec, index, example):
    options = {spec.code: dict(example.options)} if example.options else None
    if example.bad is not None:
        found = [d for d in api.lint(example.bad, select=[spec.code], options=options) if d.code == spec.code]
        assert found, f"{spec.code} did not report its bad example {example.bad!r}"
        for d in found:
            assert 0 <= d.start.offset <= d.end.offset <= len(example.bad)
    if example.good is not None:
        found = [d for d in api.lint(example.good, select=[spec.code], options=options) if d.code == spec.code]
        assert not found, f"{spec.code} reported its good example {example.good!r}: {found[0].message}"
    if example.fixed is not None:
        assert example.bad is not None, "a fixed example needs its bad text"
        result = api.fix(example.bad, select=[spec.code], unsafe=example.unsafe, options=options)
        assert result.writable, result.problems
        assert result.text == example.fixed
        again = api.fix(result.text, select=[spec.code], unsafe=example.unsafe, options=options)
        assert again.text == result.text, "fixing twice changed the text again"


@pytest.mark.parametrize("spec", [s for s in CATALOGUE.specs if s.kind != "internal"], ids=lambda s: s.code)
def test_every_rule_is_documented_with_examples(spec):
    assert spec.summary and spec.rationale, f"{spec.code} needs a summary and a rationale"
    assert any(ex.bad for ex in spec.examples), f"{spec.code} needs a bad example"
    assert any(ex.good for ex in spec.examples), f"{spec.code} needs a good example"
    if spec.fix is not None and spec.fix.name != "DISPLAY":
        assert any(ex.fixed is not None for ex in spec.examples), f"{spec.code} has a fix but no fixed example"
