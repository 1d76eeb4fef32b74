"""From verified pairs to clusters of copies, as users want them reported.

Union-find joins every pair of copies; then three rules turn components into what a reader of
the report expects:

1. a copy nested in another copy of the same cluster (a paragraph of a section that matched the
   other section) is not a copy of its own;
2. a cluster whose every copy lies inside a different copy of another cluster (the paragraphs
   of a duplicated section) is not reported: the section is;
3. clusters whose copies follow each other in every document (paragraph after paragraph, with at
   most headings between) are one copied passage, reported once.

A cluster of three or more copies is one cluster, never every pair.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .extract import DocUnits
from .lsh import candidate_pairs
from .minhash import jaccard, shingle_set
from .model import Cluster, DedupOptions, Member, cluster_id

__all__ = ["UnionFind", "UnitTable", "find_clusters", "verify_pairs", "assemble", "may_pair"]


class UnionFind:
    """Disjoint sets over ``0..n-1`` with path halving and union by size."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        return ra


@dataclass
class UnitTable:
    """Every passage of a run, one row each, documents numbered in input order."""

    paths: list[str]
    doc: np.ndarray  # int64
    kind: np.ndarray  # int8
    b0: np.ndarray
    b1: np.ndarray
    reach: np.ndarray
    start: np.ndarray
    end: np.ndarray
    key_start: np.ndarray
    key_end: np.ndarray
    grams: np.ndarray
    exact: np.ndarray  # uint64
    bands: np.ndarray  # (n, bands) uint64
    lsh: np.ndarray  # bool
    parent: np.ndarray  # int64 row of the smallest section around each passage, or -1

    def __len__(self) -> int:
        return len(self.doc)

    @classmethod
    def of(cls, units: DocUnits) -> UnitTable:
        """The table of one document's passages."""
        return cls([units.path], np.zeros(len(units), dtype=np.int64), units.kind, units.b0, units.b1, units.reach,
                   units.start, units.end, units.key_start, units.key_end, units.grams, units.exact, units.bands,
                   units.lsh, units.parent)


def _overlapping(t: UnitTable, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairs of passages that overlap in one document: never copies of each other."""
    return (t.doc[a] == t.doc[b]) & (t.b0[a] < t.b1[b]) & (t.b0[b] < t.b1[a])


HashesOf = Callable[[int, int], "np.ndarray | None"]


def verify_pairs(t: UnitTable, pairs: np.ndarray, codes_of: Callable[[int], np.ndarray],
                 threshold: float, hashes_of: HashesOf | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs whose exact Jaccard similarity reaches ``threshold``, with it.

    ``hashes_of(doc, n)``, when given, returns the document's n-gram hashes computed earlier
    (or None), so shingles are sliced rather than hashed again.
    """
    if not len(pairs):
        return pairs, np.zeros(0)
    a, b = pairs[:, 0], pairs[:, 1]
    keep = ~_overlapping(t, a, b)
    # a pair of passages whose lengths differ too much cannot be similar enough
    la, lb = (t.key_end - t.key_start)[a], (t.key_end - t.key_start)[b]
    keep &= np.minimum(la, lb) >= 0.5 * threshold * np.maximum(la, lb)
    pairs = pairs[keep]
    if not len(pairs):
        return pairs, np.zeros(0)
    # passages with one exact key have one shingle set (the key hashes its n-gram multiset, n
    # and length): each set is built once per key and each similarity once per pair of keys,
    # so the copies of a repeated passage cost what one copy does
    cache: dict[int, np.ndarray] = {}

    def shingles(u: int, key: int) -> np.ndarray:
        s = cache.get(key)
        if s is None:
            if len(cache) > 50_000:
                cache.clear()
            doc, a, b, n = int(t.doc[u]), int(t.key_start[u]), int(t.key_end[u]), int(t.grams[u])
            h = hashes_of(doc, n) if hashes_of is not None and b - a >= n else None
            if h is not None:
                s = np.unique(h[a:b - n + 1])
            else:
                s = shingle_set(np.asarray(codes_of(doc)[a:b]), n)
            cache[key] = s
        return s

    keys = t.exact[pairs]
    low, high = np.minimum(keys[:, 0], keys[:, 1]), np.maximum(keys[:, 0], keys[:, 1])
    _, first, inverse = np.unique(np.stack((low, high), axis=1), axis=0, return_index=True, return_inverse=True)
    ka, kb = keys[first, 0].tolist(), keys[first, 1].tolist()
    distinct = np.fromiter((jaccard(shingles(x, p), shingles(y, q))
                            for (x, y), p, q in zip(pairs[first].tolist(), ka, kb)),
                           dtype=np.float64, count=len(first))
    sims = distinct[inverse.reshape(-1)]
    good = sims >= threshold
    return pairs[good], sims[good]


def _roots(t: UnitTable, edges: np.ndarray) -> np.ndarray:
    """A root for every passage, the first passage of its component, over exact copies (equal
    keys) and ``edges``.

    Exact copies are grouped by ``np.unique`` alone; only the groups that ``edges`` join enter
    the Python union-find, so a passage copied many times costs no union.
    """
    n = len(t)
    _, first, inverse = np.unique(t.exact, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    label = first.astype(np.int64)  # a group's root: its first passage, until edges join it to others
    if len(edges):
        links = inverse[edges.reshape(-1, 2)]
        nodes, local = np.unique(links, return_inverse=True)
        local = local.reshape(-1, 2)
        uf = UnionFind(len(nodes))
        for a, b in local.tolist():
            uf.union(a, b)
        root = np.fromiter((uf.find(i) for i in range(len(nodes))), dtype=np.int64, count=len(nodes))
        least = np.full(len(nodes), n, dtype=np.int64)
        np.minimum.at(least, root, first[nodes])
        label[nodes] = least[root]
    return label[inverse]


def components(t: UnitTable, edges: np.ndarray, sims: np.ndarray) -> tuple[list[list[int]], list[float]]:
    """Connected components (of two or more passages) of exact copies plus verified pairs,
    in order of their first passage, each in passage order."""
    n = len(t)
    if n == 0:
        return [], []
    roots = _roots(t, edges)
    counts = np.bincount(roots, minlength=n)
    in_cluster = np.flatnonzero(counts[roots] >= 2)
    if not len(in_cluster):
        return [], []
    # roots are first passages, so sorting by root orders components by their first passage
    in_cluster = in_cluster[np.argsort(roots[in_cluster], kind="stable")]
    members, owner = in_cluster.tolist(), roots[in_cluster]
    bounds = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1], [True]))).tolist()
    comps = [members[lo:hi] for lo, hi in zip(bounds, bounds[1:])]
    worst: dict[int, float] = {}
    for r, s in zip(roots[edges[:, 0]].tolist() if len(edges) else [], sims.tolist()):
        worst[r] = min(worst.get(r, 1.0), s)
    return comps, [worst.get(c[0], 1.0) for c in comps]


def ancestors(parent: np.ndarray, units: np.ndarray) -> np.ndarray:
    """The sections around each of ``units``, innermost first: a (units, depth) array padded
    with -1, one column per nesting level (one numpy step per level, not per passage)."""
    columns: list[np.ndarray] = []
    current = parent[units]
    while (current >= 0).any():
        columns.append(current)
        current = np.where(current >= 0, parent[np.maximum(current, 0)], -1)
    if not columns:
        return np.full((len(units), 0), -1, dtype=np.int64)
    return np.stack(columns, axis=1)


def covered_enough(cover_a, cover_b, len_a, len_b, threshold: float):  # type: ignore[no-untyped-def]
    """Can two sections reach similarity ``threshold``, given how much of each is copied paragraphs?

    J >= t needs at least a fraction t of each section's text in the other; the copied
    paragraphs the pair shares must cover half of that (room for paragraphs split differently).
    Takes integers or integer arrays (then answers element-wise).
    """
    need = 0.5 * threshold
    return (np.minimum(cover_a, len_a) >= need * len_a) & (np.minimum(cover_b, len_b) >= need * len_b)


_COVER_CHUNK = 1 << 20  # (edge, section, section) triples handled at a time: bounds memory


def _section_cover(anc_p: np.ndarray, anc_q: np.ndarray, chars_p: np.ndarray, chars_q: np.ndarray,
                   n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every pair ``a < b`` of distinct sections, one around each paragraph of a pair, the
    characters of copied paragraphs inside ``a`` and inside ``b``, summed over the pairs.

    Returns the pair codes ``a * n + b`` (sorted, distinct) with the two sums.
    """
    dp, dq = anc_p.shape[1], anc_q.shape[1]
    a = np.repeat(anc_p[:, :, None], dq, axis=2).reshape(-1)
    b = np.repeat(anc_q[:, None, :], dp, axis=1).reshape(-1)
    cp = np.repeat(chars_p, dp * dq)
    cq = np.repeat(chars_q, dp * dq)
    ok = (a >= 0) & (b >= 0) & (a != b)
    a, b, cp, cq = a[ok], b[ok], cp[ok], cq[ok]
    forward = a < b
    code = np.where(forward, a, b) * n + np.where(forward, b, a)
    return _sum_by_code(code, np.where(forward, cp, cq), np.where(forward, cq, cp))


def _sum_by_code(code: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct codes in order, with ``x`` and ``y`` summed over each."""
    if not len(code):
        return code, x, y
    order = np.argsort(code, kind="stable")
    code, x, y = code[order], x[order], y[order]
    starts = np.flatnonzero(np.concatenate(([True], code[1:] != code[:-1])))
    return code[starts], np.add.reduceat(x, starts), np.add.reduceat(y, starts)


def section_candidates(t: UnitTable, para_edges: np.ndarray, threshold: float) -> np.ndarray:
    """Pairs of sections around copied paragraphs: candidates for a copied section.

    Sections are not MinHashed: a section copied with small changes has paragraphs copied with
    small changes, which exact keys and LSH already paired; every pair of sections around the
    two paragraphs of such a pair is a candidate (if those paragraphs cover enough of both), to
    be verified by the exact Jaccard similarity of the sections' keys like any other pair.
    """
    empty = np.zeros((0, 2), dtype=np.int64)
    if not len(para_edges) or not (t.parent >= 0).any():
        return empty
    n = len(t)
    length = (t.key_end - t.key_start).astype(np.int64)
    p, q = para_edges[:, 0], para_edges[:, 1]
    anc_p, anc_q = ancestors(t.parent, p), ancestors(t.parent, q)
    if not anc_p.shape[1] or not anc_q.shape[1]:
        return empty
    step = max(1, _COVER_CHUNK // (anc_p.shape[1] * anc_q.shape[1]))
    parts = [_section_cover(anc_p[i:i + step], anc_q[i:i + step], length[p[i:i + step]], length[q[i:i + step]], n)
             for i in range(0, len(para_edges), step)]
    code, ca, cb = (np.concatenate(c) for c in zip(*parts))
    if len(parts) > 1:
        code, ca, cb = _sum_by_code(code, ca, cb)
    a, b = code // n, code % n
    keep = (t.exact[a] != t.exact[b]) & covered_enough(ca, cb, length[a], length[b], threshold)
    return np.stack((a[keep], b[keep]), axis=1).astype(np.int64)


def exact_edges(t: UnitTable, kind: int | None = None) -> np.ndarray:
    """(first, other) for every passage with an equal key earlier in the table."""
    _, first, inverse = np.unique(t.exact, return_index=True, return_inverse=True)
    rep = first[inverse]
    copies = np.flatnonzero(rep != np.arange(len(t)))
    if kind is not None:
        copies = copies[t.kind[copies] == kind]
    return np.stack((rep[copies], copies), axis=1).astype(np.int64)


_BAND_SALT = np.uint64(0x9E3779B97F4A7C15)


def may_pair(units: DocUnits) -> bool:
    """Whether :func:`find_clusters` can find a copy among one document's passages: two share an
    exact key, or two LSH paragraphs share a band key (sections only become candidates through
    their paragraphs). False settles it for the price of two ``np.unique`` calls instead of the
    clustering's few dozen numpy calls, which is what a small document without copies costs.
    """
    if len(units) < 2:
        return False
    if len(np.unique(units.exact)) < len(units.exact):
        return True
    bands = units.bands[units.lsh & (units.kind == 0)]
    if len(bands) < 2:
        return False
    # one key per (band, value): a salted key meeting another band's can only make a pair look possible
    salted = bands ^ (np.arange(bands.shape[1], dtype=np.uint64) * _BAND_SALT)
    return bool(len(np.unique(salted)) < salted.size)


def find_clusters(t: UnitTable, codes_of: Callable[[int], np.ndarray], options: DedupOptions,
                  hashes_of: HashesOf | None = None) -> list[Cluster]:
    """Clusters of copies among all passages of ``t`` (``codes_of(doc)``: that document's key codes).

    Exact copies first (equal keys), then near copies of paragraphs (LSH candidates verified by
    exact Jaccard), then sections around copied paragraphs (verified the same way).
    """
    if len(t) < 2:
        return []
    _, first = np.unique(t.exact, return_index=True)
    reps = np.sort(first)
    reps = reps[(t.kind[reps] == 0) & t.lsh[reps]]
    pairs = candidate_pairs(t.bands[reps], reps) if len(reps) >= 2 else np.zeros((0, 2), dtype=np.int64)
    edges, sims = verify_pairs(t, pairs, codes_of, options.threshold, hashes_of)
    if options.sections and (t.kind == 1).any():
        s_pairs = section_candidates(t, np.concatenate((exact_edges(t, 0), edges)), options.threshold)
        s_edges, s_sims = verify_pairs(t, s_pairs, codes_of, options.threshold, hashes_of)
        edges, sims = np.concatenate((edges, s_edges)), np.concatenate((sims, s_sims))
    comps, worst = components(t, edges, sims)
    return assemble(t, comps, worst)


# --- from components to reported clusters ---------------------------------------------------


@dataclass
class _Group:
    units: list[int]  # sorted by (doc, b0)
    similarity: float
    alive: bool = True


def _drop_nested(t: UnitTable, comps: list[list[int]], worst: list[float]) -> list[_Group]:
    """Rule 1, for every component at once: a member nested in another member of its own
    cluster goes; components left with two or more members become groups, in order.

    Members are sorted by (component, doc, b0, -b1, unit); one is nested exactly when an earlier
    member of its component and document reaches as far, so a segmented running maximum of
    ``b1`` decides every member in one numpy pass.
    """
    if not comps:
        return []
    sizes = np.fromiter((len(c) for c in comps), dtype=np.int64, count=len(comps))
    units = np.fromiter((u for c in comps for u in c), dtype=np.int64, count=int(sizes.sum()))
    comp = np.repeat(np.arange(len(comps), dtype=np.int64), sizes)
    doc, b0, b1 = t.doc[units].astype(np.int64), t.b0[units].astype(np.int64), t.b1[units].astype(np.int64)
    order = np.lexsort((units, -b1, b0, doc, comp))
    units, comp, doc, b1 = units[order], comp[order], doc[order], b1[order]
    new_segment = np.ones(len(units), dtype=bool)
    new_segment[1:] = (comp[1:] != comp[:-1]) | (doc[1:] != doc[:-1])
    segment = np.cumsum(new_segment) - 1
    span = int(b1.max()) + 2 if len(b1) else 1
    # the running maximum of b1 before each member, within its segment (-1 for the first)
    running = np.maximum.accumulate(segment * span + b1)
    before = np.empty_like(running)
    before[0] = -1
    before[1:] = running[:-1] - segment[1:] * span
    before[new_segment] = -1
    keep = b1 > before
    units, comp = units[keep], comp[keep]
    bounds = np.flatnonzero(np.concatenate(([True], comp[1:] != comp[:-1], [True]))).tolist()
    kept, owner = units.tolist(), comp[np.array(bounds[:-1], dtype=np.int64)].tolist() if len(units) else []
    groups = []
    for (lo, hi), c in zip(zip(bounds, bounds[1:]), owner):
        if hi - lo >= 2:
            groups.append(_Group(kept[lo:hi], worst[c]))
    return groups


def _subsumed(t: UnitTable, groups: list[_Group]) -> None:
    """Rule 2: a cluster whose members all sit in distinct members of one other cluster goes.

    Members nest or are disjoint (see :func:`_innermost_holders`), so the members holding a
    member are a chain of innermost holders, followed in numpy; then, for every pair of
    clusters (held, holding), a count of the held members with a holder there and of the
    distinct holders. Members that overlap without nesting are left to :func:`_subsumed_by_sweep`.
    """
    if not groups:
        return
    sizes = np.fromiter((len(g.units) for g in groups), dtype=np.int64, count=len(groups))
    units = np.fromiter((u for g in groups for u in g.units), dtype=np.int64, count=int(sizes.sum()))
    gid = np.repeat(np.arange(len(groups), dtype=np.int64), sizes)
    doc, b0, b1 = t.doc[units].astype(np.int64), t.b0[units].astype(np.int64), t.b1[units].astype(np.int64)
    order = np.lexsort((gid, units, -b1, b0, doc))  # by doc, then (b0, -b1, unit, group)
    top = _innermost_holders(doc[order], b0[order], b1[order])
    if top is None:
        _subsumed_by_sweep(groups, units[order], gid[order], doc[order], b0[order], b1[order])
        return
    chain = ancestors(top, np.arange(len(top), dtype=np.int64))  # positions in ``order``
    held = np.repeat(np.arange(len(top), dtype=np.int64), chain.shape[1])
    holder = chain.reshape(-1)
    ok = holder >= 0
    held, holder = held[ok], holder[ok]
    g_of = gid[order]
    g_held, g_holder = g_of[held], g_of[holder]
    ok = g_held != g_holder
    held, holder, g_held, g_holder = held[ok], holder[ok], g_held[ok], g_holder[ok]
    if not len(held):
        return
    codes, first, pair = np.unique(g_held * len(groups) + g_holder, return_index=True, return_inverse=True)
    pair = pair.reshape(-1)
    owner = g_held[first]
    need = sizes[owner]
    dead = (_distinct_per(pair, held, len(codes)) >= need) & (_distinct_per(pair, holder, len(codes)) >= need)
    for gi in np.unique(owner[dead]).tolist():
        groups[gi].alive = False


def _distinct_per(key: np.ndarray, value: np.ndarray, keys: int) -> np.ndarray:
    """How many distinct ``value``s each key ``0..keys-1`` has."""
    o = np.lexsort((value, key))
    k, v = key[o], value[o]
    new = np.ones(len(k), dtype=bool)
    new[1:] = (k[1:] != k[:-1]) | (v[1:] != v[:-1])
    return np.bincount(k[new], minlength=keys)


def _innermost_holders(doc: np.ndarray, b0: np.ndarray, b1: np.ndarray) -> np.ndarray | None:
    """For members sorted by (doc, b0, -b1, ...), the position of the innermost earlier member
    that contains each (-1: none), from one sweep with a stack of open members; None when two
    members overlap without nesting (then the holders are not a chain)."""
    top = np.full(len(doc), -1, dtype=np.int64)
    found: list[int] = []
    at: list[int] = []
    stack: list[tuple[int, int]] = []  # (b1, position) of open members, innermost on top
    last_doc = None
    for pos, (d, s0, s1) in enumerate(zip(doc.tolist(), b0.tolist(), b1.tolist())):
        if d != last_doc:
            stack.clear()
            last_doc = d
        while stack and stack[-1][0] <= s0:
            stack.pop()
        if stack:
            if s1 > stack[-1][0]:
                return None
            at.append(pos)
            found.append(stack[-1][1])
        stack.append((s1, pos))
    top[at] = found
    return top


def _subsumed_by_sweep(groups: list[_Group], units: np.ndarray, gid: np.ndarray, doc: np.ndarray,
                       b0: np.ndarray, b1: np.ndarray) -> None:
    """:func:`_subsumed` for members in any position (sorted as there), member by member."""
    # for every member, the (group, member) pairs of other clusters that contain it
    holders: dict[tuple[int, int], list[tuple[int, int]]] = {}
    stack: list[tuple[int, int, int]] = []  # (b1, unit, group) of open intervals
    last_doc = None
    for d, s0, s1, u, gi in zip(doc.tolist(), b0.tolist(), b1.tolist(), units.tolist(), gid.tolist()):
        if d != last_doc:
            stack.clear()
            last_doc = d
        while stack and stack[-1][0] <= s0:
            stack.pop()
        if stack:
            holders[(gi, u)] = [(g2, u2) for e1, u2, g2 in stack if e1 >= s1 and g2 != gi]
        stack.append((s1, u, gi))
    for gi, g in enumerate(groups):
        common: set[int] | None = None
        for u in g.units:
            held = holders.get((gi, u))
            if not held:
                common = None
                break
            gs = {g2 for g2, _ in held}
            common = gs if common is None else common & gs
            if not common:
                break
        if not common:
            continue
        for g2 in common:
            outer = [u2 for u in g.units for gg, u2 in holders[(gi, u)] if gg == g2]
            if len(set(outer)) >= len(g.units):
                g.alive = False
                break


def _merge_runs(t: UnitTable, groups: list[_Group]) -> list[tuple[list[tuple[int, int]], float]]:
    """Rule 3: chains of clusters whose members follow each other become one passage per copy.

    Returns, per reported cluster, its members as (first unit, last unit) and its similarity.
    """
    live = [g for g in groups if g.alive]
    at: dict[tuple[int, int], list[int]] = defaultdict(list)  # (doc, b0 of first member) -> groups
    for gi, g in enumerate(live):
        u = g.units[0]
        at[(int(t.doc[u]), int(t.b0[u]))].append(gi)
    nxt: dict[int, int] = {}
    has_prev: set[int] = set()
    for gi, g in enumerate(live):
        u0 = g.units[0]
        found: list[int] = []
        for b in range(int(t.b1[u0]), int(t.reach[u0]) + 1):
            for gj in at.get((int(t.doc[u0]), b), ()):
                h = live[gj]
                if gj != gi and len(h.units) == len(g.units) and all(
                        t.doc[a] == t.doc[c] and t.b1[a] <= t.b0[c] <= t.reach[a]
                        for a, c in zip(g.units, h.units)):
                    found.append(gj)
        if len(found) == 1 and found[0] not in has_prev:
            nxt[gi] = found[0]
            has_prev.add(found[0])
    out: list[tuple[list[tuple[int, int]], float]] = []
    for gi, g in enumerate(live):
        if gi in has_prev:
            continue
        chain = [gi]
        while chain[-1] in nxt and nxt[chain[-1]] not in chain:
            chain.append(nxt[chain[-1]])
        last = live[chain[-1]]
        members = list(zip(g.units, last.units))
        out.append((members, min(live[c].similarity for c in chain)))
    return out


def assemble(t: UnitTable, comps: list[list[int]], worst: list[float]) -> list[Cluster]:
    """Apply the three reporting rules and build :class:`Cluster` records in reading order."""
    groups = _drop_nested(t, comps, worst)
    _subsumed(t, groups)
    clusters: list[Cluster] = []
    for members, sim in _merge_runs(t, groups):
        spans = tuple(Member(t.paths[int(t.doc[a])], int(t.start[a]), int(t.end[b])) for a, b in members)
        single = all(a == b for a, b in members) and all(t.kind[a] == 0 for a, _ in members)
        clusters.append(Cluster(cluster_id(spans), spans, round(float(sim), 4), spans[0].end - spans[0].start,
                                "paragraph" if single else "section"))
    order = {p: i for i, p in enumerate(t.paths)}
    clusters.sort(key=lambda c: (order.get(c.members[0].path, 0), c.members[0].start))
    return clusters
