"""textlint_cn: a data-quality linter for OCR'd and scraped Chinese government text.

Public API: :func:`lint`, :func:`fix`, :func:`lint_paths`, the core records and
:class:`RulePack` for plugin authors. Heavy modules load lazily so the CLI starts fast.
"""
from __future__ import annotations

from typing import Any

__all__ = [
    "lint", "fix", "lint_paths", "Diagnostic", "Violation", "Fix", "Edit", "Position", "Related",
    "Severity", "Applicability", "Document", "RulePack", "Settings", "load_settings", "__version__",
]

_LAZY = {
    "lint": "api", "fix": "api", "lint_paths": "api",
    "Diagnostic": "diagnostics", "Violation": "diagnostics", "Fix": "diagnostics", "Edit": "diagnostics",
    "Position": "diagnostics", "Related": "diagnostics",
    "Severity": "_types", "Applicability": "_types",
    "Document": "document", "RulePack": "plugins", "Settings": "config", "load_settings": "config",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from ._version import __version__

        return __version__
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'textlint_cn' has no attribute {name!r}")
