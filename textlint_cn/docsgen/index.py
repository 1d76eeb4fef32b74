"""``docs/rules/index.md``: every rule, family by family, with links to the rule pages."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..rulespec import RuleSpec

FIX = {"SAFE": "safe", "UNSAFE": "unsafe", "DISPLAY": "hint"}


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    description: str
    specs: tuple[RuleSpec, ...]


def families(catalogue_dir: Path, specs: Sequence[RuleSpec]) -> list[Family]:
    """Rules grouped by the catalogue file that defines them, in file-name order."""
    out = []
    for path in sorted(catalogue_dir.glob("*.toml")):
        try:
            head = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            head = {}
        mine = tuple(s for s in specs if Path(s.source).resolve() == path.resolve())
        if mine:
            out.append(Family(str(head.get("family", path.stem)), str(head.get("description", "")).strip(), mine))
    return out


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render_index(groups: Sequence[Family]) -> str:
    rules = [s for g in groups for s in g.specs if s.kind != "internal"]
    lines = [
        "# Rules",
        "",
        f"{len(rules)} rules in {sum(1 for g in groups if g.name != 'internal')} families. Each page says what the "
        "rule finds, why it matters, examples of what it reports and what it leaves alone, its options, "
        "and how safe its fix is. `textlint rule CODE` prints the same page in the terminal, and "
        "`textlint rule` lists them all.",
        "",
        "Fix: **safe** fixes are applied by `--fix`; **unsafe** ones only with `--fix --unsafe-fixes`. "
        "Rules marked *off* run only when selected (`extend-select = [\"CODE\"]`). "
        "To silence a rule, see [suppression](../suppression.md).",
        "",
    ]
    engine = [g for g in groups if g.name == "internal"]
    for g in groups:
        if g.name == "internal":
            continue
        lines += [f"## {g.name}", ""]
        if g.description:
            lines += [g.description, ""]
        lines += ["| Code | Name | Category | Severity | Fix | Default | What it finds |",
                  "|---|---|---|---|---|---|---|"]
        for s in g.specs:
            fix = FIX.get(s.fix.name, "") if s.fix else "–"
            lines.append(f"| [{s.code}]({s.code}.md) | `{s.name}` | {s.category} | {s.severity} | {fix} | "
                         f"{'on' if s.default else '*off*'} | {_cell(s.summary)} |")
        lines.append("")
    for g in engine:
        lines += ["## Engine findings", ""]
        if g.description:
            lines += [g.description, ""]
        lines += ["| Code | Name | Severity | What happened |", "|---|---|---|---|"]
        for s in g.specs:
            lines.append(f"| [{s.code}]({s.code}.md) | `{s.name}` | {s.severity} | {_cell(s.summary)} |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
