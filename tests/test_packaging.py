"""The wheel ships the rule catalogue, and the pre-commit hooks work through the real tool."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DIRTY = "今年以来，\x07各级机关认真落实部署要求。\n"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return next(out.glob("textlint_cn-*.whl"))


def test_wheel_contains_the_rule_catalogue(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n.rsplit("/", 1)[-1] for n in names if n.startswith("textlint_cn/_rules/")}
    assert shipped == {p.name for p in (ROOT / "rules").glob("*.toml")}
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[textlint_cn.rules]" in text and "builtin = textlint_cn.builtin:PACK" in text


def test_wheel_installs_and_runs_in_a_fresh_venv(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    proc = subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(wheel)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    sample = tmp_path / "sample.txt"
    sample.write_text(DIRTY, encoding="utf-8")
    run = subprocess.run([str(env_dir / "bin" / "textlint"), "--isolated", "--no-cache", str(sample)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 1 and "EN001" in run.stdout, run.stdout + run.stderr
    rules = subprocess.run([str(env_dir / "bin" / "textlint"), "rule"], capture_output=True, text=True, cwd=tmp_path)
    installed = {line.split()[0] for line in rules.stdout.splitlines() if line.strip()}
    from textlint_cn import api

    assert installed == {s.code for s in api.catalogue().specs if not s.code.startswith("TL")}
    where = subprocess.run([str(py), "-c", "import textlint_cn.builtin as b; print(b.catalogue_dir())"],
                           capture_output=True, text=True, cwd=tmp_path)
    assert "_rules" in where.stdout and "site-packages" in where.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed by pre-commit")
def test_pre_commit_hooks_check_and_fix(tmp_path):
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.exists():
        pytest.skip("pre-commit is not installed (it is in the dev extra)")
    repo = tmp_path / "docs"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    (repo / "note.txt").write_text(DIRTY, encoding="utf-8")
    subprocess.run(["git", "add", "note.txt"], cwd=repo, check=True)

    def hook(hook_id: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(pre_commit), "try-repo", str(ROOT), hook_id, "--files", "note.txt"],
                              cwd=repo, capture_output=True, text=True, env=env, timeout=600)

    check = hook("textlint-cn")
    assert check.returncode == 1, check.stdout + check.stderr
    assert "EN001" in check.stdout
    fix = hook("textlint-cn-fix")
    assert fix.returncode == 1 and "files were modified by this hook" in fix.stdout, fix.stdout
    assert (repo / "note.txt").read_text(encoding="utf-8") == "今年以来，各级机关认真落实部署要求。\n"
    subprocess.run(["git", "add", "note.txt"], cwd=repo, check=True)
    assert hook("textlint-cn").returncode == 0


def test_version_is_the_installed_distributions():
    """``textlint --version`` reads ``_version.py`` (no importlib.metadata at start-up); the build
    reads the same file, so the two cannot drift."""
    import importlib.metadata

    import textlint_cn

    assert textlint_cn.__version__ == importlib.metadata.version("textlint-cn")
