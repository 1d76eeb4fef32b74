"""The per-document phase: from a text to its passages, their exact keys and LSH band keys.

This is the work that parallelises (a process pool locally, Ray Data tasks on a cluster): each
document is normalised, segmented and hashed on its own, and many documents' passages share one
MinHash call. Passages with an exact key already seen in the batch reuse its signature, so
exact copies cost no MinHash. What leaves this phase is compact: a few integers per passage,
its band keys, and the document's key code points (needed later to verify candidate pairs).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from ..kinds.structure import BLANK_CHARS, Structure
from .lsh import band_keys
from .minhash import MinHasher, exact_hashes, shingle_hashes, subset_rows
from .model import DedupOptions
from .normalize import Keyed, char_set, keyed
from .segment import PARA, PARAGRAPH, SECTION, Segments, segment

__all__ = ["DocUnits", "extract", "extract_batch"]


@dataclass(frozen=True, slots=True)
class DocUnits:
    """The passages of one document and what the global phase needs of them.

    Per passage: its kind (0 paragraph, 1 section), block range ``b0..b1`` and ``reach`` (the
    first paragraph block at or after ``b1``: a passage starting between ``b1`` and ``reach``
    follows this one with only headings or layout lines between), its span in the text, its
    key range in ``codes``, n-gram size, exact key, band keys (paragraphs only) and whether it
    takes part in LSH.
    """

    path: str
    codes: np.ndarray  # uint32 key code points of the whole document
    kind: np.ndarray  # int8
    b0: np.ndarray  # int64
    b1: np.ndarray  # int64
    reach: np.ndarray  # int64
    start: np.ndarray  # int64, code-point offsets into the text
    end: np.ndarray  # int64
    key_start: np.ndarray  # int64, into codes
    key_end: np.ndarray  # int64
    grams: np.ndarray  # int8
    exact: np.ndarray  # uint64
    bands: np.ndarray  # (passages, bands) uint64
    lsh: np.ndarray  # bool: the passage takes part in LSH (a distinct paragraph with a signature)
    parent: np.ndarray  # int64: index of the smallest section around the passage, or -1
    hashes: dict[int, np.ndarray] | None = None  # the document's n-gram hashes, kept for one document

    def __len__(self) -> int:
        return len(self.kind)


@dataclass(frozen=True, slots=True)
class _Prepared:
    path: str
    k: Keyed
    seg: Segments
    start: np.ndarray
    end: np.ndarray
    key_start: np.ndarray
    key_end: np.ndarray
    grams: np.ndarray
    hashes: dict[int, np.ndarray]
    exact: np.ndarray


_BLANK = char_set(BLANK_CHARS)


def _spans(text: str, k: Keyed, first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Content spans of passages: first visible to last visible character of their lines.

    Only lines that start or end with a space are looked at one by one.
    """
    starts = k.line_start[first].copy()
    ends = k.line_end[last].copy()
    for i in np.flatnonzero(_BLANK(k.line_first[first])).tolist():
        s, e = int(starts[i]), int(k.line_end[first[i]])
        head = text[s:e]
        starts[i] = s + len(head) - len(head.lstrip(BLANK_CHARS))
    for i in np.flatnonzero(_BLANK(k.line_last[last])).tolist():
        s, e = int(k.line_start[last[i]]), int(ends[i])
        ends[i] = s + len(text[s:e].rstrip(BLANK_CHARS))
    return starts, ends


def prepare(path: str, text: str, options: DedupOptions, st: Structure | None = None,
            k: Keyed | None = None) -> _Prepared:
    """Normalise, segment and hash one document (no MinHash yet)."""
    k = k if k is not None else keyed(text)
    seg = segment(text, k, st if st is not None else Structure(text), options.min_chars)
    if not options.sections and seg.unit_count:
        seg = _paragraphs_only(seg)
    key_start = k.line_key[seg.unit_first]
    key_end = k.line_key[seg.unit_last + 1]
    lengths = key_end - key_start
    grams = np.where(lengths < options.short_chars, options.short_ngram, options.ngram).astype(np.int8)
    hashes = {n: shingle_hashes(k.codes, n) for n in np.unique(grams).tolist()}
    exact = exact_hashes(k.codes, key_start, key_end, grams, hashes)
    start, end = _spans(text, k, seg.unit_first, seg.unit_last)
    return _Prepared(path, k, seg, start, end, key_start, key_end, grams, hashes, exact)


def _paragraphs_only(seg: Segments) -> Segments:
    keep = seg.unit_kind == 0
    return Segments(seg.block_kind, seg.block_first, seg.block_last, seg.unit_kind[keep], seg.unit_b0[keep],
                    seg.unit_b1[keep], seg.unit_first[keep], seg.unit_last[keep])


def _parents(seg: Segments) -> np.ndarray:
    """For every passage, the smallest section around it (its index), or -1.

    Sections nest or are disjoint (a section ends before the next heading of its level or a
    higher one), so one sweep over the passages by start, outer first, with a stack of the
    sections still open, finds each passage's innermost section: the top of the stack. Should
    passages ever overlap without nesting, or two start at one block, :func:`_parents_by_size`
    decides instead.
    """
    m = seg.unit_count
    parent = np.full(m, -1, dtype=np.int64)
    if not (seg.unit_kind == SECTION).any():
        return parent
    order = np.lexsort((-seg.unit_b1, seg.unit_b0))  # by start, outer first
    stack: list[tuple[int, int]] = []  # (b1, index) of the open sections, innermost on top
    found: list[int] = []
    for u, b0, b1, kind in zip(order.tolist(), seg.unit_b0[order].tolist(), seg.unit_b1[order].tolist(),
                               seg.unit_kind[order].tolist()):
        while stack and stack[-1][0] <= b0:
            stack.pop()
        if stack and b1 > stack[-1][0]:
            return _parents_by_size(seg)  # overlapping without nesting
        found.append(stack[-1][1] if stack else -1)
        if kind == SECTION:
            stack.append((b1, u))
    if len(order) > 1 and not np.diff(seg.unit_b0[order]).all():
        return _parents_by_size(seg)  # two passages with one start (never from :func:`segment`)
    parent[order] = found
    return parent


def _parents_by_size(seg: Segments) -> np.ndarray:
    """:func:`_parents` for any spans: going from the largest to the smallest section and
    claiming the passages that start inside it leaves each passage with its innermost one."""
    m = seg.unit_count
    parent = np.full(m, -1, dtype=np.int64)
    sections = np.flatnonzero(seg.unit_kind == SECTION)
    if not len(sections):
        return parent
    order = np.lexsort((-seg.unit_b1, seg.unit_b0))  # by start, outer first
    b0_sorted = seg.unit_b0[order]
    size = seg.unit_b1[sections] - seg.unit_b0[sections]
    for s in sections[np.argsort(-size, kind="stable")].tolist():
        lo = np.searchsorted(b0_sorted, seg.unit_b0[s], side="left")
        hi = np.searchsorted(b0_sorted, seg.unit_b1[s], side="left")
        inside = order[lo:hi]
        parent[inside[inside != s]] = s
    return parent


def _reach(seg: Segments) -> np.ndarray:
    n = len(seg.block_kind)
    idx = np.where(seg.block_kind == PARA, np.arange(n), n)
    next_para = np.concatenate((np.minimum.accumulate(idx[::-1])[::-1], [n])) if n else np.array([0])
    return next_para[seg.unit_b1]


def extract_batch(docs: Iterable[tuple[str, str]], options: DedupOptions) -> list[DocUnits]:
    """Passages, exact keys and band keys of every document; one MinHash call for the batch."""
    prepared = [prepare(path, text, options) for path, text in docs]
    return finish(prepared, options)


def finish(prepared: Sequence[_Prepared], options: DedupOptions, flag_first: bool = False,
           keep_hashes: bool = False) -> list[DocUnits]:
    """MinHash the distinct paragraphs of prepared documents and cut the signatures into bands.

    Only paragraphs are MinHashed (a section is a candidate when its paragraphs match, see
    :mod:`.cluster`), one signature per distinct exact key in the batch. With ``flag_first``
    (one document, as the in-document rule does) rensa first flags the paragraphs that share a
    band with another, in Rust, and only those signatures are brought into numpy; the others
    get ``lsh`` False and cannot be near copies of anything in the batch.
    """
    hasher = MinHasher(options.num_perm, options.seed)
    empty = np.zeros(0, dtype=np.uint64)
    all_exact = np.concatenate([p.exact for p in prepared]) if prepared else empty
    all_kind = np.concatenate([p.seg.unit_kind for p in prepared]) if prepared else np.zeros(0, dtype=np.int8)
    _, first_index, inverse = np.unique(all_exact, return_index=True, return_inverse=True)
    is_rep = np.zeros(len(all_exact), dtype=bool)
    is_rep[first_index] = True
    is_rep &= all_kind == PARAGRAPH
    flats: list[np.ndarray] = []
    offsets: list[np.ndarray] = []
    base = 0
    pos = 0
    for p in prepared:
        m = len(p.exact)
        sel = np.flatnonzero(is_rep[pos:pos + m])
        if len(sel):
            flat, off = hasher.tokens(p.k.codes, p.key_start[sel], p.key_end[sel], p.grams[sel], p.hashes)
            flats.append(flat)
            offsets.append(off[1:] + base if offsets else off + base)
            base += len(flat)
        pos += m
    reps = np.flatnonzero(is_rep)
    bands_all = np.zeros((len(all_exact), options.bands), dtype=np.uint64)
    lsh_all = np.zeros(len(all_exact), dtype=bool)
    if flats and len(reps):
        flat = np.concatenate(flats)
        off = np.concatenate(offsets)
        rows = np.arange(len(reps))
        if flag_first and options.bands * options.rows == options.num_perm:
            rows = np.flatnonzero(hasher.candidate_rows(flat, off, options.bands))
            flat, off = subset_rows(flat, off, rows)
        sigs = hasher.signatures(flat, off)
        chosen = reps[rows]
        bands_all[chosen] = band_keys(sigs, options.bands, options.rows)
        lsh_all[chosen] = True
        # exact copies of a paragraph in the batch share its band keys
        row_of_group = np.full(len(first_index), -1, dtype=np.int64)
        row_of_group[inverse[chosen]] = chosen
        copies = np.flatnonzero((all_kind == PARAGRAPH) & ~is_rep & (row_of_group[inverse] >= 0))
        bands_all[copies] = bands_all[row_of_group[inverse[copies]]]
    out: list[DocUnits] = []
    pos = 0
    for p in prepared:
        m = len(p.exact)
        seg = p.seg
        out.append(DocUnits(
            path=p.path, codes=p.k.codes, kind=seg.unit_kind, b0=seg.unit_b0, b1=seg.unit_b1, reach=_reach(seg),
            start=p.start, end=p.end, key_start=p.key_start, key_end=p.key_end, grams=p.grams, exact=p.exact,
            bands=bands_all[pos:pos + m], lsh=lsh_all[pos:pos + m], parent=_parents(seg), hashes=p.hashes if keep_hashes else None,
        ))
        pos += m
    return out


def extract(path: str, text: str, options: DedupOptions, st: Structure | None = None,
            flag_first: bool = True) -> DocUnits:
    """:func:`extract_batch` for one document (``st``: its shared structure, if computed)."""
    return finish([prepare(path, text, options, st)], options, flag_first, keep_hashes=True)[0]
