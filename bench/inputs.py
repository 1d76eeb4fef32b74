"""Deterministic benchmark inputs built from the real text in ``../shared``.

Three inputs, each rebuilt only when its parameters or the source files change:

- ``single``: one big file (default 50 MiB). ``seeds`` repeats the four damaged seed documents,
  the worst case and the text the reference figures were measured on; ``mixed`` interleaves the
  seeds with the clean and scraped corpus documents.
- ``folder``: 10,000 small files (0.5-6 kB, about 3 kB on average) cut at line ends from a
  stream that is 10% seeds, 30% government reports, 20% scraped provincial reports, 30% laws and
  10% real GBK mojibake lines among clean lines.
- ``jsonl``: the same 10,000 documents as JSON-lines records ``{"id", "text"}``, so per-file and
  per-record costs compare on identical text.

``big_folder`` replicates the folder (hard links where the file system allows) up to 1 GiB for
the peak-memory measurement. Nothing is random except a fixed-seed ``random.Random`` whose
``random()`` sequence Python guarantees across versions; output bytes depend only on the sources.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
MIB = 1024 * 1024
BUILDER_VERSION = 1  # bump when a builder's output changes
SEED = 20260601


def shared_dir() -> Path:
    """``$TEXTLINT_SHARED`` or ``../shared`` next to the repository (as the tests find it)."""
    return Path(os.environ.get("TEXTLINT_SHARED", ROOT.parent / "shared"))


# ---------------------------------------------------------------------------------------------
# Source documents


def seed_documents(shared: Path) -> list[tuple[str, str]]:
    """(name, text) of every seed, in name order."""
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted((shared / "seeds").glob("*.txt"))]


def _jsonl(path: Path) -> Iterator[dict]:
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def gov_report_documents(shared: Path) -> list[tuple[str, str]]:
    """Raw scraped work reports and congress reports (real link splits, blank-line runs)."""
    docs = []
    for name in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        for i, rec in enumerate(_jsonl(shared / "corpus" / "gov-reports" / name)):
            if isinstance(rec.get("content"), str):
                docs.append((f"{name}:{i}", rec["content"]))
    return docs


def scraped_documents(shared: Path) -> list[tuple[str, str]]:
    """Provincial reports as scraped, portal chrome included."""
    path = shared / "corpus" / "scraped-2026" / "reports_2026_raw.jsonl"
    return [(f"scraped:{i}", r["full_text"]) for i, r in enumerate(_jsonl(path)) if isinstance(r.get("full_text"), str)]


def law_documents(shared: Path) -> list[tuple[str, str]]:
    """Laws: header then one paragraph a line."""
    docs = []
    for i, rec in enumerate(_jsonl(shared / "corpus" / "laws" / "laws_sample.jsonl")):
        paragraphs = [p for p in rec.get("paragraphs") or () if isinstance(p, str)]
        header = rec.get("header") if isinstance(rec.get("header"), str) else ""
        if paragraphs or header:
            docs.append((f"laws:{i}", header.rstrip("\n") + "\n\n" + "\n".join(paragraphs) + "\n"))
    return docs


def mojibake_documents(shared: Path, lines_per_doc: int = 40) -> list[tuple[str, str]]:
    """Clean lines with every fifth line a real UTF-8-read-as-GBK line from the same source."""
    folder = shared / "corpus" / "mojibake"
    bad = [r["original"] for r in _jsonl(folder / "wild_utf8_read_as_gbk_lines.jsonl") if isinstance(r.get("original"), str)]
    clean = [r["text"] for r in _jsonl(folder / "wild_clean_chinese_lines_same_repo.jsonl") if isinstance(r.get("text"), str)]
    if not bad or not clean:
        return []
    lines: list[str] = []
    bad_iter = itertools.cycle(bad)
    for i, line in enumerate(clean):
        lines.append(line)
        if i % 4 == 3:
            lines.append(next(bad_iter))
    return [(f"mojibake:{i}", "\n".join(lines[i:i + lines_per_doc]) + "\n")
            for i in range(0, len(lines), lines_per_doc)]


def distinct_documents(shared: Path, size: int) -> list[tuple[str, str]]:
    """Seeds and corpus documents, each once, in order, until ``size`` bytes: text with no
    repeats, for measurements (such as signatures) that skip exact copies."""
    out: list[tuple[str, str]] = []
    total = 0
    for source in (seed_documents, gov_report_documents, scraped_documents, law_documents):
        for name, text in source(shared):
            if total >= size:
                return out
            out.append((name, text))
            total += len(text.encode("utf-8"))
    return out


# The folder's mix: (share in tenths, source). Sources that are missing are left out.
MIX: tuple[tuple[int, Callable[[Path], list[tuple[str, str]]]], ...] = (
    (1, seed_documents),
    (3, gov_report_documents),
    (2, scraped_documents),
    (3, law_documents),
    (1, mojibake_documents),
)


# ---------------------------------------------------------------------------------------------
# Chunking


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _lines(text: str) -> list[str]:
    """Lines with their ends, split only at \\n, \\r\\n and \\r."""
    return _LINE.findall(text)


def chunks(docs: list[tuple[str, str]], sizes: Iterator[int]) -> Iterator[str]:
    """Endless pieces of the documents, in order and cycling, each about the next size in bytes."""
    if not docs:
        return
    split = [_lines(text) for _, text in docs]
    while True:
        for lines in split:
            piece: list[str] = []
            got = 0
            want = next(sizes)
            for line in lines:
                piece.append(line)
                got += len(line.encode("utf-8"))
                if got >= want:
                    yield "".join(piece)
                    piece, got, want = [], 0, next(sizes)
            if piece and "".join(piece).strip():
                yield "".join(piece)


def _sizes(rng: random.Random, low: int, high: int) -> Iterator[int]:
    while True:
        # a skew towards small files, as in real folders: low + (high - low) * u^2
        yield low + int((high - low) * rng.random() ** 2)


def small_documents(shared: Path, count: int, low: int = 500, high: int = 6000) -> list[str]:
    """``count`` documents drawn from the sources in the MIX proportions."""
    rng = random.Random(SEED)
    streams: list[Iterator[str]] = []
    for share, source in MIX:
        docs = source(shared)
        if docs:
            streams.extend([chunks(docs, _sizes(rng, low, high))] * share)
    if not streams:
        raise FileNotFoundError(f"no source documents under {shared}")
    return [next(streams[i % len(streams)]) for i in range(count)]


# ---------------------------------------------------------------------------------------------
# Builders (pure: same arguments, same bytes)


def write_single(dest: Path, shared: Path, size: int = 50 * MIB, kind: str = "seeds") -> Path:
    """Whole documents one after another, separated by a blank line, until ``size`` bytes."""
    if kind == "seeds":
        docs = [text for _, text in seed_documents(shared)]
    elif kind == "mixed":
        docs = []
        seeds = [text for _, text in seed_documents(shared)]
        others = [text for _, source in MIX[1:] for _, text in source(shared)]
        for i, text in enumerate(others):
            docs.append(text)
            if i % 8 == 0 and seeds:
                docs.append(seeds[(i // 8) % len(seeds)])
    else:
        raise ValueError(f"unknown single-file kind {kind!r} (seeds or mixed)")
    if not docs:
        raise FileNotFoundError(f"no source documents under {shared}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with dest.open("wb") as handle:
        for text in itertools.cycle(docs):
            data = (text.rstrip("\n") + "\n\n").encode("utf-8")
            handle.write(data)
            written += len(data)
            if written >= size:
                break
    return dest


def write_folder(dest: Path, shared: Path, count: int = 10_000, per_dir: int = 100) -> Path:
    """``count`` files ``dNNN/fNNNNN.txt``, ``per_dir`` to a folder."""
    if dest.exists():
        shutil.rmtree(dest)
    for i, text in enumerate(small_documents(shared, count)):
        folder = dest / f"d{i // per_dir:03d}"
        if i % per_dir == 0:
            folder.mkdir(parents=True)
        (folder / f"f{i:05d}.txt").write_bytes(text.encode("utf-8"))
    return dest


def write_jsonl(dest: Path, shared: Path, count: int = 10_000) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    with dest.open("w", encoding="utf-8", newline="\n") as handle:
        for i, text in enumerate(small_documents(shared, count)):
            handle.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
    return dest


def write_big_folder(dest: Path, source: Path, size: int = 1024 * MIB) -> Path:
    """Copies ``c00``, ``c01``, ... of ``source`` until ``size`` bytes (hard links when possible)."""
    if dest.exists():
        shutil.rmtree(dest)
    files = sorted(p for p in source.rglob("*") if p.is_file())
    per_copy = sum(p.stat().st_size for p in files)
    if not per_copy:
        raise ValueError(f"{source} holds no data")
    copies = -(-size // per_copy)
    for c in range(copies):
        for p in files:
            target = dest / f"c{c:02d}" / p.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(p, target)
            except OSError:
                shutil.copyfile(p, target)
    return dest


# ---------------------------------------------------------------------------------------------
# Cached access


def _source_stamp(shared: Path) -> list[tuple[str, int, int]]:
    files = sorted(p for sub in ("seeds", "corpus") for p in (shared / sub).rglob("*") if p.is_file())
    return [(str(p.relative_to(shared)), p.stat().st_size, p.stat().st_mtime_ns) for p in files]


def _cached(name: str, params: dict, build: Callable[[Path], Path], out: Path, shared: Path) -> Path:
    """Build ``out/name`` unless a stamp says the same parameters and sources made it."""
    key = hashlib.sha256(json.dumps([BUILDER_VERSION, name, params, _source_stamp(shared)]).encode()).hexdigest()
    target = out / name
    stamp = out / f"{name}.stamp"
    if target.exists() and stamp.exists() and stamp.read_text() == key:
        return target
    out.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    build(target)
    stamp.write_text(key)
    return target


@dataclass(frozen=True)
class Inputs:
    single: Path
    folder: Path
    jsonl: Path


def write_small(dest: Path, shared: Path, size: int = 10_000) -> Path:
    """The first ``size`` bytes of the first seed, cut at a line end: a pre-commit-sized file."""
    text = seed_documents(shared)[0][1]
    piece = text.encode("utf-8")[:size].decode("utf-8", errors="ignore")
    cut = piece.rfind("\n")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes((piece[:cut + 1] if cut > 0 else piece).encode("utf-8"))
    return dest


def small_file(size: int = 10_000, out: Path = OUT, shared: Path | None = None) -> Path:
    shared = shared or shared_dir()
    return _cached(f"small-{size // 1000}k.txt", {"size": size}, lambda p: write_small(p, shared, size), out, shared)


def single_file(size: int = 50 * MIB, kind: str = "seeds", out: Path = OUT, shared: Path | None = None) -> Path:
    shared = shared or shared_dir()
    name = f"single-{kind}-{size // MIB}m.txt" if size % MIB == 0 else f"single-{kind}-{size}b.txt"
    return _cached(name, {"size": size, "kind": kind}, lambda p: write_single(p, shared, size, kind), out, shared)


def folder(count: int = 10_000, out: Path = OUT, shared: Path | None = None) -> Path:
    shared = shared or shared_dir()
    return _cached(f"folder-{count}", {"count": count}, lambda p: write_folder(p, shared, count), out, shared)


def jsonl(count: int = 10_000, out: Path = OUT, shared: Path | None = None) -> Path:
    shared = shared or shared_dir()
    return _cached(f"corpus-{count}.jsonl", {"count": count}, lambda p: write_jsonl(p, shared, count), out, shared)


def big_folder(size: int = 1024 * MIB, count: int = 10_000, out: Path = OUT, shared: Path | None = None) -> Path:
    shared = shared or shared_dir()
    source = folder(count, out, shared)
    return _cached(f"folder-{size // MIB}m", {"size": size, "count": count},
                   lambda p: write_big_folder(p, source, size), out, shared)


def ensure(size: int = 50 * MIB, kind: str = "seeds", count: int = 10_000, out: Path = OUT,
           shared: Path | None = None) -> Inputs:
    return Inputs(single_file(size, kind, out, shared), folder(count, out, shared), jsonl(count, out, shared))


def digest(paths: Iterable[Path]) -> str:
    """One hash over file names and bytes (folders walked in name order)."""
    h = hashlib.sha256()
    for root in paths:
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for p in files:
            h.update(str(p.relative_to(root)).encode() + b"\0")
            h.update(p.read_bytes())
    return h.hexdigest()


if __name__ == "__main__":
    import sys

    made = ensure(kind=sys.argv[1] if len(sys.argv) > 1 else "seeds")
    for path in (made.single, made.folder, made.jsonl):
        print(path)
