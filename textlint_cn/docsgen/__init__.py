"""Generate ``docs/`` from the rule catalogue, and check it is up to date.

    python -m textlint_cn.docsgen            write docs/rules/*.md, docs/rules/index.md, docs/suppression.md
    python -m textlint_cn.docsgen --check    exit 1 (and say which files) when docs/ is out of date

Rule pages come from :func:`textlint_cn.ruledoc.render_markdown`, the same page
``textlint rule CODE`` prints. Only the built-in catalogue (``rules/``) is documented, never
rules from installed plugins or a user's rule folders.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

REGENERATE = "python -m textlint_cn.docsgen"
DOCS_DIR = Path(__file__).resolve().parent.parent.parent / "docs"


def expected_docs() -> dict[str, str]:
    """Every generated file, as a path relative to ``docs/`` and its content."""
    from ..builtin import catalogue_dir
    from ..ruledoc import render_markdown
    from ..rulespec import load_catalogue_dir
    from .index import families, render_index
    from .suppression import render_suppression

    directory = catalogue_dir()
    specs = load_catalogue_dir(directory)
    files = {f"rules/{s.code}.md": render_markdown(s) for s in specs}
    files["rules/index.md"] = render_index(families(directory, specs))
    files["suppression.md"] = render_suppression()
    return files


def _generated_here(docs: Path) -> set[str]:
    """Files in ``docs/`` that generation owns: every page under ``rules/`` and the guide."""
    found = {p.relative_to(docs).as_posix() for p in (docs / "rules").glob("*.md")} if (docs / "rules").is_dir() else set()
    if (docs / "suppression.md").is_file():
        found.add("suppression.md")
    return found


def stale_docs(docs: Path = DOCS_DIR, expected: dict[str, str] | None = None) -> list[str]:
    """What is out of date: missing, changed, or left over from a rule that no longer exists."""
    expected = expected_docs() if expected is None else expected
    problems = []
    for rel, content in sorted(expected.items()):
        path = docs / rel
        if not path.is_file():
            problems.append(f"{rel}: missing")
        elif path.read_text(encoding="utf-8") != content:
            problems.append(f"{rel}: out of date")
    for rel in sorted(_generated_here(docs) - set(expected)):
        problems.append(f"{rel}: no rule has this page any more")
    return problems


def write_docs(docs: Path = DOCS_DIR) -> list[str]:
    """Write what changed and remove pages of removed rules; the files touched."""
    expected = expected_docs()
    touched = []
    for rel, content in sorted(expected.items()):
        path = docs / rel
        if path.is_file() and path.read_text(encoding="utf-8") == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        touched.append(rel)
    for rel in sorted(_generated_here(docs) - set(expected)):
        (docs / rel).unlink()
        touched.append(f"{rel} (removed)")
    return touched


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m textlint_cn.docsgen",
                                description="Generate the rule pages, the rule index and the suppression guide.")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if docs/ is out of date")
    p.add_argument("--docs", type=Path, default=DOCS_DIR, help=f"the docs folder (default: {DOCS_DIR})")
    ns = p.parse_args(argv)
    from ..rulespec import CatalogueError
    from .runner import GuideError

    try:
        if ns.check:
            problems = stale_docs(ns.docs)
            for line in problems:
                print(f"{ns.docs}/{line}", file=sys.stderr)
            if problems:
                print(f"docs are out of date; regenerate them with `{REGENERATE}`", file=sys.stderr)
                return 1
            print("docs are up to date")
            return 0
        touched = write_docs(ns.docs)
    except (CatalogueError, GuideError) as exc:
        print(f"docsgen: error: {exc}", file=sys.stderr)
        return 2
    for rel in touched:
        print(f"wrote {ns.docs}/{rel}")
    print(f"{len(touched)} file(s) changed" if touched else "docs are up to date")
    return 0
