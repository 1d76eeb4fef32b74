"""SARIF 2.1.0 with ``columnKind: unicodeCodePoints`` (our columns count code points; SARIF's
default is UTF-16 units, which differ for characters outside the BMP such as CJK Extension B)."""
from __future__ import annotations

import json
from typing import Any, Sequence, TextIO

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"INFO": "note", "WARNING": "warning", "ERROR": "error"}


def _region(start: Any, end: Any) -> dict[str, int]:
    return {"startLine": start.line, "startColumn": start.column, "endLine": end.line, "endColumn": end.column,
            "charOffset": start.offset, "charLength": end.offset - start.offset}


def build_sarif(results: Sequence[Any]) -> dict[str, Any]:
    from .. import __version__
    from ..api import catalogue

    known = catalogue().by_code()
    used: dict[str, int] = {}
    rules: list[dict[str, Any]] = []
    sarif_results: list[dict[str, Any]] = []
    for r in results:
        for d in r.diagnostics:
            if d.code not in used:
                used[d.code] = len(rules)
                spec = known.get(d.code)
                rules.append({
                    "id": d.code, "name": d.name,
                    "shortDescription": {"text": spec.summary if spec else d.name},
                    "fullDescription": {"text": spec.rationale if spec else d.name},
                    "defaultConfiguration": {"level": LEVEL[(spec.severity if spec else d.severity).name]},
                    "properties": {"tags": [d.category]},
                })
            location = {"physicalLocation": {"artifactLocation": {"uri": d.path, "uriBaseId": "%SRCROOT%"},
                                             "region": _region(d.start, d.end)}}
            item: dict[str, Any] = {"ruleId": d.code, "ruleIndex": used[d.code], "level": LEVEL[d.severity.name],
                                    "message": {"text": d.message}, "locations": [location]}
            if d.related:
                item["relatedLocations"] = [
                    {"id": i, "message": {"text": rel.message or "other copy"},
                     "physicalLocation": {"artifactLocation": {"uri": rel.path, "uriBaseId": "%SRCROOT%"},
                                          "region": _region(rel.start, rel.end)}}
                    for i, rel in enumerate(d.related)
                ]
            if d.fix is not None and d.fix.applicability.name != "DISPLAY":
                item["fixes"] = [{
                    "description": {"text": d.fix.title or "fix"},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": d.path, "uriBaseId": "%SRCROOT%"},
                        "replacements": [{"deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
                                          "insertedContent": {"text": e.content}} for e in d.fix.edits],
                    }],
                }]
            sarif_results.append(item)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "textlint-cn", "version": str(__version__),
                                "informationUri": "https://pypi.org/project/textlint-cn/", "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"uri": "file:///"}},
            "results": sarif_results,
        }],
    }


def write_sarif(results: Sequence[Any], out: TextIO) -> None:
    json.dump(build_sarif(results), out, ensure_ascii=False, indent=2)
    out.write("\n")
