"""Fuzzing ``lint`` and ``fix`` over the default rule set: arbitrary Unicode text, and arbitrary
bytes written to a file and run through the file path (discovery, reading, decoding, linting,
fixing, writing back, every output format).

Each input must finish within ``TEXTLINT_FUZZ_SECONDS`` (default 20) with no exception escaping,
no rule crashing (TL001) and nothing lost: a file is either left byte for byte as it was, or
written as exactly the fixed text of what was read, in the encoding it was read in, so that
reading it again gives that text and fixing it again changes nothing.

Inputs per target: ``TEXTLINT_FUZZ_EXAMPLES`` (default 150). A campaign:

    TEXTLINT_FUZZ_EXAMPLES=10000 TEXTLINT_FUZZ_REPORT=fuzz.json pytest -q tests/test_fuzz.py

``TEXTLINT_FUZZ_REPORT`` names a JSON file that receives the count of inputs run per target;
``TEXTLINT_FUZZ_IGNORE`` leaves rules out (``DU,OT002``) while a bug found in them is open.
"""
from __future__ import annotations

import codecs
import io
import json
import os
import signal
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textlint_cn import api
from textlint_cn.config import Settings
from textlint_cn.decoding import DecodeError, decode_bytes, encode_text
from textlint_cn.document import Document
from textlint_cn.engine import lint_document
from textlint_cn.fixer import fix_document, han_digits
from textlint_cn.formats import FORMATS, writer_for
from textlint_cn.runner import RunOptions, run

EXAMPLES = int(os.environ.get("TEXTLINT_FUZZ_EXAMPLES", "150"))
SECONDS = float(os.environ.get("TEXTLINT_FUZZ_SECONDS", "20"))
CI = bool(os.environ.get("CI"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=CI, database=None if CI else settings().database,
                suppress_health_check=list(HealthCheck), print_blob=True)

# Rules to leave out of a campaign (codes or prefixes, comma-separated) while a bug the fuzzer
# found in them is fixed, so the campaign can look for the next one.
IGNORE = tuple(filter(None, os.environ.get("TEXTLINT_FUZZ_IGNORE", "").split(",")))
RULES = tuple(api.rules_for(ignore=IGNORE))
SETTINGS = Settings(respect_gitignore=False, ignore=IGNORE)
COUNTS: dict[str, int] = {}


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` in the test if one input takes longer than ``seconds``."""
    def alarm(signum, frame):  # noqa: ARG001
        raise Hang(f"one input took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def counted(target: str) -> None:
    COUNTS[target] = COUNTS.get(target, 0) + 1


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    print(f"\nfuzz inputs run without failure: {COUNTS}")
    out = os.environ.get("TEXTLINT_FUZZ_REPORT")
    if out:
        previous = json.loads(Path(out).read_text()) if Path(out).is_file() else {}
        Path(out).write_text(json.dumps({**previous, **COUNTS}, indent=2))


# --- text ---------------------------------------------------------------------------------------------

# Characters the rules and the line index care about, mixed into otherwise arbitrary Unicode.
SPECIAL = list("\x00\x07\x0b\x0c\x1b\x1c\x1d\x1e\x7f\x85\x9f\r\n\t \u00a0\u00ad\u2028\u2029\u200b\u200c\u200d"
               "\u2060\ufeff\ufffd\u3000\ue000\U000f0000，。、；：？！“”‘’《》（）【】——…·,.;:?!()[]\"'-_/\\#*×＊○Xx某"
               "０１２３０123456789鍔犲己锟斤拷Ã©â€œ␀␇␤") + ["\r\n", "\U0001f600", "\U00020000", "\u0301", "e\u0301"]
HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
ANY = st.characters(codec="utf-8")  # every code point but surrogates, astral planes included
CHAR = st.one_of(ANY, HAN, HAN, st.sampled_from(SPECIAL))
TEXT = st.one_of(
    st.lists(CHAR, max_size=1500).map("".join),
    # runs of one piece: where quadratic loops and off-by-one ends show up
    st.lists(st.tuples(st.lists(CHAR, min_size=1, max_size=6).map("".join), st.integers(1, 300)),
             max_size=8).map(lambda runs: "".join(piece * n for piece, n in runs)),
)


def lint(text: str):
    return lint_document(Document(text), RULES)


def check_text(text: str, unsafe: bool) -> None:
    diags = lint(text)
    crashed = [d.message for d in diags if d.code == "TL001"]
    assert not crashed, crashed
    for d in diags:
        assert 0 <= d.start.offset <= d.end.offset <= len(text)
    outcome = fix_document(Document(text), lambda d: lint_document(d, RULES), unsafe=unsafe)
    crashed = [d.message for d in (*outcome.remaining, *outcome.problems) if d.code == "TL001"]
    assert not crashed, crashed
    if outcome.writable and not unsafe:
        out_hd, in_hd = han_digits(outcome.text), han_digits(text)
        it = iter(in_hd)
        assert all(c in it for c in out_hd), "a safe fix wrote Han characters or digits"


@FUZZ
@given(TEXT, st.booleans())
def fuzz_text(text, unsafe):
    with time_limit(SECONDS):
        check_text(text, unsafe)
    counted("text")


def test_fuzz_lint_and_fix_arbitrary_unicode():
    fuzz_text()


# --- bytes through the file path -----------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1",
             "cp1252", "shift_jis", "euc-kr"]


@st.composite
def file_bytes(draw) -> bytes:
    """Arbitrary bytes, or text in some encoding with bytes inserted, cut or flipped."""
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(st.binary(max_size=4000))
    text = draw(TEXT)
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="ignore")
    for _ in range(draw(st.integers(0, 3)) if kind == 2 else 0):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    if kind == 3 and data:
        data = data[:draw(st.integers(0, len(data)))]
    return data


WORK = Path(tempfile.mkdtemp(prefix="textlint-fuzz-"))


def expected_after_fix(data: bytes, unsafe: bool) -> bytes | None:
    """The bytes ``--fix`` must leave: None when the file may not be written at all."""
    try:
        decoded = decode_bytes(data)
    except DecodeError:
        return None
    outcome = fix_document(Document(decoded.text, encoding=decoded.encoding, bom=decoded.bom, lossy=decoded.lossy),
                           lambda d: lint_document(d, RULES), unsafe=unsafe)
    if decoded.lossy or not outcome.writable or not outcome.changed:
        return None
    try:
        return encode_text(outcome.text, decoded.encoding, decoded.bom)
    except UnicodeEncodeError:
        return None


def check_file(data: bytes, unsafe: bool) -> None:
    path = WORK / "doc.txt"
    path.write_bytes(data)
    options = RunOptions(fix=True, unsafe=unsafe, jobs=1)
    results = list(run([str(path)], SETTINGS, options))
    assert len(results) == 1
    (result,) = results
    crashed = [d.message for d in result.diagnostics if d.code == "TL001" or "internal error" in d.message]
    assert not crashed, crashed
    after = path.read_bytes()
    want = expected_after_fix(data, unsafe)
    if result.written:
        counted("bytes written back")
        assert want is not None and after == want
        # Nothing lost: read back, the file is the fixed text, and fixing it again changes nothing.
        again = list(run([str(path)], SETTINGS, options))[0]
        assert not again.written and path.read_bytes() == after
        assert decode_bytes(after).text == decode_bytes(want).text
    else:
        assert after == data, "a file that was not written changed"
    for name in FORMATS:
        writer_for(name)(results, io.StringIO())


@FUZZ
@given(file_bytes(), st.booleans())
def fuzz_bytes(data, unsafe):
    with time_limit(SECONDS):
        check_file(data, unsafe)
    counted("bytes")


def test_fuzz_arbitrary_bytes_through_the_file_path():
    fuzz_bytes()


def test_time_limit_catches_a_hang():
    start = time.monotonic()
    with pytest.raises(Hang), time_limit(0.2):
        while True:
            pass
    assert time.monotonic() - start < 2


def test_known_hard_inputs():
    """Inputs that once broke a text tool somewhere: each must pass like any other."""
    for text in ["", "\r", "\n\r", "\r\r\n\n", "\x85\u2028\u2029\x0b\x0c", "\ufeff" * 3, "\U0001f600" * 50,
                 "，" * 500, " " * 1000 + "加强", "加 " * 300, "\u3000" * 100 + "\n" * 100, "“" * 200 + "”" * 3,
                 "某某" * 200, "××" * 300, ("加强组织领导。\n" * 50) * 2, "a\u0301" * 100, "锟斤拷" * 50]:
        check_text(text, False)
        check_text(text, True)
    for data in [b"", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x00" * 10, b"\xff" * 100, codecs.BOM_UTF32_LE,
                 "加强".encode("utf-16-le")[:-1], b"\x81\x30\x81", "加强\n".encode("gb18030") * 100 + b"\x80",
                 b"0\x00\x80\x00", b"0\x00\x80\x000\x00\x80\x00", "A\x07\n".encode("utf-16-be")]:
        check_file(data, False)
