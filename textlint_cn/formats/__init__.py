"""Output formats. Each writes results to a text stream; none of them decides the exit code."""
from __future__ import annotations

import importlib
from typing import Any, Callable, Sequence, TextIO

FORMATS: dict[str, str] = {
    "concise": "text:write_concise",
    "full": "text:write_full",
    "json": "jsonfmt:write_json",
    "json-lines": "jsonfmt:write_json_lines",
    "sarif": "sarif:write_sarif",
    "github": "text:write_github",
}

Writer = Callable[[Sequence[Any], TextIO], None]


def writer_for(name: str) -> Writer:
    module, _, func = FORMATS[name].partition(":")
    return getattr(importlib.import_module(f".{module}", __name__), func)  # type: ignore[no-any-return]
