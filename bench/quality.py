"""Detection and repair on clean government text with injected damage.

    python bench/quality.py [--docs 200] [--shared ../shared]

Prints, per kind of injected damage: how many were injected, the share detected (a diagnostic
of the same category overlapping it), and for the whole set: false positives per category
(diagnostics overlapping no injection), how much of the damage ``--fix`` removes (safe, and
with ``--unsafe-fixes``), and on undamaged documents built the same way, how many characters
``--fix`` changes and which rules fire (the targets are none).
"""
from __future__ import annotations

import argparse
import difflib
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.inject import clean_documents, samples  # noqa: E402
from bench.score_gold import overlap  # noqa: E402
from textlint_cn import api  # noqa: E402


def distance(a: str, b: str) -> int:
    """Characters that differ between two texts (inserted + deleted + replaced)."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal")


def evaluate(shared: Path, docs: int = 200, source: str = "reports") -> dict:
    injected: Counter[str] = Counter()
    detected: Counter[str] = Counter()
    false_pos: Counter[str] = Counter()
    fp_examples: dict[str, list[str]] = defaultdict(list)
    damage = repaired_safe = repaired_unsafe = 0
    exact_safe = 0
    total = 0
    for s in samples(shared, count=docs, source=source):
        total += 1
        diags = api.lint(s.damaged)
        for sp in s.spans:
            injected[sp.kind] += 1
            if any(d.category == sp.category and overlap(d.start.offset, d.end.offset, sp.start, sp.end) for d in diags):
                detected[sp.kind] += 1
        for d in diags:
            if not any(overlap(d.start.offset, d.end.offset, sp.start, sp.end) for sp in s.spans):
                false_pos[d.code] += 1
                if len(fp_examples[d.code]) < 3:
                    fp_examples[d.code].append(repr(s.damaged[max(0, d.start.offset - 10):d.end.offset + 10]))
        before = distance(s.damaged, s.clean)
        safe = api.fix(s.damaged).text
        unsafe = api.fix(s.damaged, unsafe=True).text
        damage += before
        repaired_safe += before - distance(safe, s.clean)
        repaired_unsafe += before - distance(unsafe, s.clean)
        exact_safe += safe == s.clean
    changed = 0
    clean_chars = 0
    clean_hits: Counter[str] = Counter()
    clean_examples: dict[str, list[str]] = defaultdict(list)
    for text in clean_documents(shared, count=docs, source=source):
        clean_chars += len(text)
        changed += distance(text, api.fix(text).text)
        for d in api.lint(text):
            clean_hits[d.code] += 1
            if len(clean_examples[d.code]) < 3:
                clean_examples[d.code].append(repr(text[max(0, d.start.offset - 10):d.end.offset + 10]))
    return {"docs": total, "injected": injected, "detected": detected, "false_pos": false_pos,
            "fp_examples": fp_examples, "damage": damage, "repaired_safe": repaired_safe,
            "repaired_unsafe": repaired_unsafe, "exact_safe": exact_safe, "clean_chars": clean_chars,
            "clean_changed": changed, "clean_hits": clean_hits, "clean_examples": clean_examples}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--source", choices=("reports", "laws"), default="reports")
    ap.add_argument("--examples", action="store_true", help="show false-positive examples")
    args = ap.parse_args(argv)
    r = evaluate(args.shared, args.docs, args.source)
    print(f"{r['docs']} documents from {args.source}, damage injected\n")
    print(f"{'kind':<20} {'injected':>8} {'detected':>8} {'recall':>7}")
    for kind, n in sorted(r["injected"].items()):
        print(f"{kind:<20} {n:>8} {r['detected'][kind]:>8} {r['detected'][kind] / n:>7.3f}")
    n, d = sum(r["injected"].values()), sum(r["detected"].values())
    print(f"{'all':<20} {n:>8} {d:>8} {d / max(1, n):>7.3f}\n")
    fps = sum(r["false_pos"].values())
    print(f"diagnostics on no injected span: {fps} " + ", ".join(f"{c}={k}" for c, k in r["false_pos"].most_common()))
    if args.examples:
        for code, ex in r["fp_examples"].items():
            print(f"   {code}: {' | '.join(ex)}")
    print(f"damage removed by --fix: {r['repaired_safe'] / max(1, r['damage']):.3f} "
          f"(with --unsafe-fixes: {r['repaired_unsafe'] / max(1, r['damage']):.3f}); "
          f"documents restored exactly by --fix: {r['exact_safe']}/{r['docs']}")
    print(f"undamaged documents: {r['clean_chars']:,} characters, --fix changed {r['clean_changed']}, "
          f"diagnostics: {sum(r['clean_hits'].values())} " + ", ".join(f"{c}={k}" for c, k in r["clean_hits"].most_common()))
    if args.examples:
        for code, ex in r["clean_examples"].items():
            print(f"   {code}: {' | '.join(ex)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
