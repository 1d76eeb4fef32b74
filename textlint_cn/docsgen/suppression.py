"""``docs/suppression.md``: config ``ignore``, ``per-file-ignores``, inline directives and baselines.

Every command in the guide is run when the docs are generated, and its real output is shown.
"""
from __future__ import annotations

from .runner import File, Part, Remove, Run, render_guide

NOTICE = """关于开展基层减负专项整治的通知
各区县： 现将有关事项通知如下。
联系人：×××，电话：请见附件。
"""

PAGE = """# 关于开展基层减负专项整治的通知

<!-- textlint-disable-next-line SP001 -->
各区县： 现将有关事项通知如下。

<!-- textlint-disable redaction -->
联系人：×××，电话：请见附件。
经办人：××，电话：请见附件。
<!-- textlint-enable redaction -->

审核人：×××。
"""

PARTS: list[Part] = [
    """
# Suppressing findings

Not every finding needs a fix. A corpus may keep its redactions on purpose, a folder of scraped
pages may be known to carry portal furniture, and a team adopting the linter on a large corpus
wants to see new problems, not the thousands already there. There are four ways to say so, from
the broadest to the narrowest:

| Way | Where | Use it for |
|---|---|---|
| [`ignore`](#ignore-a-rule-everywhere) | config or `--ignore` | a rule your corpus does not need |
| [`per-file-ignores`](#ignore-a-rule-for-some-files) | config | a rule that does not apply to some files |
| [inline directives](#inline-directives) | the text itself | a passage an editor has checked |
| [a baseline](#baselines-see-only-new-problems) | a JSON file beside the corpus | adopting the linter on an existing corpus |

Wherever a rule is named you may use its code (`SP001`), a code prefix (`SP`: every spacing
rule), its name (`space-around-fullwidth-punctuation`) or a category (`spacing`, `redaction`,
`encoding`, `linebreak`, `punctuation`, `boilerplate`, `duplicate`, `other`). A config selector
that matches no rule is an error, so a typo never silently switches nothing off.

Every command on this page was run when the page was generated; the output shown is what it
printed.

## The example
""",
    File("notice.txt", NOTICE),
    Run("textlint check notice.txt", 1),
    """
Two findings: a space after a full-width colon (`SP001`) and a masked name (`RD001`, category
`redaction`).

## Ignore a rule everywhere

`ignore` in `textlint.toml` (or `.textlint.toml`, or `[tool.textlint]` in `pyproject.toml`)
removes rules from the selection. The closest config file above the folder you run in is used.
""",
    File("textlint.toml", 'ignore = ["redaction"]\n', "toml"),
    Run("textlint check notice.txt", 1),
    """
On the command line, `--ignore` adds to the config's list (comma-separated or repeated), and
`--isolated` ignores config files altogether:
""",
    Run("textlint check notice.txt --ignore SP001", 0),
    Run("textlint check notice.txt --isolated", 1),
    """
In `pyproject.toml` the same keys live under `[tool.textlint]` (used when no `textlint.toml` is
closer):
""",
    Remove("textlint.toml"),
    File("pyproject.toml", '[project]\nname = "gazette"\n\n[tool.textlint]\nignore = ["SP001"]\n', "toml"),
    Run("textlint check notice.txt", 1),
    Remove("pyproject.toml"),
    """
## Ignore a rule for some files

`per-file-ignores` maps a glob to the rules to leave out for the files it matches. A glob is
matched against the path as the linter prints it, relative to the folder you run in (a leading
`./` does not matter), and against the bare file name; `*` also matches `/`.
""",
    File("scraped/page.txt", NOTICE),
    File("textlint.toml", '[per-file-ignores]\n"scraped/*" = ["redaction"]\n', "toml"),
    Run("textlint check .", 1),
    """
The masked name is no longer reported in `scraped/page.txt`, and still is in `notice.txt`.

## Inline directives

Directives are HTML comments, so they disappear when markdown is rendered and read as a plain
note in a `.txt` file:

| Directive | Covers |
|---|---|
| `<!-- textlint-disable-next-line SEL -->` | the line after the comment |
| `<!-- textlint-disable SEL -->` … `<!-- textlint-enable SEL -->` | the lines from one comment to the other |
| `<!-- textlint-disable-file SEL -->` | the whole file, wherever the comment is |

`SEL` is one or more selectors separated by commas or spaces; without any, the directive covers
every rule. A finding is covered when the line it starts on is. An `enable` closes the range
opened with the same selectors (a bare `<!-- textlint-enable -->` closes all of them), and a
range never closed runs to the end of the file.
""",
    File("page.md", PAGE, "markdown"),
    Run("textlint check page.md", 1),
    """
Only the masked name after the range is left. One comment can cover a whole file; with
`<!-- textlint-disable-file redaction, SP001 -->` added as the last line of `page.md`:
""",
    File("page.md", PAGE + "\n<!-- textlint-disable-file redaction, SP001 -->\n", "markdown", show=False),
    Run("textlint check page.md", 0),
    """
The `textlint.toml` of the previous section is still in force: its `per-file-ignores` do not
touch `page.md`.

In a JSON-lines corpus each record is its own document, so a directive inside a record's text
covers that record only. Directives are part of the text: for a corpus you will train on or
publish, prefer the config or a baseline to writing comments into the documents.

## Baselines: see only new problems

A baseline records today's findings so that later runs report only new ones. Write it once,
commit it beside the corpus, and pass it on every run (in CI, in the pre-commit hook's `args`):
""",
    Remove("page.md"),
    Remove("scraped/page.txt"),
    Run("textlint check . --write-baseline textlint-baseline.json", 1),
    Run("textlint check . --baseline textlint-baseline.json", 0),
    """
Now a new problem appears in the file (a fourth line with a space after a colon):
""",
    File("notice.txt", NOTICE + "各街道： 请于周五前报送。\n", show=False),
    Run("textlint check notice.txt --baseline textlint-baseline.json", 1),
    """
Only the new finding is reported, and the path may be spelled either way (`./notice.txt` when
the baseline was written with `textlint check .`, `notice.txt` as pre-commit passes it).

A finding is recognised by its file, its rule and the text under it with a few characters on
either side, plus its position among identical findings. It stays recognised when the file is
edited elsewhere; editing the text right around it, or renaming the file, makes it new.
Engine findings (an unreadable file, a failed rule) are never hidden by a baseline. To accept
the current state again, write the baseline anew (without `--baseline`). The corpus report
takes the same option, so it shows only what is new:
""",
    Run("textlint report . --baseline textlint-baseline.json -o report.html", 1),
]


def render_suppression() -> str:
    return render_guide(PARTS)
