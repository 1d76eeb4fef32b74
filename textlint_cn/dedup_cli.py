"""``textlint dedup PATH...``: duplicate clusters across a corpus, as JSON lines.

Each line: ``{"cluster", "similarity", "size", "members": [{"path", "start", "end"}]}``.
Nothing is removed: users keep one member of each cluster with their own tooling. Exit code 0
when the report was written (whether or not clusters were found), 2 on bad input or config.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence


def dedup_command(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(prog="textlint dedup", description=__doc__.split("\n")[0])
    p.add_argument("paths", nargs="+", help="files, folders and JSON-lines corpora")
    p.add_argument("-o", "--output-file", type=Path, help="write the JSON lines here instead of stdout")
    p.add_argument("--threshold", type=float, help="Jaccard similarity from which two passages are copies")
    p.add_argument("--min-chars", type=int, help="passages shorter than this are never duplicates")
    p.add_argument("--ray-address", help="run on this Ray cluster ('auto' for the local one)")
    p.add_argument("--text-field", help="field holding the text in JSON-lines corpora (default: text)")
    p.add_argument("--encoding", help="read files in this encoding instead of detecting it")
    p.add_argument("--config", type=Path)
    p.add_argument("--isolated", action="store_true")
    p.add_argument("-q", "--quiet", action="store_true")
    ns = p.parse_args(list(argv))
    from .config import ConfigError, load_settings

    try:
        settings = load_settings(ns.config, isolated=ns.isolated).merged(text_field=ns.text_field, encoding=ns.encoding)
    except ConfigError as exc:
        print(f"textlint: error: {exc}", file=sys.stderr)
        return 2
    missing = [path for path in ns.paths if not Path(path).exists()]
    if missing:
        print(f"textlint: error: {missing[0]}: no such file or directory", file=sys.stderr)
        return 2
    try:
        from .dedup import DedupOptions, dedup_records, find_duplicates
    except ImportError as exc:
        print(f"textlint: error: duplicate detection needs the 'dedup' extra: {exc}", file=sys.stderr)
        return 2
    from .reading import iter_texts

    overrides = {k: v for k, v in {"threshold": ns.threshold, "min_chars": ns.min_chars}.items() if v is not None}
    if ns.ray_address:
        overrides.update(engine="ray", ray_address=ns.ray_address)
    options = DedupOptions(**overrides)
    bar = _progress_bar(ns.quiet)
    try:
        clusters = find_duplicates(iter_texts(ns.paths, settings), options=options,
                                   progress=bar.update if bar is not None else None)
    except (ConnectionError, ImportError) as exc:  # the Ray cluster or the ray extra
        print(f"textlint: error: {exc}", file=sys.stderr)
        return 2
    finally:
        if bar is not None:
            bar.close()
    lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in dedup_records(clusters))
    if ns.output_file:
        from .writer import WriteError, write_output

        try:
            write_output(ns.output_file, lines.encode("utf-8"))
        except WriteError as exc:
            print(f"textlint: error: {ns.output_file}: cannot write: {exc}", file=sys.stderr)
            return 2
    else:
        sys.stdout.write(lines)
    if not ns.quiet:
        print(f"textlint dedup: {len(clusters)} cluster{'s' * (len(clusters) != 1)}", file=sys.stderr)
    return 0


def _progress_bar(quiet: bool):  # type: ignore[no-untyped-def]
    """Documents read so far, on stderr, for runs of more than a couple of seconds; only on a
    terminal, not with ``--quiet``, and only when tqdm (the ``progress`` extra) is installed."""
    if quiet or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(unit=" docs", file=sys.stderr, delay=2.0, leave=False, dynamic_ncols=True)
