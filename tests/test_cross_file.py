"""Duplicates across the files of one run: `textlint corpus/` names the other copy in `related`."""
from __future__ import annotations

import json
import shutil

from textlint_cn.cli import main


def test_gold_duplicate_pair_is_reported_across_files(shared, tmp_path, capsys):
    (pair,) = json.loads((shared / "gold" / "duplicates.json").read_text(encoding="utf-8"))
    for name in ("000_4f7e58140ce92ee0.txt", "001_016b616b6490f3df.txt", "002_24f5e5258ed11c51.txt"):
        shutil.copy(shared / "seeds" / name, tmp_path / name)
    code = main(["--isolated", "--no-cache", "--select", "DU003", "--format", "json", str(tmp_path)])
    items = json.loads(capsys.readouterr().out)
    assert code == 1
    assert len(items) == 1, [i["message"] for i in items]
    (d,) = items
    (a_file, a_first, a_last), (b_file, b_first, b_last) = pair
    assert d["path"].endswith(b_file) and b_first <= d["start"]["line"] <= b_first + 1
    assert b_last - 1 <= d["end"]["line"] <= b_last + 1
    (rel,) = d["related"]
    assert rel["path"].endswith(a_file) and a_first <= rel["start"]["line"] <= a_first + 1
    assert a_last - 1 <= rel["end"]["line"] <= a_last + 1
    assert d["data"]["similarity"] >= 0.9 and d["data"]["size"] > 1000


def test_one_file_alone_has_no_cross_file_findings(shared, capsys):
    code = main(["--isolated", "--no-cache", "--select", "DU003",
                 str(shared / "seeds" / "001_016b616b6490f3df.txt")])
    assert code == 0


def test_cached_run_serves_cross_file_findings_until_a_file_changes(shared, tmp_path, capsys, monkeypatch):
    import textlint_cn.corpus_checks as corpus_checks

    for name in ("000_4f7e58140ce92ee0.txt", "001_016b616b6490f3df.txt"):
        shutil.copy(shared / "seeds" / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    argv = ["--isolated", "--select", "DU003", "--format", "json", "."]
    calls = []
    real = corpus_checks.cross_file_diagnostics
    monkeypatch.setattr(corpus_checks, "cross_file_diagnostics", lambda *a, **k: calls.append(1) or real(*a, **k))

    main(argv)
    first = json.loads(capsys.readouterr().out)
    main(argv)
    assert json.loads(capsys.readouterr().out) == first and len(first) == 1 and len(calls) == 1
    # the copy in 001 is changed: the findings are computed again, and the pair is gone
    copy = tmp_path / "001_016b616b6490f3df.txt"
    text = copy.read_text(encoding="utf-8")
    start = text.index("\n", first[0]["start"]["offset"] + 10)
    copy.write_text(text[:start] + "\n" + "新" * 3000 + text[first[0]["end"]["offset"]:], encoding="utf-8")
    main(argv)
    assert len(calls) == 2
    assert json.loads(capsys.readouterr().out) != first


def test_a_run_over_max_bytes_skips_the_cross_file_pass_with_a_note(shared, tmp_path, capsys, caplog):
    for name in ("000_4f7e58140ce92ee0.txt", "001_016b616b6490f3df.txt"):
        shutil.copy(shared / "seeds" / name, tmp_path / name)
    (tmp_path / "textlint.toml").write_text('select = ["DU003"]\n[rules.DU003]\nmax-bytes = 10000\n')
    code = main(["--no-cache", "--config", str(tmp_path / "textlint.toml"), "--format", "json", str(tmp_path)])
    out = capsys.readouterr()
    assert code == 0 and json.loads(out.out) == []
    assert "DU003 (duplicate-across-files) not checked" in caplog.text and "max-bytes (0.0 MB)" in caplog.text
    assert caplog.text.count("not checked") == 1  # said once


def test_passages_from_the_workers_give_the_findings_of_a_second_reading(shared, tmp_path, capsys, monkeypatch):
    """A plain lint extracts DU003's passages in the workers; a partly cached run reads the files
    again. Both, serial and parallel, report the same copies at the same places."""
    import textlint_cn.corpus_checks as corpus_checks

    seeds = sorted((shared / "seeds").glob("*.txt"))
    longest = max(seeds[-1].read_text(encoding="utf-8").split("\n"), key=len)
    for i, seed in enumerate(seeds[:3]):
        text = seed.read_text(encoding="utf-8")
        (tmp_path / f"d{i}.txt").write_text(text + "\n" + longest + "\n" if i else text, encoding="utf-8")
    shutil.copy(seeds[-1], tmp_path / "d3.txt")
    monkeypatch.chdir(tmp_path)
    used = []
    real = corpus_checks.document_passages
    monkeypatch.setattr(corpus_checks, "document_passages", lambda *a: used.append(1) or real(*a))
    outputs = []
    for argv in (["--no-cache", "-j", "1"], ["--no-cache", "-j", "2"], ["-j", "1"]):
        main(["--isolated", "--select", "DU003", "--format", "json", *argv, "."])
        outputs.append(json.loads(capsys.readouterr().out))
    assert used, "the serial run extracts passages where it lints"
    # a cached run in which one file changed: the others come from the cache, DU003 reads again
    (tmp_path / "d3.txt").write_text((tmp_path / "d3.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    used.clear()
    main(["--isolated", "--select", "DU003", "--format", "json", "-j", "1", "."])
    outputs.append(json.loads(capsys.readouterr().out))
    assert not used
    assert len(outputs[0]) >= 3  # the gold pair, and the pasted paragraph's two copies

    def findings(items):  # without the per-document statistics (d3 grew by a character)
        return [{k: v for k, v in d.items() if k != "document"} for d in items]

    assert all(findings(o) == findings(outputs[0]) for o in outputs[1:])


def test_a_document_whose_passages_cannot_be_extracted_is_reported_and_the_run_goes_on(shared, tmp_path, capsys,
                                                                                      monkeypatch):
    import textlint_cn.corpus_checks as corpus_checks

    for name in ("000_4f7e58140ce92ee0.txt", "001_016b616b6490f3df.txt"):
        shutil.copy(shared / "seeds" / name, tmp_path / name)
    real = corpus_checks.document_passages

    def broken(doc, options):
        if doc.path.endswith("000_4f7e58140ce92ee0.txt"):
            raise MemoryError("simulated")
        return real(doc, options)

    monkeypatch.setattr(corpus_checks, "document_passages", broken)
    monkeypatch.chdir(tmp_path)
    code = main(["--isolated", "--no-cache", "-j", "1", "--format", "json", "."])
    items = json.loads(capsys.readouterr().out)
    assert code == 2
    (failure,) = [d for d in items if d["code"] == "TL001"]
    assert failure["path"].endswith("000_4f7e58140ce92ee0.txt") and "MemoryError: simulated" in failure["message"]
    assert sum(d["path"].endswith("000_4f7e58140ce92ee0.txt") for d in items) > 10  # its own findings stand
