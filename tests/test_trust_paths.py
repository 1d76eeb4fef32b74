"""Odd paths: missing, unreadable, unwritable, read-only, symlinks in and out of the tree and in
loops, names that are not valid UTF-8, sockets and fifos. Each one is reported on one line
naming it; the run goes on; nothing outside the tree and nothing read-only is ever written.

Tests run as root in CI and root ignores file modes, so permission errors are simulated by
monkeypatching the one call that would fail; where a real check is possible it runs as well
when the suite is not root.
"""
from __future__ import annotations

import errno
import os
import re
import socket
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from textlint_cn import api
from textlint_cn.cli import main

DAMAGED = "一、加强\x07组织领导，落实主体责任。\n二、推进改革，完成任务。\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]{1,4}\d{3})(?: \[\*(?:unsafe)?\])? (?P<msg>.+)$")


def fixed(text: str) -> str:
    return api.fix(text).text


FIXED = fixed(DAMAGED)


def run(capsys, *argv: str, cache: bool = False) -> tuple[int, dict[str, list[re.Match[str]]], str]:
    code = main(["--isolated", "-j", "1", *([] if cache else ["--no-cache"]), *argv])
    out, err = capsys.readouterr()
    by_path: dict[str, list[re.Match[str]]] = {}
    for line in out.splitlines():
        if line.startswith(("Found ", "Fixed ", "All checks")):
            continue
        m = LINE.match(line)
        assert m, f"not a one-line diagnostic: {line!r}"
        by_path.setdefault(m["path"], []).append(m)
    return code, by_path, err


def codes(found: dict[str, list[re.Match[str]]], path: str) -> list[str]:
    return [m["code"] for m in found.get(path, [])]


def message(found: dict[str, list[re.Match[str]]], path: str, code: str) -> str:
    (m,) = [m for m in found.get(path, []) if m["code"] == code]
    return m["msg"]


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if p.name.endswith(".textlint-tmp")]


@pytest.fixture
def tree(tmp_path, monkeypatch):
    root = tmp_path / "tree"
    root.mkdir()
    (root / "a.txt").write_text(DAMAGED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return root


# --- missing and unreadable ----------------------------------------------------------------------


def test_missing_paths_are_errors_and_the_run_goes_on(tree, capsys):
    code, found, _ = run(capsys, "--fix", "nope.txt", "tree", "gone/")
    assert "no such file or directory" in message(found, "nope.txt", "TL002")
    assert "no such file or directory" in message(found, "gone/", "TL002")
    assert (tree / "a.txt").read_text(encoding="utf-8") == FIXED
    assert code == 2


def test_permission_denied_on_read_is_reported(tree, capsys, monkeypatch):
    import textlint_cn.reading as reading

    (tree / "b.txt").write_text(DAMAGED, encoding="utf-8")
    real_open = open

    def guarded(path, *args, **kwargs):
        if os.fspath(path).endswith("a.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(reading, "open", guarded, raising=False)
    code, found, _ = run(capsys, "--fix", "tree")
    assert message(found, "tree/a.txt", "TL002") == "cannot read: Permission denied"
    assert (tree / "b.txt").read_text(encoding="utf-8") == FIXED
    assert (tree / "a.txt").read_text(encoding="utf-8") == DAMAGED
    assert code == 2


@pytest.mark.skipif(IS_ROOT, reason="root reads any file")
def test_permission_denied_on_read_for_real(tree, capsys):
    (tree / "a.txt").chmod(0)
    try:
        code, found, _ = run(capsys, "tree")
        assert "Permission denied" in message(found, "tree/a.txt", "TL002") and code == 2
    finally:
        (tree / "a.txt").chmod(0o644)


def test_unreadable_folder_is_reported_not_passed_over(tree, capsys, monkeypatch):
    sub = tree / "locked"
    sub.mkdir()
    (sub / "c.txt").write_text(DAMAGED, encoding="utf-8")
    real_scandir = os.scandir

    def guarded(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", guarded)
    code, found, _ = run(capsys, "tree")
    assert message(found, "tree/locked", "TL002") == "cannot read folder: Permission denied"
    assert "EN001" in codes(found, "tree/a.txt")
    assert code == 2


# --- unwritable and read-only --------------------------------------------------------------------


def test_read_only_file_is_not_fixed(tree, capsys):
    path = tree / "a.txt"
    path.chmod(0o444)
    code, found, _ = run(capsys, "--fix", "tree")
    assert message(found, "tree/a.txt", "TL005") == "file is read-only; not fixed"
    assert path.read_text(encoding="utf-8") == DAMAGED
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    # The file still has its problems; they are reported against the text on disk.
    assert "EN001" in codes(found, "tree/a.txt")
    assert code == 2 and no_temp_files(tree)


def test_permission_denied_on_write_leaves_the_file_alone(tree, capsys, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    code, found, _ = run(capsys, "--fix", "tree")
    assert message(found, "tree/a.txt", "TL005") == "cannot create a temporary file beside it: Permission denied"
    assert (tree / "a.txt").read_text(encoding="utf-8") == DAMAGED
    assert code == 2 and no_temp_files(tree)


@pytest.mark.skipif(IS_ROOT, reason="root writes into any folder")
def test_read_only_folder_for_real(tree, capsys):
    tree.chmod(0o555)
    try:
        code, found, _ = run(capsys, "--fix", "tree")
        assert "Permission denied" in message(found, "tree/a.txt", "TL005") and code == 2
        assert (tree / "a.txt").read_text(encoding="utf-8") == DAMAGED
    finally:
        tree.chmod(0o755)


def test_fixed_file_keeps_its_mode(tree, capsys):
    (tree / "a.txt").chmod(0o640)
    run(capsys, "--fix", "tree")
    assert stat.S_IMODE((tree / "a.txt").stat().st_mode) == 0o640
    assert (tree / "a.txt").read_text(encoding="utf-8") == FIXED


# --- symlinks --------------------------------------------------------------------------------------


def test_symlinks_out_of_the_tree_are_not_followed(tree, tmp_path, capsys):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(DAMAGED, encoding="utf-8")
    (tree / "file-link.txt").symlink_to(outside / "secret.txt")
    (tree / "dir-link").symlink_to(outside, target_is_directory=True)
    code, found, _ = run(capsys, "--fix", "tree")
    assert message(found, "tree/file-link.txt", "TL006") == "skipped: symlink points outside the tree"
    assert message(found, "tree/dir-link", "TL006") == "skipped: symlink points outside the tree"
    assert (outside / "secret.txt").read_text(encoding="utf-8") == DAMAGED  # never written
    assert (tree / "a.txt").read_text(encoding="utf-8") == FIXED
    assert code == 0


def test_symlink_inside_the_tree_is_fixed_through_and_stays_a_link(tree, capsys):
    (tree / "0-link.txt").symlink_to("a.txt")  # sorts first: the link is the name that is linted
    code, found, _ = run(capsys, "--fix", "tree")
    assert (tree / "0-link.txt").is_symlink() and os.readlink(tree / "0-link.txt") == "a.txt"
    assert (tree / "a.txt").read_text(encoding="utf-8") == FIXED
    assert sum(1 for p in tree.iterdir() if p.name.endswith(".txt")) == 2 and no_temp_files(tree)


def test_each_file_is_checked_once_however_many_names_it_has(tree, capsys):
    (tree / "sub").mkdir()
    (tree / "sub" / "link.txt").symlink_to("../a.txt")
    (tree / "inner").symlink_to("sub", target_is_directory=True)
    code, found, _ = run(capsys, "tree", "tree/a.txt", "tree/sub/link.txt")
    files = [p for p in found if codes(found, p) and "EN001" in codes(found, p)]
    assert len(files) == 1


def test_symlink_loops_are_detected_when_following_links(tree, tmp_path, capsys, monkeypatch):
    (tree / "sub").mkdir()
    (tree / "sub" / "b.txt").write_text(DAMAGED, encoding="utf-8")
    (tree / "sub" / "up").symlink_to("..", target_is_directory=True)  # a loop to the root
    (tree / "sub" / "self").symlink_to(".", target_is_directory=True)  # a loop to itself
    (tree / "knot.txt").symlink_to("knot.txt")  # a link to itself: ELOOP on stat
    (tmp_path / "textlint.toml").write_text("follow-symlinks = true\n", encoding="utf-8")
    code = main(["--no-cache", "-j", "1", "--fix", "tree"])
    out, _ = capsys.readouterr()
    assert "symlink loop" in out
    assert re.search(r"tree/knot\.txt:1:1: TL006 skipped: Too many levels of symbolic links", out)
    assert (tree / "a.txt").read_text(encoding="utf-8") == FIXED
    assert (tree / "sub" / "b.txt").read_text(encoding="utf-8") == FIXED
    assert out.count("EN001") == 0  # both fixed, each once
    assert code == 0


def test_broken_symlink_is_a_note(tree, capsys):
    (tree / "dangling.txt").symlink_to("missing.txt")
    code, found, _ = run(capsys, "tree")
    assert message(found, "tree/dangling.txt", "TL006") == "skipped: broken symlink"


# --- names that are not valid UTF-8 --------------------------------------------------------------


def test_names_that_are_not_utf8_are_shown_escaped_fixed_and_cached(tree, capsys):
    raw = os.fsencode(tree) + b"/\xff\xfe\xb9\xfa.txt"  # GBK bytes in a name
    with open(raw, "wb") as handle:
        handle.write(DAMAGED.encode())
    for _ in range(2):  # the second run is served from the cache
        code, found, _ = run(capsys, "tree", cache=True)
        assert "EN001" in codes(found, "tree/\\xff\\xfe\\xb9\\xfa.txt"), found.keys()
        assert code == 1
    code, found, _ = run(capsys, "--fix", "tree")
    with open(raw, "rb") as handle:
        assert handle.read() == FIXED.encode()
    with open(raw, "wb") as handle:
        handle.write(DAMAGED.encode())
    for fmt in ("json", "json-lines", "sarif", "full", "github"):  # every format prints the name
        code = main(["--isolated", "--no-cache", "-j", "1", "--format", fmt, "tree"])
        out, _ = capsys.readouterr()
        assert code == 1 and "\\xff\\xfe" in out.replace("\\\\", "\\"), (fmt, out)


# --- sockets and fifos -----------------------------------------------------------------------------


def test_fifo_and_socket_are_skipped_never_opened(tree, capsys):
    os.mkfifo(tree / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tree / "sock.txt"))
        # In a subprocess with a timeout: opening the fifo for reading would block for ever.
        argv = [sys.executable, "-m", "textlint_cn", "--isolated", "--no-cache", "--fix", "-j", "2",
                "tree", "tree/pipe.txt"]
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=tree.parent,
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    finally:
        sock.close()
    assert "tree/pipe.txt:1:1: TL006 skipped: a fifo" in proc.stdout
    assert "tree/sock.txt:1:1: TL006 skipped: a socket" in proc.stdout
    assert (tree / "a.txt").read_text(encoding="utf-8") == FIXED
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_device_named_on_the_command_line_is_skipped(tree, capsys):
    code, found, _ = run(capsys, "/dev/null", "/dev/zero", "tree")
    assert message(found, "/dev/null", "TL006") == "skipped: a device"
    assert message(found, "/dev/zero", "TL006") == "skipped: a device"
    assert code == 1  # only a.txt's findings count
