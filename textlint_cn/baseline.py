"""Baselines: record today's findings so a team adopting the linter sees only new ones.

A fingerprint is the path, the code and the text under the diagnostic with a little context,
plus its ordinal among equal fingerprints, so findings survive edits elsewhere in the file.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Sequence


class BaselineError(Exception):
    pass


def _fingerprints(result: Any) -> list[str]:
    text = _text_of(result.path)
    seen: Counter[str] = Counter()
    out = []
    for d in result.diagnostics:
        snippet = text[max(0, d.start.offset - 8): d.end.offset + 8] if text is not None else f"{d.start.line}"
        # ``./a.txt`` (from ``textlint .``) and ``a.txt`` (from pre-commit) are the same file.
        key = hashlib.sha256(f"{os.path.normpath(d.path)}|{d.code}|{snippet}".encode()).hexdigest()[:20]
        seen[key] += 1
        out.append(f"{key}:{seen[key]}")
    return out


def _text_of(path: str) -> str | None:
    from .decoding import DecodeError, decode_bytes

    try:
        with open(path, "rb") as handle:
            return decode_bytes(handle.read()).text
    except (OSError, DecodeError):
        return None


def write_baseline(path: Path, results: Sequence[Any]) -> int:
    prints = sorted(fp for r in results for fp in _fingerprints(r))
    data = {"version": 1, "fingerprints": prints}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return len(prints)


def load_baseline(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return set(data["fingerprints"])
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline)") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BaselineError(f"{path}: not a textlint baseline file: {exc}") from None


def filter_baseline(results: Iterable[Any], known: set[str]) -> list[Any]:
    from dataclasses import replace

    out = []
    for r in results:
        prints = _fingerprints(r)
        keep = tuple(d for d, fp in zip(r.diagnostics, prints) if fp not in known or d.data.get("internal"))
        out.append(replace(r, diagnostics=keep))
    return out
