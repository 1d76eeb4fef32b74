"""The run cache: what it stores comes back equal, a damaged file costs only time, and a file
is known by its bytes, so a new mtime on the same content (a fresh clone, a checkout) still
hits while new content of the same size does not."""
from __future__ import annotations

import marshal
import os

import pytest

import textlint_cn
from textlint_cn import runner
from textlint_cn.findings import from_row as _from_row, to_row as _row
from textlint_cn.cli import main

from conftest import seed_text

DAMAGED = "各地区各部门要加强监督检查,确保落实到位;全年完成xx项任务。\n"


def _cache_file(root):
    (found,) = list((root / ".textlint_cache").rglob("*.bin"))
    return found


def _linted(monkeypatch) -> list[str]:
    """The paths a serial run lints (not serves from the cache)."""
    seen: list[str] = []
    real = runner.process_file

    def counting(path, *args, **kwargs):
        seen.append(os.path.basename(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(runner, "process_file", counting)
    return seen


def _check(capsys, *paths: str) -> tuple[int, str]:
    code = main(["--isolated", "-j", "1", "--select", "ALL", *paths])
    return code, capsys.readouterr().out


def test_rows_rebuild_every_finding_of_a_seed_equal(shared):
    text = seed_text("002")
    found = textlint_cn.lint(text, path="seed.txt")
    assert len(found) > 100 and any(d.fix for d in found) and any(d.related for d in found)
    shared_strings: dict[str, str] = {}
    rows = [_row(d, "seed.txt", shared_strings.setdefault) for d in found]
    back = marshal.loads(marshal.dumps(rows))
    assert [_from_row(r, "seed.txt") for r in back] == found
    codes = {}
    for r in back:  # one object per distinct string, as written
        assert codes.setdefault(r[1], r[1]) is r[1]


def test_a_damaged_cache_file_is_read_as_empty_and_replaced(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(DAMAGED, encoding="utf-8")
    first = _check(capsys, "a.txt")
    cache = _cache_file(tmp_path)
    for junk in (b"", b"\x00garbage", cache.read_bytes()[:40]):
        cache.write_bytes(junk)
        assert _check(capsys, "a.txt") == first
        assert marshal.loads(cache.read_bytes())  # written again, whole


def test_same_bytes_with_a_new_mtime_are_served_and_new_bytes_of_the_same_size_are_not(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(DAMAGED, encoding="utf-8")
    b.write_text(DAMAGED.replace("xx", "yy"), encoding="utf-8")
    first = _check(capsys, ".")
    linted = _linted(monkeypatch)
    later = os.stat(a).st_mtime_ns + 5_000_000_000
    os.utime(a, ns=(later, later))  # as a checkout leaves it: same bytes, new mtime
    b.write_text(DAMAGED.replace("xx", "36"), encoding="utf-8")  # same size, other content
    os.utime(b, ns=(later, later))
    second = _check(capsys, ".")
    assert linted == ["b.txt"]
    assert second[1].count("a.txt:") == first[1].count("a.txt:")
    assert "RD001" in first[1] and "b.txt" not in [line.split(":")[0] for line in second[1].splitlines()
                                                 if "RD001" in line]
    linted.clear()
    assert _check(capsys, ".") == second and linted == []  # the new mtime was recorded


@pytest.mark.parametrize("name", ["x.txt", "y.jsonl"])
def test_each_fresh_result_carries_the_digest_of_its_bytes(tmp_path, name):
    from textlint_cn.reading import content_digest

    p = tmp_path / name
    p.write_text('{"text": "正文"}\n' if name.endswith("jsonl") else DAMAGED, encoding="utf-8")
    (result,) = list(textlint_cn.lint_paths([str(p)]))
    assert result.stats["digest"] == content_digest(p.read_bytes())


def test_fix_runs_serve_files_with_nothing_to_fix_and_lint_the_rest(tmp_path, capsys, monkeypatch):
    """A file written by ``--fix`` is cached with the findings of its fixed text, so the next
    run serves it too; one with only an unsafe fix is served until ``--unsafe-fixes``."""
    monkeypatch.chdir(tmp_path)
    files = {
        "a.txt": DAMAGED,  # safe fixes (ASCII punctuation) and a redaction without a fix
        "b.txt": "全年完成xx项任务。\n",  # findings, none fixable
        "c.txt": "这是鍏ㄥ勾瀹屾垚的任务。\n",  # only an unsafe fix (mojibake)
        "d.txt": "干净的句子。\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    linted = _linted(monkeypatch)

    def fix(*extra: str) -> tuple[int, str]:
        linted.clear()
        return _check(capsys, "--fix", *extra, ".")

    first = fix()
    assert linted == ["a.txt", "b.txt", "c.txt", "d.txt"] and "Fixed" in first[1]
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") != DAMAGED
    again = fix()
    assert linted == []  # nothing left to fix anywhere; a.txt's findings are those of its fixed text
    assert fix("--no-cache") == again and len(linted) == 4  # the same report as linting everything
    linted.clear()
    assert _check(capsys, ".") == _check(capsys, "--no-cache", ".") and len(linted) == 4  # plain lint too
    linted.clear()
    assert "+++" not in _check(capsys, "--diff", ".")[1] and linted == []  # no diff to show
    fix("--unsafe-fixes")
    assert linted == ["c.txt"]  # its unsafe fix is applied now
    assert "鍏" not in (tmp_path / "c.txt").read_text(encoding="utf-8")
