from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.score_gold import overlap  # noqa: E402,F401 - the span test the gold scores use

SHARED = Path(os.environ.get("TEXTLINT_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"


def seed_text(stem: str) -> str:
    return next(SEEDS.glob(f"{stem}*.txt")).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"real data not found at {SHARED} (set TEXTLINT_SHARED)")
    return SHARED


@pytest.fixture(scope="module")
def ray_cluster(tmp_path_factory) -> str:
    """A local Ray cluster, head plus one worker node, on loopback; its address. One per test
    module that asks for it, stopped when that module's tests are done.

    Started with Ray's own ``ray start`` as a user would, so the CLI joins it by address the way
    it joins a real cluster. Needs the ``ray`` extra (``.ci/run`` installs it)."""
    import socket
    import subprocess

    pytest.importorskip("ray", reason="the Ray engine's tests need the ray extra: pip install -e '.[dev,ray]'")
    ray_bin = str(Path(sys.executable).parent / "ray")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    env["RAY_USAGE_STATS_ENABLED"] = "0"
    starts = [
        [ray_bin, "start", "--head", "--node-ip-address", "127.0.0.1", "--port", str(port), "--num-cpus", "1",
         "--include-dashboard", "false", "--disable-usage-stats"],
        [ray_bin, "start", "--address", address, "--node-ip-address", "127.0.0.1", "--num-cpus", "1"],
    ]
    try:
        for argv in starts:
            done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=180)
            if done.returncode:
                pytest.fail(f"{' '.join(argv[1:3])} failed:\n{done.stderr[-2000:]}")
        yield address
    finally:
        subprocess.run([ray_bin, "stop", "--force"], env=env, capture_output=True, timeout=120)


# --- the gold annotations of the seeds ----------------------------------------------------------

def gold(stem: str) -> list[dict]:
    """The gold spans of the seed whose name starts with ``stem``."""
    path = next((SHARED / "gold").glob(f"{stem}*.jsonl"))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_counts(category: str, lint, stems=("000", "001", "002", "004")) -> dict[str, int]:  # noqa: ANN001
    """One category's gold artifacts found, and where each diagnostic fell (``hits``, ``legit``,
    ``neutral``, ``unannotated``, and the same per rule code)."""
    from collections import Counter

    score: Counter[str] = Counter()
    for stem in stems:
        spans = [g for g in gold(stem) if g["category"] == category]
        diags = lint(seed_text(stem))
        for g in spans:
            if g["label"] == "artifact":
                score["artifacts"] += 1
                score["found"] += any(overlap(d.start.offset, d.end.offset, g["start"], g["end"]) for d in diags)
        for d in diags:
            labels = {g["label"] for g in spans if overlap(d.start.offset, d.end.offset, g["start"], g["end"])}
            key = "hits" if "artifact" in labels else "legit" if "legit" in labels else (
                "neutral" if labels else "unannotated")
            score[key] += 1
            score[f"{d.code}.{key}"] += 1
    return dict(score)
