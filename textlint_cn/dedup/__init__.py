"""Duplicated paragraphs and sections, inside a document and across a corpus.

The library interface the runner, ``textlint dedup`` and the in-document rules use:

- :class:`Member` ``(path, start, end)``: one copy, code-point offsets into that document's text.
- :class:`Cluster` ``(id, members, similarity, size, kind)``: copies of one passage, first copy
  (the one to keep) first; a cluster of three or more copies is one cluster.
- :class:`DedupOptions`: threshold, n-gram sizes, MinHash size and banding, ``min_chars``,
  ``engine`` (``local`` or ``ray``), ``ray_address``, ``jobs`` and batch size.
- :func:`find_duplicates` ``(documents, *, options, progress) -> list[Cluster]``: documents are
  ``(path, text)`` pairs, streamed once; copies within and across them.
- :func:`find_duplicates_ray` ``(dataset_or_paths, options, address=None)``: the same over a Ray
  Dataset with ``path`` and ``text`` columns, or over paths read on the cluster.
- :func:`dedup_records` ``(clusters)``: JSON-lines records for ``textlint dedup``.
- :func:`cross_file_violations` ``(clusters, position)``: per-path violations for the
  ``duplicate-across-files`` rule, each naming the other copies in ``related``.

How: every document is normalised (whitespace, punctuation of both widths, line wraps, digits
and redaction masks folded away), cut into paragraphs and sections, and each passage gets an
exact key (cheap hashing: copies equal after normalisation are grouped first) and a MinHash
signature over character n-grams for near copies. LSH banding proposes candidate pairs, exact
Jaccard similarity confirms them, union-find groups them. Nothing here needs Ray unless the Ray
engine is asked for; MinHash needs the ``dedup`` extra (rensa).
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

from .model import Cluster, DedupOptions, Member
from .report import cross_file_violations, dedup_records

__all__ = [
    "Member", "Cluster", "DedupOptions", "find_duplicates", "find_duplicates_ray", "dedup_records",
    "cross_file_violations",
]


def find_duplicates(
    documents: Iterable[tuple[str, str]],
    *,
    options: DedupOptions = DedupOptions(),
    progress: Callable[[int], None] | None = None,
) -> list[Cluster]:
    """Clusters of copied paragraphs and sections within and across ``documents``.

    ``documents`` are ``(path, text)`` pairs, read once as a stream; paths should be distinct.
    ``progress``, when given, is called with the number of documents finished since its last
    call (so ``tqdm(...).update`` fits). Clusters come in reading order of their first copy.
    With ``options.engine == "ray"`` the work runs on the Ray cluster at ``options.ray_address``.
    """
    if options.engine == "ray":
        from .ray_backend import find_duplicates_ray as _ray

        return _ray(documents, options, options.ray_address, progress=progress)
    from .corpus import find_duplicates_local

    return find_duplicates_local(documents, options, progress)


def find_duplicates_ray(dataset_or_paths: Any, options: DedupOptions = DedupOptions(),
                        address: str | None = None, **kwargs: Any) -> list[Cluster]:
    """The Ray engine: ``dataset_or_paths`` is a ``ray.data.Dataset`` with ``path`` and ``text``
    columns, a list of file or folder paths (read and decoded on the cluster; JSON-lines
    corpora give one document per record, named ``file.jsonl:LINE``), or an iterable of
    ``(path, text)`` pairs. ``address`` is the cluster to join (``None``: the one already
    initialised in this process, else a new local one)."""
    from .ray_backend import find_duplicates_ray as _ray

    return _ray(dataset_or_paths, options, address, **kwargs)
