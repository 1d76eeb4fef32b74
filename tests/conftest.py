from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = Path(os.environ.get("TEXTLINT_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"


def seed_text(stem: str) -> str:
    return next(SEEDS.glob(f"{stem}*.txt")).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"real data not found at {SHARED} (set TEXTLINT_SHARED)")
    return SHARED
