"""A decoded document: its text, where it came from, and how to write it back."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .lines import LineIndex


@dataclass(frozen=True)
class Document:
    """The unit every rule looks at.

    ``encoding`` and ``bom`` say how to write the text back; ``lossy`` is set when decoding
    had to replace bytes, in which case writing the file back would lose data.
    """

    text: str
    path: str = "<text>"
    encoding: str = "utf-8"
    bom: bool = False
    lossy: bool = False
    meta: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    def memo(self, key: str, compute):  # type: ignore[no-untyped-def]
        """Per-document analysis shared between rules (line structure, house style)."""
        if key not in self.meta:
            self.meta[key] = compute()
        return self.meta[key]

    def with_text(self, text: str) -> Document:
        return Document(text, self.path, self.encoding, self.bom, self.lossy)
