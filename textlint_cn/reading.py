"""Reading documents from paths: one decoded Document per text file, one per JSON-lines record.

Shared by the runner, ``textlint dedup`` and the cross-file checks so every command reads,
decodes and names documents the same way.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from typing import Iterable, Iterator

from .config import Settings
from .decoding import DecodeError, Decoded, decode_bytes
from .document import Document
from .files import discover, display_path, is_corpus

MB = 1024 * 1024


class ReadProblem(Exception):
    """A file could not be read or decoded; ``skipped`` marks binaries (a note, not an error)."""

    def __init__(self, message: str, skipped: bool = False, too_large: bool = False) -> None:
        super().__init__(message)
        self.skipped = skipped
        self.too_large = too_large


def read_bytes(path: str, settings: Settings) -> bytes:
    """The file's bytes; never more than ``max-file-size`` is read (stdin, a growing file)."""
    limit = settings.max_file_size
    if path == "-":
        return _bounded(sys.stdin.buffer.read(limit + 1), limit, "input")
    try:
        size = os.stat(path).st_size
        if size > limit:
            raise ReadProblem(f"file is {size / MB:,.0f} MB, over the max-file-size limit of "
                              f"{limit / MB:,.0f} MB; not checked", too_large=True)
        with open(path, "rb") as handle:
            return _bounded(handle.read(limit + 1), limit, "file")
    except OSError as exc:
        raise ReadProblem(f"cannot read: {exc.strerror or exc}") from None


def content_digest(data: bytes) -> str:
    """What identifies a file's bytes (the cache knows files by it): BLAKE2b, 128 bits, as hex."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _bounded(data: bytes, limit: int, what: str) -> bytes:
    if len(data) > limit:
        raise ReadProblem(f"{what} is over the max-file-size limit of {limit / MB:,.0f} MB; not checked",
                          too_large=True)
    return data


def decode(data: bytes, settings: Settings) -> Decoded:
    try:
        return decode_bytes(data, settings.encoding)
    except DecodeError as exc:
        raise ReadProblem(str(exc), skipped=str(exc).startswith("binary")) from None


def read_document(path: str, settings: Settings, shown: str | None = None) -> Document:
    decoded = decode(read_bytes(path, settings), settings)
    return Document(decoded.text, shown or display_path(path), decoded.encoding, decoded.bom, decoded.lossy)


@dataclass(frozen=True, slots=True)
class Record:
    """One JSON-lines record: its text, or why it has none."""

    number: int  # 1-based line number in the corpus file
    line: str  # the raw line with its line end
    record: dict | None
    text: str | None
    problem: str | None = None


_RECORD = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def corpus_records(text: str, field: str) -> Iterator[Record]:
    # Records end only at \r\n, \r or \n: str.splitlines would also cut at U+2028 and U+0085,
    # which JSON writes raw inside strings, and a fixed corpus could not be read back.
    for number, line in enumerate(_RECORD.findall(text), start=1):
        body = line.rstrip("\r\n")
        if not body.strip():
            yield Record(number, line, None, None)
            continue
        try:
            record = json.loads(body)
            value = record[field]
            if not isinstance(value, str):
                raise TypeError(f"field {field!r} is not a string")
        except KeyError:
            yield Record(number, line, None, None, f"line {number} has no {field!r} field")
        except (ValueError, TypeError) as exc:
            yield Record(number, line, None, None, f"line {number} is not a JSON record with text: {exc}")
        else:
            yield Record(number, line, record, value)


def iter_texts(paths: Iterable[str], settings: Settings) -> Iterator[tuple[str, str]]:
    """(name, text) for every document under ``paths``; unreadable files are passed over.

    JSON-lines records are named ``file.jsonl:LINE``.
    """
    for source in discover(paths, settings):
        if source.problem:
            continue
        try:
            doc = read_document(source.path, settings)
        except ReadProblem:
            continue
        if is_corpus(source.path):
            for rec in corpus_records(doc.text, settings.text_field):
                if rec.text is not None:
                    yield f"{doc.path}:{rec.number}", rec.text
        else:
            yield doc.path, doc.text
