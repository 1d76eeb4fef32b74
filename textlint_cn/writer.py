"""Atomic writes: a temp file in the same folder, fsync, keep the mode, rename over the original.

Whatever fails (a full disk, a permission error, an interrupt between write and rename), the
original is intact and no temp file is left behind. Ctrl-C, SIGTERM and SIGHUP are held back
while a file is written and take effect once it is complete (or never started), so a stopped run
leaves no temp file either; only SIGKILL can. A symlink is written through: the file it points
to gets the new text and the link stays a link.
"""
from __future__ import annotations

import os
import signal
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

TEMP_SUFFIX = ".textlint-tmp"


class WriteError(Exception):
    """The file was not written; the original is unchanged."""


_DEFERRED = frozenset(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Block stop signals for this thread; pending ones are delivered when the block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def atomic_write(path: str | Path, data: bytes) -> None:
    """Replace the existing file ``path`` with ``data`` (its mode kept), or raise WriteError."""
    with _signals_deferred():
        _write(path, data)


def write_output(path: str | Path, data: bytes) -> None:
    """Create or replace an output file (a report, a cluster list) as atomically as a fix is
    written: a reader sees the old file or the whole new one, never part of it."""
    with _signals_deferred():
        if os.path.lexists(path):
            _write(path, data)
        else:
            umask = os.umask(0)
            os.umask(umask)
            _replace(Path(path), data, 0o666 & ~umask)


def _write(path: str | Path, data: bytes) -> None:
    # Renaming over a symlink would replace the link with a copy and leave its target unfixed.
    path = Path(os.path.realpath(path))
    try:
        st = os.stat(path)
    except OSError as exc:
        raise WriteError(f"cannot stat: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise WriteError("not a regular file; not fixed")
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise WriteError("file is read-only; not fixed")
    _replace(path, data, stat.S_IMODE(st.st_mode))


def _replace(path: Path, data: bytes, mode: int) -> None:
    """Write ``data`` to a temp file beside ``path``, fsync, set ``mode``, rename over ``path``."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise WriteError(f"cannot create a temporary file beside it: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise WriteError(f"write failed: {exc.strerror or exc}") from None
        raise
