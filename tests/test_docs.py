"""The generated docs: in sync with rules/, the same page as `textlint rule CODE`, examples that ran."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from textlint_cn import cli
from textlint_cn._types import Applicability, Severity
from textlint_cn.builtin import catalogue_dir
from textlint_cn.docsgen import (
    DOCS_DIR,
    REGENERATE,
    expected_docs,
    stale_docs,
    write_docs,
)
from textlint_cn.docsgen.runner import File, GuideError, Run, render_guide
from textlint_cn.ruledoc import render_markdown
from textlint_cn.rulespec import Example, RuleSpec, load_catalogue_dir

ROOT = Path(__file__).resolve().parent.parent
SPECS = load_catalogue_dir(catalogue_dir())


@pytest.fixture(scope="module")
def expected() -> dict[str, str]:
    return expected_docs()


def test_docs_are_in_sync_with_the_rules(expected: dict[str, str]) -> None:
    problems = stale_docs(DOCS_DIR, expected)
    assert not problems, (
        "docs/ does not match rules/ and the code:\n  " + "\n  ".join(problems)
        + f"\nRegenerate with `{REGENERATE}` (from the repository root) and commit docs/."
    )


def test_every_rule_has_a_page_and_the_index_links_them(expected: dict[str, str]) -> None:
    index = expected["rules/index.md"]
    for spec in SPECS:
        assert f"rules/{spec.code}.md" in expected
        assert f"]({spec.code}.md)" in index, f"the index does not link {spec.code}"
    for target in re.findall(r"\]\(([^)#]+)\)", index):
        assert (DOCS_DIR / "rules" / target).resolve().is_file() or target in {"../suppression.md"}
    assert (DOCS_DIR / "suppression.md").is_file()


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.code)
def test_rule_command_prints_the_docs_page(spec: RuleSpec, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["rule", spec.code, "--isolated"]) == 0
    printed = capsys.readouterr().out
    assert printed.rstrip("\n") == render_markdown(spec).rstrip("\n")
    page = render_markdown(spec)
    assert page.startswith(f"# {spec.code} {spec.name}\n")
    for section in ("## What it finds", f"Category: `{spec.category}`"):
        assert section in page
    if spec.kind != "internal":
        assert "## Why it matters" in page and "## Examples" in page and "## Fix safety" in page
        assert "## Suppressing it" in page


def test_rule_page_shows_invisible_characters_options_and_fix_safety() -> None:
    spec = RuleSpec(code="ZZ001", name="zero-width-demo", category="encoding", severity=Severity.WARNING,
                    summary="zero-width spaces", rationale="They split words for no reason.", kind="regex",
                    pattern="\u200b", fix=Applicability.SAFE, fix_title="delete it",
                    options={"allow": ["甲", "乙"], "strict": True, "ratio": 0.5},
                    examples=(Example(bad="加强\u200b组织", fixed="加强组织"), Example(good="加强 ``组织``")))
    page = render_markdown(spec)
    assert "加强\\u200b组织" in page
    assert "```text\n加强 ``组织``\n```" in page
    assert '| `allow` | `["甲", "乙"]` |' in page and "strict = true" in page and "ratio = 0.5" in page
    assert "TL004" in page  # a safe encoding fix is checked to keep Han characters and digits


def test_check_command_reports_stale_docs_and_write_repairs_them(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(DOCS_DIR, docs)
    (docs / "rules" / "EN001.md").write_text("old\n", encoding="utf-8")
    (docs / "rules" / "XX999.md").write_text("# a removed rule\n", encoding="utf-8")
    (docs / "suppression.md").unlink()
    done = subprocess.run([sys.executable, "-m", "textlint_cn.docsgen", "--check", "--docs", str(docs)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "rules/EN001.md: out of date" in done.stderr
    assert "rules/XX999.md: no rule has this page any more" in done.stderr
    assert "suppression.md: missing" in done.stderr
    assert REGENERATE in done.stderr
    touched = write_docs(docs)
    assert set(touched) == {"rules/EN001.md", "rules/XX999.md (removed)", "suppression.md"}
    assert stale_docs(docs) == []


def test_suppression_guide_covers_every_way() -> None:
    guide = (DOCS_DIR / "suppression.md").read_text(encoding="utf-8")
    for needle in ("ignore = [", "[per-file-ignores]", "[tool.textlint]", "textlint-disable-next-line",
                   "textlint-disable ", "textlint-enable", "textlint-disable-file", "--write-baseline",
                   "--baseline", "$ textlint check"):
        assert needle in guide, needle


def test_guide_commands_really_run_and_must_behave(tmp_path: Path) -> None:
    text = render_guide([File("a.txt", "各区县： 现将有关事项通知如下。\n"), Run("textlint check a.txt", 1)])
    assert "$ textlint check a.txt\na.txt:1:5: SP001" in text
    with pytest.raises(GuideError, match="exited 1, the guide says 0"):
        render_guide([File("a.txt", "各区县： 现将有关事项通知如下。\n"), Run("textlint check a.txt", 0)])


def test_path_spelling_does_not_matter_to_per_file_ignores_and_baselines(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """As the suppression guide promises: ``./scraped/a.txt`` and ``scraped/a.txt`` are one file."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scraped").mkdir()
    (tmp_path / "scraped" / "a.txt").write_text("联系人：×××，电话：请见附件。\n", encoding="utf-8")
    (tmp_path / "textlint.toml").write_text('[per-file-ignores]\n"scraped/*" = ["redaction"]\n', encoding="utf-8")
    for spelling in (".", "./scraped", "./scraped/a.txt", "scraped/a.txt"):
        assert cli.main(["check", spelling, "--no-cache"]) == 0, spelling
    (tmp_path / "textlint.toml").unlink()
    assert cli.main(["check", ".", "--no-cache", "--write-baseline", "base.json"]) == 1
    assert cli.main(["check", "scraped/a.txt", "--no-cache", "--baseline", "base.json"]) == 0
    capsys.readouterr()
