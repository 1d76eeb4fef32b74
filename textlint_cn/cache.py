"""A content cache for check runs: unchanged files are not read again.

Location: ``<cache-dir>/<version>/<key>.bin`` where the key hashes the resolved settings, the
selected rules with their options, the rule catalogue files, the installed rule packs and the
Python that wrote it, so a change to any of them starts a fresh cache. A file is unchanged when
its size and mtime match (as black trusts them) or, when only its mtime moved (a fresh clone, a
checkout), when its bytes still have the BLAKE2b digest recorded for them. A corrupt cache is
treated as empty.

Entries are ``(size, mtime_ns, stats, rows)`` with one tuple per diagnostic (the rows of
:mod:`findings`, read back lazily), written with :mod:`marshal`, the format Python keeps
its own bytecode cache in. A second run over a big folder is mostly spent reading this file back:
marshal reads it two to three times faster than JSON, and because every repeated string (a code,
a message, a fix's replacement) is written once and referred to after, it is read back as one
object instead of one per finding. Like ``__pycache__``, the file is trusted as the user's own.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from .config import Settings
from .diagnostics import Diagnostic
from .engine import gc_paused
from .files import display_path
from .findings import StoredFindings, rows_of, shared_related
from .reading import content_digest
from .ruleset import Rule

FORMAT = 3  # the entry layout; part of the key so another layout is never read


def _version() -> str:
    from . import __version__

    return str(__version__)


def cache_key(settings: Settings, rules: Sequence[Rule]) -> str:
    h = hashlib.sha256(f"format {FORMAT} {sys.implementation.cache_tag} marshal {marshal.version}".encode())
    h.update(repr(sorted((k, repr(v)) for k, v in asdict(settings).items() if k != "source")).encode())
    for rule in rules:
        h.update(f"{rule.code}|{rule.spec.source}|{sorted(rule.options.items())!r}|{rule.kind_ref}".encode())
    for source in sorted({r.spec.source for r in rules}):
        try:
            h.update(Path(source).read_bytes())
        except OSError:
            h.update(source.encode())
    try:
        from .plugins import pack_entry_points

        for ep in pack_entry_points():
            h.update(f"{ep.name}={ep.value}@{ep.version}".encode())
    except Exception:  # noqa: BLE001 - metadata problems only weaken the key
        pass
    return h.hexdigest()[:24]


class Cache:
    def __init__(self, path: Path, entries: dict[str, Any]) -> None:
        self.path = path
        self.entries = entries
        self._changed = False
        self._identity: dict[str, Any] = {}  # this run's files: the digest of their bytes, else size and mtime
        self._strings: dict[str, str] = {}  # one object per distinct string, so marshal writes it once

    @classmethod
    def open(cls, settings: Settings, rules: Sequence[Rule]) -> Cache:
        path = Path(settings.cache_dir) / _version() / f"{cache_key(settings, rules)}.bin"
        try:
            with gc_paused(long_lived=True):
                entries = marshal.loads(path.read_bytes())
            if not isinstance(entries, dict):
                entries = {}
        except (OSError, ValueError, EOFError, TypeError):  # what marshal raises for a damaged file
            entries = {}
        return cls(path, entries)

    @staticmethod
    def _stamp(path: str) -> tuple[int, int] | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return st.st_size, st.st_mtime_ns

    def split(self, paths: Iterable[str], usable: Callable[[Sequence[Diagnostic]], bool] | None = None
              ) -> tuple[list[Any], list[str]]:
        """(results served from the cache, paths still to lint). ``usable``, given a file's
        cached findings, can send it to be linted anyway (``--fix``: it has something to fix)."""
        from .runner import FileResult

        hits: list[Any] = []
        todo: list[str] = []
        with gc_paused(long_lived=True):
            self._split(paths, hits, todo, FileResult, usable)
        return hits, todo

    def _split(self, paths: Iterable[str], hits: list[Any], todo: list[str], result: Any,
               usable: Callable[[Sequence[Diagnostic]], bool] | None) -> None:
        for p in paths:
            entry = self.entries.get(p)
            if not isinstance(entry, tuple):
                todo.append(p)
                continue
            stamp = self._stamp(p)
            if stamp is None or not (entry[:2] == stamp or self._same_content(p, entry, stamp)):
                todo.append(p)
                continue
            try:
                shown, stats = display_path(p), entry[2]
                found = StoredFindings(entry[3], shown)  # records built only if something reads them
                identity = stats.get("digest") or stamp
            except (KeyError, TypeError, ValueError, IndexError, AttributeError):
                todo.append(p)
                continue
            if usable is not None and not usable(found):
                todo.append(p)
                continue
            hits.append(result(shown, found, stats=stats))
            self._identity[p] = identity

    def _same_content(self, path: str, entry: tuple[Any, ...], stamp: tuple[int, int]) -> bool:
        """A file whose mtime moved (a fresh clone, a checkout, ``touch``) but whose bytes are
        those the entry was made from: the entry still holds, and takes the new mtime."""
        digest = entry[2].get("digest") if isinstance(entry[2], dict) else None
        if entry[0] != stamp[0] or not digest:
            return False
        same = self._holds(path, digest)
        if same:
            self.entries[path] = (*stamp, *entry[2:])
            self._changed = True
        return same

    def store(self, fresh: Iterable[tuple[str, Any]]) -> None:
        for path, result in fresh:
            self.add(path, result)
        self.save()

    def add(self, path: str, result: Any) -> None:
        """Record one fresh result (as compact rows, so the run need not keep the result). A fixed
        file's findings are those of its fixed text: recorded only when that text is what the
        file now holds (``stats["written"]``, the bytes written, still on disk)."""
        if result.failed or result.diff or result.output is not None:
            return
        stats = result.stats
        if result.fixed or result.written:
            stats = stats.get("written") if result.written else None
            if not stats:
                return
        stamp = self._stamp(path)
        if stamp is None or (result.written and not self._holds(path, stats["digest"])):
            return
        self._identity[path] = stats.get("digest") or stamp
        shared = self._strings.setdefault
        self.entries[path] = (*stamp, dict(stats), tuple(rows_of(result.diagnostics, result.path, shared)))
        self._changed = True

    @staticmethod
    def _holds(path: str, digest: str) -> bool:
        try:
            with open(path, "rb") as handle:
                return content_digest(handle.read()) == digest
        except OSError:
            return False

    _CORPUS = "\0corpus"  # not a path: names cannot hold NUL

    def corpus_fingerprint(self, paths: Sequence[str]) -> str:
        """Every file of the run with the digest of its bytes (or, for one not cached, its size
        and mtime): equal when no file was added, removed or changed, so the cross-file findings
        of the last run still hold."""
        h = hashlib.sha256()
        for p in sorted(paths):
            identity = self._identity.get(p) or self._stamp(p)  # each file is looked at once a run
            h.update(f"{p}\0{identity}\n".encode("utf-8", "surrogateescape"))
        return h.hexdigest()

    def corpus_results(self, fingerprint: str) -> dict[str, Sequence[Diagnostic]] | None:
        """The cross-file findings stored for this set of files, if any."""
        entry = self.entries.get(self._CORPUS)
        if not (isinstance(entry, tuple) and len(entry) == 2 and entry[0] == fingerprint):
            return None
        try:
            with gc_paused(long_lived=True):
                related_of = shared_related()
                return {path: StoredFindings(rows, path, related_of) for path, rows in entry[1].items()}
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None

    def add_corpus_results(self, fingerprint: str, found: dict[str, Sequence[Diagnostic]]) -> None:
        shared = self._strings.setdefault
        self.entries[self._CORPUS] = (fingerprint, {path: tuple(rows_of(diags, path, shared))
                                                    for path, diags in found.items()})
        self._changed = True

    def save(self) -> None:
        """Write the cache file if anything was added."""
        if not self._changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(self.entries))  # names with surrogate escapes included
            os.replace(tmp, self.path)
        except (OSError, ValueError):
            pass  # a cache that cannot be written only costs time


class ResultStore:
    """The results of a run, handed back in path order (a stable sort, as ``sorted`` gives).

    Results are kept as they are until they hold ``budget`` diagnostics; later ones are packed
    (:func:`pack_result`) into a temporary file and read back one at a time, so a run over a big
    folder holds one result at a time, however many findings it makes, when its consumer writes
    them out as they come. A single result is never spilled: there is nothing to gain.
    """

    def __init__(self, budget: int = 50_000) -> None:
        self._budget = budget
        self._held_diagnostics = 0
        self._paths: list[str] = []
        self._held: list[Any] = []  # a FileResult, or the (offset, size) of its packed form
        self._spill: Any = None

    def append(self, result: Any) -> None:
        self._paths.append(result.path)
        weight = len(result.diagnostics) + len(result.fixed)
        if self._spill is None and (self._held_diagnostics + weight <= self._budget or not self._held):
            self._held.append(result)
            self._held_diagnostics += weight
            return
        if self._spill is None:
            self._spill = tempfile.TemporaryFile(prefix="textlint-results-")
        blob = pickle.dumps(pack_result(result), protocol=pickle.HIGHEST_PROTOCOL)
        self._spill.seek(0, os.SEEK_END)
        self._held.append((self._spill.tell(), len(blob)))
        self._spill.write(blob)

    def extend(self, results: Iterable[Any]) -> None:
        for r in results:
            self.append(r)

    def __len__(self) -> int:
        return len(self._paths)

    def __iter__(self) -> Iterator[Any]:
        for i in sorted(range(len(self._paths)), key=self._paths.__getitem__):
            item = self._held[i]
            if isinstance(item, tuple):
                self._spill.seek(item[0])
                item = unpack_result(pickle.loads(self._spill.read(item[1])))
            yield item


def pack_result(result: Any) -> tuple[Any, ...]:
    """A FileResult as plain lists and strings, cheap to pickle to another process."""
    path = result.path
    return (path, rows_of(result.diagnostics, path), rows_of(result.fixed, path),
            result.written, result.diff, result.output, result.stats)


def unpack_result(packed: tuple[Any, ...]) -> Any:
    """The FileResult that :func:`pack_result` was given (equal field for field)."""
    from .runner import FileResult

    path, diagnostics, fixed, written, diff, output, stats = packed
    return FileResult(path, StoredFindings(diagnostics, path), StoredFindings(fixed, path), written, diff, output, stats)
