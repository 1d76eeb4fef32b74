"""The Ray engine on a local two-node cluster: the same clusters as the local engine, from the CLI
(``--ray-address``) and from the library over a Ray Dataset."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS
from textlint_cn.dedup import DedupOptions, dedup_records, find_duplicates, find_duplicates_ray

pytestmark = [pytest.mark.ray, pytest.mark.slow]

TEXTLINT = str(Path(sys.executable).parent / "textlint")


def seed_docs() -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    return subprocess.run([TEXTLINT, *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def test_cli_dedup_on_the_cluster_matches_the_local_engine(shared, ray_cluster, tmp_path):
    local = _run(["dedup", str(SEEDS), "-o", "local.jsonl"], tmp_path)
    assert local.returncode == 0, local.stderr
    remote = _run(["dedup", str(SEEDS), "--ray-address", ray_cluster, "-o", "ray.jsonl"], tmp_path)
    assert remote.returncode == 0, remote.stderr[-3000:]
    lines = (tmp_path / "ray.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines == (tmp_path / "local.jsonl").read_text(encoding="utf-8").splitlines()
    clusters = [json.loads(line) for line in lines]
    # the gold pair across 000 and 001, and the copy inside 002
    assert sorted(sorted(Path(m["path"]).name[:3] for m in c["members"]) for c in clusters) == \
        [["000", "001"], ["002", "002"]]


def test_library_over_a_ray_dataset(shared, ray_cluster):
    import ray

    docs = seed_docs()
    ray.init(address=ray_cluster, include_dashboard=False, log_to_driver=False)
    try:
        dataset = ray.data.from_items([{"path": p, "text": t} for p, t in docs])
        clusters = find_duplicates_ray(dataset, DedupOptions())
    finally:
        ray.shutdown()
    assert list(dedup_records(clusters)) == list(dedup_records(find_duplicates(docs)))


def test_an_unreachable_cluster_is_a_clear_error(tmp_path):
    pytest.importorskip("ray")
    proc = _run(["dedup", str(tmp_path), "--ray-address", "127.0.0.1:9"], tmp_path)
    assert proc.returncode == 2
    assert "cannot reach the Ray cluster at 127.0.0.1:9" in proc.stderr and "Traceback" not in proc.stderr
