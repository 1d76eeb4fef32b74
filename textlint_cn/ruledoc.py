"""One rule's documentation, from its catalogue entry: ``textlint rule CODE`` prints it and
``docs/rules/CODE.md`` holds it, so the terminal and the docs say the same thing."""
from __future__ import annotations

import json
import re
from typing import Any

from ._types import HAN_PRESERVING_CATEGORIES
from .rulespec import RuleSpec

FIX_SAFETY = {
    None: "No automatic fix.",
    "SAFE": "Safe: applied by `--fix`; it cannot change what the text says.",
    "UNSAFE": "Unsafe: applied only with `--fix --unsafe-fixes`; review the result.",
    "DISPLAY": "Display only: a suggestion is shown, never applied.",
}

# Characters a reader cannot see or tell from a space: written as escapes in the examples.
_ESCAPE = re.compile(r"[\t\r\u00a0\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TRAILING = re.compile(r"[ ]+(?=\n|$)")


def render_markdown(spec: RuleSpec) -> str:
    internal = spec.kind == "internal"
    lines = [f"# {spec.code} {spec.name}", ""]
    lines += [f"- Code: `{spec.code}` · name: `{spec.name}`",
              f"- Category: `{spec.category}`",
              f"- Default severity: `{spec.severity}`"]
    if internal:
        lines.append("- Raised by the engine itself; not a rule you select.")
    else:
        enabled = "yes" if spec.default else f"no; turn it on with `extend-select = [\"{spec.code}\"]`"
        lines += [f"- Enabled by default: {enabled}",
                  f"- Fix: {FIX_SAFETY[spec.fix.name if spec.fix else None]}"]
    lines += ["", "## What it finds", "", _sentence(spec.summary), ""]
    if spec.message and not internal and spec.message != spec.summary:
        lines += [f"Message: `{spec.message}`", ""]
    if spec.rationale:
        lines += ["## Why it matters", "", spec.rationale, ""]
    if spec.examples:
        lines += _examples(spec)
    if spec.options:
        lines += _options(spec)
    if not internal:
        lines += _fix_safety(spec)
    lines += _suppression(spec)
    return "\n".join(lines).rstrip("\n") + "\n"


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".。!?！？)）" else text + "."


def _examples(spec: RuleSpec) -> list[str]:
    out = ["## Examples", ""]
    escaped = False
    for ex in spec.examples:
        if ex.options:
            setting = ", ".join(f"`{k} = {toml_value(v)}`" for k, v in ex.options.items())
            out += [f"With {setting}:", ""]
        if ex.bad is not None:
            block, changed = _block(ex.bad)
            escaped |= changed
            out += ["Reported:", "", *block, ""]
            if ex.fixed is not None:
                how = "`--fix --unsafe-fixes`" if ex.unsafe else "`--fix`"
                block, changed = _block(ex.fixed)
                escaped |= changed
                out += [f"After {how}:", "", *block, ""]
        if ex.good is not None:
            block, changed = _block(ex.good)
            escaped |= changed
            out += ["Not reported:", "", *block, ""]
        if ex.note:
            out += [f"*{_sentence(ex.note)}*", ""]
    if escaped:
        out += ["Characters you could not see are written as `\\uXXXX`, tabs as `\\t`, trailing spaces as `\\u0020`.",
                ""]
    return out


def _options(spec: RuleSpec) -> list[str]:
    out = ["## Options", "", "| Option | Default |", "|---|---|"]
    for key, value in spec.options.items():
        out.append(f"| `{key}` | `{_short(value)}` |")
    example = "\n".join(f"{key} = {toml_value(value)}" for key, value in spec.options.items()
                        if not isinstance(value, (list, dict)) or len(toml_value(value)) <= 60)
    out += ["", f"Set them in `textlint.toml` under `[rules.{spec.code}]` (or `[tool.textlint.rules.{spec.code}]` "
                "in `pyproject.toml`):", "", "```toml", f"[rules.{spec.code}]"]
    if example:
        out.append(example)
    out += ["```", ""]
    return out


def _short(value: Any) -> str:
    if isinstance(value, list) and len(value) > 6:
        shown = ", ".join(toml_value(v) for v in value[:4])
        return f"[{shown}, …] ({len(value)} entries)"
    return toml_value(value).replace("|", "\\|")


def toml_value(value: Any) -> str:
    """A value written the way it goes into the config file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)} = {toml_value(v)}"
                                for k, v in value.items()) + " }"
    return json.dumps(str(value), ensure_ascii=False)


def _fix_safety(spec: RuleSpec) -> list[str]:
    out = ["## Fix safety", ""]
    if spec.fix is None:
        out += ["This rule reports only; deciding what the text should say is left to a person.", ""]
        return out
    title = f" (“{spec.fix_title}”)" if spec.fix_title else ""
    kinds = {ex.unsafe for ex in spec.examples if ex.fixed is not None}
    if spec.fix.name == "SAFE":
        text = f"The fix{title} is safe: `--fix` applies it."
        if spec.category in HAN_PRESERVING_CATEGORIES:
            text += (" Every applied fix is checked to leave the sequence of Han characters and digits exactly as it"
                     " was; one that would not is discarded and reported as `TL004`.")
        if True in kinds:
            text += " Where the evidence is weaker, the rule offers an unsafe fix instead (see the examples)."
    elif spec.fix.name == "UNSAFE":
        text = (f"The fix{title} is unsafe: it may change what the text says, so only `--fix --unsafe-fixes` applies "
                "it. Review the diff (`--diff --unsafe-fixes`) first.")
    else:
        text = f"The suggested change{title} is shown with the finding and never applied."
    return out + [text, ""]


def _suppression(spec: RuleSpec) -> list[str]:
    out = ["## Suppressing it", ""]
    if spec.kind == "internal":
        return out + ["Engine findings are not switched off by `ignore`, directives or baselines: "
                      "fix the cause, or leave the path out with `exclude`.", ""]
    code = spec.code
    return out + [
        f"- everywhere: `ignore = [\"{code}\"]` in config, or `--ignore {code}`;",
        f"- for some files: `[per-file-ignores]` with `\"scraped/*.txt\" = [\"{code}\"]`;",
        f"- in the text: `<!-- textlint-disable-next-line {code} -->` on the line before, "
        f"`<!-- textlint-disable {code} -->` … `<!-- textlint-enable {code} -->` around a passage, "
        f"or `<!-- textlint-disable-file {code} -->` anywhere in the file;",
        "- for what is already there: a baseline (`--write-baseline`, then `--baseline`).",
        "",
        "See the suppression guide (`docs/suppression.md`).",
        "",
    ]


def _block(text: str) -> tuple[list[str], bool]:
    """A fenced block showing ``text`` exactly: invisible characters escaped, real line breaks kept."""
    shown = _show(text)
    fence = "```"
    while fence in shown:
        fence += "`"
    return [fence + "text", *shown.split("\n"), fence], shown != text


def _show(text: str) -> str:
    """Examples with invisible characters made visible (``\\u200b``); line feeds stay line feeds."""
    text = _TRAILING.sub(lambda m: "\\u0020" * len(m.group(0)), text)

    def visible(m: re.Match[str]) -> str:
        c = m.group(0)
        return {"\t": "\\t", "\r": "\\r"}.get(c, f"\\u{ord(c):04x}")

    return _ESCAPE.sub(visible, text)

