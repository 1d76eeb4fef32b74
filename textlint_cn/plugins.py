"""Rule packs: how built-in and third-party rules and check kinds reach the engine.

A package registers an entry point in the group ``textlint_cn.rules`` whose value is a
:class:`RulePack`. The built-in rules use exactly this mechanism (see ``pyproject.toml``).
Check kinds are named ``"module:function"`` strings so nothing is imported until a rule
that needs it runs.
"""
from __future__ import annotations

import importlib
import re
import sys
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


def load_reference(ref: str) -> Any:
    """What ``"module:attr.sub"`` (an entry point's or a check kind's value) names."""
    module, _, attr = ref.partition(":")
    obj: Any = importlib.import_module(module.strip())
    for part in attr.strip().split(".") if attr.strip() else ():
        obj = getattr(obj, part)
    return obj


def resolve_kind(ref: str | CheckKind) -> CheckKind:
    if callable(ref):
        return ref
    try:
        if ":" not in ref:
            raise AttributeError(f"no ':function' after the module {ref!r}")
        return load_reference(ref)  # type: ignore[no-any-return]
    except (ImportError, AttributeError) as exc:
        raise PluginError(f"check kind {ref!r} cannot be loaded: {exc}") from exc


@dataclass(frozen=True)
class PackEntryPoint:
    """One entry point of the group :data:`ENTRY_POINT_GROUP`, and the version of the
    distribution that declares it (part of the cache key)."""

    name: str
    value: str
    version: str = ""

    def load(self) -> Any:
        return load_reference(self.value.split("[", 1)[0])  # `module:attr [extra]`


def pack_entry_points() -> list[PackEntryPoint]:
    """The installed entry points of our group, one per distribution, as
    ``importlib.metadata.entry_points(group=...)`` lists them.

    Importing ``importlib.metadata`` and letting it scan costs about 60 ms, a sixth of a
    pre-commit run on one file; reading the ``entry_points.txt`` of the ``*.dist-info`` and
    ``*.egg-info`` folders on ``sys.path`` costs a few. Where ``sys.path`` holds anything else
    (a zip file, an ``.egg``, a path that is not a folder) the standard library does the work.
    """
    found = _scan_path_folders()
    if found is None:
        return _metadata_entry_points()
    return found


def _scan_path_folders() -> list[PackEntryPoint] | None:
    import os

    found: list[PackEntryPoint] = []
    seen: set[str] = set()
    for entry in sys.path:
        folder = entry or "."
        if entry.endswith(".egg") or not os.path.isdir(folder):
            if os.path.exists(folder):
                return None  # a zip or an egg: only importlib.metadata reads those
            continue
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            stem, dot, suffix = name.rpartition(".")
            if not dot or suffix not in ("dist-info", "egg-info"):
                continue
            dist, _, version = stem.partition("-")
            key = _normalise(dist)
            if key in seen:
                continue  # the first on sys.path wins, as importlib.metadata has it
            seen.add(key)
            try:
                with open(os.path.join(folder, name, "entry_points.txt"), encoding="utf-8") as fh:
                    text = fh.read()
            except OSError:
                continue
            if ENTRY_POINT_GROUP in text:
                found.extend(PackEntryPoint(n, v, version) for n, v in _group_entries(text))
    return found


def _normalise(dist: str) -> str:
    return re.sub(r"[-_.]+", "_", dist).lower()


def _group_entries(text: str) -> list[tuple[str, str]]:
    """``name = value`` lines of our section of an ``entry_points.txt`` (an INI file)."""
    entries: list[tuple[str, str]] = []
    inside = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            inside = line[1:-1].strip() == ENTRY_POINT_GROUP
        elif inside and "=" in line:
            name, _, value = line.partition("=")
            entries.append((name.strip(), value.strip()))
    return entries


def _metadata_entry_points() -> list[PackEntryPoint]:
    from importlib.metadata import entry_points

    return [PackEntryPoint(ep.name, ep.value, str(getattr(getattr(ep, "dist", None), "version", "") or ""))
            for ep in entry_points(group=ENTRY_POINT_GROUP)]


def discover_packs() -> list[RulePack]:
    """All installed packs, built-in first, then the others by name."""
    packs: list[RulePack] = []
    seen: set[str] = set()
    for ep in sorted(pack_entry_points(), key=lambda e: (e.name != "builtin", e.name)):
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
