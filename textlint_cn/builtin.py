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
    "control-character": _K + "encoding:control_characters",
    "control-picture": _K + "encoding:control_pictures",
    "replacement-character": _K + "encoding:replacement_characters",
    "zero-width": _K + "encoding:zero_width_characters",
    "byte-order-mark": _K + "encoding:byte_order_marks",
    "odd-space": _K + "encoding:odd_spaces",
    "private-use": _K + "encoding:private_use_characters",
    "mojibake-latin": _K + "encoding:mojibake_utf8_as_latin",
    "mojibake-gbk": _K + "encoding:mojibake_utf8_as_gbk",
    "mojibake-gbk-latin": _K + "encoding:mojibake_gbk_as_latin",
    "mojibake-kunjinkao": _K + "encoding:mojibake_kunjinkao",
    "trailing-whitespace": _K + "encoding:trailing_whitespace",
    "whitespace-only-line": _K + "encoding:whitespace_only_lines",
    "broken-wrap": _K + "linebreak:broken_wraps",
    "page-split": _K + "linebreak:page_splits",
    "wrapped-heading": _K + "linebreak:wrapped_headings",
    "split-toc-entry": _K + "linebreak:split_toc_entries",
    "unfinished-paragraph": _K + "linebreak:unfinished_paragraphs",
    "inserted-space": _K + "spacing:inserted_spaces",
    "letter-spaced-run": _K + "spacing:letter_spaced_runs",
    "cjk-digit-spacing": _K + "spacing:cjk_digit_spacing",
    "halfwidth-punctuation": _K + "punctuation:halfwidth_punctuation",
    "halfwidth-parenthesis": _K + "punctuation:halfwidth_parentheses",
    "unbalanced-pair": _K + "punctuation:unbalanced_pairs",
    "redaction": _K + "redaction:redactions",
    "pseudonym": _K + "redaction:pseudonyms",
    "running-header": _K + "boilerplate:running_headers",
    "table-of-contents": _K + "boilerplate:tables_of_contents",
    "portal-furniture": _K + "boilerplate:portal_furniture",
    "source-line": _K + "boilerplate:source_lines",
    "end-mark": _K + "boilerplate:end_marks",
    "latin-word": _K + "words:latin_words",
    "doubled-word": _K + "words:doubled_words",
    "duplicate-block": _K + "duplicates:duplicate_blocks",
}

PACK = RulePack(name="builtin", catalogues=(catalogue_dir(),), kinds=KINDS)
