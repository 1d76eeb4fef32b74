"""The ``textlint`` command (also ``textlint-cn`` and ``python -m textlint_cn``).

    textlint [check] PATH...        lint (the default subcommand)
    textlint rule [CODE]            list the rules, or explain one
    textlint dedup PATH...          duplicate clusters as JSON lines
    textlint report PATH... -o F    a self-contained HTML corpus report

A path that shadows a subcommand name is written ``./name``. Exit codes: 0 clean (or all
fixed), 1 diagnostics remain, 2 usage, config or internal error.
"""
from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path
from typing import Any, Iterable, Sequence, TextIO

SUBCOMMANDS = ("check", "rule", "dedup", "report", "version")
EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


def _csv(values: Sequence[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def _version() -> str:
    from . import __version__

    return str(__version__)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", type=Path, help="use this config file instead of the closest one")
    p.add_argument("--isolated", action="store_true", help="ignore all config files")
    p.add_argument("--select", action="append", help="rules to run (codes, prefixes, names, categories; comma-separated)")
    p.add_argument("--extend-select", action="append", help="rules to add to the selection")
    p.add_argument("--ignore", action="append", help="rules to leave out")
    p.add_argument("--encoding", help="read files in this encoding instead of detecting it")
    p.add_argument("--text-field", help="field holding the text in JSON-lines corpora (default: text)")
    p.add_argument("-j", "--jobs", type=int, default=0, help="worker processes (default: one per core; 1: serial)")
    p.add_argument("--force-exclude", action="store_true", help="apply excludes to files named on the command line")
    p.add_argument("--no-respect-gitignore", action="store_true", help="also lint files .gitignore excludes")
    p.add_argument("-q", "--quiet", action="store_true", help="print diagnostics only: no summary, no progress bar")


def _check_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="textlint", description="Lint OCR'd and scraped Chinese text.",
                                epilog="Subcommands: check (default), rule, dedup, report. Exit codes: 0 clean, "
                                       "1 diagnostics remain, 2 usage, config or internal error.")
    p.add_argument("paths", nargs="*", default=["."], help="files and folders; '-' reads stdin")
    p.add_argument("--version", action="version", version=f"textlint-cn {_version()}")
    p.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    p.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, also apply unsafe fixes")
    p.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    p.add_argument("--format", "--output-format", dest="format", default="concise",
                   choices=("concise", "full", "json", "json-lines", "sarif", "github"), help="output format")
    p.add_argument("-o", "--output-file", type=Path, help="write the report here instead of stdout")
    p.add_argument("--statistics", action="store_true", help="counts by rule and redactions by document")
    p.add_argument("--stdin-filename", help="the name of the file read from stdin, for config and messages")
    p.add_argument("--output-encoding", help="with --fix, write files in this encoding")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when diagnostics remain")
    p.add_argument("--fail-on", choices=("info", "warning", "error"), help="lowest severity that makes the exit code 1")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the result cache")
    p.add_argument("--baseline", type=Path, help="hide diagnostics recorded in this baseline file")
    p.add_argument("--write-baseline", type=Path, help="record the current diagnostics in a baseline file")
    p.add_argument("--ray-address", help="run cross-file duplicate detection on this Ray cluster")
    _common(p)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] in (["--version"], ["-V"], ["version"]):
        print(f"textlint-cn {_version()}")
        return EXIT_CLEAN
    command = "check"
    if args and args[0] in SUBCOMMANDS:
        command, args = args[0], args[1:]
    try:
        if command == "rule":
            return _rule_command(args)
        if command == "dedup":
            from .dedup_cli import dedup_command

            return dedup_command(args)
        if command == "report":
            from .report import report_command

            return report_command(args)
        return _check_command(args)
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    except KeyboardInterrupt:
        print("textlint: interrupted; files already written are complete", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN
    except OSError as exc:  # e.g. -o into a folder that does not exist
        print(f"textlint: error: {exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_ERROR
    except Exception:  # a crash must exit 2, not 1 ("problems found")
        import traceback

        traceback.print_exc()
        print("textlint: internal error (the traceback above); please report it", file=sys.stderr)
        return EXIT_ERROR


def load_run_settings(ns: argparse.Namespace) -> Any:
    """Settings from config files, with the command line on top. Raises on bad config."""
    from .config import load_settings

    start = None
    if getattr(ns, "stdin_filename", None):
        start = Path(ns.stdin_filename).resolve().parent
    settings = load_settings(ns.config, start=start, isolated=ns.isolated)
    from ._types import Severity

    return settings.merged(
        select=tuple(_csv(ns.select)) if ns.select else None,
        extend_select=tuple(settings.extend_select) + tuple(_csv(ns.extend_select) or ()),
        ignore=tuple(settings.ignore) + tuple(_csv(ns.ignore) or ()),
        encoding=ns.encoding,
        output_encoding=getattr(ns, "output_encoding", None),
        text_field=ns.text_field,
        respect_gitignore=False if ns.no_respect_gitignore else None,
        fail_on=Severity.parse(ns.fail_on) if getattr(ns, "fail_on", None) else None,
    )


def _errors() -> tuple[type[Exception], ...]:
    from .baseline import BaselineError
    from .config import ConfigError
    from .plugins import PluginError
    from .rulespec import CatalogueError
    from .ruleset import SelectionError

    return (ConfigError, PluginError, CatalogueError, SelectionError, BaselineError)


def _check_command(argv: list[str]) -> int:
    parser = _check_parser()
    ns = parser.parse_args(argv)
    try:
        settings = load_run_settings(ns)
        from .api import catalogue, rules_for
        from .ruleset import check_per_file_ignores

        rules_for(settings)  # validate selection and options before touching files
        check_per_file_ignores(catalogue(settings), settings.per_file_ignores)
    except _errors() as exc:
        print(f"textlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    from .runner import RunOptions, run

    paths = [p[2:] if p.startswith("./") and p[2:] in SUBCOMMANDS else p for p in ns.paths]
    if "-" in paths and len(paths) > 1:
        print("textlint: error: '-' (stdin) cannot be combined with other paths", file=sys.stderr)
        return EXIT_ERROR
    options = RunOptions(fix=ns.fix, unsafe=ns.unsafe_fixes, diff=ns.diff, jobs=ns.jobs,
                         stdin_filename=ns.stdin_filename, force_exclude=ns.force_exclude,
                         use_cache=not ns.no_cache and "-" not in paths, progress=not ns.quiet,
                         ray_address=ns.ray_address)
    progress = _progress_bar(ns.quiet)
    try:
        stream = run(paths, settings, options, progress=progress.update if progress else None)
        first = next(stream, None)  # every file is linted before the first result comes back
    except _errors() as exc:
        print(f"textlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        if progress:
            progress.close()
    # Results are written as they come, not collected: a big folder's findings need not fit in memory.
    results: Iterable[Any] = itertools.chain(() if first is None else (first,), stream)
    try:
        if ns.baseline or ns.write_baseline:
            results = list(results)
        if ns.baseline:
            from .baseline import filter_baseline, load_baseline

            results = filter_baseline(results, load_baseline(ns.baseline))
        if ns.write_baseline:
            from .baseline import write_baseline

            count = write_baseline(ns.write_baseline, results)
            if not ns.quiet:
                print(f"textlint: wrote {count} fingerprints to {ns.write_baseline}", file=sys.stderr)
    except _errors() as exc:
        print(f"textlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    return _emit(ns, settings, results)


def _emit(ns: argparse.Namespace, settings: Any, results: Iterable[Any]) -> int:
    from .formats import writer_for

    stdin_fix = ns.paths == ["-"] and ns.fix and not ns.diff
    totals = _Totals()
    if stdin_fix or ns.diff or ns.statistics or ns.format not in _STREAMED:
        results = [totals.add(r) for r in results]
    else:
        results = map(totals.add, results)  # counted as the writer goes
    if stdin_fix:
        for r in results:
            if r.output is not None:
                sys.stdout.write(r.output)
        sys.stdout.flush()
    out: TextIO = sys.stderr if stdin_fix else sys.stdout
    handle = None
    if ns.output_file:
        handle = out = open(ns.output_file, "w", encoding="utf-8")  # noqa: SIM115
    try:
        if ns.diff:
            for r in results:
                out.write(r.diff)
        if ns.statistics:
            from .formats.statistics import write_statistics

            write_statistics(results, out, as_json=ns.format in ("json", "json-lines"))
        else:
            writer_for(ns.format)(results, out)
        if ns.format in ("concise", "full") and not ns.quiet:
            _summary(totals, ns, sys.stderr if (stdin_fix or handle) else out)
    finally:
        if handle:
            handle.close()
    return _exit_code(totals, settings, ns)


_STREAMED = ("concise", "full", "github")  # formats written result by result


class _Totals:
    """What the summary line and the exit code need of the results, added up as they pass."""

    def __init__(self) -> None:
        self.files = self.remaining = self.fixed = self.fixable = self.unsafe = self.written = 0
        self.failed = self.diff = False
        self.worst = 0  # the highest severity of a remaining diagnostic

    def add(self, r: Any) -> Any:
        self.files += 1
        self.remaining += len(r.diagnostics)
        self.fixed += len(r.fixed)
        self.written += bool(r.written)
        self.failed = self.failed or r.failed
        self.diff = self.diff or bool(r.diff)
        if not r.diagnostics:
            return r
        from .findings import tally

        counted = tally(r.diagnostics)
        self.fixable += counted.safe
        self.unsafe += counted.unsafe
        self.worst = max(self.worst, counted.worst)
        return r


def _summary(totals: _Totals, ns: argparse.Namespace, out: TextIO) -> None:
    remaining, fixed, files = totals.remaining, totals.fixed, totals.files
    parts = []
    if ns.fix and not ns.diff:
        written = totals.written
        parts.append(f"Fixed {fixed} problem{'s' * (fixed != 1)} in {written} file{'s' * (written != 1)}.")
    if remaining:
        parts.append(f"Found {remaining} problem{'s' * (remaining != 1)} in {files} file{'s' * (files != 1)}.")
        if totals.fixable and not ns.fix:
            parts.append(f"[*] {totals.fixable} fixable with --fix.")
        if totals.unsafe:
            parts.append(f"{totals.unsafe} more with --fix --unsafe-fixes.")
    elif not parts:
        parts.append(f"All checks passed ({files} file{'s' * (files != 1)}).")
    out.write(" ".join(parts) + "\n")


def _exit_code(totals: _Totals, settings: Any, ns: argparse.Namespace) -> int:
    if totals.failed:
        return EXIT_ERROR
    if ns.exit_zero:
        return EXIT_CLEAN
    if ns.diff and totals.diff:
        return EXIT_FOUND
    if totals.worst >= settings.fail_on:
        return EXIT_FOUND
    return EXIT_CLEAN


class _Progress:
    def __init__(self) -> None:
        from tqdm import tqdm

        self._bar = tqdm(total=0, unit="file", file=sys.stderr, delay=2.0, leave=False, dynamic_ncols=True)

    def update(self, done: int, total: int) -> None:
        if self._bar.total != total:
            self._bar.total = total
        self._bar.n = done
        self._bar.refresh() if done == total else self._bar.update(0)

    def close(self) -> None:
        self._bar.close()


def _progress_bar(quiet: bool) -> _Progress | None:
    """A bar on stderr for long runs, only on a terminal and when tqdm is installed."""
    if quiet or not sys.stderr.isatty():
        return None
    try:
        return _Progress()
    except ImportError:
        return None


def _rule_command(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="textlint rule", description="List the rules, or explain one.")
    p.add_argument("code", nargs="?", help="a rule code or name")
    p.add_argument("--all", action="store_true", help="also list the engine's own codes (TL)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--config", type=Path)
    p.add_argument("--isolated", action="store_true")
    ns = p.parse_args(argv)
    from .api import catalogue
    from .config import load_settings

    try:
        cat = catalogue(load_settings(ns.config, isolated=ns.isolated))
    except _errors() as exc:
        print(f"textlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if ns.code:
        spec = cat.find(ns.code)
        if spec is None:
            print(f"textlint: error: unknown rule {ns.code!r} (see `textlint rule` for the list)", file=sys.stderr)
            return EXIT_ERROR
        if ns.format == "json":
            import json
            from dataclasses import asdict

            print(json.dumps({k: (str(v) if k in ("severity", "fix") and v is not None else v)
                              for k, v in asdict(spec).items()}, ensure_ascii=False, indent=2, default=str))
        else:
            from .ruledoc import render_markdown

            print(render_markdown(spec))
        return EXIT_CLEAN
    shown = [s for s in cat.specs if ns.all or not s.code.startswith("TL")]  # TL: the engine's own codes
    width = max((len(s.name) for s in shown), default=0)
    for spec in shown:
        fix = {"SAFE": "fix", "UNSAFE": "unsafe", "DISPLAY": "hint"}.get(spec.fix.name if spec.fix else "", "")
        default = "" if spec.default else " (off by default)"
        print(f"{spec.code:<6} {spec.name:<{width}} {spec.category:<12} {fix:<7} {spec.summary}{default}")
    return EXIT_CLEAN
