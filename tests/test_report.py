"""The HTML corpus report: same records either way, escaping, context, clusters, exit codes."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from contextlib import redirect_stderr, redirect_stdout
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from textlint_cn import cli
from textlint_cn.config import Settings
from textlint_cn.report import build_report
from textlint_cn.report.build import build
from textlint_cn.report.context import SourceReader
from textlint_cn.report.model import build_model, clusters_of, split_record_path
from textlint_cn.report.records import (
    CheckedFile,
    RecordError,
    checked_from_results,
    parse_json_text,
    records_from_results,
    to_findings,
)
from textlint_cn.report.render import RenderOptions, pick_examples
from textlint_cn.runner import RunOptions, run

FIXED = RenderOptions(generated=datetime(2026, 1, 1, tzinfo=timezone.utc), version="test", sources=("corpus",))

NOTICE = "关于开展基层减负专项整治的通知\n各区县： 现将有关事项通知如下。\n联系人：×××，电话：请见附件。\n"
CLEAN = "关于开展基层减负专项整治的通知\n现将有关事项通知如下。\n"


def _cli(*argv: str, stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        assert monkeypatch is not None

        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _record(path: str, code: str = "SP001", category: str = "spacing", line: int = 1, offset: int = 0,
            length: int = 1, chars: int = 1000, severity: str = "warning", **extra: Any) -> dict[str, Any]:
    rec = {
        "path": path, "code": code, "name": f"rule-{code.lower()}", "category": category, "severity": severity,
        "message": f"{code} found something", "start": {"offset": offset, "line": line, "column": 1},
        "end": {"offset": offset + length, "line": line, "column": 1 + length}, "fix": None, "related": [],
        "document": {"chars": chars, "encoding": "utf-8", "redactions": 0, "redactions_per_10k": 0.0,
                     "diagnostics": 1},
    }
    rec.update(extra)
    return rec


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "notice.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "c" / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "c" / "gbk.txt").write_bytes(("各区县： 现将有关事项通知如下，请认真贯彻落实。\n" * 3).encode("gbk"))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "c"


def _results(path: str = "c") -> list[Any]:
    return list(run([path], Settings(), RunOptions(jobs=1)))


def _tags(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag of the page with its attributes, as a browser's parser sees them."""
    from html.parser import HTMLParser

    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

        handle_startendtag = handle_starttag

    Collect().feed(page)
    return found


# ---- the same records either way


def test_report_from_results_and_from_cli_json_are_built_from_the_same_records(corpus: Path) -> None:
    results = _results()
    code, out, _ = _cli("check", "c", "--format", "json", "--no-cache", "--isolated")
    assert code == 1
    from_json = parse_json_text(out, "stdout")
    assert from_json == json.loads(json.dumps(records_from_results(results), ensure_ascii=False))
    assert to_findings(from_json, "stdout") == to_findings(records_from_results(results), "results")
    a = build_report(from_json, options=FIXED)
    b = build_report(records_from_results(results), options=FIXED)
    assert a == b
    # Built from results, the clean file is counted as checked too.
    direct = build_report(results, options=FIXED)
    assert "c/clean.txt" in direct and "c/clean.txt" not in a
    code, lines, _ = _cli("check", "c", "--format", "json-lines", "--no-cache", "--isolated")
    assert build_report(parse_json_text(lines, "stdin"), options=FIXED) == a


def test_report_command_from_paths_and_from_json_stdin(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = _cli("report", "c", "-o", "r1.html", "--no-cache", "--isolated")
    assert code == 1, err
    assert "wrote r1.html (" in err
    page = Path("r1.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "c/notice.txt" in page and "gb18030" in page
    _, out, _ = _cli("check", "c", "--format", "json", "--no-cache", "--isolated")
    code, _, err = _cli("report", "--from-json", "-", "-o", "r2.html", "--isolated", stdin=out, monkeypatch=monkeypatch)
    assert code == 1, err
    page2 = Path("r2.html").read_text(encoding="utf-8")
    assert "c/notice.txt" in page2 and 'class="finding"' in page2
    assert "clean files are not in JSON input" in page2
    code, _, _ = _cli("report", "c", "-o", "r3.html", "--no-cache", "--isolated", "--exit-zero", "-q")
    assert code == 0


def test_report_to_stdout_and_a_clean_corpus_exits_zero(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = _cli("report", "clean.txt", "-o", "-", "--no-cache", "--isolated")
    assert code == 0
    assert out.startswith("<!DOCTYPE html>") and "No findings." in out


# ---- bad input


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "bad.json: line 1 is not valid JSON"),
    ("[1, 2]", "bad.json: record 1 is not a JSON object"),
    ('[{"path": "a.txt"}]', "bad.json: record 1 has no 'code' field"),
    ('{"a": 1}', "bad.json: record 1 has no 'path' field"),
    ("[", "bad.json: not valid JSON"),
    ('{"statistics": true', "bad.json: line 1 is not valid JSON"),
])
def test_bad_json_input_exits_2_and_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str,
                                                   message: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.json").write_text(content, encoding="utf-8")
    code, _, err = _cli("report", "--from-json", "bad.json", "-o", "r.html", "--isolated")
    assert code == 2
    assert message in err
    assert not Path("r.html").exists()


def test_bad_record_fields_and_missing_or_binary_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    rec = _record("a.txt")
    rec["start"]["line"] = "one"
    Path("bad.json").write_text(json.dumps([rec]), encoding="utf-8")
    code, _, err = _cli("report", "--from-json", "bad.json", "-o", "r.html", "--isolated")
    assert code == 2 and "bad.json: record 1: positions need whole-number" in err
    code, _, err = _cli("report", "--from-json", "missing.json", "--isolated")
    assert code == 2 and "missing.json: no such file" in err
    Path("bin.json").write_bytes(b"\xff\xfe\x00garbage")
    code, _, err = _cli("report", "--from-json", "bin.json", "--isolated")
    assert code == 2 and "bin.json: not UTF-8 JSON" in err
    code, _, err = _cli("report", "a.txt", "--from-json", "bad.json", "--isolated")
    assert code == 2 and "not both" in err


def test_empty_json_gives_an_empty_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("empty.json").write_text("[]\n", encoding="utf-8")
    code, _, _ = _cli("report", "--from-json", "empty.json", "-o", "r.html", "--isolated")
    assert code == 0
    assert "No findings." in Path("r.html").read_text(encoding="utf-8")


def test_unreadable_file_is_listed_and_exits_2(corpus: Path) -> None:
    code, _, err = _cli("report", "c", "nowhere.txt", "-o", "r.html", "--no-cache", "--isolated")
    assert code == 2, err
    page = Path("r.html").read_text(encoding="utf-8")
    assert 'id="problems"' in page and "nowhere.txt" in page and "TL002" in page


# ---- what the page holds


def test_density_totals_and_ordering() -> None:
    records = ([_record("a.txt", chars=2000, offset=i) for i in range(4)]
               + [_record("b.txt", "RD001", "redaction", chars=100)]
               + [_record("a.txt", "EN001", "encoding", chars=2000, severity="error")])
    model = build_model(to_findings(records, "x"), [CheckedFile("c.txt", 500, "gb18030")])
    assert [f.path for f in model.files] == ["b.txt", "a.txt", "c.txt"]
    assert model.files[0].density == pytest.approx(100.0)  # 1 in 100 characters
    assert model.files[1].density == pytest.approx(25.0)  # 5 in 2,000
    assert model.files[2].density == 0
    assert [(c.category, c.count) for c in model.categories] == [("spacing", 4), ("encoding", 1), ("redaction", 1)]
    assert model.rules[0].code == "SP001" and model.rules[0].count == 4
    assert model.redactions == 1
    assert dict((e, n) for e, n, _ in model.encodings) == {"utf-8": 2, "gb18030": 1}
    assert model.severities["error"] == 1 and not model.failed


def test_every_section_is_present(corpus: Path) -> None:
    page, model = build(_results(), reader=SourceReader(), options=FIXED)
    for anchor in ("summary", "categories", "rules", "density", "worst", "duplicates", "redactions", "encodings"):
        assert f'id="{anchor}"' in page, anchor
    assert '<table class="sortable" id="t-density">' in page and "<svg" in page
    assert model.total_findings >= 3
    # The worst file's excerpt marks the span, with its line number.
    assert '<span class="n">2</span><code>各区县：<mark> </mark>现将' in page
    assert "<mark>×××</mark>" in page


def test_excerpts_come_from_the_file_decoded_like_the_linter(corpus: Path) -> None:
    results = _results()
    gbk = [d for r in results if r.path.endswith("gbk.txt") for d in r.diagnostics]
    assert gbk, "the GBK file should have findings"
    excerpt = SourceReader().excerpt(gbk[0])
    assert excerpt is not None
    text = "".join(s.text for line in excerpt.lines for s in line.segments)
    assert "各区县" in text


def test_excerpt_is_dropped_when_the_file_changed(corpus: Path) -> None:
    results = _results()
    d = next(d for r in results for d in r.diagnostics if d.code == "RD001")
    (corpus / "notice.txt").write_text("短\n", encoding="utf-8")
    assert SourceReader().excerpt(d) is None
    page = build_report(results, options=FIXED)
    assert "file not available: no excerpt" in page


def test_json_lines_corpus_records_are_read_for_context(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in enumerate([CLEAN, NOTICE])]
    Path("corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = _results("corpus.jsonl")
    paths = {d.path for r in results for d in r.diagnostics}
    assert paths == {"corpus.jsonl:2"}
    assert split_record_path("corpus.jsonl:2") == ("corpus.jsonl", 2)
    page, model = build(results, reader=SourceReader(), options=FIXED)
    assert [f.path for f in model.files] == ["corpus.jsonl"]
    assert "r2 L3:5" in page and "1 records with findings" in page and "<mark>×××</mark>" in page


def test_untrusted_text_is_escaped_and_nothing_loads_from_the_network(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    evil = '<img src=x onerror=alert(1)></script><script>alert(2)</script>'
    name = 'a"><script>alert(3)<\\script>.txt'
    Path(name).write_text(f"各区县： {evil}\x07\u200b\n", encoding="utf-8")
    rec = _record(name, offset=3, length=1, message=evil, chars=40,
                  fix={"applicability": "safe", "title": evil, "edits": [{"start": 3, "end": 4, "content": evil}]},
                  data={"token": evil})
    rec["start"]["column"], rec["end"]["column"] = 4, 5
    dup = _record(evil, "DU001", "duplicate", data={"cluster": evil, "similarity": 0.9, "size": 3},
                  related=[{"path": evil, "start": {"offset": 0, "line": 1, "column": 1},
                            "end": {"offset": 1, "line": 1, "column": 2}, "message": evil}])
    red = _record(name, "RD001", "redaction", data={"token": evil}, chars=40)
    page = build_report([rec, dup, red], reader=SourceReader(), options=FIXED)
    tags = _tags(page)
    assert [t for t, _ in tags if t == "script"] == ["script"]  # ours
    assert not {t for t, _ in tags} & {"img", "iframe", "link", "object", "embed", "image", "use", "foreignobject"}
    assert not [a for _, attrs in tags for a, _ in attrs if a.startswith("on") or a in ("src", "srcset")]
    assert all(not (v or "").lower().startswith(("javascript:", "data:")) for _, attrs in tags for a, v in attrs
               if a in ("href", "xlink:href"))
    assert "<img" not in page and "onerror=alert(1)>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert '"><script>' not in page
    assert "\x07" not in page and "␇" in page  # a control character is shown, not emitted
    assert "ZWSP" in page
    # No fetches: no src attributes, no stylesheets, no url() or @import, and a CSP that forbids them.
    assert "url(" not in page and "@import" not in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp
    script = re.search(r"<script>(.*)</script>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert f"'sha256-{digest}'" in csp


def test_links_to_files_cannot_become_scripts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("javascript:alert(1).txt").write_text(NOTICE, encoding="utf-8")
    page = build_report([_record("javascript:alert(1).txt", offset=20, line=2)],
                        options=RenderOptions(report_dir=tmp_path))
    assert 'href="./javascript%3Aalert%281%29.txt"' in page
    assert 'href="javascript:' not in page


def test_lone_surrogates_and_controls_in_records_do_not_break_the_page() -> None:
    rec = _record("a\ud800.txt", message="bad \udcff \x00 \x85 text")
    page = build_report([rec], options=FIXED)
    page.encode("utf-8")
    assert "\ufffd" in page and "␀" in page


# ---- duplicates


def _dup(path: str, line: int, other: str, other_line: int, **data: Any) -> dict[str, Any]:
    rel = {"path": other, "start": {"offset": other_line * 10, "line": other_line, "column": 1},
           "end": {"offset": other_line * 10 + 30, "line": other_line + 2, "column": 1}, "message": "other copy"}
    rec = _record(path, "DU001", "duplicate", line=line, offset=line * 10, length=30, related=[rel])
    rec["end"]["line"] = line + 2
    if data:
        rec["data"] = data
    return rec


def test_duplicate_clusters_by_label_and_by_related_locations() -> None:
    labelled = [_dup("a.txt", 1, "b.txt", 5, cluster=7, similarity=0.93, size=120),
                _dup("b.txt", 5, "a.txt", 1, cluster=7, similarity=0.95, size=120),
                _dup("c.txt", 3, "b.txt", 5, cluster=7, similarity=0.91, size=120)]
    loose = [_dup("x.txt", 2, "y.txt", 4), _dup("y.txt", 4, "x.txt", 2), _dup("y.txt", 4, "z.txt", 9)]
    clusters = clusters_of(d.diagnostic for d in to_findings(labelled + loose, "x"))
    assert len(clusters) == 2
    first, second = clusters
    assert {m.path for m in first.members} == {"a.txt", "b.txt", "c.txt"}
    assert first.similarity == pytest.approx(0.91) and first.size == 120
    assert {m.path for m in second.members} == {"x.txt", "y.txt", "z.txt"}
    page = build_report(labelled + loose, options=FIXED)
    assert "3 copies · 91% similar · size 120 · DU001" in page
    assert "lines 5–7" in page


# ---- small parts


def test_examples_take_turns_between_the_most_frequent_rules() -> None:
    recs = [_record("a.txt", "SP001", offset=i) for i in range(6)] + [_record("a.txt", "RD001", "redaction", offset=50 + i)
                                                                       for i in range(2)]
    ds = [f.diagnostic for f in to_findings(recs, "x")]
    chosen = pick_examples(ds, 5)
    assert [d.code for d in chosen] == ["SP001", "RD001", "SP001", "RD001", "SP001"]


def test_row_limit_note() -> None:
    recs = [_record(f"f{i:03}.txt", chars=100 + i) for i in range(30)]
    page = build_report(recs, options=RenderOptions(max_rows=10, top_files=3))
    assert "Showing the 10 densest of 30 files" in page
    assert page.count('<details class="card"') == 3


def test_checked_files_from_results_keep_clean_files(corpus: Path) -> None:
    checked = checked_from_results(_results())
    assert {c.path for c in checked} == {"c/clean.txt", "c/notice.txt", "c/gbk.txt"}
    assert {c.encoding for c in checked} == {"utf-8", "gb18030"}


def test_record_errors_name_the_input() -> None:
    with pytest.raises(RecordError, match="in.json: record 2 is not a JSON object"):
        to_findings([_record("a.txt"), "x"], "in.json")


# ---- real data


def test_report_on_the_seeds(shared: Path, tmp_path: Path) -> None:
    results = list(run([str(shared / "seeds")], Settings(), RunOptions(jobs=1)))
    page, model = build(results, reader=SourceReader(), options=FIXED)
    assert len(model.files) == 4
    assert model.total_findings == sum(len(r.diagnostics) for r in results)
    assert {e for e, _, _ in model.encodings} == {"utf-8"}
    assert page.count('class="finding"') >= 4
    # Every excerpt shown was found in its file: no "file not available" for files on disk.
    assert "file not available" not in page
    out = tmp_path / "seeds.html"
    out.write_text(page, encoding="utf-8")
    assert out.stat().st_size < 5_000_000


def test_shared_folder_is_named_once() -> None:
    from textlint_cn.report.render import common_folder

    assert common_folder(["/d/seeds/a.txt", "/d/seeds/b.txt"]) == "/d/seeds"
    assert common_folder(["../s/x/a.txt", "../s/y/b.txt"]) == "../s"
    assert common_folder(["a.txt", "d/b.txt"]) == ""
    assert common_folder(["/d/seeds/a.txt"]) == ""
    page = build_report([_record("/d/seeds/a.txt"), _record("/d/seeds/b.txt")], options=FIXED)
    assert "paths below are in <span class=\"path\">/d/seeds/</span>" in page
    assert 'title="/d/seeds/a.txt">a.txt</span>' in page


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_excerpt_lines_exclude_their_breaks_and_mark_a_break_finding(tmp_path: Path, newline: str) -> None:
    from textlint_cn._types import Severity
    from textlint_cn.diagnostics import Diagnostic
    from textlint_cn.lines import LineIndex

    text = newline.join(["第一行", "坚", "", "决守住安全底线。", "末行"]) + newline
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    index = LineIndex(text)
    start = text.index("坚") + 1
    end = text.index("决")
    d = Diagnostic(str(path), "LB002", "paragraph-split", "linebreak", Severity.WARNING, "split",
                   index.position(start), index.position(end))
    excerpt = SourceReader().excerpt(d)
    assert excerpt is not None
    lines = {x.number: x for x in excerpt.lines}
    assert ["".join(s.text for s in lines[n].segments) for n in (1, 2, 3, 4)] == ["第一行", "坚", "", "决守住安全底线。"]
    assert lines[2].break_marked and lines[3].break_marked and not lines[4].break_marked
    assert not any(s.marked for n in (2, 3, 4) for s in lines[n].segments)


def test_from_json_reads_files_relative_to_root(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, out, _ = _cli("check", "c", "--format", "json", "--no-cache", "--isolated")
    (tmp_path / "run.json").write_text(out, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    _cli("report", "--from-json", "../run.json", "-o", "lost.html", "--isolated")
    assert "file not available: no excerpt" in Path("lost.html").read_text(encoding="utf-8")
    _cli("report", "--from-json", "../run.json", "-o", "found.html", "--isolated", "--root", str(tmp_path))
    found = Path("found.html").read_text(encoding="utf-8")
    assert "file not available" not in found and "<mark>×××</mark>" in found


@pytest.mark.parametrize(("flags", "message"), [(["--format", "sarif"], "this is SARIF output"),
                                                 (["--statistics", "--format", "json"], "this is --statistics output")])
def test_other_json_shapes_are_named(corpus: Path, flags: list[str], message: str) -> None:
    _, out, _ = _cli("check", "c", "--no-cache", "--isolated", *flags)
    Path("other.json").write_text(out, encoding="utf-8")
    code, _, err = _cli("report", "--from-json", "other.json", "--isolated")
    assert code == 2 and f"other.json: {message}" in err
