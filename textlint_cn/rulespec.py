"""Rule specifications: the TOML catalogue entries every rule is defined by.

A catalogue file holds ``[[rules]]`` tables. A rule is declarative (``kind = "regex"`` with a
``pattern``, optional ``replacement`` and ``fix``) or names a check kind implemented in Python
(``kind = "control-picture"``); either way the metadata and the examples live here, so the
docs and the tests come from one place.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ._types import CATEGORIES, Applicability, Severity

CODE_RE = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

_RULE_KEYS = {
    "code", "name", "category", "severity", "summary", "rationale", "kind", "pattern", "flags",
    "message", "replacement", "fix", "fix_title", "default", "options", "examples", "trigger",
}
_EXAMPLE_KEYS = {"bad", "good", "fixed", "unsafe", "options", "note"}


class CatalogueError(Exception):
    """A rule catalogue file is malformed; the message names the file and the rule."""


@dataclass(frozen=True, slots=True)
class Example:
    """``bad`` must be reported, ``good`` must not, and fixing ``bad`` must give ``fixed``."""

    bad: str | None = None
    good: str | None = None
    fixed: str | None = None
    unsafe: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True, slots=True)
class RuleSpec:
    code: str
    name: str
    category: str
    severity: Severity
    summary: str
    rationale: str
    kind: str
    message: str = ""
    pattern: str | None = None
    flags: str = ""
    replacement: str | None = None
    fix: Applicability | None = None
    fix_title: str = ""
    default: bool = True
    options: Mapping[str, Any] = field(default_factory=dict)
    examples: tuple[Example, ...] = ()
    trigger: str | None = None  # a cheap pattern that must occur for the rule to run
    source: str = ""  # the catalogue file, for messages and docs

    @property
    def prefix(self) -> str:
        return self.code.rstrip("0123456789")


def _fail(source: str, where: str, problem: str) -> CatalogueError:
    return CatalogueError(f"{source}: {where}: {problem}")


def parse_rule(raw: Mapping[str, Any], source: str) -> RuleSpec:
    where = f"rule {raw.get('code', '?')}"
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise _fail(source, where, f"unknown key(s) {', '.join(sorted(unknown))}")
    for key in ("code", "name", "category", "summary", "kind"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise _fail(source, where, f"missing or empty {key!r}")
    if not CODE_RE.match(raw["code"]):
        raise _fail(source, where, "code must be 1-4 capital letters and 3 digits, e.g. EN001")
    if not NAME_RE.match(raw["name"]):
        raise _fail(source, where, f"name {raw['name']!r} must be kebab-case")
    if raw["category"] not in CATEGORIES:
        raise _fail(source, where, f"category {raw['category']!r} is not one of {', '.join(CATEGORIES)}")
    if raw["kind"] == "regex" and not raw.get("pattern"):
        raise _fail(source, where, "a regex rule needs a 'pattern'")
    try:
        severity = Severity.parse(raw.get("severity", "warning"))
        fix = Applicability.parse(raw["fix"]) if raw.get("fix") else None
    except ValueError as exc:
        raise _fail(source, where, str(exc)) from None
    examples = []
    for ex in raw.get("examples", ()):
        bad_keys = set(ex) - _EXAMPLE_KEYS
        if bad_keys:
            raise _fail(source, where, f"unknown example key(s) {', '.join(sorted(bad_keys))}")
        examples.append(Example(ex.get("bad"), ex.get("good"), ex.get("fixed"), bool(ex.get("unsafe", False)),
                                ex.get("options", {}), ex.get("note", "")))
    return RuleSpec(
        code=raw["code"], name=raw["name"], category=raw["category"], severity=severity,
        summary=raw["summary"].strip(), rationale=raw.get("rationale", "").strip(), kind=raw["kind"],
        message=raw.get("message", raw["summary"]).strip(), pattern=raw.get("pattern"),
        flags=raw.get("flags", ""), replacement=raw.get("replacement"), fix=fix,
        fix_title=raw.get("fix_title", ""), default=bool(raw.get("default", True)),
        options=dict(raw.get("options", {})), examples=tuple(examples), trigger=raw.get("trigger"),
        source=source,
    )


def load_catalogue_file(path: Path) -> list[RuleSpec]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path}: cannot read rule file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path}: malformed TOML: {exc}") from None
    unknown = set(data) - {"rules", "family", "description", "prefix", "lists"}
    if unknown:
        raise CatalogueError(f"{path}: unknown top-level key(s) {', '.join(sorted(unknown))}")
    return [parse_rule(raw, str(path)) for raw in data.get("rules", ())]


def load_catalogue_dir(directory: Path) -> list[RuleSpec]:
    """Every ``*.toml`` in a folder, in name order (the built-in catalogue or a user's)."""
    if not directory.is_dir():
        raise CatalogueError(f"{directory}: rule folder does not exist")
    specs: list[RuleSpec] = []
    for path in sorted(directory.glob("*.toml")):
        specs.extend(load_catalogue_file(path))
    return specs
