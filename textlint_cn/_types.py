"""Small enums shared by every layer: severity, fix applicability, category."""
from __future__ import annotations

import enum


class Severity(enum.IntEnum):
    """How much a finding matters; ordered so thresholds compare with ``>=``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (expected info, warning or error)") from None

    def __str__(self) -> str:
        return self.name.lower()


class Applicability(enum.IntEnum):
    """When a fix may be applied; ordered so ``fix.applicability >= wanted`` selects."""

    DISPLAY = 0  # shown as a suggestion, never applied
    UNSAFE = 1  # applied with --unsafe-fixes: may change meaning
    SAFE = 2  # applied with --fix: cannot change what the text says

    @classmethod
    def parse(cls, value: str) -> Applicability:
        try:
            return cls[value.upper()]
        except KeyError:
            raise ValueError(f"unknown fix applicability {value!r} (expected safe, unsafe or display)") from None

    def __str__(self) -> str:
        return self.name.lower()


CATEGORIES: tuple[str, ...] = (
    "encoding",
    "spacing",
    "linebreak",
    "punctuation",
    "redaction",
    "boilerplate",
    "duplicate",
    "other",
)

# Categories whose fixes must leave the sequence of Han characters and digits
# exactly as it was (the equivalence check in fixer.py enforces it).
HAN_PRESERVING_CATEGORIES: frozenset[str] = frozenset(
    {"encoding", "spacing", "linebreak", "punctuation"}
)
