"""Settings from ``textlint.toml``, ``.textlint.toml`` or ``[tool.textlint]`` in ``pyproject.toml``.

The closest config file above the working directory wins (ruff's rule); command-line flags
override it. Unknown keys are an error, named with the file, so a typo never silently
switches a rule off.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from ._types import Severity

CONFIG_NAMES = ("textlint.toml", ".textlint.toml", "pyproject.toml")
DEFAULT_INCLUDE = ("*.txt", "*.md")
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".textlint_cache",
                   ".mypy_cache", ".pytest_cache", ".tox")


class ConfigError(Exception):
    """The configuration is invalid; the message names the file and the key."""


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    rule_dirs: tuple[Path, ...] = ()
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    fail_on: Severity = Severity.WARNING
    respect_gitignore: bool = True
    follow_symlinks: bool = False
    encoding: str | None = None
    output_encoding: str | None = None
    text_field: str = "text"
    max_file_size: int = 128 * 1024 * 1024  # MiB; larger files are refused (TL006), never read
    cache_dir: Path = Path(".textlint_cache")
    source: Path | None = None  # the config file these came from

    def merged(self, **overrides: Any) -> Settings:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


_LIST_KEYS = {"select", "extend-select", "ignore", "include", "exclude", "extend-exclude", "rule-dirs"}
_SCALAR_KEYS = {"fail-on": str, "respect-gitignore": bool, "follow-symlinks": bool, "encoding": str,
                "output-encoding": str, "text-field": str, "max-file-size": int, "cache-dir": str}
_TABLE_KEYS = {"per-file-ignores", "rules"}


def parse_settings(table: Mapping[str, Any], source: Path) -> Settings:
    """Validate one ``[tool.textlint]`` table (or a ``textlint.toml``) into Settings."""
    where = str(source)
    unknown = set(table) - _LIST_KEYS - set(_SCALAR_KEYS) - _TABLE_KEYS
    if unknown:
        known = ", ".join(sorted(_LIST_KEYS | set(_SCALAR_KEYS) | _TABLE_KEYS))
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} (known: {known})")
    values: dict[str, Any] = {}
    for key in _LIST_KEYS & set(table):
        val = table[key]
        if not isinstance(val, list) or not all(isinstance(v, str) for v in val):
            raise ConfigError(f"{where}: {key} must be a list of strings")
        values[key.replace("-", "_")] = tuple(val)
    for key, typ in _SCALAR_KEYS.items():
        if key in table:
            if not isinstance(table[key], typ) or (typ is int and isinstance(table[key], bool)):
                raise ConfigError(f"{where}: {key} must be a {typ.__name__}")
            values[key.replace("-", "_")] = table[key]
    if "fail_on" in values:
        try:
            values["fail_on"] = Severity.parse(values["fail_on"])
        except ValueError as exc:
            raise ConfigError(f"{where}: fail-on: {exc}") from None
    base = source.parent
    if "rule_dirs" in values:
        values["rule_dirs"] = tuple((base / d).resolve() for d in values["rule_dirs"])
    if "cache_dir" in values:
        values["cache_dir"] = base / values["cache_dir"]
    pfi = table.get("per-file-ignores", {})
    if not isinstance(pfi, dict) or not all(isinstance(v, list) for v in pfi.values()):
        raise ConfigError(f"{where}: per-file-ignores must map globs to lists of selectors")
    values["per_file_ignores"] = {k: tuple(v) for k, v in pfi.items()}
    rules = table.get("rules", {})
    if not isinstance(rules, dict) or not all(isinstance(v, dict) for v in rules.values()):
        raise ConfigError(f"{where}: [rules] must hold one table of options per rule code or name")
    values["rules"] = rules
    return Settings(source=source, **values)


def read_config_file(path: Path) -> Settings | None:
    """Settings from ``path``; None for a pyproject.toml without ``[tool.textlint]``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: malformed TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("textlint")
        if table is None:
            return None
        return parse_settings(table, path)
    return parse_settings(data, path)


def find_config(start: Path) -> Path | None:
    """The closest config file at or above ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                if name != "pyproject.toml":
                    return candidate
                try:
                    if "textlint" in tomllib.loads(candidate.read_text(encoding="utf-8")).get("tool", {}):
                        return candidate
                except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
                    return candidate  # let read_config_file report it
    return None


def load_settings(config: Path | None = None, start: Path | None = None, isolated: bool = False) -> Settings:
    if isolated:
        return Settings()
    path = config if config is not None else find_config(start or Path.cwd())
    if path is None:
        return Settings()
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    return read_config_file(path) or Settings()
