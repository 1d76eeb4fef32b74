"""Executed documentation: files written to a scratch folder and commands run there.

A guide is a list of parts: markdown prose, files (written, and shown unless hidden) and
commands. Each command really runs, in-process, and the guide shows its real output; a
command that does not exit as the guide says stops the generation, so the docs cannot promise
behaviour the linter does not have.
"""
from __future__ import annotations

import contextlib
import io
import shlex
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence, Union


class GuideError(Exception):
    """A documented command did not behave as the guide says."""


@dataclass(frozen=True, slots=True)
class File:
    name: str
    content: str
    lang: str = "text"
    show: bool = True
    caption: str = ""


@dataclass(frozen=True, slots=True)
class Run:
    command: str  # starts with "textlint"
    exit: int  # the exit code the guide promises


@dataclass(frozen=True, slots=True)
class Remove:
    name: str


Part = Union[str, File, Run, Remove]


def _fence(text: str) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return fence


def _execute(command: str) -> tuple[int, str]:
    from ..cli import main

    argv = shlex.split(command)
    if argv[:1] != ["textlint"]:
        raise GuideError(f"documented command must start with textlint: {command!r}")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(argv[1:])
    return code, out.getvalue()


def render_guide(parts: Sequence[Part]) -> str:
    """The markdown of a guide, every command run in a fresh scratch folder in order."""
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="textlint-docs-") as scratch, contextlib.chdir(scratch):
        root = Path(scratch)
        for part in parts:
            if isinstance(part, str):
                lines += [part.strip("\n"), ""]
            elif isinstance(part, File):
                target = root / part.name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(part.content, encoding="utf-8")
                if part.show:
                    fence = _fence(part.content)
                    lines += [part.caption or f"`{part.name}`:", "", f"{fence}{part.lang}",
                              part.content.rstrip("\n"), fence, ""]
            elif isinstance(part, Remove):
                (root / part.name).unlink()
            else:
                code, output = _execute(part.command)
                if code != part.exit:
                    raise GuideError(f"`{part.command}` exited {code}, the guide says {part.exit}:\n{output}")
                shown = f"$ {part.command}\n{output.rstrip()}".rstrip()
                fence = _fence(shown)
                lines += [f"{fence}console", shown, fence, ""]
    return "\n".join(lines).rstrip("\n") + "\n"
