"""Rule packs: how built-in and third-party rules and check kinds reach the engine.

A package registers an entry point in the group ``textlint_cn.rules`` whose value is a
:class:`RulePack`. The built-in rules use exactly this mechanism (see ``pyproject.toml``).
Check kinds are named ``"module:function"`` strings so nothing is imported until a rule
that needs it runs.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

if TYPE_CHECKING:
    from .diagnostics import Violation
    from .document import Document
    from .ruleset import Rule

ENTRY_POINT_GROUP = "textlint_cn.rules"

CheckKind = Callable[["Document", "Rule"], Iterable["Violation"]]


class PluginError(Exception):
    """A rule pack failed to load; the message names the pack."""


@dataclass(frozen=True)
class RulePack:
    """Catalogue folders of TOML rules plus the check kinds they may name."""

    name: str
    catalogues: tuple[Path, ...] = ()
    kinds: Mapping[str, str | CheckKind] = field(default_factory=dict)


def resolve_kind(ref: str | CheckKind) -> CheckKind:
    if callable(ref):
        return ref
    module, _, attr = ref.partition(":")
    try:
        return getattr(importlib.import_module(module), attr)  # type: ignore[no-any-return]
    except (ImportError, AttributeError) as exc:
        raise PluginError(f"check kind {ref!r} cannot be loaded: {exc}") from exc


def discover_packs() -> list[RulePack]:
    """All installed packs, built-in first, then the others by name."""
    from importlib.metadata import entry_points

    packs: list[RulePack] = []
    seen: set[str] = set()
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: (e.name != "builtin", e.name)):
        if ep.name in seen:  # the same distribution seen twice on sys.path
            continue
        seen.add(ep.name)
        try:
            obj: Any = ep.load()
        except Exception as exc:  # a broken plugin must not look like a crash of ours
            raise PluginError(f"rule pack {ep.name!r} ({ep.value}) failed to import: {exc}") from exc
        pack = obj() if callable(obj) and not isinstance(obj, RulePack) else obj
        if not isinstance(pack, RulePack):
            raise PluginError(f"rule pack {ep.name!r} ({ep.value}) is not a textlint_cn.RulePack")
        packs.append(pack)
    if not any(p.name == "builtin" for p in packs):
        from .builtin import PACK  # running from a source tree without installed metadata

        packs.insert(0, PACK)
    return packs
