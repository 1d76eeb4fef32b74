"""Bad input: every odd file gets one clear line naming it and the problem, the run goes on
with the other files, and the exit code is 2 when a file could not be processed.

The tests run the command as users do (``main([...])``) with the full default rule set, so
they hold whatever rules are installed: expected fixed texts come from ``api.fix`` on the
decoded text, and what is checked is that the bytes on disk are exactly that text in the
file's own encoding, BOM and line ends.
"""
from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from textlint_cn import api
from textlint_cn.cli import main
from textlint_cn.config import Settings

ROOT = Path(__file__).resolve().parent.parent

# A report paragraph with damage the default rules fix safely (control characters, a
# zero-width space) and a second line; no rule should need anything else to fix it.
DAMAGED = "一、加强\x07组织领导，落实主体责任。\n二、推进\u200b改革，2024年完成任务。\n"
CLEAN = "一、加强组织领导，落实主体责任。\n二、推进改革，2024年完成任务。\n"
LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]{1,4}\d{3})(?: \[\*(?:unsafe)?\])? (?P<msg>.+)$")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["--isolated", "--no-cache", "-j", "1", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def lines_for(out: str, name: str) -> list[re.Match[str]]:
    """Parsed concise lines about the file ``name``; every printed diagnostic must parse."""
    found = []
    for line in out.splitlines():
        if line.startswith(("Found ", "Fixed ", "All checks", "[*]")):
            continue
        m = LINE.match(line)
        assert m, f"not a one-line diagnostic: {line!r}"
        if Path(m["path"]).name == name:
            found.append(m)
    return found


def fixed(text: str) -> str:
    """What ``--fix`` must write for ``text`` (whatever rules are installed)."""
    outcome = api.fix(text)
    assert outcome.writable, [d.message for d in outcome.problems]
    return outcome.text


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.txt").write_text(DAMAGED, encoding="utf-8")
    return tmp_path


def test_damaged_sample_is_fixed_by_the_default_rules():
    assert fixed(DAMAGED) == CLEAN and fixed(CLEAN) == CLEAN


# --- binary and NUL bytes ----------------------------------------------------------------------


def test_binary_and_nul_files_are_skipped_with_a_note_and_the_run_goes_on(folder, capsys):
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (folder / "nul.txt").write_bytes("加强组织领导\n".encode() + b"\x00" + "落实责任\n".encode())
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    code, out, _ = run(capsys, "--fix", ".")
    for name in ("image.txt", "nul.txt"):
        (m,) = lines_for(out, name)
        assert m["code"] == "TL006" and "binary" in m["msg"]
        assert (folder / name).read_bytes() == before[name]  # never written
    assert (folder / "good.txt").read_text(encoding="utf-8") == fixed(DAMAGED)  # the run went on
    assert code == 0  # a deliberate skip is a note (TL006, info), not a failure


def test_nul_bytes_deep_inside_a_large_file_still_count_as_binary(folder, capsys):
    body = ("加强组织领导，落实主体责任。\n" * 20000).encode()
    data = body[:200000] + b"\x00\x01\x02\x00" + body[200000:]  # far from the head and the tail
    (folder / "mixed.txt").write_bytes(data)
    code, out, _ = run(capsys, "--fix", "mixed.txt")
    (m,) = lines_for(out, "mixed.txt")
    assert m["code"] == "TL006" and m["msg"] == "binary file (contains NUL bytes)"
    assert (folder / "mixed.txt").read_bytes() == data and code == 0


# --- empty files, final newline, line ends ----------------------------------------------------


def test_empty_file_is_clean(folder, capsys):
    (folder / "empty.txt").write_bytes(b"")
    code, out, _ = run(capsys, "--fix", "empty.txt")
    assert code == 0 and lines_for(out, "empty.txt") == []
    assert (folder / "empty.txt").read_bytes() == b""


def test_no_final_newline_is_kept(folder, capsys):
    text = DAMAGED.rstrip("\n")
    (folder / "open.txt").write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "--fix", "open.txt")
    assert code in (0, 1)
    data = (folder / "open.txt").read_bytes()
    assert data == fixed(text).encode() and not data.endswith(b"\n")


@pytest.mark.parametrize("eol", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_ends_are_kept_byte_for_byte(folder, capsys, eol):
    (folder / "eol.txt").write_bytes(DAMAGED.replace("\n", eol).encode())
    code, out, _ = run(capsys, "--fix", "eol.txt")
    assert code in (0, 1)
    # The rules see \r\n and \r exactly as \n: the same fixes, the file's own line ends.
    assert (folder / "eol.txt").read_bytes() == fixed(DAMAGED).replace("\n", eol).encode()
    assert fixed(DAMAGED.replace("\n", eol)) == fixed(DAMAGED).replace("\n", eol)


def test_mixed_line_ends_are_each_kept(folder, capsys):
    text = "一、加强\x07组织领导。\r\n二、推进改革。\n三、完成\x07任务。\r四、总结。"
    (folder / "mixed.txt").write_bytes(text.encode())
    run(capsys, "--fix", "mixed.txt")
    after = (folder / "mixed.txt").read_bytes()
    assert after == fixed(text).encode()
    assert re.findall(rb"\r\n|\r|\n", after) == [b"\r\n", b"\n", b"\r"]


# --- encodings -------------------------------------------------------------------------------


def undetectable_bytes() -> bytes:
    data = random.Random(7).randbytes(4000).replace(b"\x00", b"\x01")
    from textlint_cn.decoding import DecodeError, decode_bytes

    with pytest.raises(DecodeError):
        decode_bytes(data)
    return data


def test_undetectable_encoding_is_reported_and_the_run_goes_on(folder, capsys):
    (folder / "noise.txt").write_bytes(undetectable_bytes())
    code, out, err = run(capsys, "--fix", ".")
    (m,) = lines_for(out, "noise.txt")
    assert m["code"] == "TL002" and "encoding could not be detected" in m["msg"] and "--encoding" in m["msg"]
    assert (folder / "good.txt").read_text(encoding="utf-8") == fixed(DAMAGED)
    assert code == 2


def test_file_valid_in_two_encodings_is_read_the_same_way_every_time(folder, capsys):
    # These UTF-8 bytes are also valid GBK (鍔犲己缁勭粐 is their GBK reading: mojibake).
    text = "加强\x07组织\n"
    data = text.encode("utf-8")
    assert data.decode("gbk") != text
    (folder / "both.txt").write_bytes(data)
    runs = [run(capsys, "--format", "json", "both.txt")[1] for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]
    from textlint_cn.decoding import decode_bytes

    assert decode_bytes(data).encoding == "utf-8"
    assert decode_bytes(data, "gbk").text == data.decode("gbk")
    # --encoding forces the other reading; --fix writes back in it. Either way the one control
    # character goes and every other byte stays.
    code, out, _ = run(capsys, "--encoding", "gbk", "--fix", "both.txt")
    assert (folder / "both.txt").read_bytes() == fixed(data.decode("gbk")).encode("gbk") == data.replace(b"\x07", b"")
    (folder / "both.txt").write_bytes(data)
    run(capsys, "--fix", "both.txt")
    assert (folder / "both.txt").read_bytes() == fixed(text).encode() == data.replace(b"\x07", b"")


def test_gb18030_or_big5_ambiguity_is_deterministic_and_forceable():
    from textlint_cn.decoding import decode_bytes

    big5 = "政府工作報告，推進改革開放。\n".encode("big5")
    first = decode_bytes(big5)
    assert first.encoding == "big5" and first.text == big5.decode("big5")
    assert all(decode_bytes(big5) == first for _ in range(3))
    gbk = "政府工作报告，推进改革开放。\n".encode("gbk")
    assert decode_bytes(gbk).encoding == "gb18030" and decode_bytes(gbk).text == gbk.decode("gbk")
    forced = decode_bytes(big5, "gb18030")  # the other reading, when the user says so
    assert forced.encoding == "gb18030" and forced.text == big5.decode("gb18030")


def test_invalid_bytes_in_utf8_are_reported_and_fix_refuses_to_write(folder, capsys):
    head = ("一、加强\x07组织领导，落实主体责任。\n" * 40).encode()
    tail = ("二、推进改革，完成任务。\n" * 40).encode()
    data = head + b"\xff\xfe\xc3" + tail  # a broken sequence mid-file, after line 40
    (folder / "broken.txt").write_bytes(data)
    code, out, _ = run(capsys, "broken.txt")
    found = lines_for(out, "broken.txt")
    assert any(m["line"] == "41" and m["col"] == "1" and m["code"] != "EN001" for m in found), out
    code, out, _ = run(capsys, "--fix", "broken.txt")
    refusal = [m for m in lines_for(out, "broken.txt") if m["code"] == "TL005"]
    assert refusal and "would lose them" in refusal[0]["msg"]
    assert (folder / "broken.txt").read_bytes() == data  # nothing lost
    assert code == 2
    # What is reported after a refused fix points into the file as it is on disk.
    assert any(m["code"] == "EN001" and m["line"] == "1" for m in lines_for(out, "broken.txt"))


def test_utf16_without_bom_is_detected_and_written_back_without_bom(folder, capsys):
    for enc in ("utf-16-le", "utf-16-be"):
        (folder / f"{enc}.txt").write_bytes(DAMAGED.encode(enc))
    code, out, _ = run(capsys, "--fix", ".")
    for enc in ("utf-16-le", "utf-16-be"):
        assert (folder / f"{enc}.txt").read_bytes() == fixed(DAMAGED).encode(enc)
    assert code in (0, 1)


def test_ascii_utf16_without_bom_is_not_read_as_utf8_with_nuls(folder, capsys):
    """NUL is valid UTF-8: read that way, a fix would delete every other byte and rewrite the
    file in another encoding."""
    text = "Report\x07 2024\n"
    (folder / "ascii16.txt").write_bytes(text.encode("utf-16-le"))
    run(capsys, "--fix", "ascii16.txt")
    assert (folder / "ascii16.txt").read_bytes() == fixed(text).encode("utf-16-le")


def test_fix_that_would_not_read_back_is_refused(folder, capsys):
    """Written as Latin-1, 'café' would be detected as damaged UTF-8 next time: refused."""
    (folder / "cafe.txt").write_text("café\x07\n", encoding="utf-8")
    code, out, _ = run(capsys, "--fix", "--output-encoding", "latin-1", "cafe.txt")
    (m,) = [m for m in lines_for(out, "cafe.txt") if m["code"] == "TL005"]
    assert m["msg"] == "the fixed file would not read back as the same text (it would read as utf-8); not written"
    assert (folder / "cafe.txt").read_text(encoding="utf-8") == "café\x07\n" and code == 2


def test_bom_files_keep_their_bom(folder, capsys):
    (folder / "bom8.txt").write_bytes(b"\xef\xbb\xbf" + DAMAGED.encode())
    (folder / "bom16.txt").write_bytes(DAMAGED.encode("utf-16"))  # with its BOM
    run(capsys, "--fix", ".")
    assert (folder / "bom8.txt").read_bytes() == b"\xef\xbb\xbf" + fixed(DAMAGED).encode()
    assert (folder / "bom16.txt").read_bytes() == fixed(DAMAGED).encode("utf-16")


def test_gbk_file_is_fixed_and_written_back_in_gbk(folder, capsys):
    text = DAMAGED.replace("\u200b", "") * 3  # GBK has no zero-width space
    (folder / "gbk.txt").write_bytes(text.replace("\n", "\r\n").encode("gbk"))
    code, out, _ = run(capsys, "--fix", "gbk.txt")
    data = (folder / "gbk.txt").read_bytes()
    assert data == fixed(text).replace("\n", "\r\n").encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_fix_that_cannot_be_encoded_back_is_refused(folder, capsys, monkeypatch):
    """A fix bringing in a character the file's encoding lacks: reported, not written."""
    text = "加强\x07组织领导\n"
    (folder / "latin.txt").write_bytes(text.encode("gbk"))
    import textlint_cn.runner as runner

    real = runner.fix_with_rules

    def fix_adding_emoji(doc, rules, ignore=(), unsafe=False):
        outcome = real(doc, rules, ignore, unsafe)
        return type(outcome)(outcome.text + "\U0001f600", outcome.applied, outcome.remaining, outcome.problems,
                             outcome.passes)

    monkeypatch.setattr(runner, "fix_with_rules", fix_adding_emoji)
    code, out, _ = run(capsys, "--fix", "--output-encoding", "gbk", "latin.txt")
    (m,) = [m for m in lines_for(out, "latin.txt") if m["code"] == "TL005"]
    assert "cannot be encoded as gbk" in m["msg"]
    assert (folder / "latin.txt").read_bytes() == text.encode("gbk")
    assert code == 2


# --- size limits -------------------------------------------------------------------------------


def test_default_size_limit_is_128_mib_as_documented():
    assert Settings().max_file_size == 128 * 1024 * 1024
    internal = (ROOT / "rules" / "internal.toml").read_text(encoding="utf-8")
    assert "`max-file-size` (default 128 MB)" in internal or "`max-file-size` (default 128 MiB)" in internal


def test_one_gigabyte_file_is_refused_without_being_read(folder, capsys):
    big = folder / "huge.txt"
    with open(big, "wb") as handle:  # sparse: no disk space, no time
        handle.seek(1024**3 - 1)
        handle.write(b"\n")
    opened: list[str] = []
    real_open = open

    def spy(path, *args, **kwargs):
        opened.append(os.fspath(path))
        return real_open(path, *args, **kwargs)

    import builtins

    builtins_open = builtins.open
    try:
        builtins.open = spy
        code, out, _ = run(capsys, "--fix", ".")
    finally:
        builtins.open = builtins_open
    (m,) = lines_for(out, "huge.txt")
    assert m["code"] == "TL006"
    assert "1,024 MB" in m["msg"] and "max-file-size limit of 128 MB" in m["msg"] and "not checked" in m["msg"]
    assert not any(p.endswith("huge.txt") for p in opened)
    assert (folder / "good.txt").read_text(encoding="utf-8") == fixed(DAMAGED)  # the run went on
    assert code == 2  # its text was not checked


def test_size_limit_is_configurable(folder, capsys):
    (folder / "textlint.toml").write_text("max-file-size = 50\n", encoding="utf-8")
    code = main(["--no-cache", "-j", "1", "good.txt"])
    out, _ = capsys.readouterr()
    (m,) = lines_for(out, "good.txt")
    assert m["code"] == "TL006" and "max-file-size" in m["msg"] and code == 2


def test_stdin_over_the_size_limit_is_refused(folder, capsys, monkeypatch):
    import io

    (folder / "textlint.toml").write_text("max-file-size = 1000\n", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(("加强组织领导\n" * 1000).encode())))
    code = main(["--no-cache", "-"])
    out, _ = capsys.readouterr()
    assert "max-file-size" in out and code == 2


def _peak_rss_script(path: Path, *argv: str) -> str:
    return textwrap.dedent(f"""
        import json, resource, sys
        sys.path.insert(0, {str(ROOT)!r})
        from textlint_cn.cli import main
        from textlint_cn import api
        api.rules_for()
        for r in api.rules_for():
            r.check
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        code = main(["--isolated", "--no-cache", "-q", "-j", "1", *{list(argv)!r}, {str(path)!r}])
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({{"code": code, "base_kb": base, "peak_kb": peak}}), file=sys.stderr)
    """)


def measure(path: Path, *argv: str, timeout: float = 600) -> dict:
    import json

    proc = subprocess.run([sys.executable, "-c", _peak_rss_script(path, *argv)], capture_output=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return json.loads(proc.stderr.decode().strip().splitlines()[-1])


def one_long_line(path: Path, megabytes: float) -> str:
    """A single line (no break at all) of report text with scattered fixable damage."""
    unit = "加强组织领导，落实主体责任，推进改革开放，" * 20 + "\x07"
    count = int(megabytes * 1024 * 1024 / len(unit.encode()))
    path.write_text(unit * count, encoding="utf-8")
    return unit


# Peak memory per byte of input for the default rule set (measured about 15-18x: the text,
# its bytes, line and paragraph tables, findings and the fixed copy). The bound catches a
# rule that copies per line or holds per-character objects.
RSS_PER_BYTE = 25


def test_long_line_is_processed_in_bounded_memory(tmp_path):
    path = tmp_path / "line.txt"
    unit = one_long_line(path, 4)
    size = path.stat().st_size
    for argv in ((), ("--fix",)):
        stats = measure(path, *argv)
        grown = (stats["peak_kb"] - stats["base_kb"]) * 1024
        assert grown <= RSS_PER_BYTE * size + 64 * 1024 * 1024, (argv, stats, size)
    text = path.read_text(encoding="utf-8")
    assert "\n" not in text and "\x07" not in text and len(text) == (size // len(unit.encode())) * (len(unit) - 1)


def test_refused_gigabyte_file_costs_no_memory(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as handle:
        handle.truncate(1024**3)
    stats = measure(big)
    assert stats["code"] == 2
    assert stats["peak_kb"] - stats["base_kb"] < 32 * 1024


@pytest.mark.slow
def test_100_megabyte_line_in_bounded_memory(tmp_path, request):
    """``pytest -m slow tests/test_trust_input.py`` (or TEXTLINT_SLOW=1): about 30 s, 2 GB of memory."""
    if "slow" not in (request.config.option.markexpr or "").replace("not slow", "") and not os.environ.get("TEXTLINT_SLOW"):
        pytest.skip("100 MB run: select it with -m slow or TEXTLINT_SLOW=1")
    path = tmp_path / "line.txt"
    unit = one_long_line(path, 100)
    size = path.stat().st_size
    for argv in ((), ("--fix",)):
        stats = measure(path, *argv, timeout=900)
        grown = (stats["peak_kb"] - stats["base_kb"]) * 1024
        assert grown <= RSS_PER_BYTE * size, (argv, stats, size)
        assert stats["code"] in (0, 1), stats
    text = path.read_text(encoding="utf-8")
    assert "\n" not in text and "\x07" not in text and len(text) == (size // len(unit.encode())) * (len(unit) - 1)


# --- JSON-lines corpora ----------------------------------------------------------------------------


def test_jsonl_corpus_fix_keeps_every_record_and_field_and_reads_back(folder, capsys):
    import json

    records = [
        {"id": 1, "text": "一、加强\x07组织\u2028领导，落实\x85责任。", "meta": {"year": 2024, "score": 1e5}},
        {"id": 2, "text": "推进改革，完成任务。"},
        {"id": 3, "title": "no text field"},
        {"id": 4, "text": "第二段\u200b内容。\r\n第三段。"},
    ]
    lines = [json.dumps(r) for r in records] + ["not json at all", ""]
    (folder / "corpus.jsonl").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    code, out, _ = run(capsys, "--fix", "corpus.jsonl")
    assert "corpus.jsonl:3" in out and "corpus.jsonl:5" in out  # the bad lines are named, by line
    data = (folder / "corpus.jsonl").read_bytes()
    assert data.count(b"\r\n") == len(lines) and b"\n" not in data.replace(b"\r\n", b"")
    after = data.decode().split("\r\n")
    assert after[2] == lines[2] and after[4] == lines[4]  # untouched lines are byte for byte the same
    for before, line in zip(records, after):
        record = json.loads(line)
        assert {k: v for k, v in record.items() if k != "text"} == {k: v for k, v in before.items() if k != "text"}
        if "text" in before:
            assert record["text"] == fixed(before["text"])
    # Read back: every record is still one line (U+2028 and U+0085 are not record ends).
    code, out, _ = run(capsys, "corpus.jsonl")
    assert [m["line"] for m in lines_for(out, "corpus.jsonl:5")] == ["1"]
    assert not lines_for(out, "corpus.jsonl:1") and not lines_for(out, "corpus.jsonl:2")
