"""Lint (and fix) files: one file per task, in a process pool for folders, results in path order.

Each file has exactly one writer (the worker that owns it). Workers load the rules once,
ignore Ctrl-C so a file being written is finished (atomically), and the parent stops
handing out work when interrupted.
"""
from __future__ import annotations

import gc
import os
import signal
import sys
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from ._types import Severity
from .config import Settings
from .decoding import Decoded, encode_text, read_back
from .diagnostics import Diagnostic
from .document import Document
from .engine import DECODE_ERROR, RULE_ERROR, SKIPPED, WRITE_ERROR, gc_paused, internal, lint_document
from .files import discover, display_path, is_corpus
from .findings import has_internal_error, merge_sorted
from .reading import ReadProblem, content_digest, corpus_records, decode, read_bytes
from .fixer import applies, fix_with_rules, wanted_fixes
from .ruleset import Rule, ignored_for_path
from .writer import WriteError, atomic_write


@dataclass(frozen=True)
class RunOptions:
    fix: bool = False
    unsafe: bool = False
    diff: bool = False  # compute fixes and show them as a diff; write nothing
    jobs: int = 1
    stdin_filename: str | None = None
    force_exclude: bool = False
    use_cache: bool = False
    progress: bool = False
    ray_address: str | None = None


@dataclass(frozen=True)
class FileResult:
    path: str
    diagnostics: Sequence[Diagnostic] = ()  # a tuple, or rows read as one (findings.StoredFindings)
    fixed: Sequence[Diagnostic] = ()  # diagnostics whose fixes were applied
    written: bool = False
    diff: str = ""
    output: str | None = None  # the fixed text of stdin
    stats: Mapping[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        """An internal error (unreadable file, crashed rule, rejected fix): exit code 2."""
        return has_internal_error(self.diagnostics)


# ---------------------------------------------------------------------------------------------
# One file


@dataclass(frozen=True)
class _Context:
    settings: Settings
    options: RunOptions
    rules: tuple[Rule, ...]
    per_file: Mapping[str, frozenset[str]] = field(default_factory=dict)
    passages: Any = None  # DedupOptions: workers extract each document's passages for DU003


def _ignored_codes(ctx: _Context, path: str) -> frozenset[str]:
    if not ctx.settings.per_file_ignores:
        return frozenset()
    if path not in ctx.per_file:
        from .api import catalogue

        codes = ignored_for_path(catalogue(ctx.settings), path, ctx.settings.per_file_ignores)
        return frozenset(codes)
    return ctx.per_file[path]


def process_file(path: str, ctx: _Context, before_lint: Callable[[Document], None] | None = None) -> FileResult:
    """Read, decode, lint and maybe fix one file; every failure becomes a diagnostic.
    ``before_lint`` is handed the document before a plain lint (not a fix): what it memoises
    on the document (DU003's passages) the rules can share."""
    shown = display_path(ctx.options.stdin_filename or path) if path == "-" else display_path(path)
    try:
        data = read_bytes(path, ctx.settings)
        decoded = decode(data, ctx.settings)
    except ReadProblem as exc:
        if exc.skipped:
            return FileResult(shown, (internal(shown, SKIPPED, str(exc), Severity.INFO),))
        return FileResult(shown, (internal(shown, SKIPPED if exc.too_large else DECODE_ERROR, str(exc)),))
    doc = Document(decoded.text, shown, decoded.encoding, decoded.bom, decoded.lossy)
    stats = {"chars": len(doc.text), "encoding": decoded.encoding, "bytes": len(data)}
    if path != "-":
        stats["digest"] = content_digest(data)  # the cache knows the file by it
    if is_corpus(path):
        return _process_corpus(path, shown, doc, ctx, stats)
    ignore = _ignored_codes(ctx, shown)
    lint = _lint_fn(ctx.rules, ignore)
    if not (ctx.options.fix or ctx.options.diff):
        if before_lint is not None:
            before_lint(doc)
        return FileResult(shown, tuple(lint(doc)), stats=stats)
    outcome = fix_with_rules(doc, ctx.rules, ignore, unsafe=ctx.options.unsafe)
    remaining = list(outcome.remaining) + list(outcome.problems)
    if outcome.changed and not outcome.writable:  # nothing is written: report the text as it is
        remaining = list(lint(doc)) + list(outcome.problems)
    if not outcome.changed or not outcome.writable:
        out = doc.text if path == "-" else None
        return FileResult(shown, tuple(remaining), stats=stats, output=out)
    if ctx.options.diff:
        return FileResult(shown, tuple(remaining), outcome.applied, diff=unified_diff(shown, doc.text, outcome.text),
                          stats=stats)
    if path == "-":
        return FileResult(shown, tuple(remaining), outcome.applied, output=outcome.text, stats=stats)
    problem, written = _write_back(path, doc, outcome.text, ctx.settings)
    if problem:  # the file is unchanged: its own diagnostics, not those of the unwritten text
        return FileResult(shown, tuple(lint(doc)) + (internal(shown, WRITE_ERROR, problem),), stats=stats)
    return FileResult(shown, tuple(remaining), outcome.applied, written=True,
                      stats={**stats, "written": written} if written else stats)


def _lint_fn(rules: Sequence[Rule], ignore: Iterable[str]) -> Callable[[Document], list[Diagnostic]]:
    ignore = frozenset(ignore)
    return lambda d: lint_document(d, rules, ignore)


def _write_back(path: str, doc: Document, text: str, settings: Settings) -> tuple[str | None, dict[str, Any] | None]:
    """(why the file was not written, None), or (None, the stats of the file written as the next
    run will read it, when they can be vouched for: see ``_as_read_next``)."""
    if doc.lossy:
        return "file holds bytes that are not valid in its encoding; writing it back would lose them (not fixed)", None
    encoding = settings.output_encoding or doc.encoding
    try:
        data = encode_text(text, encoding, doc.bom and not settings.output_encoding)
    except (UnicodeEncodeError, LookupError) as exc:
        return f"fixed text cannot be encoded as {encoding}: {exc}; not written", None
    unreadable, again = read_back(data, text, None if settings.output_encoding else settings.encoding)
    if unreadable:
        return f"the fixed file would not read back as the same text ({unreadable}); not written", None
    try:
        atomic_write(path, data)
    except WriteError as exc:
        return str(exc), None
    return None, _as_read_next(data, again, settings)


def _as_read_next(data: bytes, again: Decoded | None, settings: Settings) -> dict[str, Any] | None:
    """The stats of a fixed file as the next run will read it (``again``: read back as the fixed
    text, so the remaining findings are that run's): the cache can then serve them. Not with
    ``--output-encoding``, which the next run does not read with."""
    if again is None or again.lossy or settings.output_encoding or len(data) > settings.max_file_size:
        return None
    return {"chars": len(again.text), "encoding": again.encoding, "bytes": len(data), "digest": content_digest(data)}


def unified_diff(path: str, before: str, after: str) -> str:
    import difflib

    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}"))


def _process_corpus(path: str, shown: str, container: Document, ctx: _Context, stats: dict[str, Any]) -> FileResult:
    """A JSON-lines corpus: one document per line in the ``text-field``; fixes rewrite that field."""
    import json

    field_name = ctx.settings.text_field
    diagnostics: list[Diagnostic] = []
    applied: list[Diagnostic] = []
    out_lines: list[str] = []
    changed = False
    ignore = _ignored_codes(ctx, shown)
    lint = _lint_fn(ctx.rules, ignore)
    for rec in corpus_records(container.text, field_name):
        line = rec.line
        body = line.rstrip("\r\n")
        if rec.text is None or rec.record is None:
            if rec.problem:
                diagnostics.append(internal(f"{shown}:{rec.number}", DECODE_ERROR, rec.problem))
            out_lines.append(line)
            continue
        record, text, where = rec.record, rec.text, f"{shown}:{rec.number}"
        doc = Document(text, where)
        if ctx.options.fix or ctx.options.diff:
            outcome = fix_with_rules(doc, ctx.rules, ignore, unsafe=ctx.options.unsafe)
            diagnostics.extend(outcome.remaining)
            diagnostics.extend(outcome.problems)
            if outcome.changed and outcome.writable:
                record[field_name] = outcome.text
                applied.extend(outcome.applied)
                changed = True
                out_lines.append(json.dumps(record, ensure_ascii=False) + line[len(body):])
                continue
        else:
            diagnostics.extend(lint(doc))
        out_lines.append(line)
    stats["documents"] = sum(1 for ln in out_lines if ln.strip())
    if not changed:
        return FileResult(shown, tuple(diagnostics), stats=stats)
    new_text = "".join(out_lines)
    if ctx.options.diff:
        return FileResult(shown, tuple(diagnostics), tuple(applied), diff=unified_diff(shown, container.text, new_text),
                          stats=stats)
    problem, _ = _write_back(path, container, new_text, ctx.settings)
    if problem:
        return FileResult(shown, tuple(diagnostics) + (internal(shown, WRITE_ERROR, problem),), stats=stats)
    return FileResult(shown, tuple(diagnostics), tuple(applied), written=True, stats=stats)


# ---------------------------------------------------------------------------------------------
# Many files

_WORKER: _Context | None = None


def _init_worker(ctx: _Context) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = ctx


def _work(path: str) -> tuple[FileResult, Any]:
    """One file's result, and its passages for DU003 when the run collects them (else None)."""
    ctx = _WORKER
    assert ctx is not None
    try:
        if ctx.passages is None:
            return process_file(path, ctx), None
        from .corpus_checks import document_passages

        options = ctx.passages
        found: list[Any] = []

        def passages(doc: Document) -> None:
            try:
                found.append(document_passages(doc, options))
            except Exception as exc:  # noqa: BLE001 - reported like a crashed rule; the file is still linted
                found.append(exc)

        result = process_file(path, ctx, before_lint=passages)
        if not found:
            return result, None
        if isinstance(found[0], Exception):
            exc = found[0]
            failed = internal(result.path, RULE_ERROR, f"duplicates across files: this document could not be "
                                                       f"compared ({type(exc).__name__}: {exc})")
            return replace(result, diagnostics=result.diagnostics + (failed,)), None
        return result, found[0]
    except Exception as exc:  # noqa: BLE001 - a crash in one file must not kill the run
        shown = display_path(path)
        return FileResult(shown, (internal(shown, DECODE_ERROR, f"internal error: {type(exc).__name__}: {exc}"),)), None


def _work_packed(path: str) -> tuple[tuple[Any, ...], Any]:
    """A worker's result as plain lists: pickling the records one by one cost the parent,
    which unpickles every result alone, more than rebuilding them from lists."""
    from .cache import pack_result

    result, passages = _work(path)
    return pack_result(result), passages


def _unpack_work(packed: tuple[tuple[Any, ...], Any]) -> tuple[FileResult, Any]:
    return unpack_result(packed[0]), packed[1]


def unpack_result(packed: tuple[Any, ...]) -> FileResult:
    from .cache import unpack_result as unpack

    return unpack(packed)


def _pool_context() -> Any:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform == "linux" else "spawn")


def run(paths: Sequence[str], settings: Settings, options: RunOptions,
        progress: Callable[[int, int], None] | None = None) -> Iterator[FileResult]:
    """Results for every path, sorted by path; problems with paths come as results too."""
    from .api import rules_for

    rules = tuple(rules_for(settings))
    ctx = _Context(settings, options, rules)
    sources = list(discover(paths, settings, options.force_exclude))
    results: list[FileResult] = [
        FileResult(s.display, (internal(s.display, SKIPPED if not s.severe else DECODE_ERROR, s.problem,
                                        Severity.ERROR if s.severe else Severity.INFO),))
        for s in sources if s.problem
    ]
    todo = [s.path for s in sources if not s.problem]
    linted = [p for p in todo if p != "-"]  # every readable file, cached or not, for cross-file checks
    cache = None
    if options.use_cache:
        from .cache import Cache

        cache = Cache.open(settings, rules)
        hits, todo = cache.split(todo, _nothing_to_fix(options) if options.fix or options.diff else None)
        results.extend(hits)
    from .cache import ResultStore

    store = ResultStore()  # in path order; spilled to a temporary file when a run finds a lot
    store.extend(results)
    del results, sources
    passages = _passages(ctx, linted, todo)
    if passages is not None:
        ctx = replace(ctx, passages=passages.options)
    done = 0
    for path, result, units in _execute(todo, ctx, options.jobs):
        store.append(result)
        if units is not None and passages is not None:
            passages.add(*units)
        if cache is not None:
            cache.add(path, result)
        done += 1
        if progress:
            progress(done, len(todo))
    extra = _corpus_findings(ctx, linted, cache, passages)
    if cache is not None:
        cache.save()
    yield from _merged(store, extra)


def _nothing_to_fix(options: RunOptions) -> Callable[[Sequence[Diagnostic]], bool]:
    """For ``--fix`` and ``--diff``: a file can be served from the cache when none of its
    findings has a fix this run would apply (its text would not change)."""
    applicable = applies(wanted_fixes(options.unsafe))
    return lambda found: not any(map(applicable, found))


def _passages(ctx: _Context, linted: list[str], todo: list[str]) -> Any:
    """A collector of the workers' passages for DU003, when this run can use one: a plain lint
    in which every file is linted now (none from the cache), none a JSON-lines corpus, no Ray."""
    options = ctx.options
    if options.fix or options.diff or options.ray_address or len(todo) != len(linted) or any(map(is_corpus, linted)):
        return None
    from .corpus_checks import Passages, cross_file_options

    dedup = cross_file_options(linted, ctx.rules, note=False)  # the pass after the run says why not
    return Passages(dedup) if dedup is not None else None


def _execute(paths: list[str], ctx: _Context, jobs: int) -> Iterator[tuple[str, FileResult, Any]]:
    jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
    if jobs == 1 or len(paths) < 2:
        _init_state(ctx)
        for p in paths:
            yield p, *_work(p)
        return
    _load_kinds(ctx.rules)
    from concurrent.futures import ProcessPoolExecutor  # here: a one-file run need not import them
    from concurrent.futures.process import BrokenProcessPool

    try:
        executor = ProcessPoolExecutor(max_workers=min(jobs, len(paths)), mp_context=_pool_context(),
                                       initializer=_init_worker, initargs=(ctx,))
    except (OSError, NotImplementedError):
        yield from _execute(paths, ctx, 1)
        return
    done = 0
    try:
        chunk = max(1, min(64, len(paths) // (jobs * 8)))
        for p, (result, units) in zip(paths, map(_unpack_work, executor.map(_work_packed, paths, chunksize=chunk))):
            done += 1
            yield p, result, units
            # What the run keeps of a result lives as long as the run: frozen out of collection
            # (a constant-time splice), or every collection in this process would walk it again.
            gc.freeze()
    except BrokenProcessPool:  # a worker was killed (out of memory, a signal): say so per file
        for p in paths[done:]:
            shown = display_path(p)
            yield p, FileResult(shown, (internal(shown, DECODE_ERROR, "not checked: a worker process died "
                                                 "(killed, or out of memory); any fix written is complete"),)), None
    except KeyboardInterrupt:
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        executor.shutdown(wait=True)


def _load_kinds(rules: Sequence[Rule]) -> None:
    """Import every check kind before the pool forks, so workers inherit them instead of each
    importing and compiling them again. A kind that fails to load is left for the workers to
    report per file (TL001), as a serial run does."""
    for rule in rules:
        try:
            rule.check  # noqa: B018 - resolves and caches the check function
        except Exception:  # noqa: BLE001
            pass


def _init_state(ctx: _Context) -> None:
    global _WORKER
    _WORKER = ctx


def _corpus_findings(ctx: _Context, paths: list[str], cache: Any, passages: Any = None
                     ) -> Mapping[str, Sequence[Diagnostic]]:
    """Checks that need every file at once (duplicates across files), served from the cache
    when no file of the run changed since they were computed; from the workers' ``passages``
    when they were collected."""
    from .corpus_checks import CROSS_FILE_RULE, cross_file_diagnostics

    if not any(r.spec.name == CROSS_FILE_RULE for r in ctx.rules):
        return {}
    fingerprint = cache.corpus_fingerprint(paths) if cache is not None else None
    if fingerprint is not None:
        stored = cache.corpus_results(fingerprint)
        if stored is not None:
            return stored
    with gc_paused():  # the findings of the whole run are alive here: a collection walks them all
        extra = cross_file_diagnostics(paths, ctx.rules, ctx.settings, ctx.options.ray_address, ctx.options.jobs,
                                       passages)
    if fingerprint is not None:
        cache.add_corpus_results(fingerprint, {path: list(diags) for path, diags in extra.items()})
    return extra


def _merged(results: Iterable[FileResult], extra: Mapping[str, Sequence[Diagnostic]]) -> Iterator[FileResult]:
    """The per-file results with the cross-file findings added to theirs."""
    if not extra:
        yield from results
        return
    for r in results:
        more = extra.get(r.path)
        if more:
            merged = merge_sorted(r.diagnostics, more)
            yield FileResult(r.path, merged, r.fixed, r.written, r.diff, r.output, r.stats)
        else:
            yield r
