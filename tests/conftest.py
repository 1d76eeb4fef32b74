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
