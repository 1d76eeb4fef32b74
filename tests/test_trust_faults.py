"""Faults during ``--fix``: a failed rename, a full disk, a failing fsync, Ctrl-C in a serial and
a parallel run, two runs on the same folder at once. After each, every file is either exactly
its original or exactly its fixed text, and no temporary file is left behind.
"""
from __future__ import annotations

import errno
import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from textlint_cn import api
from textlint_cn.cli import main
from textlint_cn.writer import TEMP_SUFFIX

ROOT = Path(__file__).resolve().parent.parent
BASE = "加强组织领导，落实主体责任，推进改革开放，完成全年目标任务。"


def document(seed: int, lines: int = 40) -> str:
    """Report text with fixable damage (control characters, ASCII commas, inserted spaces)."""
    rng = random.Random(seed)
    out = []
    for j in range(lines):
        s = BASE
        k = rng.randrange(4)
        if k == 0:
            s = s.replace("领导", "领\x07导")
        elif k == 1:
            s = s.replace("，", ",", 1)
        elif k == 2:
            s = s.replace("改革", "改 革")
        out.append(f"{j + 1}、{s}")
    return "\n".join(out) + "\n"


def fixed(text: str) -> str:
    outcome = api.fix(text)
    assert outcome.writable
    return outcome.text


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(TEMP_SUFFIX)]


@pytest.fixture
def one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = document(1)
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    assert fixed(text) != text
    return tmp_path / "a.txt", text


def fix_run(capsys, *paths: str) -> tuple[int, str]:
    code = main(["--isolated", "--no-cache", "-j", "1", "--fix", *paths])
    out, _ = capsys.readouterr()
    return code, out


# --- interrupted writes ------------------------------------------------------------------------------


def test_failure_between_temp_file_and_rename(one, capsys, monkeypatch):
    path, text = one

    def broken_replace(src, dst, **kwargs):
        assert Path(src).read_bytes() == fixed(text).encode()  # the temp file was complete
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", broken_replace)
    code, out = fix_run(capsys, "a.txt")
    assert "a.txt:1:1: TL005 write failed: Input/output error" in out
    assert path.read_text(encoding="utf-8") == text
    assert temp_files(path.parent) == [] and code == 2


def test_full_disk_while_writing(one, capsys, monkeypatch):
    path, text = one
    real_fdopen = os.fdopen

    class FullDisk(io.RawIOBase):
        """Takes the first 100 bytes, then the disk is full."""

        def __init__(self, fd: int) -> None:
            self.handle = real_fdopen(fd, "wb", buffering=0)
            self.written = 0

        def writable(self) -> bool:
            return True

        def write(self, data) -> int:
            if self.written >= 100:
                raise OSError(errno.ENOSPC, "No space left on device")
            n = self.handle.write(bytes(data[:100 - self.written]))
            self.written += n
            return n

        def fileno(self) -> int:
            return self.handle.fileno()

        def close(self) -> None:
            self.handle.close()
            super().close()

    def fdopen(fd, mode="r", *args, **kwargs):
        return io.BufferedWriter(FullDisk(fd)) if "w" in mode else real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)
    code, out = fix_run(capsys, "a.txt")
    assert "a.txt:1:1: TL005 write failed: No space left on device" in out
    assert path.read_text(encoding="utf-8") == text
    assert temp_files(path.parent) == [] and code == 2


@pytest.mark.parametrize("call", ["fsync", "chmod"])
def test_failing_fsync_or_chmod(one, capsys, monkeypatch, call):
    path, text = one

    def fail(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, call, fail)
    code, out = fix_run(capsys, "a.txt")
    assert "TL005 write failed: Input/output error" in out
    assert path.read_text(encoding="utf-8") == text
    assert temp_files(path.parent) == [] and code == 2


def test_ctrl_c_between_temp_file_and_rename(one, capsys, monkeypatch):
    path, text = one

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    code = main(["--isolated", "--no-cache", "-j", "1", "--fix", "a.txt"])
    _, err = capsys.readouterr()
    assert code == 130 and "interrupted" in err
    assert path.read_text(encoding="utf-8") == text
    assert temp_files(path.parent) == []


def test_ctrl_c_in_a_serial_folder_run(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    texts = {f"d{i}.txt": document(i) for i in range(6)}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    import textlint_cn.runner as runner

    real = runner.process_file
    seen: list[str] = []

    def process(path, ctx, **kw):
        seen.append(path)
        if len(seen) == 4:
            raise KeyboardInterrupt
        return real(path, ctx, **kw)

    monkeypatch.setattr(runner, "process_file", process)
    code = main(["--isolated", "--no-cache", "-j", "1", "--fix", "."])
    assert code == 130
    done = [name for name in texts if (tmp_path / name).read_text(encoding="utf-8") == fixed(texts[name])]
    untouched = [name for name in texts if (tmp_path / name).read_text(encoding="utf-8") == texts[name]]
    assert sorted(done + untouched) == sorted(texts) and len(done) == 3
    assert temp_files(tmp_path) == []


def test_temp_file_left_by_a_killed_run_is_not_linted(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / f".a.txt.x1y2{TEMP_SUFFIX}").write_text(document(3), encoding="utf-8")
    code = main(["--isolated", "--no-cache", "-j", "1", "--fix", "."])
    out, _ = capsys.readouterr()
    assert code == 0 and TEMP_SUFFIX not in out


# --- processes ----------------------------------------------------------------------------------------


def make_folder(folder: Path, count: int, lines: int) -> dict[str, tuple[str, str]]:
    """``count`` files from 8 templates; name -> (original, expected fixed)."""
    folder.mkdir()
    templates = [document(seed, lines) for seed in range(8)]
    expected = [fixed(t) for t in templates]
    files = {}
    for i in range(count):
        name = f"doc{i:04}.txt"
        (folder / name).write_text(templates[i % 8], encoding="utf-8")
        files[name] = (templates[i % 8], expected[i % 8])
    return files


def default_signals() -> None:
    """In the child: the default action for the signals these tests send. A test run started
    in the background (``cmd &``, ``nohup``) hands its children SIGINT and SIGHUP ignored, and
    Python installs no KeyboardInterrupt handler for a SIGINT ignored at start-up."""
    for sig in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL)


def textlint(*argv: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "textlint_cn", "--isolated", *argv], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=default_signals, **kwargs)


def states(folder: Path, files: dict[str, tuple[str, str]]) -> tuple[int, int]:
    """(fixed, original) counts; fails on any file that is neither."""
    done = untouched = 0
    for name, (original, expected) in files.items():
        now = (folder / name).read_text(encoding="utf-8")
        if now == expected:
            done += 1
        elif now == original:
            untouched += 1
        else:
            pytest.fail(f"{name} is neither the original nor the fixed text")
    return done, untouched


def descendants_alive(pid: int) -> list[int]:
    """Processes whose parent chain leads to ``pid`` (the pool workers)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
                if fields[0] != b"Z":
                    parents[int(entry)] = int(fields[1])
            except OSError:
                continue
    found = []
    for child in parents:
        p = child
        while p in parents and p != pid and p > 1:
            p = parents[p]
        if p == pid and child != pid:
            found.append(child)
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups and /proc")
def test_ctrl_c_during_a_parallel_folder_run(tmp_path):
    folder = tmp_path / "corpus"
    files = make_folder(folder, 300, 400)
    proc = textlint("--fix", "-j", "2", str(folder), start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if any((folder / n).read_text(encoding="utf-8") != files[n][0] for n in ("doc0000.txt", "doc0150.txt")):
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    workers = descendants_alive(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C: the whole group
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err.decode(errors="replace")
    assert b"interrupted" in err
    assert not [w for w in workers if os.path.exists(f"/proc/{w}") and _alive(w)]
    done, untouched = states(folder, files)
    assert done >= 1 and untouched >= 1, (done, untouched)  # it really stopped part-way
    assert temp_files(folder) == []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def test_concurrent_runs_on_the_same_folder(tmp_path):
    folder = tmp_path / "corpus"
    files = make_folder(folder, 80, 200)
    runs = [textlint("--fix", "-j", "2", str(folder)) for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in runs]
    for p, (out, err) in zip(runs, outputs):
        assert p.returncode in (0, 1), err.decode(errors="replace")
        assert b"TL005" not in out and b"Traceback" not in err
    done, untouched = states(folder, files)
    assert done == len(files)
    assert temp_files(folder) == []


# --- crashes of our own ------------------------------------------------------------------------------


def test_a_killed_worker_is_reported_per_file_and_nothing_is_half_written(tmp_path, capsys, monkeypatch):
    """A worker killed mid-run (the kernel's out-of-memory killer, a stray signal)."""
    if "fork" not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip("needs fork so the workers inherit the patch")
    monkeypatch.chdir(tmp_path)
    texts = {f"d{i:02}.txt": document(i, 10) for i in range(20)}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    import textlint_cn.runner as runner

    real = runner.process_file

    def process(path, ctx, **kw):
        if path.endswith("d07.txt"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, ctx, **kw)

    monkeypatch.setattr(runner, "process_file", process)
    code = main(["--isolated", "--no-cache", "-j", "2", "--fix", "."])
    out, err = capsys.readouterr()
    assert code == 2 and "Traceback" not in err
    assert "./d07.txt:1:1: TL002 not checked: a worker process died (killed, or out of memory)" in out
    for name, text in texts.items():
        assert (tmp_path / name).read_text(encoding="utf-8") in (text, fixed(text))
    assert temp_files(tmp_path) == []


def test_an_internal_crash_exits_2_not_1(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(document(1), encoding="utf-8")
    import textlint_cn.formats.text as text_format

    def broken(results, out):
        raise RuntimeError("formatter bug")

    monkeypatch.setattr(text_format, "write_concise", broken)
    code = main(["--isolated", "--no-cache", "-j", "1", "a.txt"])
    _, err = capsys.readouterr()
    assert code == 2 and "RuntimeError: formatter bug" in err and "internal error" in err


def test_report_file_that_cannot_be_opened(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(document(1), encoding="utf-8")
    code = main(["--isolated", "--no-cache", "-j", "1", "-o", "missing/report.txt", "a.txt"])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.strip() == "textlint: error: missing/report.txt: No such file or directory"


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_kill_signal_mid_write_leaves_a_complete_file_and_no_temp(tmp_path, signame):
    """The signal arrives after the temp file is written, before the rename (default action:
    die). It is held back until the rename is done, so the file is complete, not half-done."""
    target = tmp_path / "a.txt"
    target.write_text("old text\n", encoding="utf-8")
    script = f"""
import os, signal, sys
sys.path.insert(0, {str(ROOT)!r})
from textlint_cn import writer
real = os.fsync
def fsync(fd):
    os.kill(os.getpid(), signal.{signame})
    real(fd)
os.fsync = fsync
writer.atomic_write({str(target)!r}, "new text\\n".encode())
print("not reached: the signal is delivered when the write is done")
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          preexec_fn=default_signals)
    assert proc.returncode == -getattr(signal, signame), proc.stdout + proc.stderr
    assert "not reached" not in proc.stdout
    assert target.read_text(encoding="utf-8") == "new text\n"
    assert temp_files(tmp_path) == []
