"""Locality-sensitive hashing: band keys and candidate pairs, with no pairwise loop.

A signature of ``bands * rows`` values is cut into ``bands`` bands; two passages become a
candidate pair when all ``rows`` values of some band agree, which happens with probability
``1 - (1 - J**rows)**bands`` for Jaccard similarity ``J``. With the defaults (16 bands of 4,
64 permutations) that is 0.99 at J = 0.7, 0.65 at J = 0.5 and 0.03 at J = 0.2: near copies
are almost never missed, and the few unrelated pairs let through are removed when the exact
Jaccard similarity is checked.

Candidates come from sorting each band's keys: passages with one key form a group, and each
group yields the pairs (first, other) and (previous, next), so a group of ``k`` costs under
``2k`` pairs however large it is (a stock paragraph repeated ten thousand times does not make
fifty million pairs); union-find over the verified pairs still joins the whole group.
"""
from __future__ import annotations

import numpy as np

from .minhash import mix64

__all__ = ["band_keys", "candidate_pairs", "candidate_probability"]


def candidate_probability(jaccard: float, bands: int, rows: int) -> float:
    """Chance that a pair of this similarity shares at least one band."""
    return 1.0 - (1.0 - jaccard ** rows) ** bands


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit key per band: a (passages, bands) uint64 array (band index mixed in)."""
    m = len(signatures)
    if bands * rows > signatures.shape[1]:
        raise ValueError(f"{bands} bands of {rows} need {bands * rows} permutations, "
                         f"signatures have {signatures.shape[1]}")
    sig = signatures[:, :bands * rows].reshape(m, bands, rows).astype(np.uint64)
    key = np.broadcast_to(np.arange(bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15), (m, bands)).copy()
    for j in range(rows):
        key ^= sig[:, :, j] << np.uint64(32 * (j % 2))
        if j % 2 == 1 or j == rows - 1:
            key = mix64(key)
    return key


def _pairs_of_groups(keys: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """(first, other) and (previous, next) pairs inside each group of equal keys."""
    order = np.argsort(keys, kind="stable")
    sk = keys[order]
    same = np.zeros(len(sk), dtype=bool)
    same[1:] = sk[1:] == sk[:-1]
    if not same.any():
        return np.zeros((0, 2), dtype=np.int64)
    pos = np.arange(len(sk))
    first = np.maximum.accumulate(np.where(same, 0, pos))
    members = np.flatnonzero(same)
    star = np.stack((ids[order[first[members]]], ids[order[members]]), axis=1)
    chain_members = members[first[members] != members - 1]
    chain = np.stack((ids[order[chain_members - 1]], ids[order[chain_members]]), axis=1)
    return np.concatenate((star, chain))


def candidate_pairs(keys: np.ndarray, ids: np.ndarray | None = None) -> np.ndarray:
    """Distinct pairs ``(a, b)``, ``a < b``, of ids sharing a key in any band (an (n, 2) int64 array)."""
    m, bands = keys.shape
    ids = np.arange(m, dtype=np.int64) if ids is None else ids.astype(np.int64)
    found = [_pairs_of_groups(keys[:, b], ids) for b in range(bands)]
    pairs = np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)
    if not len(pairs):
        return pairs
    pairs.sort(axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    code = np.unique((pairs[:, 0] << 32) | pairs[:, 1])
    return np.stack((code >> 32, code & 0xFFFFFFFF), axis=1)
