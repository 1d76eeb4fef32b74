"""A content cache for check runs: unchanged files are not read again.

Location: ``<cache-dir>/<version>/<key>.json`` where the key hashes the resolved settings, the
selected rules with their options, the rule catalogue files and the installed rule packs, so a
change to any of them starts a fresh cache. A file is unchanged when its size and mtime match
(as black trusts them). A corrupt cache is treated as empty.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterable, Sequence

from .config import Settings
from .diagnostics import Diagnostic
from .files import display_path
from .ruleset import Rule


def _version() -> str:
    from . import __version__

    return str(__version__)


def cache_key(settings: Settings, rules: Sequence[Rule]) -> str:
    h = hashlib.sha256()
    h.update(repr(sorted((k, repr(v)) for k, v in asdict(settings).items() if k != "source")).encode())
    for rule in rules:
        h.update(f"{rule.code}|{rule.spec.source}|{sorted(rule.options.items())!r}|{rule.kind_ref}".encode())
    for source in sorted({r.spec.source for r in rules}):
        try:
            h.update(Path(source).read_bytes())
        except OSError:
            h.update(source.encode())
    try:
        from importlib.metadata import entry_points

        for ep in entry_points(group="textlint_cn.rules"):
            dist = getattr(ep, "dist", None)
            h.update(f"{ep.name}={ep.value}@{getattr(dist, 'version', '')}".encode())
    except Exception:  # noqa: BLE001 - metadata problems only weaken the key
        pass
    return h.hexdigest()[:24]


class Cache:
    def __init__(self, path: Path, entries: dict[str, Any]) -> None:
        self.path = path
        self.entries = entries

    @classmethod
    def open(cls, settings: Settings, rules: Sequence[Rule]) -> Cache:
        path = Path(settings.cache_dir) / _version() / f"{cache_key(settings, rules)}.json"
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(entries, dict):
                entries = {}
        except (OSError, ValueError):
            entries = {}
        return cls(path, entries)

    @staticmethod
    def _stamp(path: str) -> list[int] | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return [st.st_size, st.st_mtime_ns]

    def split(self, paths: Iterable[str]) -> tuple[list[Any], list[str]]:
        """(results served from the cache, paths still to lint)."""
        from .runner import FileResult

        hits: list[Any] = []
        todo: list[str] = []
        for p in paths:
            entry = self.entries.get(p)
            if entry and entry.get("stamp") == self._stamp(p):
                try:
                    diags = tuple(Diagnostic.from_dict(d) for d in entry["diagnostics"])
                    hits.append(FileResult(display_path(p), diags, stats=entry.get("stats", {})))
                    continue
                except (KeyError, TypeError, ValueError):
                    pass
            todo.append(p)
        return hits, todo

    def store(self, fresh: Iterable[tuple[str, Any]]) -> None:
        changed = False
        for path, result in fresh:
            if result.failed:
                continue
            stamp = self._stamp(path)
            if stamp is None:
                continue
            self.entries[path] = {"stamp": stamp, "stats": dict(result.stats),
                                  "diagnostics": [d.to_dict() for d in result.diagnostics]}
            changed = True
        if not changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self.entries, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time
