"""The same phases on a Ray cluster: signatures per document, banding, verification, clustering.

Every phase is a Ray Data operation, so nothing but the final report passes through the driver:

1. ``map_batches``: each batch of documents is normalised, segmented and MinHashed on a worker
   (:func:`~textlint_cn.dedup.extract.extract_batch`, the local code), one row per passage.
2. ``groupby(bucket).map_groups``: passages are bucketed by exact key and by each LSH band key;
   an exact bucket yields the pairs (first, other), a band bucket candidate pairs (first, other)
   and (previous, next), so a bucket of ``k`` costs under ``2k`` rows.
3. two ``groupby`` steps attach each side's key to a pair (a hash join without a driver step),
   then the exact Jaccard similarity is computed where both meet; verified paragraph pairs also
   say which sections around them may be copies (summed per section pair by one more
   ``groupby``), and those pairs are verified the same way.
4. connected components by alternating large-star and small-star operations (Kiveris et al.,
   "Connected Components in MapReduce and Beyond", 2014), each a ``groupby(node).map_groups``,
   until the edge set stops changing: distributed, no single-threaded union-find.
5. the driver collects only the passages that have a copy (with their component) and builds the
   clusters with the same reporting rules as the local engine (:func:`.cluster.assemble`).

Ray is imported only here; ``pip install 'textlint-cn[ray]'``.
"""
from __future__ import annotations

import hashlib
import logging
import socket
from collections import defaultdict
from typing import Any, Callable

import numpy as np

from .cluster import UnitTable, assemble, covered_enough
from .minhash import jaccard, shingle_set
from .model import Cluster, DedupOptions

__all__ = ["find_duplicates_ray", "units_dataset", "connected_components"]

_EXACT, _BAND = 0, 1


def _ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("the Ray engine needs the 'ray' extra: pip install 'textlint-cn[ray]'") from exc
    return ray


def _uid(path: str, index: int) -> int:
    digest = hashlib.blake2b(f"{path}\0{index}".encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little") & 0x7FFFFFFFFFFFFFFF


def _pa() -> Any:
    import pyarrow as pa

    return pa


def _partitions() -> int:
    ray = _ray()
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


# --- phase 1: passages ----------------------------------------------------------------------


def _extract_rows(batch: dict[str, np.ndarray], options: DedupOptions) -> Any:
    """One row per passage of the batch's documents (runs on a worker)."""
    from .extract import extract_batch

    pa = _pa()
    paths = [str(p) for p in batch["path"]]
    texts = [str(t) for t in batch["text"]]
    orders = batch["order"].tolist() if "order" in batch else [-1] * len(paths)
    cols: dict[str, list] = defaultdict(list)
    for path, order, units in zip(paths, orders, extract_batch(list(zip(paths, texts)), options)):
        n = len(units)
        if not n:
            continue
        uids = [_uid(path, i) for i in range(n)]
        length = (units.key_end - units.key_start).tolist()
        parent = units.parent.tolist()
        for i in range(n):
            anc: list[int] = []
            p = parent[i]
            while p >= 0:
                anc.append(p)
                p = parent[p]
            cols["anc"].append([uids[a] for a in anc])
            cols["anc_len"].append([length[a] for a in anc])
            cols["anc_exact"].append([int(units.exact[a]) for a in anc])
            cols["keys"].append(units.codes[units.key_start[i]:units.key_end[i]].tobytes())
        cols["uid"].extend(uids)
        cols["path"].extend([path] * n)
        cols["order"].extend([order] * n)
        for name in ("kind", "b0", "b1", "reach", "start", "end", "grams", "lsh"):
            cols[name].extend(getattr(units, name).tolist())
        cols["key_len"].extend(length)
        cols["exact"].extend(units.exact.tolist())
        cols["bands"].extend(units.bands.tolist())
    schema = _unit_schema(pa)
    if not cols:
        return schema.empty_table()
    return pa.table({name: pa.array(cols[name], type=schema.field(name).type) for name in schema.names})


def _unit_schema(pa: Any) -> Any:
    i64 = pa.int64()
    return pa.schema([
        ("uid", i64), ("path", pa.string()), ("order", i64), ("kind", pa.int8()), ("b0", i64), ("b1", i64),
        ("reach", i64), ("start", i64), ("end", i64), ("grams", pa.int8()), ("lsh", pa.bool_()),
        ("key_len", i64), ("exact", pa.uint64()), ("bands", pa.list_(pa.uint64())), ("keys", pa.binary()),
        ("anc", pa.list_(i64)), ("anc_len", pa.list_(i64)), ("anc_exact", pa.list_(pa.uint64())),
    ])


def _documents_dataset(source: Any, text_field: str) -> Any:
    """A dataset of ``path``, ``text`` (and ``order``) rows from any accepted source."""
    ray = _ray()
    if isinstance(source, ray.data.Dataset):
        return source
    if isinstance(source, (list, tuple)) and all(isinstance(p, str) for p in source):
        from ..config import Settings
        from ..files import discover

        files = [s.path for s in discover(list(source), Settings()) if not s.problem]
        items = [{"path": p, "order": i << 32} for i, p in enumerate(files)]
        return ray.data.from_items(items).flat_map(_read_file, fn_kwargs={"text_field": text_field})
    # an iterable of (path, text): handed to the cluster in chunks
    parts = []
    chunk: list[dict] = []
    size = 0
    for i, (path, text) in enumerate(source):
        chunk.append({"path": path, "text": text, "order": i})
        size += len(text)
        if size >= 64_000_000:
            parts.append(ray.data.from_items(chunk))
            chunk, size = [], 0
    if chunk or not parts:
        parts.append(ray.data.from_items(chunk))
    return parts[0] if len(parts) == 1 else parts[0].union(*parts[1:])


def _read_file(row: dict, text_field: str) -> list[dict]:
    """Read and decode one file on a worker (JSON lines: one document per record)."""
    from ..config import Settings
    from ..files import is_corpus
    from ..reading import ReadProblem, corpus_records, read_document

    settings = Settings(text_field=text_field)
    try:
        doc = read_document(row["path"], settings)
    except ReadProblem:
        return []
    if is_corpus(row["path"]):
        return [{"path": f"{doc.path}:{r.number}", "text": r.text, "order": row["order"] + r.number}
                for r in corpus_records(doc.text, text_field) if r.text is not None]
    return [{"path": doc.path, "text": doc.text, "order": row["order"]}]


def units_dataset(source: Any, options: DedupOptions, text_field: str = "text") -> Any:
    """Phase 1 on the cluster: one row per passage (paragraph or section) of every document."""
    docs = _documents_dataset(source, text_field)
    return docs.map_batches(_extract_rows, fn_kwargs={"options": options}, batch_format="numpy",
                            batch_size=64)


# --- phase 2: buckets -----------------------------------------------------------------------


def _bucket_rows(batch: dict[str, np.ndarray]) -> Any:
    """Rows (type, bucket, uid, exact): one per exact key, one per band of an LSH paragraph."""
    pa = _pa()
    types: list[int] = []
    keys: list[int] = []
    uids: list[int] = []
    exacts: list[int] = []
    for uid, exact, lsh, bands in zip(batch["uid"].tolist(), batch["exact"].tolist(), batch["lsh"].tolist(),
                                      batch["bands"]):
        types.append(_EXACT)
        keys.append(exact)
        uids.append(uid)
        exacts.append(exact)
        if lsh:
            for b in np.asarray(bands).tolist():
                types.append(_BAND)
                keys.append(b)
                uids.append(uid)
                exacts.append(exact)
    return pa.table({"btype": pa.array(types, pa.int8()), "bkey": pa.array(keys, pa.uint64()),
                     "uid": pa.array(uids, pa.int64()), "exact": pa.array(exacts, pa.uint64())})


def _bucket_pairs(group: dict[str, np.ndarray]) -> Any:
    """Pairs from one bucket: exact copies (similarity 1) or LSH candidates (to verify)."""
    pa = _pa()
    order = np.argsort(group["uid"], kind="stable")
    uids = group["uid"][order].tolist()
    exacts = group["exact"][order].tolist()
    a: list[int] = []
    b: list[int] = []
    if len(uids) >= 2:
        if int(group["btype"][0]) == _EXACT:
            a, b = [uids[0]] * (len(uids) - 1), uids[1:]
        else:
            seen = set()
            for i in range(1, len(uids)):
                for x in {0, i - 1}:
                    if exacts[x] != exacts[i] and (uids[x], uids[i]) not in seen:
                        seen.add((uids[x], uids[i]))
                        a.append(uids[x])
                        b.append(uids[i])
    known = 1.0 if int(group["btype"][0]) == _EXACT else -1.0
    return pa.table({"a": pa.array(a, pa.int64()), "b": pa.array(b, pa.int64()),
                     "sim": pa.array([known] * len(a), pa.float64())})


# --- phase 3: verification ------------------------------------------------------------------

_SIDE_FIELDS = ("keys", "grams", "path", "b0", "b1", "kind", "key_len", "anc", "anc_len", "anc_exact")


def _attach_schema(pa: Any) -> Any:
    i64 = pa.int64()
    return pa.schema([
        ("key", i64), ("role", pa.int8()), ("other", i64), ("sim", pa.float64()),
        ("a_keys", pa.binary()), ("a_grams", pa.int8()), ("a_path", pa.string()), ("a_b0", i64), ("a_b1", i64),
        ("a_kind", pa.int8()), ("a_key_len", i64), ("a_anc", pa.list_(i64)), ("a_anc_len", pa.list_(i64)),
        ("a_anc_exact", pa.list_(pa.uint64())),
    ])


def _as_side(batch: dict[str, np.ndarray]) -> Any:
    """Passages as 'role 0' rows of the attach step, keyed by uid."""
    pa = _pa()
    schema = _attach_schema(pa)
    n = len(batch["uid"])
    cols = {"key": batch["uid"], "role": np.zeros(n, np.int8), "other": np.full(n, -1), "sim": np.zeros(n)}
    for f in _SIDE_FIELDS:
        cols["a_" + f] = _plain(list(batch[f])) if batch[f].dtype == object else batch[f]
    return pa.table({name: pa.array(cols[name], type=schema.field(name).type) for name in schema.names})


def _pairs_keyed(batch: dict[str, np.ndarray], on: str) -> Any:
    """Pairs as 'role 1' rows keyed by one side (``on``), the other side in ``other``."""
    pa = _pa()
    schema = _attach_schema(pa)
    n = len(batch["a"])
    other = "b" if on == "a" else "a"
    cols = {"key": batch[on], "role": np.ones(n, np.int8), "other": batch[other], "sim": batch["sim"]}
    return pa.table({name: (pa.array(cols[name], type=schema.field(name).type) if name in cols
                            else pa.nulls(n, type=schema.field(name).type)) for name in schema.names})


def _carry_first_side(group: dict[str, np.ndarray]) -> Any:
    """In the group of passage ``a``: copy a's data onto each of its pairs, keyed by ``b`` now."""
    pa = _pa()
    schema = _attach_schema(pa)
    roles = group["role"]
    own = np.flatnonzero(roles == 0)
    pairs = np.flatnonzero(roles == 1)
    if not len(own) or not len(pairs):
        return schema.empty_table()
    o = int(own[0])
    seen: dict[int, float] = {}
    for i in pairs.tolist():
        other, sim = int(group["other"][i]), float(group["sim"][i])
        seen[other] = max(seen.get(other, -1.0), sim)
    n = len(seen)
    cols: dict[str, Any] = {"key": list(seen), "role": [1] * n, "other": [int(group["key"][o])] * n,
                            "sim": list(seen.values())}
    for f in _SIDE_FIELDS:
        cols["a_" + f] = [group["a_" + f][o]] * n
    return pa.table({name: pa.array(_plain(cols[name]), type=schema.field(name).type) for name in schema.names})


def _plain(values: list) -> list:
    return [v.tolist() if isinstance(v, np.ndarray) else (v.item() if isinstance(v, np.generic) else v)
            for v in values]


def _verify_group(group: dict[str, np.ndarray], threshold: float) -> Any:
    """In the group of passage ``b``: similarity of each pair; section covers from paragraph pairs."""
    pa = _pa()
    roles = group["role"]
    own = np.flatnonzero(roles == 0)
    pairs = np.flatnonzero(roles == 1)
    out: dict[str, list] = defaultdict(list)
    if len(own) and len(pairs):
        o = int(own[0])
        b_uid = int(group["key"][o])
        b_codes = np.frombuffer(group["a_keys"][o], dtype=np.uint32)
        b_set = shingle_set(b_codes, int(group["a_grams"][o]))
        b_side = (str(group["a_path"][o]), int(group["a_b0"][o]), int(group["a_b1"][o]))
        for i in pairs.tolist():
            a_uid = int(group["other"][i])
            a_side = (str(group["a_path"][i]), int(group["a_b0"][i]), int(group["a_b1"][i]))
            if a_side[0] == b_side[0] and a_side[1] < b_side[2] and b_side[1] < a_side[2]:
                continue  # overlapping passages of one document
            la, lb = int(group["a_key_len"][i]), int(group["a_key_len"][o])
            sim = float(group["sim"][i])
            if sim < 0:
                if min(la, lb) < 0.5 * threshold * max(la, lb):
                    continue
                a_set = shingle_set(np.frombuffer(group["a_keys"][i], dtype=np.uint32), int(group["a_grams"][i]))
                sim = jaccard(a_set, b_set)
                if sim < threshold:
                    continue
            out["a"].append(min(a_uid, b_uid))
            out["b"].append(max(a_uid, b_uid))
            out["sim"].append(sim)
            if int(group["a_kind"][i]) == 0 and int(group["a_kind"][o]) == 0:
                _covers(out, group, i, o, la, lb)
            else:
                out["sa"].append([])
                out["sb"].append([])
                out["cover"].append([])
    return pa.table({
        "a": pa.array(out["a"], pa.int64()), "b": pa.array(out["b"], pa.int64()),
        "sim": pa.array(out["sim"], pa.float64()),
        "sa": pa.array(out["sa"], pa.list_(pa.int64())),
        "sb": pa.array(out["sb"], pa.list_(pa.int64())),
        "cover": pa.array(out["cover"], pa.list_(pa.int64())),
    })


def _covers(out: dict[str, list], group: dict[str, np.ndarray], i: int, o: int, la: int, lb: int) -> None:
    """Section pairs around a copied paragraph pair, with the characters the pair covers in each:
    as lists on the edge row (``sa``, ``sb``, ``cover`` = [chars in sa, chars in sb, len sa, len sb,
    exact sa, exact sb] flattened per section pair)."""
    anc_a, anc_b = list(group["a_anc"][i]), list(group["a_anc"][o])
    len_a, len_b = list(group["a_anc_len"][i]), list(group["a_anc_len"][o])
    ex_a, ex_b = list(group["a_anc_exact"][i]), list(group["a_anc_exact"][o])
    sa: list[int] = []
    sb: list[int] = []
    cover: list[int] = []
    for x, s1 in enumerate(anc_a):
        for y, s2 in enumerate(anc_b):
            if s1 == s2 or ex_a[x] == ex_b[y]:
                continue
            if s1 < s2:
                sa.append(int(s1))
                sb.append(int(s2))
                cover.extend((la, lb, int(len_a[x]), int(len_b[y])))
            else:
                sa.append(int(s2))
                sb.append(int(s1))
                cover.extend((lb, la, int(len_b[y]), int(len_a[x])))
    out["sa"].append(sa)
    out["sb"].append(sb)
    out["cover"].append(cover)


def _explode_covers(batch: dict[str, np.ndarray]) -> Any:
    pa = _pa()
    cols: dict[str, list] = defaultdict(list)
    for sa, sb, cover in zip(batch["sa"], batch["sb"], batch["cover"]):
        if sa is None or not len(sa):
            continue
        cover = list(cover)
        for k, (s1, s2) in enumerate(zip(sa, sb)):
            c1, c2, l1, l2 = cover[4 * k:4 * k + 4]
            cols["a"].append(int(s1))
            cols["b"].append(int(s2))
            cols["ca"].append(int(c1))
            cols["cb"].append(int(c2))
            cols["la"].append(int(l1))
            cols["lb"].append(int(l2))
    i64 = pa.int64()
    return pa.table({k: pa.array(cols[k], i64) for k in ("a", "b", "ca", "cb", "la", "lb")})


def _section_pair(group: dict[str, np.ndarray], threshold: float) -> Any:
    pa = _pa()
    ca, cb = int(group["ca"].sum()), int(group["cb"].sum())
    la, lb = int(group["la"][0]), int(group["lb"][0])
    keep = covered_enough(ca, cb, la, lb, threshold)
    a = [int(group["a"][0])] if keep else []
    b = [int(group["b"][0])] if keep else []
    return pa.table({"a": pa.array(a, pa.int64()), "b": pa.array(b, pa.int64()),
                     "sim": pa.array([-1.0] * len(a), pa.float64())})


def _verify(pairs: Any, units: Any, threshold: float, parts: int) -> Any:
    """Verified pairs (a < b, similarity), with the section covers of paragraph pairs."""
    sides = units.map_batches(_as_side, batch_format="numpy")
    first = pairs.map_batches(_pairs_keyed, fn_kwargs={"on": "a"}, batch_format="numpy")
    carried = sides.union(first).groupby("key", num_partitions=parts).map_groups(
        _carry_first_side, batch_format="numpy")
    return sides.union(carried).groupby("key", num_partitions=parts).map_groups(
        _verify_group, fn_kwargs={"threshold": threshold}, batch_format="numpy")


# --- phase 4: connected components ----------------------------------------------------------


def _both_ways(batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {"u": np.concatenate((batch["u"], batch["v"])), "v": np.concatenate((batch["v"], batch["u"]))}


def _large_star(group: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Link every larger neighbour of ``u`` to the smallest node of u's neighbourhood."""
    u = int(group["u"][0])
    nbrs = np.unique(group["v"])
    m = min(int(nbrs[0]), u)
    bigger = nbrs[nbrs > u]
    return {"u": bigger, "v": np.full(len(bigger), m, dtype=np.int64)}


def _oriented(batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    u, v = batch["u"], batch["v"]
    return {"u": np.maximum(u, v), "v": np.minimum(u, v)}


def _small_star(group: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Link ``u`` and its smaller neighbours to the smallest of them."""
    u = int(group["u"][0])
    nodes = np.unique(np.concatenate((group["v"], [u])))
    m = int(nodes[0])
    rest = nodes[nodes != m]
    return {"u": rest, "v": np.full(len(rest), m, dtype=np.int64)}


def _fingerprint(ds: Any) -> tuple[int, int]:
    """Size and a sum of pair hashes of an edge set: equal for equal edge multisets."""
    def digest(batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        u, v = batch["u"].astype(np.uint64), batch["v"].astype(np.uint64)
        h = (u * np.uint64(0x9E3779B97F4A7C15)) ^ (v * np.uint64(0xC2B2AE3D27D4EB4F))
        h ^= h >> np.uint64(29)
        return {"n": np.array([len(u)]), "h": np.array([np.sum(h, dtype=np.uint64)], dtype=np.uint64)}

    rows = ds.map_batches(digest, batch_format="numpy").take_all()
    return sum(int(r["n"]) for r in rows), sum(int(r["h"]) for r in rows) % 2**64


def connected_components(edges: Any, parts: int, max_rounds: int = 64) -> Any:
    """Rows (u, v): every node ``u`` of a component linked to its smallest node ``v``.

    Alternating large-star and small-star rounds, each a distributed ``groupby``; the loop stops
    when a round leaves the (deduplicated) edge set unchanged.
    """
    current = edges.map_batches(_oriented, batch_format="numpy").materialize()
    before = _fingerprint(current)
    for _ in range(max_rounds):
        large = current.map_batches(_both_ways, batch_format="numpy").groupby("u", num_partitions=parts) \
            .map_groups(_large_star, batch_format="numpy")
        small = large.map_batches(_oriented, batch_format="numpy").groupby("u", num_partitions=parts) \
            .map_groups(_small_star, batch_format="numpy").materialize()
        after = _fingerprint(small)
        current = small
        if after == before:
            break
        before = after
    return current


# --- the driver -----------------------------------------------------------------------------


def check_reachable(address: str | None) -> None:
    """Fail in seconds, with the address in the message, when the cluster cannot be reached.

    Given an address with nothing listening (or a stale ``auto`` entry left by a cluster that
    has stopped), ``ray.init`` retries for minutes. ``None`` starts a local cluster: nothing to
    check. Ray Client addresses (``ray://``) are checked the same way, by their host and port.
    """
    if address is None or address == "local":
        return
    resolved = address
    if address == "auto":
        try:
            from ray._private.services import get_ray_address_from_environment

            resolved = get_ray_address_from_environment(address, None)
        except Exception:  # noqa: BLE001 - a private helper; without it Ray reports on its own
            return
    host, _, port = str(resolved).split("://", 1)[-1].rpartition(":")
    if not host or not port.isdigit():
        if address == "auto":
            raise ConnectionError("no running Ray cluster was found (start one with `ray start --head`, "
                                  "or pass its address)")
        return
    try:
        socket.create_connection((host, int(port)), timeout=5).close()
    except OSError as exc:
        shown = resolved if resolved == address else f"{resolved} (from {address!r})"
        raise ConnectionError(f"cannot reach the Ray cluster at {shown}: {exc.strerror or exc}") from None


def _quiet(ray: Any) -> None:
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)


def find_duplicates_ray(source: Any, options: DedupOptions = DedupOptions(), address: str | None = None, *,
                        text_field: str = "text", progress: Callable[[int], None] | None = None) -> list[Cluster]:
    """Copies within and across documents, computed on a Ray cluster.

    ``source``: a ``ray.data.Dataset`` of ``path``/``text`` rows (an ``order`` column, when present,
    orders documents; else paths do), a list of file and folder paths (read on the workers), or an
    iterable of ``(path, text)`` pairs. ``address``: the cluster; when Ray is not initialised in
    this process, ``ray.init(address=address)`` is called (``None`` starts a local cluster).
    ``progress`` is accepted for the local engine's signature and not called: Ray Data shows
    its own progress.
    """
    ray = _ray()
    if not ray.is_initialized():
        check_reachable(address)
        ray.init(address=address, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)
    _quiet(ray)
    parts = _partitions()
    units = units_dataset(source, options, text_field).materialize()
    buckets = units.map_batches(_bucket_rows, batch_format="numpy")
    pairs = buckets.groupby(["btype", "bkey"], num_partitions=parts).map_groups(
        _bucket_pairs, batch_format="numpy").materialize()
    verified = _verify(pairs, units, options.threshold, parts).materialize()
    edge_sets = [verified.select_columns(["a", "b", "sim"])]
    if options.sections:
        covers = verified.map_batches(_explode_covers, batch_format="numpy")
        s_pairs = covers.groupby(["a", "b"], num_partitions=parts).map_groups(
            _section_pair, fn_kwargs={"threshold": options.threshold}, batch_format="numpy")
        edge_sets.append(_verify(s_pairs, units, options.threshold, parts).select_columns(["a", "b", "sim"]))
    edges = edge_sets[0].union(*edge_sets[1:]).materialize() if len(edge_sets) > 1 else edge_sets[0]
    links = edges.map_batches(lambda b: {"u": b["a"], "v": b["b"]}, batch_format="numpy")
    labels = connected_components(links, parts)
    root_of: dict[int, int] = {}
    for batch in labels.iter_batches(batch_format="numpy"):
        for u, v in zip(batch["u"].tolist(), batch["v"].tolist()):
            root_of[u] = v
            root_of.setdefault(v, v)
    if not root_of:
        return []
    wanted = set(root_of)
    members = units.filter(lambda row: row["uid"] in wanted).drop_columns(
        ["bands", "keys", "anc", "anc_len", "anc_exact"]).take_all()
    worst: dict[int, float] = {}
    for batch in edges.iter_batches(batch_format="numpy"):
        for a, s in zip(batch["a"].tolist(), batch["sim"].tolist()):
            r = root_of.get(a, a)
            worst[r] = min(worst.get(r, 1.0), s)
    return _assemble(members, root_of, worst)


def _assemble(members: list[dict], root_of: dict[int, int], worst: dict[int, float]) -> list[Cluster]:
    """The clusters, from the passages that have a copy: same reporting rules as the local engine."""
    if not members:
        return []
    if all(int(m["order"]) >= 0 for m in members):
        doc_order = sorted({(int(m["order"]), m["path"]) for m in members})
    else:
        doc_order = sorted({(0, m["path"]) for m in members}, key=lambda x: x[1])
    paths = list(dict.fromkeys(p for _, p in doc_order))
    doc_index = {p: i for i, p in enumerate(paths)}
    members.sort(key=lambda m: (doc_index[m["path"]], m["b0"], -m["b1"]))
    n = len(members)

    def col(name: str, dtype: Any) -> np.ndarray:
        return np.array([m[name] for m in members], dtype=dtype)

    table = UnitTable(
        paths=paths, doc=np.array([doc_index[m["path"]] for m in members], dtype=np.int64),
        kind=col("kind", np.int8), b0=col("b0", np.int64), b1=col("b1", np.int64), reach=col("reach", np.int64),
        start=col("start", np.int64), end=col("end", np.int64), key_start=np.zeros(n, np.int64),
        key_end=col("key_len", np.int64), grams=col("grams", np.int8), exact=col("exact", np.uint64),
        bands=np.zeros((n, 0), np.uint64), lsh=col("lsh", bool), parent=np.full(n, -1, np.int64),
    )
    groups: dict[int, list[int]] = defaultdict(list)
    for i, m in enumerate(members):
        groups[root_of[int(m["uid"])]].append(i)
    comps = [g for g in groups.values() if len(g) >= 2]
    roots = [root_of[int(members[g[0]]["uid"])] for g in comps]
    return assemble(table, comps, [worst.get(r, 1.0) for r in roots])
