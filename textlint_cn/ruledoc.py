"""One rule's documentation, from its catalogue entry: used by ``textlint rule CODE`` and the docs."""
from __future__ import annotations

from .rulespec import RuleSpec

FIX_SAFETY = {
    None: "No automatic fix.",
    "SAFE": "Safe: applied by `--fix`; it cannot change what the text says.",
    "UNSAFE": "Unsafe: applied only with `--fix --unsafe-fixes`; review the result.",
    "DISPLAY": "Display only: a suggestion is shown, never applied.",
}


def render_markdown(spec: RuleSpec) -> str:
    lines = [f"# {spec.code} {spec.name}", ""]
    lines += [f"- Category: `{spec.category}`", f"- Default severity: `{spec.severity}`",
              f"- Enabled by default: {'yes' if spec.default else 'no'}",
              f"- Fix: {FIX_SAFETY[spec.fix.name if spec.fix else None]}", ""]
    lines += ["## What it finds", "", spec.summary, ""]
    if spec.rationale:
        lines += ["## Why it matters", "", spec.rationale, ""]
    if spec.options:
        lines += ["## Options", ""]
        for key, value in spec.options.items():
            shown = repr(value) if not isinstance(value, list) or len(value) < 8 else f"[{len(value)} entries]"
            lines.append(f"- `{key}` (default `{shown}`)")
        lines += ["", f"Set them under `[tool.textlint.rules.{spec.code}]` or `[rules.{spec.code}]` in textlint.toml.", ""]
    if spec.examples:
        lines += ["## Examples", ""]
        for ex in spec.examples:
            if ex.bad is not None:
                lines.append(f"- Reported: `{_show(ex.bad)}`")
                if ex.fixed is not None:
                    how = "`--fix --unsafe-fixes`" if ex.unsafe else "`--fix`"
                    lines.append(f"  - after {how}: `{_show(ex.fixed)}`")
            if ex.good is not None:
                lines.append(f"- Not reported: `{_show(ex.good)}`")
            if ex.note:
                lines.append(f"  - {ex.note}")
        lines.append("")
    lines += ["## Suppressing it", "",
              f"`ignore = [\"{spec.code}\"]` in config, `<!-- textlint-disable-next-line {spec.code} -->` "
              f"before a line, or `<!-- textlint-disable-file {spec.code} -->` anywhere in the file.", ""]
    return "\n".join(lines)


def _show(text: str) -> str:
    """Examples with invisible characters made visible (``\\u200b``), line breaks as ⏎."""
    out = []
    for c in text:
        if c == "\n":
            out.append("⏎")
        elif c == "`":
            out.append("\\`")
        elif not c.isprintable() or c in "\u00a0\u3000\ufeff":
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return "".join(out)
