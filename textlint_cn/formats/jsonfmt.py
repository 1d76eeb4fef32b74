"""``json`` (an array) and ``json-lines`` (one object a line): the documented stable shape.

Each object is :meth:`Diagnostic.to_dict` plus ``document``: per-file figures (characters,
detected encoding, redaction count and density per 10,000 characters) so a consumer can
rank documents without a second pass.
"""
from __future__ import annotations

import json
from typing import Any, Sequence, TextIO


def document_summary(result: Any) -> dict[str, Any]:
    chars = int(result.stats.get("chars", 0))
    redactions = sum(1 for d in result.diagnostics if d.category == "redaction")
    return {
        "chars": chars,
        "encoding": result.stats.get("encoding"),
        "redactions": redactions,
        "redactions_per_10k": round(redactions * 10000 / chars, 2) if chars else 0.0,
        "diagnostics": len(result.diagnostics),
    }


def records(results: Sequence[Any]) -> list[dict[str, Any]]:
    out = []
    for r in results:
        summary = document_summary(r)
        for d in r.diagnostics:
            item = d.to_dict()
            item["document"] = summary
            out.append(item)
    return out


def write_json(results: Sequence[Any], out: TextIO) -> None:
    json.dump(records(results), out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_json_lines(results: Sequence[Any], out: TextIO) -> None:
    for item in records(results):
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
