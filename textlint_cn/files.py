"""Which files a run looks at: walking folders, include/exclude globs, .gitignore, odd paths.

Symlinks are not followed out of the tree unless ``follow-symlinks`` is set, and loops are
detected by real path. Sockets, fifos and devices are skipped with a message, never opened.
Names that are not valid UTF-8 are shown with their bytes escaped.
"""
from __future__ import annotations

import fnmatch
import functools
import os
import re
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .config import Settings

CORPUS_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True, slots=True)
class Source:
    """A file to lint (``problem`` is None) or a path that could not be linted and why."""

    path: str  # as given or found, OS form (may hold surrogate escapes)
    problem: str | None = None
    severe: bool = True  # a missing path is an error; a skipped fifo only a note

    @property
    def display(self) -> str:
        return display_path(self.path)


def display_path(path: str) -> str:
    """A printable form of a path whose bytes may not be valid UTF-8."""
    if path == "-":
        return path
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _matches(name: str, rel: str, patterns: Iterable[str]) -> bool:
    """``fnmatch`` of the name or the relative path against any pattern, or ``rel`` under one.

    One compiled alternation per pattern set, not a ``fnmatch`` call per pattern and file:
    discovery dominated a second run served from the cache.
    """
    regex, prefixes = _compiled(tuple(patterns))
    if regex is None:
        return False
    return (regex.match(os.path.normcase(name)) is not None or regex.match(os.path.normcase(rel)) is not None
            or rel.startswith(prefixes))


@functools.lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    if not patterns:
        return None, ()
    alternation = "|".join(f"(?:{fnmatch.translate(os.path.normcase(p))})" for p in patterns)
    return re.compile(alternation), tuple(p.rstrip("/") + "/" for p in patterns)


def _git_ignored(root: Path, candidates: list[str]) -> set[str]:
    """Paths git would ignore, asked of git itself so nested and global rules all apply."""
    if not candidates:
        return set()
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), "check-ignore", "--no-index", "-z", "--stdin"],
            input=b"\0".join(os.fsencode(c) for c in candidates), capture_output=True, timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if proc.returncode not in (0, 1):  # 128: not a git repository
        return set()
    return {os.fsdecode(p) for p in proc.stdout.split(b"\0") if p}


def _special(mode: int) -> str | None:
    if stat.S_ISFIFO(mode):
        return "a fifo"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return None


def discover(paths: Iterable[str], settings: Settings, force_exclude: bool = False) -> Iterator[Source]:
    """Files to lint, in a stable order; problems are yielded as Sources with ``problem`` set."""
    excludes = tuple(settings.exclude) + tuple(settings.extend_exclude)
    seen: set[str] = set()
    for given in paths:
        if given == "-":
            yield Source("-")
            continue
        try:
            st = os.stat(given)
        except FileNotFoundError:
            yield Source(given, "no such file or directory")
            continue
        except OSError as exc:
            yield Source(given, exc.strerror or str(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(Path(given), settings, excludes, seen)
        elif stat.S_ISREG(st.st_mode):
            rel = os.path.normpath(given)
            if force_exclude and (_matches(os.path.basename(rel), rel, excludes)
                                  or (settings.respect_gitignore and _git_ignored(Path("."), [rel]))):
                continue
            real = os.path.realpath(given)
            if real not in seen:
                seen.add(real)
                yield Source(given)
        else:
            yield Source(given, f"skipped: {_special(st.st_mode) or 'not a regular file'}", severe=False)


def _tree(root: str, unreadable: Callable[[OSError], None]) -> Iterator[tuple[str, list[os.DirEntry[str]], list[os.DirEntry[str]]]]:
    """``os.walk`` top-down, depth first, with the ``os.DirEntry`` of every item: its type is
    known from the listing and its ``stat`` is made once. The caller prunes the folder list
    (sorted) to choose where to descend; symlinked folders are listed, never entered unless kept."""
    stack = [root]
    while stack:
        top = stack.pop()
        try:
            with os.scandir(top) as listing:
                entries = list(listing)
        except OSError as exc:
            unreadable(exc)
            continue
        dirs, files = [], []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirs if is_dir else files).append(entry)
        dirs.sort(key=lambda e: e.name)
        files.sort(key=lambda e: e.name)
        yield top, dirs, files
        stack.extend(entry.path for entry in reversed(dirs))


def _regular(entry: os.DirEntry[str]) -> bool:
    """A regular file (or a link to one), known from the listing's file type without a ``stat``
    for most entries: a second run over a big folder is made of little but such looks."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _walk(root: Path, settings: Settings, excludes: tuple[str, ...], seen: set[str]) -> Iterator[Source]:
    real_root = os.path.realpath(root)
    visited_dirs: set[str] = {real_root}
    found: list[str] = []
    notes: list[Source] = []

    def unreadable(exc: OSError) -> None:  # a walk would otherwise pass over the folder silently
        notes.append(Source(os.fsdecode(exc.filename or root), f"cannot read folder: {exc.strerror or exc}"))

    include = settings.include
    for dirpath, dirs, files in _tree(os.fspath(root), unreadable):
        rel_dir = os.path.relpath(dirpath, root)
        prefix = "" if rel_dir == "." else rel_dir + os.sep
        real_dir = os.path.realpath(dirpath)
        keep = []
        for entry in dirs:
            d = entry.name
            if _matches(d, prefix + d, excludes):
                continue
            if entry.is_symlink():
                full = entry.path
                real = os.path.realpath(full)
                if not settings.follow_symlinks:
                    if os.path.commonpath([real, real_root]) != real_root:
                        notes.append(Source(full, "skipped: symlink points outside the tree", severe=False))
                    continue  # a link inside the tree: its folder is walked under its own name
                if real in visited_dirs:
                    notes.append(Source(full, "skipped: symlink loop", severe=False))
                    continue
                visited_dirs.add(real)
            keep.append(entry)
        dirs[:] = keep
        for entry in files:
            name, full = entry.name, entry.path
            rel = prefix + name
            if _matches(name, rel, excludes) or not _matches(name, rel, include):
                continue
            if not _regular(entry):
                try:
                    st = entry.stat()
                except OSError as exc:
                    why = "broken symlink" if isinstance(exc, FileNotFoundError) else exc.strerror or str(exc)
                    notes.append(Source(full, f"skipped: {why}", severe=False))
                    continue
                special = _special(st.st_mode)
                if special:
                    notes.append(Source(full, f"skipped: {special}", severe=False))
                    continue
            is_link = entry.is_symlink()
            # realpath resolves every component; only the file's own name can still be a link here
            real = os.path.realpath(full) if is_link else os.path.join(real_dir, name)
            if is_link and not settings.follow_symlinks and os.path.commonpath([real, real_root]) != real_root:
                notes.append(Source(full, "skipped: symlink points outside the tree", severe=False))
                continue
            if real in seen:
                continue
            seen.add(real)
            found.append(full)
    ignored = _git_ignored(root, found) if settings.respect_gitignore else set()
    for full in found:
        if full not in ignored:
            yield Source(full)
    yield from notes


def is_corpus(path: str) -> bool:
    return path.endswith(CORPUS_SUFFIXES)
