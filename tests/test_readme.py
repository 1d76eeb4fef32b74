"""Every snippet in the README, executed: commands, the library example, config, rules, hooks."""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, flags=re.S)
BIN = Path(sys.executable).parent
# Set-up lines are what CI itself does (.ci/run) and the packaging tests prove from a wheel.
SETUP = ("python3 -m venv", "python -m pytest")


def blocks(lang: str) -> list[str]:
    return [body for kind, body in BLOCKS if kind == lang]


def commands() -> list[str]:
    out = []
    for body in blocks("console"):
        for line in body.splitlines():
            if line.startswith("$ "):
                cmd = line[2:].split("  #")[0].strip()
                if not cmd.startswith(SETUP):
                    out.append(cmd)
    return out


@pytest.fixture
def workdir(tmp_path, shared):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in ("000_4f7e58140ce92ee0.txt", "001_016b616b6490f3df.txt"):
        shutil.copy(shared / "seeds" / seed, corpus / seed)
    with open(tmp_path / "corpus.jsonl", "w", encoding="utf-8") as handle:
        for p in sorted((ROOT / "examples").glob("*.txt")):
            text = p.read_bytes().decode("utf-8", "replace")
            handle.write(json.dumps({"id": p.stem, "content": text, "text": text}, ensure_ascii=False) + "\n")
    return tmp_path


def test_the_readme_has_the_two_setup_commands():
    console = "\n".join(blocks("console"))
    assert "pip install -e '.[dev]' && textlint examples/" in console
    assert "$ python -m pytest" in console
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python -m pytest" in ci


@pytest.mark.parametrize("command", commands())
def test_console_command(command, workdir, request):
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    if "--ray-address" in command:  # `auto` finds the cluster through RAY_ADDRESS, as `ray start` says
        env["RAY_ADDRESS"] = request.getfixturevalue("ray_cluster")
    proc = subprocess.run(command, shell=True, cwd=workdir, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode in (0, 1), f"{command}: exit {proc.returncode}\n{proc.stderr[-2000:]}"
    assert "Traceback" not in proc.stderr
    for target in re.findall(r"-o (\S+)", command):
        assert (workdir / target).stat().st_size > 0


def test_python_snippet(workdir, monkeypatch, capsys):
    monkeypatch.chdir(workdir)
    for body in blocks("python"):
        exec(compile(body, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "SP001" in out and "查落实，层层传导压力" in out and "examples/layout.txt" in out


def test_json_example_has_the_shape_the_cli_prints(workdir, capsys, monkeypatch):
    from textlint_cn.cli import main

    (example,) = [json.loads(b) for b in blocks("json")]
    monkeypatch.chdir(workdir)
    main(["--no-cache", "--format", "json", "--select", "EN001", "examples/encoding.txt"])
    (real,) = json.loads(capsys.readouterr().out)
    assert real == example


def test_config_snippet_is_valid(tmp_path):
    from textlint_cn import api
    from textlint_cn.config import parse_settings

    config = blocks("toml")[0]
    settings = parse_settings(tomllib.loads(config), tmp_path / "textlint.toml")
    rules = api.rules_for(settings)
    assert rules and all(r.code != "SP004" for r in rules)


def test_user_rule_snippet_runs_its_examples(tmp_path):
    from textlint_cn import api
    from textlint_cn.config import Settings

    rule_dir = tmp_path / "my_rules"
    rule_dir.mkdir()
    (rule_dir / "org.toml").write_text(blocks("toml")[1], encoding="utf-8")
    settings = Settings(rule_dirs=(rule_dir,))
    assert [d.code for d in api.lint("国家计委发布通知", settings=settings, select=["ORG001"])] == ["ORG001"]
    assert api.fix("国家计委发布通知", settings=settings, select=["ORG001"], unsafe=True).text == "国家发展改革委发布通知"
    entry = blocks("toml")[2]
    assert tomllib.loads(entry)["project"]["entry-points"]["textlint_cn.rules"]


def test_pre_commit_snippet_names_the_shipped_hooks():
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    shipped = set(re.findall(r"^- id: (\S+)", hooks, flags=re.M))
    (snippet,) = blocks("yaml")
    used = set(re.findall(r"- id: (\S+)", snippet))
    assert used == shipped == {"textlint-cn", "textlint-cn-fix"}
    assert shlex.split("textlint-cn check") and "entry: textlint-cn check" in hooks
