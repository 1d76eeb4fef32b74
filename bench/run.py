"""The speed benchmark: textlint against the reference tools, side by side, in one run.

    python bench/run.py                 # everything but the 1 GB folder (a few minutes)
    python bench/run.py --big-folder    # also peak memory over a 1 GiB folder (several minutes more)
    python bench/run.py --kind mixed    # the 50 MiB file of seeds among corpus documents
    python bench/run.py --quick         # 5 MiB file, 1,000 files: a smoke run
    python bench/run.py --only lint,fix # some measurements only (see --help for the names)
    python bench/run.py --profile       # where lint time goes: per rule, and the hottest functions

Every measurement runs in a fresh process so its peak memory (``ru_maxrss``) is its own.
Library measurements time only the work (the input is read and the tool imported first);
CLI measurements time the whole command, from a warm bytecode cache. Rates are MB/s with
MB = 10^6 bytes of UTF-8 input. Absolute figures depend on the machine and on what else runs
on it (the load average is printed first); the ratios are what to quote. Results also go to
``bench/out/results.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import inputs  # noqa: E402

MB = 1_000_000
NUM_PERM = 128
SHINGLE = 5
PYCACHE = inputs.OUT / "pycache"


# ---------------------------------------------------------------------------------------------
# Child side: one measurement per process, one JSON object on the last line of stdout


def _peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _timed(work: Callable[[], Any]) -> tuple[float, float, Any]:
    cpu, t = _cpu(), time.perf_counter()
    out = work()
    return time.perf_counter() - t, _cpu() - cpu, out


def _read(path: str) -> tuple[str, int]:
    data = Path(path).read_bytes()
    return data.decode("utf-8"), len(data)


def _tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def _settings() -> Any:
    from textlint_cn.config import Settings

    return Settings(respect_gitignore=False)


def _warm_up(settings: Any) -> None:
    """Import every selected rule's kind and compile its patterns outside the timed region."""
    from textlint_cn.api import rules_for
    from textlint_cn.document import Document
    from textlint_cn.engine import lint_document

    text = Path(inputs.small_file()).read_text(encoding="utf-8")
    lint_document(Document(text, "warm-up.txt"), rules_for(settings))


def child_lint(path: str, fix: bool = False) -> dict[str, Any]:
    """``runner.run`` on one path, serially: the code path of ``textlint [--fix] PATH -j 1``."""
    from textlint_cn.runner import RunOptions, run

    settings = _settings()
    _warm_up(settings)
    size = Path(path).stat().st_size if Path(path).is_file() else _tree_bytes(Path(path))
    work_dir = None
    if fix:  # fix a copy; the copy is not timed
        work_dir = Path(tempfile.mkdtemp(prefix="textlint-bench-"))
        target = work_dir / Path(path).name
        shutil.copyfile(path, target)
        path = str(target)
    try:
        wall, cpu, results = _timed(lambda: list(run([path], settings, RunOptions(fix=fix, jobs=1))))
    finally:
        if work_dir:
            shutil.rmtree(work_dir, ignore_errors=True)
    remaining = sum(len(r.diagnostics) for r in results)
    fixed = sum(len(r.fixed) for r in results)
    internal = [d.message for r in results for d in r.diagnostics if d.data.get("internal")][:3]
    return {"seconds": wall, "cpu": cpu, "bytes": size, "diagnostics": remaining, "fixed": fixed,
            "files": len(results), "internal": internal}


def child_ftfy(path: str) -> dict[str, Any]:
    import ftfy

    text, size = _read(path)
    wall, cpu, out = _timed(lambda: ftfy.fix_text(text, fix_character_width=False, uncurl_quotes=False))
    return {"seconds": wall, "cpu": cpu, "bytes": size, "changed": out != text}


def child_autocorrect(path: str, mode: str) -> dict[str, Any]:
    import autocorrect_py

    text, size = _read(path)
    if mode == "lint":
        wall, cpu, out = _timed(lambda: autocorrect_py.lint_for(text, "bench.txt"))
        return {"seconds": wall, "cpu": cpu, "bytes": size, "diagnostics": len(out.lines)}
    wall, cpu, out = _timed(lambda: autocorrect_py.format(text))
    return {"seconds": wall, "cpu": cpu, "bytes": size, "changed": out != text}


def _paragraphs(text: str) -> list[str]:
    return [p for p in (line.strip() for line in text.split("\n")) if p]


def _shingles(p: str) -> list[str]:
    return [p[i:i + SHINGLE] for i in range(max(1, len(p) - SHINGLE + 1))]


def child_signatures(which: str, megabytes: float, num_perm: int = NUM_PERM) -> dict[str, Any]:
    """MinHash signatures over distinct documents (no repeats: ours skips exact copies), end to end.

    The reference libraries get what their users feed them: every non-empty line as a paragraph,
    its character 5-grams as shingles. Ours gets the documents and does its own normalisation,
    segmentation, shingling and hashing.
    """
    docs = inputs.distinct_documents(inputs.shared_dir(), int(megabytes * MB))
    size = sum(len(text.encode("utf-8")) for _, text in docs)
    if which == "datasketch":
        from datasketch import MinHash

        def work() -> int:
            n = 0
            for _, text in docs:
                for p in _paragraphs(text):
                    m = MinHash(num_perm=num_perm)
                    m.update_batch([s.encode("utf-8") for s in _shingles(p)])
                    n += 1
            return n
    elif which == "rensa":
        from rensa import RMinHash

        def work() -> int:
            n = 0
            for _, text in docs:
                for p in _paragraphs(text):
                    m = RMinHash(num_perm=num_perm, seed=42)
                    m.update(_shingles(p))
                    m.digest()
                    n += 1
            return n
    else:
        found = ours_signature_function(num_perm)
        if found is None:
            return {"missing": "textlint_cn.dedup.extract.extract_batch not found"}
        name, fn = found

        def work() -> int:
            return fn(docs)
    wall, cpu, count = _timed(work)
    return {"seconds": wall, "cpu": cpu, "bytes": size, "signatures": count, "num_perm": num_perm,
            **({"function": name} if which == "ours" else {})}


def ours_signature_function(num_perm: int) -> tuple[str, Callable[[list[tuple[str, str]]], int]] | None:
    """``extract_batch(docs, options)``: normalise, segment, shingle, MinHash and band every passage."""
    try:
        from textlint_cn.dedup.extract import extract_batch
        from textlint_cn.dedup.model import DedupOptions
    except ImportError:
        return None
    options = DedupOptions() if num_perm == DedupOptions().num_perm else DedupOptions(num_perm=num_perm)

    def count(docs: list[tuple[str, str]]) -> int:
        batch: list[tuple[str, str]] = []
        size = n = 0
        for doc in docs:  # batches as the corpus engine makes them (batch_chars)
            batch.append(doc)
            size += len(doc[1])
            if size >= options.batch_chars:
                n += sum(len(u) for u in extract_batch(batch, options))
                batch, size = [], 0
        if batch:
            n += sum(len(u) for u in extract_batch(batch, options))
        return n

    return f"textlint_cn.dedup.extract.extract_batch (num_perm={options.num_perm})", count


def cli_env() -> dict[str, str]:
    """The environment of CLI measurements: bytecode cached (as an installed package has it),
    kept under bench/out rather than next to the sources."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def child_cli(argv: list[str], cwd: str, repeat: int, warmup: int = 0, setup: str = "") -> dict[str, Any]:
    """Run a command ``warmup`` times untimed, then ``repeat`` times; the best wall time, and the
    peak RSS of the largest process among them (workers included)."""
    times = []
    code = None
    err = ""
    for i in range(warmup + repeat):
        if setup == "clear-cache":
            shutil.rmtree(Path(cwd) / ".textlint_cache", ignore_errors=True)
        t = time.perf_counter()
        proc = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=cli_env())
        if i >= warmup:
            times.append(time.perf_counter() - t)
        code, err = proc.returncode, proc.stderr.decode("utf-8", "replace")
        crashed = "Traceback (most recent call last)" in err
        err = err[-500:]
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out: dict[str, Any] = {"seconds": min(times), "all": times, "exit": code, "peak_kb_child": peak}
    if code not in (0, 1) or crashed:
        out["error"] = f"exit {code}: {err}"  # exit 1 means findings, unless Python itself failed
    return out


def child_profile(path: str, megabytes: float, top: int) -> dict[str, Any]:
    """Per-rule lint time on the first ``megabytes`` of a file (rules in engine order, sharing the
    document's memo as in a real run: a rule that computes a shared analysis first pays for it),
    then the hottest functions of one whole ``lint_document`` under cProfile."""
    import cProfile
    import io
    import pstats

    from textlint_cn.api import rules_for
    from textlint_cn.document import Document
    from textlint_cn.engine import filter_suppressed, gc_paused, lint_document, run_rule

    settings = _settings()
    _warm_up(settings)
    rules = rules_for(settings)
    data = Path(path).read_bytes()[:int(megabytes * MB)].decode("utf-8", errors="ignore")
    text = data[:data.rfind("\n") + 1] or data
    size = len(text.encode("utf-8"))
    doc = Document(text, Path(path).name)
    rows = []
    t0 = time.perf_counter()
    t = time.perf_counter()
    _ = doc.lines
    rows.append(("(line index)", "", time.perf_counter() - t, 0))
    found = []
    with gc_paused():  # as lint_document runs them
        for rule in rules:
            t = time.perf_counter()
            out = run_rule(doc, rule)
            rows.append((rule.code, rule.spec.kind, time.perf_counter() - t, len(out)))
            found.extend(out)
        t = time.perf_counter()
        found = filter_suppressed(doc.text, doc.lines, found)
        found.sort(key=lambda d: d.sort_key)
        rows.append(("(suppress, sort)", "", time.perf_counter() - t, len(found)))
    total = time.perf_counter() - t0
    profiler = cProfile.Profile()
    profiler.enable()
    lint_document(Document(text, Path(path).name), rules)
    profiler.disable()
    buf = io.StringIO()
    pstats.Stats(profiler, stream=buf).sort_stats("tottime").print_stats(top)
    hot = buf.getvalue()
    hot = hot[hot.find("   ncalls"):] if "   ncalls" in hot else hot
    return {"seconds": total, "bytes": size, "rules": rows, "hot": hot.rstrip()}


CHILDREN: dict[str, Callable[..., dict[str, Any]]] = {
    "lint": child_lint,
    "ftfy": child_ftfy,
    "autocorrect": child_autocorrect,
    "signatures": child_signatures,
    "cli": child_cli,
    "profile": child_profile,
}


def child_main(name: str, kwargs: dict[str, Any]) -> None:
    out = CHILDREN[name](**kwargs)
    out.setdefault("peak_kb", _peak_kb())
    print(json.dumps(out))


# ---------------------------------------------------------------------------------------------
# Parent side


@dataclass
class Row:
    name: str
    result: dict[str, Any]

    @property
    def ok(self) -> bool:
        return "seconds" in self.result and not self.result.get("error")

    @property
    def mbps(self) -> float:
        return self.result["bytes"] / MB / self.result["seconds"] if self.ok and self.result.get("bytes") else 0.0

    @property
    def peak_mb(self) -> float:
        kb = self.result.get("peak_kb_child") or self.result.get("peak_kb") or 0
        return kb / 1024


def measure(name: str, kind: str, **kwargs: Any) -> Row:
    """Run one child measurement and return its row (errors become rows too)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, json.dumps(kwargs)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=str(ROOT))
    try:
        result = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        result = {"error": (proc.stderr or proc.stdout)[-800:]}
    return Row(name, result)


def textlint_cmd() -> list[str]:
    script = Path(sys.executable).with_name("textlint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "textlint_cn"]


def _cli(args: Sequence[str]) -> list[str]:
    return textlint_cmd() + ["check", *args, "--isolated", "--no-respect-gitignore", "--quiet", "--exit-zero"]


def _line(label: str, row: Row, extra: str = "") -> str:
    if row.ok:
        rate = f"{row.mbps:8.2f} MB/s" if row.result.get("bytes") else "-"
        secs = f"{row.result['seconds']:7.2f} s"
        peak = f"{row.peak_mb:7.0f} MB"
    else:
        rate = "failed" if "error" in row.result else str(row.result.get("missing", "n/a"))
        secs = peak = ""
    return f"  {label:<38} {rate:>13} {secs:>10} {peak:>10}  {extra}".rstrip()


HEADER = f"  {'measurement':<38} {'rate':>13} {'time':>10} {'peak RSS':>10}"


def _ratio(a: Row, b: Row) -> float | None:
    if a.ok and b.ok and a.mbps and b.mbps:
        return a.mbps / b.mbps
    return None


def _ratio_text(r: float | None) -> str:
    return f"{r:.2f}x" if r is not None else "n/a"


class Report:
    """Collects rows, prints as it goes, checks the targets at the end."""

    def __init__(self) -> None:
        self.rows: dict[str, Row] = {}
        self.figures: dict[str, Any] = {}
        self.targets: list[tuple[str, bool | None, str]] = []

    def add(self, row: Row, label: str, extra: str = "") -> Row:
        self.rows[row.name] = row
        print(_line(label, row, extra), flush=True)
        if "error" in row.result:
            print("    error: " + str(row.result["error"]).strip().replace("\n", "\n    "), flush=True)
        return row

    def target(self, what: str, met: bool | None, figure: str) -> None:
        self.targets.append((what, met, figure))

    def dump(self, path: Path, meta: dict[str, Any]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"meta": meta, "rows": {k: v.result | {"mb_per_s": v.mbps} for k, v in self.rows.items()},
                "figures": self.figures,
                "targets": [{"target": w, "met": m, "figure": f} for w, m, f in self.targets]}
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def section_single(rep: Report, single: Path, want: set[str], kind: str, primary: bool) -> None:
    size = single.stat().st_size
    print(f"\nOne file: {single.name} ({size / MB:.1f} MB, {kind}), one process, -j 1", flush=True)
    print(HEADER, flush=True)
    lint = fix = None
    tag = "" if primary else f"-{kind}"
    if "lint" in want:
        lint = rep.add(measure(f"lint{tag}", "lint", path=str(single)), "textlint (runner.run)")
        if lint.ok:
            print(f"    {lint.result['diagnostics']:,} diagnostics", flush=True)
    if "fix" in want:
        fix = rep.add(measure(f"fix{tag}", "lint", path=str(single), fix=True), "textlint --fix (runner.run)")
        if fix.ok:
            print(f"    {fix.result['fixed']:,} fixes applied, {fix.result['diagnostics']:,} diagnostics left",
                  flush=True)
    others = []
    if "ftfy" in want:
        others.append(rep.add(measure(f"ftfy{tag}", "ftfy", path=str(single)),
                              "ftfy.fix_text (width, quotes off)"))
    if "autocorrect" in want:
        others.append(rep.add(measure(f"autocorrect-lint{tag}", "autocorrect", path=str(single), mode="lint"),
                              "autocorrect-py lint_for"))
        others.append(rep.add(measure(f"autocorrect-format{tag}", "autocorrect", path=str(single), mode="format"),
                              "autocorrect-py format"))
    if (lint or fix) and others:
        print("  ratios, ours / theirs:", flush=True)
    for ours in (r for r in (lint, fix) if r):
        for theirs in others:
            r = _ratio(ours, theirs)
            rep.figures[f"{ours.name}/{theirs.name}"] = r
            print(f"    {ours.name:<12} / {theirs.name:<26} {_ratio_text(r)}", flush=True)
    if not primary:
        return
    if lint:
        rep.target("lint >= 20 MB/s", lint.ok and lint.mbps >= 20, f"{lint.mbps:.1f} MB/s")
        if "ftfy" in rep.rows:
            r = _ratio(lint, rep.rows["ftfy"])
            rep.target("lint >= 5x ftfy", r is not None and r >= 5, _ratio_text(r))
        for name in ("autocorrect-lint", "autocorrect-format"):
            if name in rep.rows:
                r = _ratio(lint, rep.rows[name])
                rep.target(f"lint faster than {name}", r is not None and r > 1, _ratio_text(r))
    if fix:
        rep.target("--fix >= 10 MB/s", fix.ok and fix.mbps >= 10, f"{fix.mbps:.1f} MB/s")


def section_signatures(rep: Report, megabytes: float) -> None:
    print(f"\nDuplicate signatures: MinHash of every paragraph, character {SHINGLE}-grams, {megabytes:g} MB "
          f"of distinct seed and corpus documents, one process", flush=True)
    print(HEADER, flush=True)
    perms = sorted({64, NUM_PERM})
    for perm in perms:
        row = rep.add(measure(f"sig-ours-{perm}", "signatures", which="ours", megabytes=megabytes, num_perm=perm),
                      f"textlint_cn.dedup ({perm} permutations)")
        if row.ok:
            print(f"    {row.result['signatures']:,} passages", flush=True)
    ours = rep.rows[f"sig-ours-{NUM_PERM}"]
    refs = [rep.add(measure(f"sig-{w}", "signatures", which=w, megabytes=megabytes),
                    f"{w} MinHash ({NUM_PERM} permutations)") for w in ("datasketch", "rensa")]
    for ref in refs:
        r = _ratio(ours, ref)
        rep.figures[f"sig-ours/{ref.name}"] = r
        print(f"    ours / {ref.name:<16} {_ratio_text(r)} ({NUM_PERM} permutations each)", flush=True)
    best = max((rep.rows[f"sig-ours-{p}"] for p in perms), key=lambda r: r.mbps)
    cpu = best.result.get("cpu") if best.ok else None
    per_core = best.result["bytes"] / MB / cpu if cpu else 0.0
    rep.figures["sig-ours per core MB/s"] = per_core
    rep.target("duplicate signatures >= 10 MB/s per core", best.ok and per_core >= 10,
               f"{per_core:.1f} MB/s per CPU second ({best.name})" if best.ok else str(best.result.get("missing")))


def prime(work: Path, small: Path) -> None:
    """One untimed CLI run, so bytecode is cached before anything is timed."""
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run(_cli([str(small), "--no-cache"]), cwd=str(work), stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env=cli_env())


def _folder_row(rep: Report, name: str, label: str, args: list[str], work: Path, size: int, **kwargs: Any) -> Row:
    """One CLI measurement over the folder, its rate taken over the folder's bytes."""
    row = measure(name, "cli", argv=_cli(args), cwd=str(work), **kwargs)
    row.result["bytes"] = size
    return rep.add(row, label)


def _touch(folder: Path) -> None:
    later = time.time_ns() + 1_000_000_000
    for p in folder.rglob("*.txt"):
        os.utime(p, ns=(later, later))


def section_folder(rep: Report, folder: Path, corpus: Path, work: Path) -> None:
    files = sum(1 for _ in folder.rglob("*.txt"))
    size = _tree_bytes(folder)
    print(f"\nFolder: {folder.name} ({files:,} files, {size / MB:.1f} MB), the CLI end to end "
          f"(output to /dev/null)", flush=True)
    print(HEADER, flush=True)
    rows = {}
    for jobs in (1, 2):
        rows[jobs] = _folder_row(rep, f"folder-j{jobs}", f"textlint FOLDER -j {jobs} --no-cache",
                                 [str(folder), "--no-cache", "-j", str(jobs)], work, size, repeat=1)
    r = _ratio(rows[2], rows[1])
    rep.figures["folder j2/j1"] = r
    capacity = parallel_capacity(2)
    rep.figures["machine 2-process speedup"] = capacity
    print(f"    -j 2 / -j 1: {_ratio_text(r)} ({os.cpu_count()} cores; two busy-loop processes run "
          f"{capacity:.2f}x as fast as one right now)", flush=True)
    rep.target("folder: -j 2 >= 1.7x -j 1", r is not None and r >= 1.7, _ratio_text(r))
    cold = _folder_row(rep, "folder-cache-cold", "textlint FOLDER (cache empty, default -j)", [str(folder)], work,
                       size, repeat=1, setup="clear-cache")
    warm = _folder_row(rep, "folder-cache-warm", "textlint FOLDER (served from cache)", [str(folder)], work, size,
                       repeat=3)
    r = _ratio(warm, cold)
    rep.figures["folder cache warm/cold"] = r
    print(f"    second run is {_ratio_text(r)} faster than the first", flush=True)
    rep.target("cache: second run >= 20x faster", r is not None and r >= 20, _ratio_text(r))
    _touch(folder)  # as a fresh clone or a checkout leaves the files: same bytes, new mtimes
    moved = _folder_row(rep, "folder-cache-touched", "textlint FOLDER (every mtime moved, bytes the same)",
                        [str(folder)], work, size, repeat=1)
    r = _ratio(moved, cold)
    rep.figures["folder cache touched/cold"] = r
    print(f"    served by content digest: {_ratio_text(r)} faster than the first run", flush=True)
    row = measure("jsonl", "lint", path=str(corpus))
    rep.add(row, f"textlint {corpus.name} (runner.run, -j 1)")
    if row.ok:
        print(f"    {row.result['diagnostics']:,} diagnostics", flush=True)


def parallel_capacity(n: int) -> float:
    """How much faster ``n`` CPU-bound processes get through ``n`` units of work than one process
    gets through one each, right now: what ``-j n`` can be expected to gain on this machine."""
    loop = [sys.executable, "-c", "sum(range(30_000_000))"]
    t = time.perf_counter()
    subprocess.run(loop, check=True)
    one = time.perf_counter() - t
    t = time.perf_counter()
    procs = [subprocess.Popen(loop) for _ in range(n)]
    for proc in procs:
        proc.wait()
    return n * one / (time.perf_counter() - t)


def section_big_folder(rep: Report, big: Path, work: Path) -> None:
    size = _tree_bytes(big)
    files = sum(1 for _ in big.rglob("*.txt"))
    print(f"\nPeak memory: {big.name} ({files:,} files, {size / MB:,.0f} MB), the CLI, output to /dev/null",
          flush=True)
    print(HEADER, flush=True)
    row = measure("big-folder", "cli", argv=_cli([str(big), "--no-cache"]), cwd=str(work), repeat=1)
    row.result["bytes"] = size
    rep.add(row, "textlint BIG-FOLDER --no-cache", "(peak: the largest process, parent or worker)")
    rep.target("1 GB folder peak memory <= 300 MB", row.ok and row.peak_mb <= 300, f"{row.peak_mb:.0f} MB")


def section_startup(rep: Report, small: Path, work: Path, repeat: int) -> None:
    print(f"\nStart-up: wall time of the command, best of {repeat}", flush=True)
    print(HEADER, flush=True)
    version = measure("startup-version", "cli", argv=textlint_cmd() + ["--version"], cwd=str(work),
                      repeat=repeat, warmup=1)
    rep.add(version, "textlint --version")
    one = measure("startup-10k", "cli", argv=_cli([str(small), "--no-cache"]), cwd=str(work), repeat=repeat, warmup=1)
    one.result["bytes"] = small.stat().st_size
    rep.add(one, f"textlint {small.name} ({small.stat().st_size / 1000:.0f} kB, no cache)")
    for row, limit, what in ((version, 0.150, "textlint --version < 150 ms"),
                             (one, 0.400, "lint one 10 kB file < 400 ms")):
        secs = row.result.get("seconds")
        rep.target(what, secs is not None and secs < limit, f"{secs * 1000:.0f} ms" if secs else "failed")


_BAR = re.compile(r"\d+/\d+ \[")


def section_progress(rep: Report, folder: Path, work: Path) -> None:
    """The tqdm bar: drawn on a terminal once a run passes 2 s, absent when piped or with --quiet."""
    print(f"\nProgress bar: {folder.name}, -j 1, under a pseudo-terminal (script)", flush=True)
    base = textlint_cmd() + ["check", str(folder), "--isolated", "--no-respect-gitignore", "--no-cache", "-j", "1",
                             "--exit-zero", "-o", os.devnull]
    script = shutil.which("script")
    found: dict[str, bool] = {}
    cases = (("terminal 100x30", "stty cols 100 rows 30; ", []), ("terminal 100x30, --quiet", "stty cols 100 rows 30; ",
             ["--quiet"]), ("terminal of size 0x0", "stty cols 0 rows 0; ", []))
    for label, stty, extra in cases if script else ():
        cmd = stty + " ".join(_quote(a) for a in base + extra)
        proc = subprocess.run([script, "-qec", cmd, os.devnull], cwd=str(work), capture_output=True, env=cli_env())
        found[label] = bool(_BAR.search(proc.stdout.decode("utf-8", "replace")))
    proc = subprocess.run(base, cwd=str(work), capture_output=True, env=cli_env())
    found["stderr piped"] = bool(_BAR.search(proc.stderr.decode("utf-8", "replace")))
    rep.figures["progress"] = found
    for label, seen in found.items():
        print(f"  {label:<28} bar {'drawn' if seen else 'not drawn'}", flush=True)
    ok = found.get("terminal 100x30") is True and not found.get("terminal 100x30, --quiet") \
        and not found.get("stderr piped")
    rep.target("progress bar on a terminal only, off with --quiet", ok if script else None,
               "; ".join(f"{k}: {'bar' if v else 'none'}" for k, v in found.items()))


def _quote(arg: str) -> str:
    return "'" + arg.replace("'", "'\\''") + "'"


def section_profile(single: Path, megabytes: float, top: int) -> None:
    row = measure("profile", "profile", path=str(single), megabytes=megabytes, top=top)
    if not row.ok:
        print("profile failed: " + str(row.result.get("error")), flush=True)
        return
    res = row.result
    print(f"\nProfile: the first {res['bytes'] / MB:.1f} MB of {single.name}, rules in engine order, "
          f"one shared document: {res['bytes'] / MB / res['seconds']:.2f} MB/s", flush=True)
    print(f"  {'rule':<18} {'kind':<24} {'seconds':>8} {'share':>6} {'MB/s':>9} {'diagnostics':>12}", flush=True)
    total = res["seconds"]
    for code, kind, secs, count in sorted(res["rules"], key=lambda r: -r[2]):
        rate = res["bytes"] / MB / secs if secs else float("inf")
        print(f"  {code:<18} {kind:<24} {secs:8.3f} {secs / total:6.1%} {rate:9.1f} {count:12,}", flush=True)
    print(f"\nHottest functions of one lint_document (cProfile, by own time):\n{res['hot']}", flush=True)


SECTIONS = ("lint", "fix", "ftfy", "autocorrect", "signatures", "folder", "startup", "progress")


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("child_args", nargs="?", help=argparse.SUPPRESS)
    p.add_argument("--quick", action="store_true", help="small inputs: 5 MiB file, 1,000 files, 1 MB of signatures")
    p.add_argument("--size-mib", type=int, help="size of the single file (default 50)")
    p.add_argument("--kind", default="seeds",
                   help="single file(s), comma-separated: seeds (the four seeds repeated: the worst case, and "
                        "the text of the reference figures) and/or mixed (seeds among corpus documents)")
    p.add_argument("--files", type=int, help="files in the folder (default 10,000)")
    p.add_argument("--sig-mb", type=float, default=10.0, help="MB of distinct text for the signatures (default 10)")
    p.add_argument("--big-folder", action="store_true", help="also measure peak memory over a 1 GiB folder")
    p.add_argument("--only", help=f"comma-separated subset of: {', '.join(SECTIONS)}, big-folder")
    p.add_argument("--repeat", type=int, default=7, help="best-of count for the start-up timings (default 7)")
    p.add_argument("--profile", action="store_true", help="only profile lint: per rule and per function")
    p.add_argument("--profile-mb", type=float, default=5.0, help="MB of the single file to profile (default 5)")
    p.add_argument("--output", type=Path, default=inputs.OUT / "results.json")
    ns = p.parse_args(argv)
    if ns.child:
        child_main(ns.child, json.loads(ns.child_args or "{}"))
        return 0
    size = (ns.size_mib or (5 if ns.quick else 50)) * inputs.MIB
    count = ns.files or (1000 if ns.quick else 10_000)
    kinds = [k.strip() for k in ns.kind.split(",") if k.strip()]
    want = set(ns.only.split(",")) if ns.only else set(SECTIONS) | ({"big-folder"} if ns.big_folder else set())
    unknown = (want - set(SECTIONS) - {"big-folder"}) | (set(kinds) - {"seeds", "mixed"})
    if unknown:
        p.error(f"unknown measurement(s) or kind(s): {', '.join(sorted(unknown))}")
    load = os.getloadavg()[0]
    print(f"textlint-cn benchmark: Python {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} cores, load average {load:.2f}", flush=True)
    if load > 0.5:
        print(f"  note: the machine is busy (load {load:.2f}); absolute figures will be low, ratios less so",
              flush=True)
    t = time.perf_counter()
    singles = {k: inputs.single_file(size, k) for k in kinds}
    if ns.profile:
        section_profile(singles[kinds[0]], ns.profile_mb, 30)
        return 0
    folder = inputs.folder(count)
    corpus = inputs.jsonl(count)
    small = inputs.small_file()
    print(f"inputs ready in {time.perf_counter() - t:.1f} s under {inputs.OUT}", flush=True)
    rep = Report()
    work = inputs.OUT / "work"
    prime(work, small)
    if want & {"lint", "fix", "ftfy", "autocorrect"}:
        for i, k in enumerate(kinds):
            section_single(rep, singles[k], want, k, primary=i == 0)
    if "signatures" in want:
        section_signatures(rep, ns.sig_mb / (10 if ns.quick else 1))
    if "folder" in want:
        section_folder(rep, folder, corpus, work)
    if "big-folder" in want:
        t = time.perf_counter()
        big = inputs.big_folder(count=count, size=(64 if ns.quick else 1024) * inputs.MIB)
        print(f"\n(big folder ready in {time.perf_counter() - t:.1f} s)", flush=True)
        section_big_folder(rep, big, work)
    if "startup" in want:
        section_startup(rep, small, work, ns.repeat)
    if "progress" in want:
        section_progress(rep, inputs.folder(min(count, 1000)), work)
    print("\nTargets", flush=True)
    for what, met, figure in rep.targets:
        mark = {True: "met ", False: "MISS", None: "n/a "}[met]
        print(f"  [{mark}] {what:<50} {figure}", flush=True)
    meta = {"python": platform.python_version(), "machine": platform.machine(), "cores": os.cpu_count(),
            "load_average": load, "singles": {k: str(v) for k, v in singles.items()}, "folder_files": count,
            "when": time.strftime("%Y-%m-%d %H:%M:%S")}
    rep.dump(ns.output, meta)
    print(f"\nresults written to {ns.output}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
