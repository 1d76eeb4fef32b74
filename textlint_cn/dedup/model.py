"""The records of duplicate detection: options in, clusters of copies out."""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from typing import Any, Mapping

__all__ = ["Member", "Cluster", "DedupOptions", "cluster_id"]


@dataclass(frozen=True, slots=True, order=True)
class Member:
    """One copy: a span of a document, in code-point offsets into that document's text.

    The span runs from the first visible character of its first line to the last visible
    character of its last line (indentation and the line break are not part of it).
    """

    path: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Cluster:
    """Passages that are copies of each other, in reading order: the first is the one to keep.

    ``similarity`` is the lowest exact Jaccard similarity (of the keys' character n-gram sets)
    among the pairs that joined the cluster, 1.0 for copies equal after normalisation; ``size``
    is the length in characters of the first copy; ``kind`` is ``paragraph`` for a single
    paragraph and ``section`` for a heading with its body or a run of consecutive paragraphs.
    """

    id: str
    members: tuple[Member, ...]
    similarity: float
    size: int
    kind: str = "paragraph"

    @property
    def paths(self) -> tuple[str, ...]:
        """The distinct documents the copies are in, in order."""
        return tuple(dict.fromkeys(m.path for m in self.members))

    @property
    def across_files(self) -> bool:
        return len(self.paths) > 1


def cluster_id(members: tuple[Member, ...]) -> str:
    """A stable id from the members' locations: the same copies give the same id on any engine."""
    h = hashlib.blake2b(digest_size=6)
    for m in sorted(members):
        h.update(f"{m.path}\0{m.start}\0{m.end}\n".encode("utf-8", "surrogatepass"))
    return "dup-" + h.hexdigest()


@dataclass(frozen=True)
class DedupOptions:
    """How copies are found.

    - ``threshold``: the exact Jaccard similarity of two passages' 5-gram sets from which they
      are copies. Tuned on the seed documents: copies that differ by spaces, punctuation width,
      re-wrapping and a redacted number score 1.0 after normalisation, while unrelated sections
      that share the genre's stock phrases score under 0.2; 0.7 leaves room for real edits
      (a changed clause, a dated revision) on both sides.
    - ``ngram`` / ``short_ngram`` / ``short_chars``: n-gram sizes for passages, and the smaller
      one for passages whose key is shorter than ``short_chars``.
    - ``num_perm``, ``bands``, ``rows``: MinHash size and LSH banding (``bands * rows <= num_perm``).
    - ``min_chars``: passages whose key (paragraph text, for a section its paragraphs) is shorter
      never count as copies: stock sentences such as ``坚决做到“两个维护”`` and headings alone.
    - ``sections``: also compare sections (heading plus body), and report a copied section as one
      cluster instead of one per paragraph.
    - ``engine``: ``local`` (this process, or a process pool of ``jobs`` workers) or ``ray``
      (``ray_address`` names the cluster; ``None`` starts or joins a local one).
    - ``batch_chars``: characters of text handed to a worker at a time (bounds memory).
    - ``spill_dir``: where keys are kept on disk during a corpus run (default: the system temp).
    """

    threshold: float = 0.7
    ngram: int = 5
    short_ngram: int = 3
    short_chars: int = 30
    num_perm: int = 64
    bands: int = 16
    rows: int = 4
    min_chars: int = 50
    sections: bool = True
    seed: int = 1
    engine: str = "local"
    ray_address: str | None = None
    jobs: int = 1
    batch_chars: int = 4_000_000
    spill_dir: str | None = None

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], not {self.threshold}")
        if self.bands < 1 or self.rows < 1 or self.bands * self.rows > self.num_perm:
            raise ValueError(f"{self.bands} bands of {self.rows} rows need at most num_perm={self.num_perm} values")
        if not 1 <= self.short_ngram <= self.ngram <= 16:
            raise ValueError("n-gram sizes must satisfy 1 <= short_ngram <= ngram <= 16")
        if self.min_chars < 1:
            raise ValueError("min_chars must be at least 1")
        if self.engine not in ("local", "ray"):
            raise ValueError(f"engine must be 'local' or 'ray', not {self.engine!r}")
        if self.jobs < 0:
            raise ValueError("jobs must be >= 0 (0: one per CPU)")

    def grams_for(self, key_chars: int) -> int:
        return self.short_ngram if key_chars < self.short_chars else self.ngram

    @classmethod
    def from_rule(cls, options: Mapping[str, Any], **overrides: Any) -> DedupOptions:
        """Options from a rule's ``options`` table (kebab-case keys), unknown keys ignored."""
        names = _kebab_names(cls)
        values = {names[k]: v for k, v in options.items() if k in names}
        values.update(overrides)
        return cls(**values)


@functools.cache
def _kebab_names(cls: type) -> dict[str, str]:
    """``min-chars`` -> ``min_chars`` for every field of ``cls`` (rules build options per document)."""
    return {f.replace("_", "-"): f for f in cls.__dataclass_fields__}
