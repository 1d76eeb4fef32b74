"""The library interface: ``lint``, ``fix`` and ``lint_paths``. Nothing here prints or exits."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from .config import Settings, load_settings
from .diagnostics import Diagnostic
from .document import Document
from .engine import lint_document
from .fixer import FixOutcome, fix_with_rules
from .ruleset import Catalogue, Rule, build_catalogue, select_rules


@functools.lru_cache(maxsize=8)
def _catalogue(rule_dirs: tuple[Path, ...] = ()) -> Catalogue:
    return build_catalogue(extra_dirs=rule_dirs)


def catalogue(settings: Settings | None = None) -> Catalogue:
    """Every installed rule (built-in, plugins, and the user's rule folders)."""
    return _catalogue(tuple(settings.rule_dirs) if settings else ())


def rules_for(
    settings: Settings | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Rule]:
    settings = settings or Settings()
    return select_rules(
        catalogue(settings),
        select=select if select is not None else settings.select,
        extend_select=tuple(settings.extend_select) + tuple(extend_select),
        ignore=tuple(settings.ignore) + tuple(ignore),
        options={**settings.rules, **(options or {})},
    )


def lint(
    text: str,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    settings: Settings | None = None,
    path: str = "<text>",
) -> list[Diagnostic]:
    """Diagnostics for ``text``, sorted by position.

    >>> [d.code for d in lint("查落实， 层层传导", select=["SP"])]
    ['SP001']
    """
    rules = rules_for(settings, select, ignore, extend_select, options)
    return lint_document(Document(text, path), rules)


def fix(
    text: str,
    *,
    unsafe: bool = False,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    settings: Settings | None = None,
    path: str = "<text>",
) -> FixOutcome:
    """Apply fixes until stable; ``.text`` is the result, ``.applied``/``.remaining`` say what happened."""
    rules = rules_for(settings, select, ignore, extend_select, options)
    return fix_with_rules(Document(text, path), rules, unsafe=unsafe)


def lint_paths(
    paths: Iterable[str | Path],
    *,
    settings: Settings | None = None,
    fix: bool = False,
    unsafe: bool = False,
    jobs: int = 1,
) -> Iterator[Any]:
    """Lint files and folders, yielding one :class:`~textlint_cn.runner.FileResult` per file."""
    from .runner import RunOptions, run

    settings = settings or load_settings()
    yield from run([str(p) for p in paths], settings, RunOptions(fix=fix, unsafe=unsafe, jobs=jobs))
