"""The `textlint` command as users run it: paths, formats, fixes, config, exit codes."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from textlint_cn.cli import main

DIRTY = "加强\x07组织领导\n"


def run(capsys, *argv, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
    argv = list(argv)
    head = [argv.pop(0)] if argv and argv[0] in ("check", "rule") else []
    code = main(head + (["--isolated", "--no-cache"] if head != ["rule"] else []) + argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "b.md").write_text("组织领导\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text(DIRTY, encoding="utf-8")
    return tmp_path


def test_concise_output_and_exit_code(folder, capsys):
    code, out, _ = run(capsys, "--select", "EN001", str(folder))
    assert code == 1
    assert f"{folder / 'a.txt'}:1:3: EN001" in out
    assert "c.csv" not in out  # default file types: .txt and .md


def test_clean_files_exit_zero(folder, capsys):
    code, out, _ = run(capsys, "--select", "EN001", str(folder / "b.md"))
    assert code == 0 and "All checks passed" in out


def test_check_subcommand_spelling_and_shadowed_path(folder, capsys, monkeypatch):
    code, out, _ = run(capsys, "check", "--select", "EN001", str(folder))
    assert code == 1
    monkeypatch.chdir(folder)
    (folder / "rule").mkdir()
    (folder / "rule" / "x.txt").write_text(DIRTY, encoding="utf-8")
    code, out, _ = run(capsys, "--select", "EN001", "./rule")
    assert code == 1 and "x.txt" in out


def test_fix_writes_and_second_run_changes_nothing(folder, capsys):
    code, out, _ = run(capsys, "--select", "EN001", "--fix", str(folder))
    assert code == 0
    assert (folder / "a.txt").read_text(encoding="utf-8") == "加强组织领导\n"
    before = (folder / "a.txt").stat().st_mtime_ns
    code, out, _ = run(capsys, "--select", "EN001", "--fix", str(folder))
    assert code == 0 and (folder / "a.txt").stat().st_mtime_ns == before


def test_diff_writes_nothing(folder, capsys):
    code, out, _ = run(capsys, "--select", "EN001", "--diff", str(folder / "a.txt"))
    assert code == 1
    assert "-加强\x07组织领导" in out and "+加强组织领导" in out
    assert (folder / "a.txt").read_text(encoding="utf-8") == DIRTY


def test_stdin_fix_goes_to_stdout(capsys, monkeypatch):
    code, out, err = run(capsys, "--select", "EN001", "--fix", "--stdin-filename", "x.txt", "-",
                         stdin=DIRTY, monkeypatch=monkeypatch)
    assert out == "加强组织领导\n" and code == 0


def test_stdin_lint_names_the_file(capsys, monkeypatch):
    code, out, _ = run(capsys, "--select", "EN001", "--stdin-filename", "notes/x.txt", "-", stdin=DIRTY,
                       monkeypatch=monkeypatch)
    assert code == 1 and out.startswith("notes/x.txt:1:3: EN001")


def test_json_shape_is_stable(folder, capsys):
    code, out, _ = run(capsys, "--select", "EN001", "--format", "json", str(folder / "a.txt"))
    items = json.loads(out)
    assert len(items) == 1
    d = items[0]
    assert {k: d[k] for k in ("code", "name", "category", "severity")} == {
        "code": "EN001", "name": "control-character", "category": "encoding", "severity": "error"}
    assert d["start"] == {"offset": 2, "line": 1, "column": 3} and d["end"]["offset"] == 3
    assert d["fix"] == {"applicability": "safe", "title": "delete the control character",
                        "edits": [{"start": 2, "end": 3, "content": ""}]}
    assert d["related"] == [] and d["document"]["encoding"] == "utf-8"


def test_json_lines_and_statistics(folder, capsys):
    code, out, _ = run(capsys, "--select", "EN001", "--format", "json-lines", str(folder))
    assert [json.loads(line)["code"] for line in out.splitlines()] == ["EN001"]
    code, out, _ = run(capsys, "--select", "EN001", "--statistics", str(folder))
    assert "EN001" in out and "control-character" in out


def test_sarif_counts_code_points(tmp_path, capsys):
    p = tmp_path / "astral.txt"
    p.write_text("𠀀中\x07文\n", encoding="utf-8")
    code, out, _ = run(capsys, "--select", "EN001", "--format", "sarif", str(p))
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["columnKind"] == "unicodeCodePoints"
    region = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startColumn"] == 3
    assert sarif["runs"][0]["tool"]["driver"]["rules"][0]["id"] == "EN001"


def test_github_annotations(folder, capsys):
    code, out, _ = run(capsys, "--select", "EN001", "--format", "github", str(folder / "a.txt"))
    assert out.startswith("::error file=") and ",line=1,col=3," in out and "title=EN001 control-character" in out


def test_full_format_caret_lines_up_under_chinese(folder, capsys):
    code, out, _ = run(capsys, "--select", "EN001", "--format", "full", str(folder / "a.txt"))
    src, caret = [line for line in out.splitlines() if "|" in line][:2]
    # "加强" is four columns wide, so the caret sits four columns after the gutter.
    assert caret.index("^") - caret.index("|") == src.index("|") + 2 + 4 - src.index("|")


def test_select_by_prefix_name_and_category(folder, capsys):
    for sel in ("EN", "control-character", "encoding", "EN001"):
        assert run(capsys, "--select", sel, str(folder / "a.txt"))[0] == 1
    assert run(capsys, "--select", "EN", "--ignore", "EN001", str(folder / "a.txt"))[0] in (0, 1)
    code, out, err = run(capsys, "--select", "NOPE999", str(folder))
    assert code == 2 and "NOPE999" in err


def test_config_file_and_unknown_keys(folder, capsys, monkeypatch):
    monkeypatch.chdir(folder)
    (folder / "textlint.toml").write_text('select = ["EN001"]\n[per-file-ignores]\n"a.txt" = ["EN001"]\n')
    assert main(["--no-cache", "."]) == 0
    capsys.readouterr()
    (folder / "textlint.toml").write_text('selekt = ["EN001"]\n')
    assert main(["--no-cache", "."]) == 2
    assert "selekt" in capsys.readouterr().err and "textlint.toml" in capsys.readouterr().err + "textlint.toml"
    (folder / "textlint.toml").unlink()
    (folder / "pyproject.toml").write_text('[tool.textlint]\nselect = ["EN001"]\n[tool.textlint.rules.EN001]\nnope = 1\n')
    assert main(["--no-cache", "."]) == 2
    assert "nope" in capsys.readouterr().err


def test_rule_command(capsys):
    assert main(["rule"]) == 0
    out = capsys.readouterr().out
    assert "EN001" in out and "control-character" in out
    assert main(["rule", "EN001"]) == 0
    assert "# EN001 control-character" in capsys.readouterr().out
    assert main(["rule", "XX999"]) == 2


def test_parallel_output_matches_serial(tmp_path, capsys):
    for i in range(12):
        (tmp_path / f"f{i:02}.txt").write_text(DIRTY * (i + 1), encoding="utf-8")
    _, serial, _ = run(capsys, "--select", "EN001", "-j", "1", str(tmp_path))
    _, parallel, _ = run(capsys, "--select", "EN001", "-j", "2", str(tmp_path))
    assert serial == parallel and serial.count("EN001") == sum(range(1, 13))


def test_cache_serves_unchanged_files(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    first = main(["--isolated", "--select", "EN001", "a.txt"])
    out1 = capsys.readouterr().out
    assert list((tmp_path / ".textlint_cache").rglob("*.bin"))
    second = main(["--isolated", "--select", "EN001", "a.txt"])
    assert (first, out1) == (second, capsys.readouterr().out)
    (tmp_path / "a.txt").write_text("干净\n", encoding="utf-8")
    assert main(["--isolated", "--select", "EN001", "a.txt"]) == 0


def test_gbk_file_is_written_back_in_gbk_with_its_line_ends(tmp_path, capsys):
    p = tmp_path / "g.txt"
    p.write_bytes("第一行\x07内容\r\n第二行\r\n".encode("gbk"))
    assert run(capsys, "--select", "EN001", "--fix", str(p))[0] == 0
    assert p.read_bytes() == "第一行内容\r\n第二行\r\n".encode("gbk")


def test_jsonl_corpus_records_are_linted_and_fixed(tmp_path, capsys):
    p = tmp_path / "corpus.jsonl"
    p.write_text(json.dumps({"id": 1, "body": "加强\x07领导"}, ensure_ascii=False) + "\n"
                 + json.dumps({"id": 2, "body": "干净"}, ensure_ascii=False) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "--select", "EN001", "--text-field", "body", str(p))
    assert code == 1 and f"{p}:1:1:3: EN001" in out
    assert run(capsys, "--select", "EN001", "--text-field", "body", "--fix", str(p))[0] == 0
    rows = [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()]
    assert rows == [{"id": 1, "body": "加强领导"}, {"id": 2, "body": "干净"}]


def test_baseline_hides_known_problems(folder, capsys, monkeypatch):
    base = folder / "baseline.json"
    assert run(capsys, "--select", "EN001", "--write-baseline", str(base), str(folder))[0] == 1
    assert run(capsys, "--select", "EN001", "--baseline", str(base), str(folder))[0] == 0
    (folder / "new.txt").write_text("新\x07问题\n", encoding="utf-8")
    code, out, _ = run(capsys, "--select", "EN001", "--baseline", str(base), str(folder))
    assert code == 1 and "new.txt" in out and "a.txt" not in out


def test_entry_points_and_module(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(DIRTY, encoding="utf-8")
    exe = Path(sys.executable).parent
    for cmd in ([str(exe / "textlint")], [str(exe / "textlint-cn")], [sys.executable, "-m", "textlint_cn"]):
        proc = subprocess.run([*cmd, "--isolated", "--no-cache", "--select", "EN001", str(p)], capture_output=True,
                              text=True)
        assert proc.returncode == 1 and "EN001" in proc.stdout, cmd
    version = subprocess.run([str(exe / "textlint"), "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("textlint-cn ")
