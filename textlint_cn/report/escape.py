"""HTML escaping for untrusted text: paths, messages and the scraped text itself.

Besides the five HTML specials, control characters are shown as their visible pictures (they
are parse errors in HTML and invisible on screen) and lone surrogates, which JSON input may
carry and UTF-8 cannot encode, become U+FFFD.
"""
from __future__ import annotations

import html
import os
import re
from pathlib import Path
from urllib.parse import quote

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_C1 = re.compile(r"[\x80-\x9f]")


def _picture(m: re.Match[str]) -> str:
    c = m.group(0)
    return "\u2421" if c == "\x7f" else chr(0x2400 + ord(c))


def esc(value: object) -> str:
    """Text safe inside an element or a double-quoted attribute."""
    text = str(value)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub(_picture, text)
    if _C1.search(text):
        text = _C1.sub(lambda m: f"<{ord(m.group(0)):02X}>", text)
    return html.escape(text, quote=True)


def file_href(target: Path, base: Path | None) -> str:
    """A link from the report's folder to a file: relative when possible, else a file:// URL.

    Every character that could start a scheme or a query is percent-encoded.
    """
    target = target.resolve()
    if base is not None:
        try:
            rel = os.path.relpath(target, base.resolve())
        except ValueError:  # another drive on Windows
            rel = None
        if rel is not None:
            return html.escape("./" + _quote(rel.replace(os.sep, "/")), quote=True)
    return html.escape("file://" + _quote(target.as_posix()), quote=True)


def _quote(path: str) -> str:
    return quote(_SURROGATE.sub("\ufffd", path), safe="/")
