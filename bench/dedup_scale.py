"""Duplicate detection at scale: time and peak memory at 10k, 100k and 1M paragraphs.

    python bench/dedup_scale.py                         # 10k and 100k paragraphs
    python bench/dedup_scale.py --sizes 10000,100000,1000000 --jobs 2
    python bench/dedup_scale.py --signatures            # signature throughput per core, and the
                                                        # MinHash libraries compared

The corpus is generated deterministically from the real text in ``../shared/corpus``: sentences of
the government work reports, the CPC congress reports, the laws and the scraped provincial
reports are drawn with a fixed-seed ``random.Random`` into new paragraphs of three to six
sentences (so paragraphs are distinct but written in the genre, stock phrases and all), twenty
to a document, with a numbered heading every five paragraphs. One paragraph in fifty is a near
copy of an earlier one, damaged the way the seeds are (inserted spaces, a number redacted to
``xx``, a re-wrapped line, one character changed); the table shows how many of those pairs were
found. Each size runs in a fresh process so its peak resident memory (``ru_maxrss``) is its own.
MB is 10^6 bytes of UTF-8 text.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CN_NUM = "一二三四五六七八九十"
PARAS_PER_DOC = 20
COPY_EVERY = 50


def shared_dir() -> Path:
    return Path(os.environ.get("TEXTLINT_SHARED", ROOT.parent / "shared"))


def sentence_pool(shared: Path) -> list[str]:
    """Every sentence of the clean corpus text, in file order."""
    corpus = shared / "corpus"
    texts: list[str] = []
    for name in ("gov-reports/government_work_reports.clean_paragraphs.jsonl",
                 "gov-reports/cpc_congress_reports.clean_paragraphs.jsonl", "laws/laws_sample.jsonl"):
        with (corpus / name).open(encoding="utf-8") as handle:
            for line in handle:
                texts.extend(json.loads(line)["paragraphs"])
    with (corpus / "scraped-2026/reports_2026_raw.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            texts.extend(json.loads(line)["full_text"].split("\n"))
    pool: list[str] = []
    for t in texts:
        pool.extend(s for s in re.findall(r"[^。！？]+[。！？]", t.strip()) if 8 <= len(s) <= 120)
    if not pool:
        raise SystemExit(f"no corpus text under {corpus}")
    return pool


def damage(rng: random.Random, text: str) -> str:
    """A near copy: inserted spaces, a redacted number, a re-wrapped line, one changed character."""
    chars = list(text)
    for _ in range(2):
        i = rng.randrange(1, len(chars))
        chars.insert(i, " ")
    out = "".join(chars)
    out = re.sub(r"\d+", "xx", out, count=1)
    cut = rng.randrange(len(out) // 3, 2 * len(out) // 3)
    out = out[:cut] + "\n" + out[cut:]
    j = rng.randrange(len(out))
    if "\u4e00" <= out[j] <= "\u9fff":
        out = out[:j] + "的" + out[j + 1:]
    return out


def documents(n_paragraphs: int, seed: int = 20240601, shared: Path | None = None,
              injected: dict[str, list[int]] | None = None) -> Iterator[tuple[str, str]]:
    """``n_paragraphs`` paragraphs in documents of 20; ``injected`` collects where the near copies start."""
    pool = sentence_pool(shared or shared_dir())
    rng = random.Random(seed)
    recent: list[str] = []  # originals a copy may be drawn from (a window: bounded memory)
    window = 20_000
    doc_lines: list[str] = []
    copies_at: list[int] = []
    offset = 0
    doc_index = 0
    for i in range(n_paragraphs):
        if i % 5 == 0:
            heading = f"{CN_NUM[(i // 5) % 4]}、" + rng.choice(pool).rstrip("。！？")[:20]
            doc_lines.append(heading)
            offset += len(heading) + 1
        if i >= COPY_EVERY and i % COPY_EVERY == 0:
            para = damage(rng, rng.choice(recent))
            copies_at.append(offset)
        else:
            para = "".join(rng.choice(pool) for _ in range(rng.randint(3, 6)))
            recent.append(para)
            if len(recent) > 2 * window:
                del recent[:window]
        doc_lines.append(para)
        offset += len(para) + 1
        if (i + 1) % PARAS_PER_DOC == 0 or i == n_paragraphs - 1:
            path = f"doc{doc_index:07d}.txt"
            if injected is not None and copies_at:
                injected[path] = copies_at
            yield path, "\n".join(doc_lines) + "\n"
            doc_index += 1
            doc_lines, copies_at, offset = [], [], 0


def run_size(n: int, jobs: int) -> dict:
    """Find duplicates in ``n`` generated paragraphs; time, memory and what was found."""
    from textlint_cn.dedup import DedupOptions, find_duplicates

    sizes = {"mb": 0.0, "docs": 0}
    injected: dict[str, list[int]] = {}

    def counted() -> Iterator[tuple[str, str]]:
        for path, text in documents(n, injected=injected):
            sizes["mb"] += len(text.encode("utf-8")) / 1e6
            sizes["docs"] += 1
            yield path, text

    bar = None
    try:
        from tqdm import tqdm

        bar = tqdm(total=(n + PARAS_PER_DOC - 1) // PARAS_PER_DOC, unit="doc", file=sys.stderr,
                   mininterval=2.0, disable=not sys.stderr.isatty())
    except ImportError:
        pass
    start = time.perf_counter()
    clusters = find_duplicates(counted(), options=DedupOptions(jobs=jobs), progress=bar.update if bar else None)
    elapsed = time.perf_counter() - start
    if bar is not None:
        bar.close()
    found_at = {(m.path, m.start) for c in clusters for m in c.members}
    spans = {}
    for c in clusters:
        for m in c.members:
            spans.setdefault(m.path, []).append((m.start, m.end))
    found = sum(1 for path, starts in injected.items() for s in starts
                if any(a <= s < b for a, b in spans.get(path, ())) or (path, s) in found_at)
    return {
        "paragraphs": n, "docs": sizes["docs"], "mb": round(sizes["mb"], 1), "seconds": round(elapsed, 1),
        "mb_per_s": round(sizes["mb"] / elapsed, 2), "peak_rss_mb": round(_peak_rss_mb()),
        "clusters": len(clusters), "injected": sum(map(len, injected.values())), "found": found,
    }


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def signature_throughput(mb: float = 8.0) -> list[tuple[str, float]]:
    """MB/s of the per-document phase on one core, and of the MinHash libraries alone."""
    import numpy as np

    from textlint_cn.dedup import DedupOptions
    from textlint_cn.dedup.extract import extract_batch

    docs = []
    size = 0.0
    for path, text in documents(200_000):
        docs.append((path, text))
        size += len(text.encode("utf-8")) / 1e6
        if size >= mb:
            break
    results = []
    options = DedupOptions()
    start = time.perf_counter()
    extract_batch(docs, options)
    results.append(("textlint_cn per-document phase (normalise, segment, hash, MinHash 64, bands)",
                    size / (time.perf_counter() - start)))
    paras = [p for _, text in docs for p in text.split("\n") if len(p) >= 50]
    pmb = sum(len(p.encode("utf-8")) for p in paras) / 1e6
    shingles = [[p[i:i + 5] for i in range(len(p) - 4)] for p in paras]
    try:
        from datasketch import MinHash

        sample = shingles[: max(1, len(shingles) // 10)]
        smb = sum(len(p.encode("utf-8")) for p in paras[: len(sample)]) / 1e6
        start = time.perf_counter()
        for sh in sample:
            m = MinHash(num_perm=128)
            m.update_batch([s.encode("utf-8") for s in sh])
        results.append(("datasketch MinHash 128, per paragraph (shingles given)", smb / (time.perf_counter() - start)))
    except ImportError:
        pass
    import rensa

    start = time.perf_counter()
    for sh in shingles:
        r = rensa.RMinHash(128, 1)
        r.update(sh)
        r.digest()
    results.append(("rensa RMinHash 128, per paragraph (shingles given)", pmb / (time.perf_counter() - start)))
    start = time.perf_counter()
    shingled = [[p[i:i + 5] for i in range(len(p) - 4)] for p in paras]
    rensa.RMinHash.digest_matrix_from_token_sets(shingled, 128, 1).to_rows()
    results.append(("rensa bulk 128 with Python shingling, end to end", pmb / (time.perf_counter() - start)))
    # a pure numpy MinHash over the same token hashes, for comparison
    from textlint_cn.dedup.minhash import MinHasher, shingle_hashes
    from textlint_cn.dedup.normalize import keyed

    k = keyed("\n".join(paras[:3000]))
    h = shingle_hashes(k.codes, 5)
    nmb = sum(len(p.encode("utf-8")) for p in paras[:3000]) / 1e6
    rng = np.random.default_rng(1)
    a = rng.integers(1, 2**63, 128, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, 128, dtype=np.uint64)
    row_starts = np.minimum(k.line_key[:-1], len(h) - 1)
    start = time.perf_counter()
    for j in range(128):
        np.minimum.reduceat((h * a[j] + b[j]) >> np.uint64(32), row_starts)
    results.append(("numpy MinHash 128 over the same token hashes", nmb / (time.perf_counter() - start)))
    hasher = MinHasher(128, 1)
    flat, off = hasher.tokens(k.codes, row_starts, k.line_key[1:], np.full(len(row_starts), 5), {5: h})
    start = time.perf_counter()
    matrix = hasher.matrix(flat, off)
    mid = time.perf_counter()
    hasher.to_array(matrix, len(row_starts))
    end = time.perf_counter()
    results.append(("rensa bulk 128 over the same token hashes (matrix in Rust)", nmb / (mid - start)))
    results.append(("  ... and the matrix brought into numpy", nmb / (end - start)))
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="paragraph counts, comma-separated")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (0: one per CPU)")
    ap.add_argument("--signatures", action="store_true", help="measure signature throughput per core instead")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # run one size in this process
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_size(args.one, args.jobs)))
        return 0
    if args.signatures:
        print(f"{'what':<82} {'MB/s':>7}")
        for name, rate in signature_throughput():
            print(f"{name:<82} {rate:>7.1f}")
        return 0
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs, jobs={args.jobs}")
    header = (f"{'paragraphs':>10} {'docs':>7} {'MB':>7} {'seconds':>8} {'MB/s':>6} {'s/10k para':>10} "
              f"{'peak RSS MB':>11} {'clusters':>8} {'injected':>8} {'found':>6}")
    print(header)
    for n in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--jobs", str(args.jobs)],
                             capture_output=True, text=True, check=False)
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            return out.returncode
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['paragraphs']:>10,} {r['docs']:>7,} {r['mb']:>7.1f} {r['seconds']:>8.1f} {r['mb_per_s']:>6.2f} "
              f"{r['seconds'] / r['paragraphs'] * 10_000:>10.2f} {r['peak_rss_mb']:>11,} {r['clusters']:>8,} "
              f"{r['injected']:>8,} {r['found']:>6,}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
