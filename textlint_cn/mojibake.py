"""Mojibake: find it in decoded text and recover what can be recovered.

Four kinds matter for Chinese text:

- UTF-8 read as Latin-1, cp1252 or MacRoman (`æ”¿åºœ` for 政府): ftfy repairs it, called with
  its width and quote fixes off since they would turn ，：；？！（） and “” into ASCII;
- UTF-8 read as GBK (`鏍稿績鍔熻兘` for 核心功能), which ftfy does not touch: the run is encoded
  back to GBK and read as UTF-8;
- GBK read as Latin-1, cp1250 or MacRoman (`Õþ¸®¹¤×÷±¨¸æ` for 政府工作报告): the reverse;
- U+FFFD saved as UTF-8 and read as GBK (`锟斤拷`): nothing is left to recover.

Callers hand in candidate offsets from a cheap character scan (see ``kinds/encoding.py``), so
the expensive work here only runs where mojibake can be. Every recovery is checked for being
much more plausible Chinese than what it replaces; short or ambiguous candidates count only in
a text that also holds unmistakable ones of the same kind, since one wrong decoding is applied
to a whole file.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from .decoding import common_han

UTF8_AS_LATIN = "utf8-as-latin"
UTF8_AS_GBK = "utf8-as-gbk"
GBK_AS_LATIN = "gbk-as-latin"
KUNJINKAO = "kunjinkao"

_FFFD = "\ufffd"
_BOM = "\ufeff"
KUN = "锟"  # U+951F: the first half of U+FFFD's UTF-8 bytes read as GBK
_LINE_BREAKS = "\r\n\x85\u2028\u2029"

# UTF-8 lead bytes of the characters Chinese text is made of: general punctuation (E2),
# CJK punctuation (E3), Han (E3-E9) and full-width forms (EF).
_UTF8_LEADS = frozenset((0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEF))


def _gbk_chars(lead_ok, trail_ok) -> frozenset[str]:  # type: ignore[no-untyped-def]
    out = []
    for lead in range(0x81, 0xFF):
        if not lead_ok(lead):
            continue
        for trail in range(0x40, 0xFF):
            if trail_ok(trail):
                try:
                    out.append(bytes((lead, trail)).decode("gbk"))
                except UnicodeDecodeError:
                    pass
    return frozenset(out)


def _is_cont(b: int) -> bool:
    return 0x80 <= b <= 0xBF


# UTF-8 read as GBK pairs bytes (lead, cont)(cont, lead)(cont, cont) for every two Han characters.
# The first kind of pair gives 576 GBK characters, none of them among the 3,755 common ones; a
# first-kind character followed by a second-kind one (or by a cont+ASCII pair, or by the `?` a
# decoder left for a lost byte) is what starts such mojibake.
GBK_START = _gbk_chars(lambda b: b in _UTF8_LEADS, _is_cont)


@functools.cache
def _gbk_next() -> frozenset[str]:
    """Built the first time a candidate is weighed, not at import (start-up)."""
    return _gbk_chars(_is_cont, lambda b: b in _UTF8_LEADS) | _gbk_chars(_is_cont, lambda b: b < 0x80)


def _high_bytes(codec: str) -> str:
    """What ``codec`` makes of the bytes 0x80-0xFF. ``sloppy-`` codecs are ftfy's: the Windows
    code page, with the bytes it leaves undefined read as Latin-1. Computed here so that start-up
    does not import ftfy, which only repairs found runs need."""
    name = codec.removeprefix("sloppy-")
    return "".join(bytes((b,)).decode(name, "ignore") or chr(b) for b in range(0x80, 0x100))


def _single_byte_chars(*codec_names: str) -> frozenset[str]:
    return frozenset(c for name in codec_names for c in _high_bytes(name))


_LATIN_CODECS = ("sloppy-windows-1252", "latin-1", "sloppy-windows-1250", "mac_roman")
# Every character a Western, Central European or Mac single-byte decoding makes of a high byte.
LATINISH = _single_byte_chars(*_LATIN_CODECS)
# Those common in clean Chinese text start no candidate on their own (they may still be part of one).
LATIN_QUIET = frozenset("“”‘’—–…·•")


def class_escape(chars: Iterable[str]) -> str:
    """``chars`` written for a regular-expression character class."""
    return "".join("\\" + c if c in "\\]^-[" else c for c in sorted(chars))


@dataclass(frozen=True, slots=True)
class Mojibake:
    """A span of mojibake, how it arose, and its recovery (``None``: nothing to recover)."""

    start: int
    end: int
    route: str
    recovered: str | None
    codec: str = ""
    lossy: bool = False


def find_mojibake(text: str, latin_seeds: Sequence[int], gbk_seeds: Sequence[int]) -> tuple[Mojibake, ...]:
    """Mojibake in ``text``, sorted and not overlapping.

    ``latin_seeds`` are offsets of Latin-1 or other single-byte-codec characters, ``gbk_seeds``
    offsets of characters in :data:`GBK_START`; a scan for those characters is cheap, and clean
    text has few of them.
    """
    found: list[Mojibake] = []
    if latin_seeds:
        found.extend(_latin_mojibake(text, latin_seeds))
    if gbk_seeds:
        found.extend(_gbk_mojibake(text, gbk_seeds))
    found.sort(key=lambda m: (m.start, m.end))
    # Overlaps are rare (a run can only be one of these); keep the earlier one.
    kept: list[Mojibake] = []
    for m in found:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return tuple(kept)


# --- UTF-8 read as Latin-1 / cp1252 / MacRoman (ftfy's domain) and GBK read as Latin --------

_UTF8_SHAPE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_TRUNCATED_TAIL = re.compile(rb"(?:[\xe0-\xef][\x80-\xbf]|[\xf0-\xf4][\x80-\xbf]{2})\Z")


def _latin_run(text: str, i: int) -> tuple[int, int]:
    """The maximal run of single-byte-codec characters around ``i``; single ASCII spaces inside
    count, since a decoded U+00A0 byte is often shown and saved as a plain space."""
    n = len(text)
    start = i
    while start > 0:
        c = text[start - 1]
        if c in LATINISH or c == " " and start > 1 and text[start - 2] in LATINISH:
            start -= 1
        else:
            break
    end = i + 1
    while end < n:
        c = text[end]
        if c in LATINISH or c == " " and end + 1 < n and text[end + 1] in LATINISH:
            end += 1
        else:
            break
    return start, end


def _windows_1252_table() -> dict[int, int]:
    specials = _high_bytes("sloppy-windows-1252")[:0x20]
    return {ord(c): b for b, c in zip(range(0x80, 0xA0), specials)}


_TO_LATIN1 = _windows_1252_table()


def _byte_views(run: str) -> list[tuple[str, bytes]]:
    """The bytes ``run`` may have been, by codec: Windows-1252 and Latin-1 together (they agree
    above 0x9F, and a C1 character stands for its own byte) or MacRoman; spaces are also tried
    as the no-break spaces they often were."""
    views = []
    for variant in (run, run.replace(" ", "\u00a0")) if " " in run else (run,):
        try:
            views.append(("cp1252/latin-1", variant.translate(_TO_LATIN1).encode("latin-1")))
        except UnicodeEncodeError:
            pass
        try:
            views.append(("macroman", variant.encode("mac_roman")))
        except UnicodeEncodeError:
            pass
    return views


def _valid_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _latin_mojibake(text: str, seeds: Sequence[int]) -> list[Mojibake]:
    """Runs of single-byte-codec characters that are UTF-8 (ftfy) or GBK (re-decoded) mojibake.

    Valid UTF-8 from end to end is strong evidence: random bytes rarely are. Almost any byte pair
    is valid GBK, so a GBK reading counts only after that, and where several codecs give one the
    document decides: mojibake comes from one wrong decoding applied to the whole file.
    """
    strong: list[Mojibake] = []
    weak: list[Mojibake] = []
    pending: list[tuple[int, dict[str, Reading]]] = []
    done = -1
    for i in seeds:
        if i < done:
            continue
        start, end = _latin_run(text, i)
        done = end
        if end - start < 2:
            continue
        run = text[start:end]
        views = [(label, raw) for label, raw in _byte_views(run) if _UTF8_SHAPE.search(raw)]
        whole = next((label for label, raw in views if _valid_utf8(raw)), None)
        found = _utf8_as_latin(text, start, end, whole) if whole else None
        if found is None and whole:
            # ftfy leaves short runs alone (`é•¿` for 长); read as UTF-8, they count beside clear ones.
            direct = next(raw for label, raw in views if label == whole).decode("utf-8")
            if all(_is_cjk(c) or _cjk_symbol(c) for c in direct) and _plausible_latin_fix(run, direct):
                weak.append(Mojibake(start, end, UTF8_AS_LATIN, direct, f"utf-8 read as {whole}"))
                continue
        if found is None:
            readings = _gbk_readings(text, start, end)
            if readings:
                pending.append((start, readings))
                done = max(r[2] for r in readings.values())
                continue
            if views and not whole:
                found = _utf8_as_latin(text, start, end, views[0][0], partial=True)
        if found is not None:
            sure = _strong_latin_repair(text[found.start:found.end], found.recovered or "", bool(whole))
            (strong if sure else weak).append(found)
    strong.extend(_settle_gbk_readings(pending))
    # A short repair (`Ã©`, or three characters into one Han) counts only beside clear ones.
    if any(m.route == UTF8_AS_LATIN for m in strong):
        strong.extend(weak)
    return strong


def _settle_gbk_readings(pending: Sequence[tuple[int, dict[str, Reading]]]) -> Iterator[Mojibake]:
    """One codec per text: each run is read with the codec that reads most of the text strongly;
    short runs (`Äê` for 年) are read only with that leading codec."""
    weight: dict[str, float] = {}  # characters read strongly by each codec, shared among ties
    for start, readings in pending:
        sure = [(label, end) for label, (score, _, end) in readings.items() if score >= _GBK_STRONG]
        for label, end in sure:
            weight[label] = weight.get(label, 0.0) + (end - start) / len(sure)
    leading = max(weight, key=weight.__getitem__, default=None)
    for start, readings in pending:
        label = max(readings, key=lambda k: (weight.get(k, 0.0), readings[k][0]))
        score, decoded, end = readings[label]
        if score >= _GBK_STRONG or label == leading:
            yield Mojibake(start, end, GBK_AS_LATIN, decoded, f"gbk read as {label}")


def _strong_latin_repair(old: str, new: str, whole: bool) -> bool:
    """A repair that folds at least three bytes away (two CJK characters, three accented
    letters), or a run that is exactly one full-width or CJK punctuation mark (`ï¼Œ` for `，`),
    stands on its own; an accented letter or two (`Ã©`), or one Han character, does not."""
    return len(old) - len(new) >= 3 or (whole and any("\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
                                                       for c in new))


def _encodings_of(run: str, codecs_: Sequence[str]) -> Iterator[tuple[str, bytes]]:
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-* codecs)

    for name in codecs_:
        try:
            yield name, run.encode(name)
        except UnicodeEncodeError:
            continue


@functools.lru_cache(maxsize=1)
def _ftfy_config():  # type: ignore[no-untyped-def]
    from ftfy import TextFixerConfig

    # Only the encoding repairs: ftfy's width and quote fixes would turn ，：；？！（） and “”
    # into ASCII, and its other steps (HTML entities, ligatures, line breaks, normalisation,
    # C1 and control characters) belong to other rules or to nobody.
    return TextFixerConfig(
        unescape_html=False, remove_terminal_escapes=False, fix_encoding=True, restore_byte_a0=True,
        replace_lossy_sequences=True, decode_inconsistent_utf8=True, fix_c1_controls=False,
        fix_latin_ligatures=False, fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
        fix_surrogates=False, remove_control_chars=False, normalization=None, explain=False,
    )


_CONTEXT = 24  # characters of ASCII context handed to ftfy on each side of a run


def _utf8_as_latin(text: str, start: int, end: int, codec: str, partial: bool = False) -> Mojibake | None:
    """UTF-8 bytes shown through cp1252, Latin-1 or MacRoman; ftfy repairs them."""
    import ftfy

    # ftfy judges better with the neighbouring word (``voilÃ le``), so hand it the ASCII around
    # the run, up to the line end or a non-ASCII character.
    left = start
    while left > 0 and start - left < _CONTEXT and " " <= text[left - 1] <= "~":
        left -= 1
    right = end
    while right < len(text) and right - end < _CONTEXT and " " <= text[right] <= "~":
        right += 1
    segment = text[left:right]
    fixed = ftfy.fix_text(segment, _ftfy_config())
    at_line_end = right == len(text) or text[right] in _LINE_BREAKS
    if at_line_end and right == end and _truncated(fixed):
        # The run ends mid-character at the end of a line: its last byte was 0xA0, shown as
        # a no-break space and stripped as trailing whitespace (ftfy issue 217).
        again = ftfy.fix_text(segment + "\u00a0", _ftfy_config())
        if not _truncated(again) and again != segment + "\u00a0":
            fixed = again
    if fixed == segment:
        return None
    a, b, content = _trim(segment, fixed)
    a, b = left + a, left + b
    if b <= start or a >= end or not _plausible_latin_fix(text[a:b], content):
        return None
    if partial and (_leftover(text, start, end, a, b) or not any(_is_cjk(c) for c in content)):
        # Only part of the run is UTF-8: trust a repair of all of it into Chinese (a run cut
        # short), not a few accidental UTF-8 sequences inside some other mojibake.
        return None
    return Mojibake(a, b, UTF8_AS_LATIN, content, f"utf-8 read as {codec}")


def _leftover(text: str, start: int, end: int, a: int, b: int) -> int:
    """Mojibake-looking characters of the run ``start:end`` outside the repaired ``a:b``."""
    outside = text[start:max(start, a)] + text[min(end, b):end]
    return sum(c in LATINISH and c not in LATIN_QUIET for c in outside)


def _truncated(s: str) -> bool:
    """``s`` ends in the first bytes of a UTF-8 character shown as Latin ones (`…元ç´`)."""
    s = s.rstrip(" ")
    i = len(s)
    while i > 0 and len(s) - i < 3 and s[i - 1] in LATINISH:
        i -= 1
    return any(_TRUNCATED_TAIL.search(raw) for _, raw in _byte_views(s[i:]))


def _trim(old: str, new: str) -> tuple[int, int, str]:
    """The smallest edit turning ``old`` into ``new``: start and end in ``old``, and the content."""
    p = 0
    limit = min(len(old), len(new))
    while p < limit and old[p] == new[p]:
        p += 1
    s = 0
    while s < limit - p and old[-1 - s] == new[-1 - s]:
        s += 1
    return p, len(old) - s, new[p:len(new) - s]


def _plausible_latin_fix(old: str, new: str) -> bool:
    """A repair of Latin mojibake rewrites Latin characters into fewer ones in one script.

    It never touches Han characters or full-width punctuation (those are what ftfy's width fixes
    would damage), and a result mixing scripts (`ƽÎȽϿ췢չ`: ftfy decoding the accidental UTF-8
    pairs inside GBK mojibake) is no repair.
    """
    if len(new) > len(old) or any(_is_cjk(c) for c in old):
        return False
    if 2 * _latin_count(new) > _latin_count(old):
        return False  # still mostly mojibake: ftfy decoded a few sequences of something else
    return len({_script(c) for c in new if c.isalpha()} - {"latin"}) <= 1


def _latin_count(s: str) -> int:
    return sum(c in LATINISH and c not in LATIN_QUIET for c in s)


# Each entry: the first code point after a block, and the block's script.
_SCRIPT_LIMITS = (
    (0x0250, "ipa"), (0x0370, "latin"), (0x0400, "greek"), (0x0530, "cyrillic"), (0x0590, "armenian"),
    (0x0600, "hebrew"), (0x0700, "arabic"), (0x0800, "other"), (0x1100, "other"), (0x1200, "hangul"),
    (0x1E00, "other"), (0x1F00, "latin"), (0x2E80, "other"), (0xA000, "cjk"), (0xAC00, "other"),
    (0xD7B0, "hangul"), (0xF900, "other"), (0xFB00, "cjk"), (0xFF00, "other"), (0xFFF0, "cjk"),
)
_SCRIPT_ENDS = [b for b, _ in _SCRIPT_LIMITS]


def _script(c: str) -> str:
    """A coarse script by code-point block: enough to tell a repair from scrambled letters."""
    o = ord(c)
    if o < 0x0180:
        return "latin"
    i = bisect.bisect_right(_SCRIPT_ENDS, o)
    return _SCRIPT_LIMITS[i][1] if i < len(_SCRIPT_LIMITS) else "other"


def _is_cjk(c: str) -> bool:
    return "\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\uff00" <= c <= "\uffef"


_GBK_LATIN_LABELS = {"sloppy-windows-1252": "latin-1/cp1252", "latin-1": "latin-1/cp1252",
                     "sloppy-windows-1250": "cp1250", "mac_roman": "macroman"}


Reading = tuple[float, str, int]  # score, decoded text, end of the span it covers


def _gbk_readings(text: str, start: int, end: int) -> dict[str, Reading]:
    """GBK bytes shown through Latin-1, cp1250 or MacRoman (`Õþ¸®¹¤×÷±¨¸æ` for 政府工作报告):
    each codec's reading of ``text[start:end]`` that is Chinese, with its score.

    A GBK character whose trail byte is ASCII (`@`-`~`, used by the characters outside GB2312)
    splits a run; a run that ends one byte short takes that ASCII character back.
    """
    run = text[start:end]
    chars = run.replace(" ", "")
    if all(c in LATIN_QUIET for c in chars):
        return {}
    # Runs of four such characters do not occur in clean Chinese text, apart from repeated
    # placeholders (`××××` in a numbering scheme) and runs of dashes, quotes or ellipses;
    # shorter ones (`Äê` for 年 between digits) count only beside strong ones.
    short = len(chars) < 4 or len(set(chars)) < 3
    trail = text[end] if end < len(text) and "@" <= text[end] <= "~" else ""
    variants = [run]
    if " " in run:
        variants.append(run.replace(" ", "\u00a0"))  # the space often was a no-break space
    readings: dict[str, Reading] = {}
    for variant in variants:
        for name, raw in _encodings_of(variant, _LATIN_CODECS):
            try:
                decoded, covered = raw.decode("gbk"), end
            except UnicodeDecodeError as exc:
                if not (trail and exc.start == len(raw) - 1):
                    continue
                try:
                    decoded, covered = (raw + trail.encode()).decode("gbk"), end + 1
                except UnicodeDecodeError:
                    continue
            score = _gbk_latin_score(decoded)
            if score is None:
                continue
            if short:
                score = min(score, _GBK_STRONG - 0.01)
            label = _GBK_LATIN_LABELS[name]
            if score > readings.get(label, (-1.0, "", 0))[0]:
                readings[label] = (score, decoded, covered)
    return readings


_GBK_STRONG = 1.0  # scores from here on: a reading that stands on its own


def _gbk_latin_score(decoded: str) -> float | None:
    """How much ``decoded`` reads as Chinese: ``None`` not at all; below ``_GBK_STRONG`` only
    beside readings of the same codec elsewhere; two or more common Han characters: strong."""
    if not all(_is_han_char(c) or _cjk_symbol(c) or "\uff10" <= c <= "\uff5a" or c == " " for c in decoded):
        return None
    han = [c for c in decoded if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return 0.75 if not decoded.isascii() else None  # Chinese punctuation alone (`£¥¡£` for `％。`)
    ratio = _common_share(han)
    if ratio < 0.75:
        return None
    return ratio + (_GBK_STRONG if len(han) >= 2 else 0.0)


def _common_share(chars: Sequence[str]) -> float:
    common = common_han()
    return sum(c in common for c in chars) / len(chars) if chars else 0.0


# --- UTF-8 read as GBK, and U+FFFD read as GBK ------------------------------------------------


def _gbk_run(text: str, i: int) -> tuple[int, int]:
    """The maximal run of non-ASCII characters around ``i`` (GBK turns bytes >= 0x80 into them)."""
    n = len(text)
    start = i
    while start > 0 and text[start - 1] >= "\x80" and text[start - 1] not in _LINE_BREAKS:
        start -= 1
    end = i + 1
    while end < n and text[end] >= "\x80" and text[end] not in _LINE_BREAKS:
        end += 1
    return start, end


def _gbk_mojibake(text: str, seeds: Sequence[int]) -> list[Mojibake]:
    strong: list[Mojibake] = []
    weak: list[Mojibake] = []
    done = -1
    gbk_next = _gbk_next()
    for i in seeds:
        if i < done:
            continue
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if text[i] == KUN:
            found = _kunjinkao(text, i)
            if found is not None:
                strong.append(found)
                done = found.end
                continue
        if nxt not in gbk_next and nxt != "?":
            continue
        result = _utf8_as_gbk(text, i, _gbk_run(text, i)[1])
        if result is None:
            continue
        found, is_strong = result
        done = found.end
        (strong if is_strong else weak).append(found)
    # A short or lossy candidate counts only in a text that has unmistakable ones.
    if any(m.route == UTF8_AS_GBK for m in strong):
        strong.extend(weak)
    return strong


def _utf8_as_gbk(text: str, start: int, run_end: int) -> tuple[Mojibake, bool] | None:
    """Re-encode ``text[start:run_end]`` as GBK and read the bytes as UTF-8, as far as they go."""
    run = text[start:run_end]
    for codec in ("gbk", "gb18030"):
        try:
            raw = run.encode(codec)
        except UnicodeEncodeError:
            continue
        lossy = False
        try:
            recovered = raw.decode("utf-8")
            end = run_end
        except UnicodeDecodeError as exc:
            if exc.reason == "unexpected end of data" and text.startswith("?", run_end):
                # The decoder met a byte it could not pair and left `?`: keep what can be read
                # and mark the lost character with U+FFFD.
                lossy = True
                recovered = raw[:exc.start].decode("utf-8") + _FFFD
                end = run_end
            else:
                n = _utf8_boundary(run, raw, exc.start, codec)
                recovered = raw[:_byte_length(run[:n], codec)].decode("utf-8")
                end = start + n
        if end - start < (1 if lossy else 2):
            continue
        if _FFFD in (recovered[:-1] if lossy else recovered):
            return None  # U+FFFD bytes read as GBK: 锟斤拷 territory, nothing to recover
        recovered = recovered.lstrip(_BOM)  # a UTF-8 byte-order mark read as GBK (`锘`)
        verdict = _gbk_verdict(text[start:end], recovered, lossy)
        if verdict is None:
            continue
        return Mojibake(start, end, UTF8_AS_GBK, recovered, f"utf-8 read as {codec}", lossy), verdict
    return None


def _byte_length(s: str, codec: str) -> int:
    return 2 * len(s) if codec == "gbk" else len(s.encode(codec))  # GBK: two bytes a character


def _utf8_boundary(run: str, raw: bytes, bad: int, codec: str) -> int:
    """How many characters of ``run`` end at a byte offset <= ``bad`` that also ends a UTF-8
    character (``raw[:bad]`` is valid UTF-8, so that is any offset not before a continuation byte)."""
    if codec == "gbk":
        n = bad // 2
        ends = (2 * k for k in range(n, 0, -1))
    else:
        offsets = [0]
        for c in run:
            offsets.append(offsets[-1] + len(c.encode(codec)))
            if offsets[-1] > bad:
                offsets.pop()
                break
        n = len(offsets) - 1
        ends = iter(offsets[:0:-1])
    for k, cut in zip(range(n, 0, -1), ends):
        if cut == bad or not 0x80 <= raw[cut] <= 0xBF:
            return k
    return 0


_NOT_TEXT = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ue000-\uf8ff\U000f0000-\U0010ffff]")


def _gbk_verdict(original: str, recovered: str, lossy: bool) -> bool | None:
    """``True``: unmistakable; ``False``: plausible only beside unmistakable ones; ``None``: no.

    Clean Chinese text re-encoded as GBK almost never reads as UTF-8 at all (none of 290,000
    random starting points in the government reports gave two Han characters), so a reading
    with Han characters that are more common than the run's is already strong evidence.
    """
    body = recovered[:-1] if lossy else recovered
    if _NOT_TEXT.search(body):
        return None
    han = [c for c in body if "\u3400" <= c <= "\u9fff"]
    if len(han) < 2:
        # Punctuation (`锛氣墺` for `：≥`), one character, or a lost one (`楂?`): too short to
        # judge alone.
        if all(_is_han_char(c) or _cjk_symbol(c) for c in body) and (lossy or not body.isascii()):
            return False
        return None
    after = _common_share(han)
    before = _common_share([c for c in original if "\u3400" <= c <= "\u9fff"])
    if after < 0.6 or after <= before:
        return None
    return True


def _is_han_char(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff"


def _cjk_symbol(c: str) -> bool:
    """Punctuation and symbols Chinese text uses: general punctuation, arrows, maths, shapes,
    CJK punctuation, full-width forms, and the ASCII a short run swallows (`锛歚` for `：`+backtick)."""
    o = ord(c)
    return (0x20 < o < 0x7F and not c.isalnum()) or 0x2010 <= o <= 0x206F or 0x2190 <= o <= 0x27BF \
        or 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF65


def _kunjinkao(text: str, i: int) -> Mojibake | None:
    """`锟斤拷`: UTF-8 bytes of U+FFFD (EF BF BD) read as GBK. The characters are gone for good."""
    m = _kun_pattern().match(text, i, _gbk_run(text, i)[1])
    if m is None:
        return None
    return Mojibake(i, m.end(), KUNJINKAO, None, "U+FFFD read as gbk")


@functools.cache
def _kun_pattern() -> re.Pattern[str]:
    # After 锟 (EF BF) comes a character whose GBK lead byte is BD, the last byte of U+FFFD
    # (斤 is BD EF, the start of the next U+FFFD); a character whose trail byte is EF followed
    # by 拷 (BF BD) is U+FFFD straddling two characters.
    bd_lead = class_escape(_gbk_chars(lambda b: b == 0xBD, lambda b: True))
    ef_trail = class_escape(_gbk_chars(lambda b: True, lambda b: b == 0xEF))
    unit = f"锟[{bd_lead}]|[{ef_trail}]拷"
    return re.compile(f"(?:{unit})(?:[^\\x00-\\x7f]?(?:{unit}))*")

