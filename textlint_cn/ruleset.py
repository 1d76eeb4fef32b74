"""From installed packs and config to the list of rules a run executes.

Selection follows ruff: ``select`` replaces the default set, ``extend-select`` adds,
``ignore`` removes; a selector is ``ALL``, a code, a code prefix, a rule name or a category.
"""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from ._types import CATEGORIES
from .plugins import CheckKind, PluginError, RulePack, discover_packs, resolve_kind
from .rulespec import CatalogueError, RuleSpec, load_catalogue_dir


class SelectionError(Exception):
    """A selector or rule option names nothing that exists."""


@dataclass(frozen=True)
class Rule:
    """A selected rule: its spec, the options in force, and its check kind."""

    spec: RuleSpec
    options: Mapping[str, Any] = field(default_factory=dict)
    kind_ref: Any = None

    @cached_property
    def check(self) -> CheckKind:
        return resolve_kind(self.kind_ref)

    def option(self, key: str) -> Any:
        return self.options.get(key, self.spec.options.get(key))

    def word_list(self, key: str) -> tuple[str, ...]:
        """Option ``key`` and its ``extend-<key>`` companion as one tuple of strings, built once
        per rule: checks read their word lists for every document of a run."""
        found = self._word_lists.get(key)
        if found is None:
            found = self._word_lists[key] = tuple(
                str(w) for k in (key, "extend-" + key) for w in (self.option(k) or ()))
        return found

    @cached_property
    def _word_lists(self) -> dict[str, tuple[str, ...]]:
        return {}

    @property
    def code(self) -> str:
        return self.spec.code


@dataclass(frozen=True)
class Catalogue:
    """Every known rule and check kind, before selection."""

    specs: tuple[RuleSpec, ...]
    kinds: Mapping[str, Any]

    def by_code(self) -> dict[str, RuleSpec]:
        return {s.code: s for s in self.specs}

    def find(self, ref: str) -> RuleSpec | None:
        for s in self.specs:
            if ref in (s.code, s.name):
                return s
        return None

    def matching(self, selector: str) -> list[RuleSpec]:
        if selector == "ALL":
            return list(self.specs)
        if selector in CATEGORIES:
            return [s for s in self.specs if s.category == selector]
        exact = [s for s in self.specs if selector in (s.code, s.name)]
        if exact:
            return exact
        return [s for s in self.specs if s.code.startswith(selector) and selector[:1].isupper()]


def build_catalogue(packs: Sequence[RulePack] | None = None, extra_dirs: Iterable[Path] = ()) -> Catalogue:
    """Load every pack's TOML catalogues plus the user's rule folders; check codes are unique."""
    packs = list(discover_packs() if packs is None else packs)
    kinds: dict[str, Any] = {}
    specs: list[RuleSpec] = []
    for pack in packs:
        for name, ref in pack.kinds.items():
            if name in kinds and kinds[name] != ref:
                raise PluginError(f"rule pack {pack.name!r} redefines check kind {name!r}")
            kinds[name] = ref
        for directory in pack.catalogues:
            specs.extend(load_catalogue_dir(Path(directory)))
    for directory in extra_dirs:
        specs.extend(load_catalogue_dir(Path(directory)))
    seen: dict[str, RuleSpec] = {}
    for s in specs:
        for key in (s.code, s.name):
            if key in seen:
                raise CatalogueError(f"{s.source}: {key} is already defined in {seen[key].source}")
            seen[key] = s
        if s.kind not in kinds:
            raise CatalogueError(f"{s.source}: rule {s.code} names unknown check kind {s.kind!r}")
        _check_patterns(s)
    return Catalogue(tuple(specs), kinds)


def _check_patterns(spec: RuleSpec) -> None:
    """A bad pattern is a catalogue error named with its file, not a TL001 on every file."""
    from .kinds.regex_kind import PatternError, compile_pattern

    try:
        if spec.pattern is not None:
            compile_pattern(spec.pattern, spec.flags)
        if spec.trigger is not None:
            compile_pattern(spec.trigger)
    except PatternError as exc:
        raise CatalogueError(f"{spec.source}: rule {spec.code}: {exc}") from None


def _expand(catalogue: Catalogue, selectors: Iterable[str], what: str) -> set[str]:
    codes: set[str] = set()
    for sel in selectors:
        found = catalogue.matching(sel)
        if not found:
            raise SelectionError(f"{what}: {sel!r} matches no rule (use a code, prefix, name or category)")
        codes.update(s.code for s in found)
    return codes


def select_rules(
    catalogue: Catalogue,
    select: Sequence[str] | None = None,
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Rule]:
    """The rules to run, in catalogue order, each with its options merged over the defaults."""
    if select is None:
        chosen = {s.code for s in catalogue.specs if s.default}
    else:
        chosen = _expand(catalogue, select, "select")
    chosen |= _expand(catalogue, extend_select, "extend-select")
    chosen -= _expand(catalogue, ignore, "ignore")
    per_rule: dict[str, dict[str, Any]] = {}
    for ref, opts in (options or {}).items():
        spec = catalogue.find(ref)
        if spec is None:
            raise SelectionError(f"options given for unknown rule {ref!r}")
        unknown = set(opts) - set(spec.options)
        if unknown:
            raise SelectionError(
                f"unknown option(s) {', '.join(sorted(unknown))} for {spec.code} ({spec.name}); "
                f"known: {', '.join(sorted(spec.options)) or 'none'}"
            )
        per_rule.setdefault(spec.code, {}).update(opts)
    return [
        Rule(s, {**s.options, **per_rule.get(s.code, {})}, catalogue.kinds[s.kind])
        for s in catalogue.specs
        if s.code in chosen
    ]


def check_per_file_ignores(catalogue: Catalogue, per_file_ignores: Mapping[str, Sequence[str]]) -> None:
    """Every selector names a rule: a typo is a config error up front, not a failure per file."""
    for pattern, selectors in per_file_ignores.items():
        _expand(catalogue, selectors, f"per-file-ignores[{pattern!r}]")


def ignored_for_path(catalogue: Catalogue, path: str, per_file_ignores: Mapping[str, Sequence[str]]) -> set[str]:
    """Codes switched off for ``path`` by ``per-file-ignores`` globs."""
    codes: set[str] = set()
    for pattern, selectors in per_file_ignores.items():
        # ``./scraped/a.txt`` (from ``textlint .``) must match ``scraped/*`` like ``scraped/a.txt`` does.
        if any(fnmatch.fnmatch(p, pattern) for p in (path, os.path.normpath(path), Path(path).name)):
            codes |= _expand(catalogue, selectors, f"per-file-ignores[{pattern!r}]")
    return codes
