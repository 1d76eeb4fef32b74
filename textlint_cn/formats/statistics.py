"""``--statistics``: counts by rule, and per-document redaction counts and density."""
from __future__ import annotations

import json
from collections import Counter
from typing import Any, Sequence, TextIO

from .jsonfmt import document_summary


def statistics(results: Sequence[Any]) -> dict[str, Any]:
    counts: Counter[tuple[str, str, str]] = Counter()
    fixable: Counter[str] = Counter()
    for r in results:
        for d in r.diagnostics:
            counts[(d.code, d.name, d.category)] += 1
            if d.fix is not None and d.fix.applicability.name == "SAFE":
                fixable[d.code] += 1
    rules = [{"code": c, "name": n, "category": cat, "count": k, "fixable": fixable[c]}
             for (c, n, cat), k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))]
    docs = [{"path": r.path, **document_summary(r)} for r in results if r.stats]
    return {"rules": rules, "documents": docs}


def write_statistics(results: Sequence[Any], out: TextIO, as_json: bool = False) -> None:
    stats = statistics(results)
    if as_json:
        json.dump(stats, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    for row in stats["rules"]:
        fix = f"[*] {row['fixable']} fixable" if row["fixable"] else ""
        out.write(f"{row['count']:>7}  {row['code']:<6} {row['name']:<28} {row['category']:<12} {fix}\n")
    redacted = [d for d in stats["documents"] if d["redactions"]]
    if redacted:
        out.write("\nredactions by document (count, per 10k characters):\n")
        for d in sorted(redacted, key=lambda d: -d["redactions_per_10k"]):
            out.write(f"{d['redactions']:>7}  {d['redactions_per_10k']:>7.2f}  {d['path']}\n")
