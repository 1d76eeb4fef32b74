"""``textlint report``: lint paths (or read ``--format json`` output) and write the HTML report.

Exit codes follow ``textlint check``: 0 when no finding reaches ``fail-on``, 1 when some do,
2 on bad input, bad config, or a file that could not be checked. The report is written in
every case but bad input.
"""
from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

from .._types import Severity
from .build import build
from .context import SourceReader
from .model import ReportModel
from .records import (
    RecordError,
    checked_from_results,
    parse_json_text,
    records_from_results,
)
from .render import RenderOptions
from ..writer import WriteError, write_output

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2
DEFAULT_OUTPUT = "textlint-report.html"


def _parser() -> argparse.ArgumentParser:
    from ..cli import _common

    p = argparse.ArgumentParser(
        prog="textlint report",
        description="Write a self-contained HTML corpus report: totals by category and rule, density per file, "
                    "the worst files with their issues in context, duplicate clusters, redactions, encodings.",
        epilog="Examples: textlint report corpus/ -o report.html;  "
               "textlint --format json corpus/ | textlint report --from-json - -o report.html")
    p.add_argument("paths", nargs="*", help="files and folders to lint (default: .)")
    p.add_argument("--from-json", metavar="FILE", help="build from `textlint --format json` (or json-lines) output; "
                                                       "'-' reads stdin")
    p.add_argument("-o", "--output", default=DEFAULT_OUTPUT,
                   help=f"where to write the HTML (default: {DEFAULT_OUTPUT}; '-' for stdout)")
    p.add_argument("--title", default="Corpus health report", help="the report's title")
    p.add_argument("--top", type=int, default=20, help="worst files shown with excerpts (default: 20)")
    p.add_argument("--examples", type=int, default=10, help="excerpts per file (default: 10)")
    p.add_argument("--context", type=int, default=1, help="lines of context around a finding (default: 1)")
    p.add_argument("--root", type=Path, help="with --from-json: folder the recorded paths are relative to "
                                             "(default: the current folder)")
    p.add_argument("--baseline", type=Path, help="leave out findings recorded in this baseline file")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the result cache")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings remain")
    p.add_argument("--fail-on", choices=("info", "warning", "error"), help="lowest severity that makes the exit code 1")
    _common(p)
    return p


def _fail(message: str) -> int:
    print(f"textlint: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def report_command(argv: Sequence[str]) -> int:
    from ..cli import SUBCOMMANDS, _errors, load_run_settings

    ns = _parser().parse_args(list(argv))
    if ns.from_json and ns.paths:
        return _fail("give paths to lint or --from-json, not both")
    if ns.top < 0 or ns.examples < 0 or ns.context < 0:
        return _fail("--top, --examples and --context take zero or more")
    ns.stdin_filename = None
    ns.output_encoding = None
    try:
        settings = load_run_settings(ns)
    except _errors() as exc:
        return _fail(str(exc))
    if ns.from_json:
        loaded = _load_json(ns.from_json)
        if isinstance(loaded, int):
            return loaded
        records, checked = loaded, None
        sources = ["stdin" if ns.from_json == "-" else ns.from_json]
        root = ns.root
    else:
        paths = [p[2:] if p.startswith("./") and p[2:] in SUBCOMMANDS else p for p in ns.paths or ["."]]
        if "-" in paths:
            return _fail("report reads files, not stdin; use --from-json - for JSON on stdin")
        try:
            results = _run(paths, settings, ns)
        except _errors() as exc:
            return _fail(str(exc))
        records, checked, sources, root = records_from_results(results), checked_from_results(results), paths, None
    out = None if ns.output == "-" else Path(ns.output)
    options = RenderOptions(title=ns.title, sources=tuple(sources), generated=datetime.now(timezone.utc).astimezone(),
                            top_files=ns.top, per_file=ns.examples, rule_summaries=_summaries(settings),
                            report_dir=(out.parent if out else Path.cwd()))
    reader = SourceReader(root=root, encoding=settings.encoding, text_field=settings.text_field, context=ns.context,
                          max_bytes=settings.max_file_size)
    try:
        page, model = build(records, checked=checked, reader=reader, options=options,
                            name=sources[0] if ns.from_json else "run results")
    except RecordError as exc:
        return _fail(str(exc))
    problem = _write(out, page)
    if problem:
        return _fail(problem)
    if not ns.quiet and out is not None:
        print(f"textlint: wrote {out} ({_summary(model)})", file=sys.stderr)
    return _exit_code(model, settings.fail_on, ns.exit_zero)


def _summaries(settings: Any) -> dict[str, str]:
    """Rule summaries for tooltips, including the user's own rule folders."""
    from ..api import catalogue

    try:
        return {s.code: s.summary for s in catalogue(settings).specs}
    except Exception:  # noqa: BLE001 - tooltips only; the findings are still reported
        return {}


def _load_json(name: str) -> list[Any] | int:
    try:
        if name == "-":
            text = sys.stdin.buffer.read().decode("utf-8")
        else:
            text = Path(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return _fail(f"{name}: no such file")
    except OSError as exc:
        return _fail(f"{name}: cannot read: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        return _fail(f"{'stdin' if name == '-' else name}: not UTF-8 JSON: {exc.reason} at byte {exc.start}")
    try:
        return parse_json_text(text, "stdin" if name == "-" else name)
    except RecordError as exc:
        return _fail(str(exc))


def _run(paths: list[str], settings: Any, ns: argparse.Namespace) -> list[Any]:
    from ..api import rules_for
    from ..cli import _progress_bar
    from ..runner import RunOptions, run

    rules_for(settings)  # validate selection and options before touching files
    options = RunOptions(jobs=ns.jobs, force_exclude=ns.force_exclude, use_cache=not ns.no_cache,
                         progress=not ns.quiet)
    progress = _progress_bar(ns.quiet)
    try:
        results = list(run(paths, settings, options, progress=progress.update if progress else None))
    finally:
        if progress:
            progress.close()
    if ns.baseline:
        from ..baseline import filter_baseline, load_baseline

        results = filter_baseline(results, load_baseline(ns.baseline))
    return results


def _write(out: Path | None, page: str) -> str | None:
    data = page.encode("utf-8", "replace")
    if out is None:
        stream = getattr(sys.stdout, "buffer", None)
        if stream is not None:
            stream.write(data)
        else:
            sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
        return None
    try:
        write_output(out, data)
    except WriteError as exc:
        return f"{out}: cannot write the report: {exc}"
    return None


def _summary(model: ReportModel) -> str:
    files = len(model.files_with_findings)
    n = model.total_findings
    return f"{n:,} finding{'s' * (n != 1)} in {files:,} file{'s' * (files != 1)}"


def _exit_code(model: ReportModel, fail_on: Severity, exit_zero: bool) -> int:
    if model.failed:
        return EXIT_ERROR
    if exit_zero:
        return EXIT_CLEAN
    if any(d.severity >= fail_on for f in model.files for d in f.findings):
        return EXIT_FOUND
    return EXIT_CLEAN
