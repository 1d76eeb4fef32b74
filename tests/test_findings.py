"""Findings kept as rows read exactly as the records they stand for: what a run counts, prints
and merges from rows is what it would from the records, on the findings of real seeds."""
from __future__ import annotations

import pickle
import pytest
from hypothesis import given, settings, strategies as st

import textlint_cn
from textlint_cn.diagnostics import Diagnostic, Position
from textlint_cn.engine import DECODE_ERROR, internal
from textlint_cn.findings import (
    SORT_KEY,
    StoredFindings,
    briefs,
    has_internal_error,
    merge_sorted,
    rows_of,
    share_strings,
    tally,
    to_row,
)
from textlint_cn.runner import FileResult

from conftest import seed_text



@pytest.fixture(scope="module")
def seed_findings(shared) -> dict[str, tuple[Diagnostic, ...]]:
    return {stem: tuple(textlint_cn.lint(seed_text(stem), path=f"{stem}.txt")) for stem in ("000", "001", "002", "004")}


def _stored(found: tuple[Diagnostic, ...], path: str) -> StoredFindings:
    return StoredFindings([to_row(d, path) for d in found], path)


def test_stored_findings_read_as_the_tuple_of_their_records(seed_findings):
    for stem, found in seed_findings.items():
        stored = _stored(found, f"{stem}.txt")
        assert len(stored) == len(found) and bool(stored) == bool(found)
        assert stored == found and found == stored
        with pytest.raises(TypeError):
            hash(stored)  # as the tuple: a record's data is a dict
        assert list(stored) == list(found) and stored[0] == found[0] and stored[-3:] == found[-3:]
        assert stored + () == found and () + stored == found
        assert repr(stored) == repr(found)
        assert pickle.loads(pickle.dumps(stored)) == found


def test_counts_lines_and_errors_from_rows_are_those_of_the_records(seed_findings):
    for stem, found in seed_findings.items():
        assert briefs(_stored(found, f"{stem}.txt")) == briefs(found)
        assert tally(_stored(found, f"{stem}.txt")) == tally(found)
        assert has_internal_error(_stored(found, f"{stem}.txt")) is has_internal_error(found) is False
    crashed = found + (internal(f"{stem}.txt", DECODE_ERROR, "cannot decode"),)
    assert has_internal_error(_stored(crashed, f"{stem}.txt")) is has_internal_error(crashed) is True
    assert tally(StoredFindings((), "x")) == tally(()) == (0, 0, 0)


def test_a_result_of_rows_fails_as_the_result_of_records_does(seed_findings):
    found = seed_findings["001"] + (internal("001.txt", DECODE_ERROR, "cannot decode"),)
    assert FileResult("001.txt", _stored(found, "001.txt")).failed
    assert not FileResult("001.txt", _stored(seed_findings["001"], "001.txt")).failed


def test_rows_taken_from_stored_findings_are_the_rows_of_their_records(seed_findings):
    found = seed_findings["002"]
    stored = _stored(found, "002.txt")
    strings: dict[str, str] = {}
    assert rows_of(stored, "002.txt") == rows_of(found, "002.txt")
    assert rows_of(stored, "002.txt", strings.setdefault) == [to_row(d, "002.txt") for d in found]
    assert rows_of(stored, "elsewhere.txt") == rows_of(found, "elsewhere.txt")  # kept with another path
    assert all(share_strings(r, strings.setdefault)[1] is strings[r[1]] for r in stored.rows)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 5), st.sampled_from(["DU003", "SP001", "AA000"]),
                          st.booleans()), max_size=12), st.data())
def test_merging_rows_orders_as_merging_records(spans, data):
    """Split at random into a file's own findings and its cross-file ones, merged both ways."""
    def finding(i, start, length, code, elsewhere):
        return Diagnostic("other.txt" if elsewhere else "a.txt", code, "n", "c", textlint_cn.Severity.WARNING,
                          f"m{i}", Position(start, 1, start + 1), Position(start + length, 1, start + length + 1))

    made = [finding(i, *s) for i, s in enumerate(spans)]
    own = data.draw(st.lists(st.booleans(), min_size=len(made), max_size=len(made)))
    mine = sorted([d for d, o in zip(made, own) if o], key=SORT_KEY)
    more = sorted([d for d, o in zip(made, own) if not o], key=SORT_KEY)
    want = tuple(sorted(tuple(mine) + tuple(more), key=lambda d: d.sort_key))
    merged = merge_sorted(_stored(tuple(mine), "a.txt"), _stored(tuple(more), "a.txt"))
    assert isinstance(merged, StoredFindings) and merged == want
    assert merge_sorted(tuple(mine), tuple(more)) == want
    assert merge_sorted(_stored(tuple(mine), "a.txt"), tuple(more)) == want  # fresh cross-file ones
    assert merge_sorted(tuple(mine), _stored(tuple(more), "a.txt")) == want
