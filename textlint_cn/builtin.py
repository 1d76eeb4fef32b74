"""The built-in rule pack, registered through the same entry point a third-party pack uses."""
from __future__ import annotations

from pathlib import Path

from .plugins import RulePack


def catalogue_dir() -> Path:
    """``rules/`` as shipped in the wheel (``textlint_cn/_rules``) or in a source checkout."""
    packaged = Path(__file__).with_name("_rules")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


_K = "textlint_cn.kinds."

KINDS: dict[str, str] = {
    "regex": _K + "regex_kind:check",
    "internal": _K + "regex_kind:internal",
    "word-list": _K + "regex_kind:check_word_list",
    "control-picture": _K + "encoding:control_pictures",
    "invalid-bytes": _K + "encoding:invalid_bytes",
    "mojibake-latin": _K + "encoding:mojibake_latin",
    "mojibake-gbk": _K + "encoding:mojibake_gbk",
    "broken-wrap": _K + "linebreak:broken_wraps",
    "inserted-space": _K + "spacing:inserted_spaces",
    "letter-spaced-run": _K + "spacing:letter_spaced_runs",
    "cjk-digit-spacing": _K + "spacing:cjk_digit_spacing",
    "halfwidth-punctuation": _K + "punctuation:halfwidth_punctuation",
    "unbalanced-pair": _K + "punctuation:unbalanced_pairs",
    "redaction": _K + "redaction:redactions",
    "running-header": _K + "boilerplate:running_headers",
    "table-of-contents": _K + "boilerplate:tables_of_contents",
    "latin-word": _K + "words:latin_words",
    "doubled-word": _K + "words:doubled_words",
    "duplicate-block": _K + "duplicates:duplicate_blocks",
}

PACK = RulePack(name="builtin", catalogues=(catalogue_dir(),), kinds=KINDS)
