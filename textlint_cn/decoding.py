"""Bytes to text and back: BOMs, UTF-8, GB18030/GBK, Big5 and UTF-16, with clear refusals.

Detection order matters for files valid in two encodings: UTF-8 wins (a GBK reading of valid
UTF-8 is mojibake), then GB18030 if the result reads as common Chinese, then Big5, then
charset-normalizer. ``--encoding`` forces one.
"""
from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_FOR = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
            "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}

# How many invalid UTF-8 sequences per byte we still read as "UTF-8 with damage" rather
# than as some other encoding.
_UTF8_DAMAGE_RATIO = 0.002


class DecodeError(Exception):
    """The file cannot be read as text; the message says why."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    bom: bool = False
    lossy: bool = False  # bytes were replaced by U+FFFD; writing back would lose them
    invalid_offsets: tuple[int, ...] = ()  # code-point offsets of replaced sequences


@functools.lru_cache(maxsize=1)
def common_han() -> frozenset[str]:
    """GB2312 level-1 characters: the 3,755 most common Han characters, from the codec itself."""
    chars = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


@functools.lru_cache(maxsize=1)
def _common_re() -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(common_han())) + "]")


def common_ratio(text: str) -> float:
    """Share of Han characters in ``text`` that are common ones (mojibake scores low)."""
    han = len(_HAN.findall(text))
    if not han:
        return 0.0
    return len(_common_re().findall(text)) / han


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NULs line up on one parity (ASCII) or decode to Han text."""
    if len(data) < 2 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    zeros_even, zeros_odd = even.count(0), odd.count(0)
    half = len(data) // 2
    if zeros_odd > half * 0.2 and zeros_even < half * 0.02:
        return "utf-16-le"
    if zeros_even > half * 0.2 and zeros_odd < half * 0.02:
        return "utf-16-be"
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if len(text) >= 8 and common_ratio(text) > 0.9 and _han_share(text) > 0.5:
            return enc
    return None


_HAN = re.compile("[\u4e00-\u9fff]")
_FFFD = re.compile("\ufffd")


def _han_share(text: str) -> float:
    return len(_HAN.findall(text)) / max(1, len(text))


def is_binary(data: bytes) -> bool:
    """NUL bytes in something that is not UTF-16/32 mean binary (images, archives, PDFs).

    The whole file is searched (a memchr, gigabytes per second): a NUL past a sampled head
    and tail would otherwise be read as text and deleted by a fix.
    """
    if b"\x00" not in data:
        return False
    return not any(data.startswith(bom) for bom, _ in _BOMS) and _looks_utf16(data) is None


def decode_bytes(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode file bytes, detecting the encoding unless one is forced."""
    if encoding:
        return _decode_forced(data, encoding)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(enc), enc, bom=True)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {enc} byte-order mark but is not valid {enc}: {exc.reason}") from None
    if b"\x00" in data:
        # NULs are valid UTF-8, so UTF-16 of plain ASCII must be recognised before UTF-8 is
        # tried: read as UTF-8 it would be text with a NUL between letters, and a fix would
        # rewrite the file in another encoding.
        utf16 = _looks_utf16(data)
        try:
            if utf16:
                return Decoded(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
        raise DecodeError("binary file (contains NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    utf16 = _looks_utf16(data)
    if utf16:
        return Decoded(data.decode(utf16), utf16)
    damaged = _utf8_with_damage(data)
    if damaged is not None:
        return damaged
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _han_share(text) == 0 or common_ratio(text) > 0.8:
            return Decoded(text, enc)
    return _decode_detected(data)


def _utf8_with_damage(data: bytes) -> Decoded | None:
    """Mostly-valid UTF-8 with a few broken sequences: keep UTF-8 and mark it lossy."""
    text = data.decode("utf-8", errors="replace")
    damage = text.count("\ufffd") - data.count("\ufffd".encode())
    if damage <= 0 or damage > max(3, len(data) * _UTF8_DAMAGE_RATIO):
        return None
    bad = tuple(m.start() for m in _FFFD.finditer(text))
    return Decoded(text, "utf-8", lossy=True, invalid_offsets=bad)


def _decode_detected(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError("encoding could not be detected (try --encoding)")
    enc = codecs.lookup(best.encoding).name
    return Decoded(str(best), enc)


def _decode_forced(data: bytes, encoding: str) -> Decoded:
    try:
        enc = codecs.lookup(encoding).name
    except LookupError:
        raise DecodeError(f"unknown encoding {encoding!r}") from None
    bom = _BOM_FOR.get(enc.replace("_", "-"))
    has_bom = bool(bom) and data.startswith(bom or b"\xff\xff\xff")
    body = data[len(bom):] if has_bom and bom else data
    try:
        return Decoded(body.decode(enc), enc, bom=has_bom)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"not valid {enc} at byte {exc.start}: {exc.reason}") from None


def read_back(data: bytes, text: str, encoding: str | None = None) -> tuple[str | None, Decoded | None]:
    """``data`` read the way the next run reads it: (None, what it reads) when that is ``text``,
    else (why not, None).

    Checked before a fix is written: a short UTF-16 file without BOM, or a file that fixing
    made pure ASCII, can detect as another encoding; writing it would change what it says.
    """
    try:
        again = decode_bytes(data, encoding)
    except DecodeError as exc:
        return str(exc), None
    if again.text != text:
        return f"it would read as {again.encoding}", None
    return None, again


def encode_text(text: str, encoding: str, bom: bool = False) -> bytes:
    """Encode for writing back; raises UnicodeEncodeError for characters the encoding lacks."""
    body = text.encode(encoding)
    prefix = _BOM_FOR.get(codecs.lookup(encoding).name.replace("_", "-"), b"") if bom else b""
    return prefix + body
