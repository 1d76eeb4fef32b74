"""Score textlint_cn against the span-level gold annotations of the seed documents.

    python bench/score_gold.py [--shared ../shared] [--fix-check]

A diagnostic counts for a gold span when its category is the same and the spans overlap.
Recall = artifacts found / artifacts. Precision = diagnostics on artifacts / (those +
diagnostics on legit spans + diagnostics on no annotated span), for the categories whose
annotation is complete; neutral spans neither reward nor penalise. Offsets are code points
into the seed decoded as UTF-8. The scoring follows ``../shared/gold/README.md``.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textlint_cn import api  # noqa: E402
from textlint_cn._types import CATEGORIES  # noqa: E402

COMPLETE = ("encoding", "spacing", "linebreak", "punctuation", "redaction")
SEEDS = ("000_4f7e58140ce92ee0", "001_016b616b6490f3df", "002_24f5e5258ed11c51", "004_a25a0093b67cf2e5")


def default_shared() -> Path:
    return ROOT.parent / "shared"


@dataclass
class Score:
    artifacts: int = 0
    found: int = 0
    hits: int = 0  # diagnostics overlapping an artifact
    on_legit: int = 0
    unannotated: int = 0
    missed: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.artifacts if self.artifacts else 1.0

    @property
    def precision(self) -> float:
        total = self.hits + self.on_legit + self.unannotated
        return self.hits / total if total else 1.0


def load_gold(shared: Path, seed: str) -> list[dict]:
    return [json.loads(line) for line in (shared / "gold" / f"{seed}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    """Do two spans meet? An empty span meets a span that holds its position."""
    if a0 == a1:
        return b0 <= a0 <= b1
    if b0 == b1:
        return a0 <= b0 <= a1
    return a0 < b1 and b0 < a1


def score(shared: Path | None = None, seeds: tuple[str, ...] = SEEDS) -> dict[str, Score]:
    shared = shared or default_shared()
    scores: dict[str, Score] = defaultdict(Score)
    for seed in seeds:
        text = (shared / "seeds" / f"{seed}.txt").read_text(encoding="utf-8")
        gold = load_gold(shared, seed)
        diags = api.lint(text, path=f"{seed}.txt")
        for cat in CATEGORIES:
            spans = [g for g in gold if g["category"] == cat]
            mine = [d for d in diags if d.category == cat]
            sc = scores[cat]
            for g in spans:
                if g["label"] != "artifact":
                    continue
                sc.artifacts += 1
                if any(overlap(d.start.offset, d.end.offset, g["start"], g["end"]) for d in mine):
                    sc.found += 1
                else:
                    sc.missed.append(f"{seed}@{g['start']}: {text[max(0, g['start']-12):g['end']+12]!r}")
            for d in mine:
                labels = {g["label"] for g in spans if overlap(d.start.offset, d.end.offset, g["start"], g["end"])}
                where = f"{seed}@{d.start.offset} {d.code}: {text[max(0, d.start.offset-12):d.end.offset+12]!r}"
                if "artifact" in labels:
                    sc.hits += 1
                elif "legit" in labels:
                    sc.on_legit += 1
                    sc.false_positives.append("legit " + where)
                elif not labels and cat in COMPLETE:
                    sc.unannotated += 1
                    sc.false_positives.append("unannotated " + where)
    return dict(scores)


def legit_lines_after_fix(shared: Path | None = None, seeds: tuple[str, ...] = SEEDS) -> list[str]:
    """Lines holding a ``legit`` span that ``--fix`` changed (should be none)."""
    shared = shared or default_shared()
    changed: list[str] = []
    for seed in seeds:
        text = (shared / "seeds" / f"{seed}.txt").read_text(encoding="utf-8")
        fixed = api.fix(text).text
        fixed_lines = set(fixed.split("\n"))
        for g in load_gold(shared, seed):
            if g["label"] != "legit" or g["category"] == "linebreak":
                continue
            line_start = text.rfind("\n", 0, g["start"]) + 1
            line_end = text.find("\n", g["end"])
            line = text[line_start: line_end if line_end >= 0 else len(text)]
            if line.strip() and line not in fixed_lines:
                changed.append(f"{seed}@{g['start']}: {line[:60]!r}")
        for g in load_gold(shared, seed):
            if g["label"] == "legit" and g["category"] == "linebreak":
                before = text[max(0, g["start"] - 8):g["start"]].split("\n")[-1]
                after = text[g["end"]:g["end"] + 8].split("\n")[0]
                if before and after and (before + after) in fixed:
                    changed.append(f"{seed}@{g['start']}: joined legit break {before!r}|{after!r}")
    return changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--shared", type=Path, default=default_shared())
    ap.add_argument("--show", type=int, default=0, help="print this many misses and false positives per category")
    ap.add_argument("--fix-check", action="store_true", help="also check that --fix leaves legit lines unchanged")
    args = ap.parse_args(argv)
    scores = score(args.shared)
    print(f"{'category':<12} {'artifacts':>9} {'found':>6} {'recall':>7} {'precision':>9}  (hits/legit/unannotated)")
    for cat in CATEGORIES:
        sc = scores.get(cat)
        if sc is None or (sc.artifacts == 0 and sc.hits + sc.on_legit + sc.unannotated == 0):
            continue
        print(f"{cat:<12} {sc.artifacts:>9} {sc.found:>6} {sc.recall:>7.3f} {sc.precision:>9.3f}  "
              f"({sc.hits}/{sc.on_legit}/{sc.unannotated})")
        for line in (sc.missed[: args.show] + sc.false_positives[: args.show]) if args.show else ():
            print("    ", line)
    if args.fix_check:
        changed = legit_lines_after_fix(args.shared)
        print(f"legit lines changed by --fix: {len(changed)}")
        for line in changed[: args.show or 10]:
            print("    ", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
