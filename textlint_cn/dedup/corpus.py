"""The local driver: stream documents through the per-document phase, then cluster.

Memory stays bounded by the number of passages, not by the size of the text: documents are
read one batch at a time (``batch_chars``), at most two batches per worker are in flight, the
text of a batch is dropped once its passages are extracted, and the key code points needed to
verify candidate pairs go to a temporary file once they pass ``MEMORY_KEYS`` bytes. What the
driver keeps per passage is about 40 bytes plus 8 per band.
"""
from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable, Iterable, Iterator

import numpy as np

from .cluster import UnitTable, find_clusters
from .extract import DocUnits, extract_batch
from .model import Cluster, DedupOptions

__all__ = ["CodeStore", "TableBuilder", "find_duplicates_local", "batched"]

MEMORY_KEYS = 64 * 1024 * 1024  # bytes of key code points kept in memory before spilling


class CodeStore:
    """Every document's key code points, in memory and then in a temporary file."""

    def __init__(self, spill_dir: str | None = None, memory_limit: int = MEMORY_KEYS) -> None:
        self._memory: list[np.ndarray | None] = []
        self._offsets: list[int] = []  # per document: offset in the file (in code points), or -1
        self._lengths: list[int] = []
        self._held = 0
        self._limit = memory_limit
        self._spill_dir = spill_dir
        self._file: Any = None
        self._written = 0
        self._map: np.memmap | None = None

    def add(self, codes: np.ndarray) -> int:
        doc = len(self._lengths)
        self._lengths.append(len(codes))
        if self._file is None and self._held + codes.nbytes <= self._limit:
            self._memory.append(codes)
            self._offsets.append(-1)
            self._held += codes.nbytes
            return doc
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="textlint-dedup-", dir=self._spill_dir)
        self._memory.append(None)
        self._offsets.append(self._written)
        self._file.write(np.ascontiguousarray(codes, dtype=np.uint32).tobytes())
        self._written += len(codes)
        self._map = None
        return doc

    def get(self, doc: int) -> np.ndarray:
        held = self._memory[doc]
        if held is not None:
            return held
        if self._map is None:
            self._file.flush()
            self._map = np.memmap(self._file, dtype=np.uint32, mode="r", shape=(self._written,))
        start = self._offsets[doc]
        return self._map[start:start + self._lengths[doc]]

    @property
    def spilled(self) -> bool:
        return self._file is not None

    def close(self) -> None:
        self._map = None
        if self._file is not None:
            self._file.close()
            self._file = None
        self._memory.clear()


class TableBuilder:
    """Collects the passages of every document into one :class:`UnitTable` (plus the keys)."""

    _FIELDS = ("kind", "b0", "b1", "reach", "start", "end", "key_start", "key_end", "grams", "exact", "bands", "lsh", "parent")

    def __init__(self, options: DedupOptions) -> None:
        self.options = options
        self.paths: list[str] = []
        self.codes = CodeStore(options.spill_dir)
        self._parts: dict[str, list[np.ndarray]] = {f: [] for f in self._FIELDS}
        self._docs: list[np.ndarray] = []
        self._rows = 0

    def add(self, units: DocUnits) -> None:
        doc = self.codes.add(units.codes)
        self.paths.append(units.path)
        if len(units):
            self._docs.append(np.full(len(units), doc, dtype=np.int64))
            for f in self._FIELDS:
                value = getattr(units, f)
                if f == "parent":  # a row of this document: make it a row of the table
                    value = np.where(value >= 0, value + self._rows, -1)
                self._parts[f].append(value)
            self._rows += len(units)

    def _concat_docs(self) -> np.ndarray:
        docs, self._docs = self._docs, []
        return np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64)

    def table(self) -> UnitTable:
        """The table of every passage added; the builder is emptied (call once)."""
        def cat(name: str, dtype: Any, shape: tuple[int, ...] = (0,)) -> np.ndarray:
            parts = self._parts.pop(name, [])  # dropped as the table is built: one copy at a time
            out = np.concatenate(parts) if parts else np.zeros(shape, dtype=dtype)
            parts.clear()
            return out

        return UnitTable(
            paths=self.paths,
            doc=self._concat_docs(),
            kind=cat("kind", np.int8), b0=cat("b0", np.int64), b1=cat("b1", np.int64),
            reach=cat("reach", np.int64), start=cat("start", np.int64), end=cat("end", np.int64),
            key_start=cat("key_start", np.int64), key_end=cat("key_end", np.int64),
            grams=cat("grams", np.int8), exact=cat("exact", np.uint64),
            bands=cat("bands", np.uint64, (0, self.options.bands)), lsh=cat("lsh", bool), parent=cat("parent", np.int64),
        )


def batched(documents: Iterable[tuple[str, str]], batch_chars: int) -> Iterator[list[tuple[str, str]]]:
    """Documents in batches of about ``batch_chars`` characters (a larger document alone)."""
    batch: list[tuple[str, str]] = []
    size = 0
    for path, text in documents:
        batch.append((path, text))
        size += len(text)
        if size >= batch_chars:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _pool_context() -> Any:
    """``forkserver`` (else ``spawn``), never ``fork``: rensa keeps a native thread pool, and a
    child forked from a process whose pool threads hold a lock waits on it forever."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _extracted(documents: Iterable[tuple[str, str]], options: DedupOptions
               ) -> Iterator[tuple[int, list[DocUnits]]]:
    """(documents in the batch, their passages), in input order, on ``options.jobs`` processes."""
    jobs = options.jobs or os.cpu_count() or 1
    batches = batched(documents, options.batch_chars)
    if jobs <= 1:
        for batch in batches:
            yield len(batch), extract_batch(batch, options)
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_pool_context()) as pool:
        pending: deque[tuple[int, Future[list[DocUnits]]]] = deque()
        for batch in batches:
            pending.append((len(batch), pool.submit(extract_batch, batch, options)))
            while len(pending) >= 2 * jobs:
                n, fut = pending.popleft()
                yield n, fut.result()
        while pending:
            n, fut = pending.popleft()
            yield n, fut.result()


def find_duplicates_local(documents: Iterable[tuple[str, str]], options: DedupOptions,
                          progress: Callable[[int], None] | None = None) -> list[Cluster]:
    """Copies within and across ``documents`` on this machine; see :func:`textlint_cn.dedup.find_duplicates`."""
    builder = TableBuilder(options)
    try:
        for n, units in _extracted(documents, options):
            for u in units:
                builder.add(u)
            if progress is not None:
                progress(n)
        return find_clusters(builder.table(), builder.codes.get, options)
    finally:
        builder.codes.close()
