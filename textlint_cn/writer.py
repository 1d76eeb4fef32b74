"""Atomic writes: a temp file in the same folder, fsync, keep the mode, rename over the original.

Whatever fails (a full disk, a permission error, an interrupt between write and rename), the
original is intact and no temp file is left behind.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


class WriteError(Exception):
    """The file was not written; the original is unchanged."""


def atomic_write(path: str | Path, data: bytes) -> None:
    path = Path(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise WriteError(f"cannot stat: {exc.strerror or exc}") from None
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise WriteError("file is read-only; not fixed")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".textlint-tmp", dir=path.parent)
    except OSError as exc:
        raise WriteError(f"cannot create a temporary file beside it: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise WriteError(f"write failed: {exc.strerror or exc}") from None
        raise
