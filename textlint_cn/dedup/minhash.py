"""Character n-gram shingles, exact keys and MinHash signatures, vectorised.

Chinese has no spaces, so shingles are character n-grams of the key: 5-grams for paragraphs and
sections, 3-grams for passages shorter than ``short_chars`` (a 5-gram of a 20-character line
changes with every edit). N-gram hashes are computed for a whole document at once with numpy
(a polynomial over code points and a 64-bit finaliser), so a passage's shingles are a slice of
one array and no Python string is built per shingle.

Signatures come from rensa's ``RMinHash`` over the flat token-hash buffer. Measured on one core
over 7.5 MB of gov-report and law paragraphs (``bench/dedup_scale.py --signatures``): datasketch
makes signatures at about 0.7 MB/s, rensa fed Python shingle lists at about 3.6 MB/s end to end,
a pure-numpy MinHash at about 10 MB/s, rensa fed these numpy token hashes at 90-220 MB/s; the
cost left is turning rensa's matrix into numpy (``to_rows``), which is why 64 permutations are
the default rather than 128. Signatures are estimates only: every candidate pair is verified
by the exact Jaccard similarity of its shingle sets.
"""
from __future__ import annotations

import gc
import itertools
import os

import numpy as np

__all__ = ["MinHasher", "exact_hashes", "jaccard", "shingle_hashes", "shingle_set", "subset_rows", "mix64"]

_GOLDEN = 0x9E3779B97F4A7C15


def _rensa():  # type: ignore[no-untyped-def]
    """rensa, with its native thread pool limited to one thread.

    Work is spread over processes (the runner's and the corpus driver's pools, Ray tasks), and
    rensa's thread pool does not survive ``fork``: a process forked after a multi-threaded
    rensa call hangs at its next one. One thread (unless the user set ``RAYON_NUM_THREADS``)
    runs inline, so forking stays safe.
    """
    os.environ.setdefault("RAYON_NUM_THREADS", "1")
    try:
        import rensa
    except ImportError:
        return None
    return rensa


def _numpy_signatures(flat: np.ndarray, offsets: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """MinHash signatures in numpy, for installs without rensa (the ``dedup`` extra).

    One multiply-add permutation of the 64-bit token hashes per signature value, minimum per
    row with ``reduceat``; every row holds at least one token (see :meth:`MinHasher.tokens`).
    About ten times slower than rensa, which matters for corpora, not for one document.
    """
    rows = len(offsets) - 1
    out = np.empty((rows, num_perm), dtype=np.uint32)
    if rows == 0:
        return out
    rng = np.random.default_rng(seed)
    mul = rng.integers(1, 2 ** 63, size=num_perm, dtype=np.uint64) | np.uint64(1)
    add = rng.integers(0, 2 ** 63, size=num_perm, dtype=np.uint64)
    starts = offsets[:-1].astype(np.intp)
    for j in range(num_perm):
        permuted = (flat * mul[j] + add[j]) >> np.uint64(32)
        out[:, j] = np.minimum.reduceat(permuted, starts).astype(np.uint32)
    return out


def mix64(h: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser, in place: spreads every input bit over the 64 output bits."""
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return h


def _multipliers(n: int) -> np.ndarray:
    """Odd 64-bit multipliers for the ``n`` positions of an n-gram (fixed: hashes are stable)."""
    x = np.arange(1, n + 1, dtype=np.uint64) * np.uint64(_GOLDEN) + np.uint64(n)
    return mix64(x) | np.uint64(1)


def shingle_hashes(codes: np.ndarray, n: int) -> np.ndarray:
    """Hash of every n-gram ``codes[i:i + n]`` (``len(codes) - n + 1`` of them, or none)."""
    count = len(codes) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    c = codes.astype(np.uint64)
    mult = _multipliers(n)
    h = c[:count] * mult[0]
    for j in range(1, n):
        h += c[j:j + count] * mult[j]
    return mix64(h)


def _whole(codes: np.ndarray) -> np.uint64:
    """One token for a key shorter than the n-gram size: the hash of all of it."""
    h = np.uint64(len(codes) * _GOLDEN & 0xFFFFFFFFFFFFFFFF)
    if len(codes):
        mult = _multipliers(len(codes))
        h = h + np.sum(codes.astype(np.uint64) * mult, dtype=np.uint64)
    return mix64(np.array([h], dtype=np.uint64))[0]


def shingle_set(codes: np.ndarray, n: int) -> np.ndarray:
    """The sorted distinct shingle hashes of one key (its whole-key token when it is short)."""
    if len(codes) < n:
        return np.array([_whole(codes)], dtype=np.uint64) if len(codes) else np.zeros(0, dtype=np.uint64)
    return np.unique(shingle_hashes(codes, n))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted distinct hash arrays."""
    if not len(a) or not len(b):
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def exact_hashes(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, grams: np.ndarray,
                 hashes: dict[int, np.ndarray]) -> np.ndarray:
    """A 64-bit key for each passage ``codes[starts[i]:ends[i]]``: equal keys, equal passages.

    It hashes the multiset of the passage's n-grams (a prefix sum over the document's n-gram
    hashes) with its length, so it costs O(1) per passage; two passages with one multiset of
    5-grams have one shingle set, which is what "a copy" means here anyway.
    """
    out = np.empty(len(starts), dtype=np.uint64)
    length = (ends - starts).astype(np.uint64)
    for n in np.unique(grams).tolist():
        sel = grams == n
        h = hashes[n]
        prefix = np.concatenate((np.zeros(1, dtype=np.uint64), np.cumsum(h, dtype=np.uint64)))
        s, e = starts[sel], ends[sel] - n + 1
        short = e <= s
        total = prefix[np.where(short, s, e)] - prefix[s]
        out[sel] = mix64(total ^ (length[sel] * np.uint64(_GOLDEN)) ^ np.uint64(n))
        if short.any():
            idx = np.flatnonzero(sel)[short]
            for i in idx.tolist():
                out[i] = _whole(codes[starts[i]:ends[i]])
    return out


class MinHasher:
    """Signatures of many passages of one key-code array, ``num_perm`` uint32 values each."""

    def __init__(self, num_perm: int, seed: int) -> None:
        self.num_perm = num_perm
        self.seed = seed

    def tokens(self, codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, grams: np.ndarray,
               hashes: dict[int, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """The flat token-hash buffer of the passages, in order, and its row offsets."""
        counts = np.maximum(ends - starts - grams + 1, 0)
        short = counts == 0
        counts_all = np.where(short, 1, counts)
        offsets = np.concatenate(([0], np.cumsum(counts_all))).astype(np.int64)
        flat = np.empty(int(offsets[-1]), dtype=np.uint64)
        for n in np.unique(grams).tolist():
            sel = np.flatnonzero((grams == n) & ~short)
            if not len(sel):
                continue
            c = counts[sel]
            # positions: starts[i] .. starts[i] + counts[i] - 1 in the n-gram hash array
            base = np.repeat(starts[sel] - np.cumsum(c) + c, c) + np.arange(int(c.sum()))
            dest = np.repeat(offsets[sel] - np.cumsum(c) + c, c) + np.arange(int(c.sum()))
            flat[dest] = hashes[n][base]
        for i in np.flatnonzero(short).tolist():
            flat[offsets[i]] = _whole(codes[starts[i]:ends[i]])
        return flat, offsets

    def matrix(self, flat: np.ndarray, offsets: np.ndarray):  # type: ignore[no-untyped-def]
        """rensa's digest matrix of the rows of a flat token buffer (kept in Rust)."""
        return _rensa().RMinHash.digest_matrix_from_flat_token_hashes(
            flat, offsets.astype(np.uint64), self.num_perm, self.seed)

    def to_array(self, matrix, rows: int) -> np.ndarray:  # type: ignore[no-untyped-def]
        """A digest matrix as a (rows, num_perm) uint32 array: the costly step, done only when needed."""
        if rows == 0:
            return np.zeros((0, self.num_perm), dtype=np.uint32)
        enabled = gc.isenabled()
        gc.disable()  # millions of short-lived ints: the collector would only slow this down
        try:
            values = matrix.to_rows()
            out = np.fromiter(itertools.chain.from_iterable(values), dtype=np.uint32, count=rows * self.num_perm)
            del values
        finally:
            if enabled:
                gc.enable()
        return out.reshape(rows, self.num_perm)

    def signatures(self, flat: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """MinHash signatures of the rows of a flat token buffer, as a (rows, num_perm) uint32 array."""
        rows = len(offsets) - 1
        if rows == 0:
            return np.zeros((0, self.num_perm), dtype=np.uint32)
        if _rensa() is None:
            return _numpy_signatures(flat, offsets, self.num_perm, self.seed)
        return self.to_array(self.matrix(flat, offsets), rows)

    def candidate_rows(self, flat: np.ndarray, offsets: np.ndarray, bands: int) -> np.ndarray:
        """Rows sharing a band with another row (LSH inside one buffer), without leaving Rust.

        rensa's ``RMinHashLSH`` cuts signatures into ``bands`` bands of ``num_perm // bands``
        values, as :func:`~textlint_cn.dedup.lsh.band_keys` does, so its flags are exactly the
        rows that :func:`~textlint_cn.dedup.lsh.candidate_pairs` would pair.
        """
        rows = len(offsets) - 1
        if rows < 2:
            return np.zeros(rows, dtype=bool)
        if _rensa() is None:
            from .lsh import band_keys

            keys = band_keys(self.signatures(flat, offsets), bands, self.num_perm // bands)
            flags = np.zeros(rows, dtype=bool)
            for b in range(bands):
                _, inverse, counts = np.unique(keys[:, b], return_inverse=True, return_counts=True)
                flags |= counts[inverse] > 1
            return flags
        lsh = _rensa().RMinHashLSH(0.5, self.num_perm, bands)
        flags = lsh.query_duplicate_flags_matrix_one_shot(self.matrix(flat, offsets))
        return np.asarray(flags, dtype=bool)


def subset_rows(flat: np.ndarray, offsets: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The token buffer of some rows only (in the given order)."""
    counts = offsets[rows + 1] - offsets[rows]
    new_off = np.concatenate((np.zeros(1, dtype=np.int64), np.cumsum(counts)))
    idx = np.repeat(offsets[rows] - new_off[:-1], counts) + np.arange(int(new_off[-1]))
    return flat[idx], new_off
