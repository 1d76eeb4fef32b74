"""The benchmark's inputs are built from the real text and are the same bytes every time."""
from __future__ import annotations

import json

from bench import inputs

KB = 1000


def test_single_file_is_deterministic_and_sized(shared, tmp_path):
    a = inputs.write_single(tmp_path / "a.txt", shared, size=300 * KB)
    b = inputs.write_single(tmp_path / "b.txt", shared, size=300 * KB)
    assert a.read_bytes() == b.read_bytes()
    data = a.read_bytes()
    assert 300 * KB <= len(data) < 300 * KB + 200 * KB  # whole documents: overshoot by at most one seed
    seeds = [text for _, text in inputs.seed_documents(shared)]
    assert data.decode("utf-8").startswith(seeds[0].rstrip("\n") + "\n\n" + seeds[1].rstrip("\n"))


def test_mixed_single_file_holds_seeds_and_corpus(shared, tmp_path):
    text = inputs.write_single(tmp_path / "m.txt", shared, size=2000 * KB, kind="mixed").read_text(encoding="utf-8")
    first_seed = inputs.seed_documents(shared)[0][1].rstrip("\n")
    assert first_seed in text and not text.startswith(first_seed)


def test_folder_is_deterministic(shared, tmp_path):
    a = inputs.write_folder(tmp_path / "a", shared, count=60, per_dir=25)
    b = inputs.write_folder(tmp_path / "b", shared, count=60, per_dir=25)
    assert inputs.digest([a]) == inputs.digest([b])
    files = sorted(p.relative_to(a).as_posix() for p in a.rglob("*.txt"))
    assert len(files) == 60
    assert files[0] == "d000/f00000.txt" and files[-1] == "d002/f00059.txt"


def test_folder_files_are_small_pieces_cut_at_line_ends(shared):
    docs = inputs.small_documents(shared, 200)
    sizes = [len(d.encode("utf-8")) for d in docs]
    assert all(d.strip() for d in docs)
    assert max(sizes) < 50 * KB and sum(sizes) / len(sizes) < 10 * KB
    cut = [d for d in docs if d.endswith(("\n", "\r"))]
    assert len(cut) > 0.9 * len(docs)  # only a document's last piece may end without a line break


def test_folder_mixes_every_source(shared):
    docs = inputs.small_documents(shared, 10)
    seed_text = inputs.seed_documents(shared)[0][1]
    assert docs[0] in seed_text  # the first stream is the seeds
    mojibake = inputs.mojibake_documents(shared)
    assert mojibake and any(docs[9] in text for _, text in mojibake)  # the tenth is mojibake lines


def test_jsonl_holds_the_folder_documents(shared, tmp_path):
    path = inputs.write_jsonl(tmp_path / "c.jsonl", shared, count=30)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == list(range(30))
    assert [r["text"] for r in records] == inputs.small_documents(shared, 30)


def test_lines_split_only_at_line_breaks():
    text = "一\x0b二\u2028三\r\n四\r五\n六"
    assert inputs._lines(text) == ["一\x0b二\u2028三\r\n", "四\r", "五\n", "六"]


def test_big_folder_replicates_the_folder(shared, tmp_path):
    source = inputs.write_folder(tmp_path / "src", shared, count=20)
    size = sum(p.stat().st_size for p in source.rglob("*.txt"))
    big = inputs.write_big_folder(tmp_path / "big", source, size=int(size * 2.5))
    assert sorted(p.name for p in big.iterdir()) == ["c00", "c01", "c02"]
    assert inputs.digest([big / "c02"]) == inputs.digest([source])


def test_cached_inputs_are_built_once(shared, tmp_path):
    first = inputs.small_file(out=tmp_path, shared=shared)
    stamp = first.stat().st_mtime_ns
    again = inputs.small_file(out=tmp_path, shared=shared)
    assert again == first and again.stat().st_mtime_ns == stamp
    data = first.read_bytes()
    assert 5 * KB < len(data) <= 10 * KB and data.endswith(b"\n")
    other = inputs.small_file(size=5000, out=tmp_path, shared=shared)
    assert other != first and len(other.read_bytes()) <= 5000


def test_distinct_documents_do_not_repeat(shared):
    docs = inputs.distinct_documents(shared, 3000 * KB)
    names = [name for name, _ in docs]
    assert len(names) == len(set(names))
    assert sum(len(t.encode("utf-8")) for _, t in docs) >= 3000 * KB
