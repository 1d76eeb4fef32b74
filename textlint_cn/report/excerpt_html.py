"""Excerpts as HTML: line numbers, the finding highlighted, invisible characters made visible."""
from __future__ import annotations

import re
import unicodedata

from .context import Excerpt, ExcerptLine, Segment
from .escape import esc

# Characters an editor cannot see: controls, zero-width and other format characters.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"
                        r"\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]")
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_NAMES = {"\u200b": "ZWSP", "\u200c": "ZWNJ", "\u200d": "ZWJ", "\ufeff": "BOM", "\u00ad": "SHY", "\u2060": "WJ"}


def _badge(c: str) -> str:
    code = f"U+{ord(c):04X}"
    if ord(c) < 0x20:
        label = chr(0x2400 + ord(c))
    elif ord(c) == 0x7F:
        label = "\u2421"
    else:
        label = _NAMES.get(c, code)
    name = unicodedata.name(c, "")
    title = f"{code} {name}".strip()
    return f'<span class="inv" title="{esc(title)}">{esc(label)}</span>'


def text_html(text: str) -> str:
    """Escaped text with invisible characters as labelled badges and odd spaces titled."""
    out = []
    pos = 0
    for m in re.finditer(f"{_INVISIBLE.pattern}|{_SPACES.pattern}", text):
        out.append(esc(text[pos:m.start()]))
        c = m.group(0)
        if _SPACES.match(c):
            out.append(f'<span class="sp" title="U+{ord(c):04X} {esc(unicodedata.name(c, ""))}">{c}</span>')
        else:
            out.append(_badge(c))
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def _segment(s: Segment) -> str:
    if not s.marked:
        return text_html(s.text)
    if not s.text:
        return '<mark class="caret" title="here"></mark>'
    return f"<mark>{text_html(s.text)}</mark>"


def _line(line: ExcerptLine) -> str:
    if line.number is None:
        return f'<div class="l gap"><span class="n">⋮</span><code>{esc(line.segments[0].text)}</code></div>'
    body = "".join(_segment(s) for s in line.segments)
    if line.clipped_left:
        body = '<span class="clip">…</span>' + body
    if line.clipped_right:
        body += '<span class="clip">…</span>'
    if line.break_marked:
        body += '<mark class="br" title="line break">↵</mark>'
    return f'<div class="l"><span class="n">{line.number}</span><code>{body}</code></div>'


def excerpt_html(excerpt: Excerpt) -> str:
    return '<div class="src">' + "".join(_line(x) for x in excerpt.lines) + "</div>"
