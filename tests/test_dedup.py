"""Duplicate detection: keys, segmentation, MinHash/LSH, clustering, the corpus driver and the rules."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pytest

from conftest import SEEDS, seed_text
from textlint_cn import api
from textlint_cn.dedup import Cluster, DedupOptions, Member, cross_file_violations, dedup_records, find_duplicates
from textlint_cn.dedup.cluster import UnionFind, UnitTable, find_clusters
from textlint_cn.dedup.corpus import CodeStore, batched, find_duplicates_local
from textlint_cn.dedup.extract import extract
from textlint_cn.dedup.lsh import band_keys, candidate_pairs, candidate_probability
from textlint_cn.dedup.minhash import MinHasher, exact_hashes, jaccard, shingle_hashes, shingle_set
from textlint_cn.dedup.normalize import keyed, normalize
from textlint_cn.dedup.segment import HEAD, PARA, segment
from textlint_cn.document import Document
from textlint_cn.kinds.duplicates import removal_span
from textlint_cn.kinds.structure import Structure

PARA_A = "各级机关党组织把带头做到“两个维护”作为机关党的建设首要任务，牢固树立政治机关意识，教育引导机关党员干部深刻领悟“两个确立”的决定性意义。"
PARA_B = "中央和国家机关工委连续4年召开中央和国家机关警示教育会，将党章党规党纪学习教育纳入各级机关党员干部教育培训的重要内容，推动全面从严治党向纵深发展。"
PARA_C = "2021年以来，河北监管局坚持守土有责、守土担责、守土尽责，统筹推进疫情防控和财政监管工作，更好发挥财政监管职能作用，服务雄安新区建设发展。"


def seed_docs() -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# --- keys -----------------------------------------------------------------------------------


def test_key_ignores_spaces_punctuation_width_wraps_digits_and_masks():
    a = "坚决做到“两个维护”， 选优配强支部委\n员，xx项工作制度，截至2021年"
    b = '坚决做到"两个维护",选优配强支部委员,12项工作制度,截至ｘｘｘｘ年'
    assert normalize(a) == normalize(b) == "坚决做到两个维护选优配强支部委员0项工作制度截至0年"


def test_key_masks_only_outside_latin_words_and_circles_only_before_units():
    assert normalize("Linux box") == "linuxbox"
    assert normalize("X光 xx集团 ×××号 ＊＊项") == "0光0集团0号0项"
    assert normalize("二〇二一年") == "二〇二一年"  # a year written out stays words
    assert normalize("○○项任务") == "0项任务"
    assert normalize("1,000元 １０００元") == "0元0元"


def test_key_lines_follow_the_line_index_of_the_project():
    text = "一\r\n\r\n二\r三\x0b四\u2028五\n"
    k = keyed(text)
    assert k.line_count == 5  # \x0b and U+2028 do not end lines
    assert [k.key(i, i) for i in range(5)] == ["一", "", "二", "三四五", ""]
    assert [text[s:e] for s, e in zip(k.line_start, k.line_end)] == ["一", "", "二", "三\x0b四\u2028五", ""]


def test_digit_runs_do_not_merge_across_lines():
    k = keyed("12\n34")
    assert [k.key(0, 0), k.key(1, 1)] == ["0", "0"]


# --- segmentation ---------------------------------------------------------------------------


def test_sections_run_to_the_next_heading_of_the_same_or_higher_level(shared):
    text = seed_text("000")
    k = keyed(text)
    seg = segment(text, k, Structure(text), 50)
    sections = {(int(a) + 1, int(b) + 1) for kind, a, b in zip(seg.unit_kind, seg.unit_first, seg.unit_last) if kind}
    assert (140, 163) in sections  # a title line and its article, to the end
    assert (142, 146) in sections  # 一、… up to 二、
    assert (2, 27) in sections


def test_a_broken_wrap_is_joined_into_one_paragraph(shared):
    text = seed_text("000")
    k = keyed(text)
    seg = segment(text, k, Structure(text), 50)
    blocks = {(int(a) + 1, int(b) + 1) for a, b in zip(seg.block_first, seg.block_last)}
    assert (13, 15) in blocks  # "…选优配强支部委" / " " / "员，打造…"


def test_table_of_contents_entries_are_headings_without_body(shared):
    text = seed_text("001")
    k = keyed(text)
    seg = segment(text, k, Structure(text), 50)
    toc_lines = set(range(3, 9))
    kinds = {int(f): int(kd) for f, kd in zip(seg.block_first, seg.block_kind)}
    assert all(kinds.get(i) != PARA for i in toc_lines)
    assert kinds[7] == HEAD  # "5.突出政治能力培养创建模范政治机关"
    unit_lines = {int(f) for f in seg.unit_first}
    assert not unit_lines & toc_lines


# --- MinHash and LSH ------------------------------------------------------------------------


def test_shingle_hashes_are_the_character_ngrams():
    codes = keyed("甲乙丙丁戊甲乙丙丁戊己").codes
    h = shingle_hashes(codes, 5)
    text = "甲乙丙丁戊甲乙丙丁戊己"
    grams = [text[i:i + 5] for i in range(len(text) - 4)]
    assert len(h) == len(grams)
    assert len(set(h.tolist())) == len(set(grams))
    for i, j in [(0, 5), (1, 6)]:
        assert (h[i] == h[j]) == (grams[i] == grams[j])


def test_exact_hashes_depend_on_content_not_position():
    k = keyed(f"{PARA_A}\n{PARA_B}\n{PARA_A}")
    starts, ends = k.line_key[:-1], k.line_key[1:]
    grams = np.full(3, 5)
    h = exact_hashes(k.codes, starts, ends, grams, {5: shingle_hashes(k.codes, 5)})
    assert h[0] == h[2] != h[1]


def test_jaccard_is_exact():
    a = shingle_set(keyed("甲乙丙丁戊己庚").codes, 5)
    b = shingle_set(keyed("甲乙丙丁戊己辛").codes, 5)
    assert jaccard(a, b) == pytest.approx(2 / 4)


def test_minhash_of_a_union_is_the_minimum_of_the_parts():
    hasher = MinHasher(64, 1)
    flat = np.arange(1, 41, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    parts = hasher.signatures(flat, np.array([0, 20, 40]))
    whole = hasher.signatures(flat, np.array([0, 40]))
    assert (np.minimum(parts[0], parts[1]) == whole[0]).all()


def test_candidate_pairs_come_from_shared_bands_without_a_pairwise_loop():
    rng = np.random.default_rng(0)
    sig = rng.integers(0, 2**32, size=(1000, 64), dtype=np.uint64).astype(np.uint32)
    sig[500] = sig[3]
    sig[900, :4] = sig[3, :4]  # one band in common
    pairs = candidate_pairs(band_keys(sig, 16, 4))
    assert {tuple(p) for p in pairs.tolist()} == {(3, 500), (3, 900), (500, 900)}


def test_a_large_group_costs_linear_pairs():
    sig = np.zeros((5000, 64), dtype=np.uint32)
    pairs = candidate_pairs(band_keys(sig, 16, 4))
    assert len(pairs) < 2 * 5000


def test_rensa_flags_agree_with_our_banding():
    k = keyed("\n".join([PARA_A, PARA_B, PARA_A.replace("首要", "重要"), PARA_C] * 3))
    hasher = MinHasher(64, 1)
    h = {5: shingle_hashes(k.codes, 5)}
    starts, ends = k.line_key[:-1][:4], k.line_key[1:][:4]
    flat, off = hasher.tokens(k.codes, starts, ends, np.full(4, 5), h)
    flags = hasher.candidate_rows(flat, off, 16)
    pairs = candidate_pairs(band_keys(hasher.signatures(flat, off), 16, 4))
    mine = np.zeros(4, dtype=bool)
    mine[pairs.ravel()] = True
    assert (flags == mine).all() and flags[0] and flags[2]


def test_default_banding_catches_near_copies_and_rarely_stock_phrases():
    o = DedupOptions()
    assert candidate_probability(o.threshold, o.bands, o.rows) > 0.98
    assert candidate_probability(0.2, o.bands, o.rows) < 0.03


# --- clustering -----------------------------------------------------------------------------


def test_union_find():
    uf = UnionFind(6)
    uf.union(0, 1)
    uf.union(2, 3)
    uf.union(1, 3)
    assert uf.find(0) == uf.find(2) != uf.find(4)


def _find(text: str, **options) -> list[Cluster]:
    return find_duplicates([("doc.txt", text)], options=DedupOptions(**options))


def test_three_copies_are_one_cluster():
    text = "\n".join([PARA_A, PARA_B, PARA_A, PARA_C, PARA_A.replace("，", ", ")]) + "\n"
    clusters = _find(text)
    assert len(clusters) == 1
    c = clusters[0]
    assert len(c.members) == 3 and c.similarity == 1.0 and c.kind == "paragraph"
    assert [text[m.start:m.end] == PARA_A for m in c.members[:2]] == [True, True]
    assert c.size == len(PARA_A)


def test_near_copy_has_its_similarity():
    edited = PARA_C.replace("服务雄安新区建设发展", "服务京津冀协同发展")
    clusters = _find(f"{PARA_C}\n{PARA_B}\n{edited}\n")
    assert len(clusters) == 1 and 0.7 <= clusters[0].similarity < 1.0


def test_stock_phrases_and_short_lines_are_not_duplicates():
    text = "坚决做到“两个维护”。\n" + PARA_B + "\n坚决做到“两个维护”。\n以习近平新时代中国特色社会主义思想为指导。\n" \
        + PARA_C + "\n以习近平新时代中国特色社会主义思想为指导。\n"
    assert _find(text) == []


def test_a_copied_section_is_one_cluster_not_one_per_paragraph():
    section = f"一、加强组织领导\n{PARA_A}\n{PARA_B}\n"
    text = section + f"二、坚持党建引领\n{PARA_C}\n" + section.replace("，", "， ")
    clusters = _find(text)
    assert len(clusters) == 1
    c = clusters[0]
    assert c.kind == "section"
    assert text[c.members[1].start:].startswith("一、加强组织领导")
    assert text[c.members[1].start:c.members[1].end].endswith("向纵深发展。")


def test_consecutive_copied_paragraphs_merge_into_one_passage():
    text = f"{PARA_A}\n{PARA_B}\n{PARA_C}\n\n{PARA_A}\n{PARA_B}\n"
    clusters = _find(text)
    assert len(clusters) == 1
    m = clusters[0].members
    assert text[m[0].start:m[0].end] == f"{PARA_A}\n{PARA_B}"
    assert clusters[0].kind == "section"


def test_table_of_contents_and_the_headings_it_lists_are_not_duplicates():
    body = "\n".join(f"{t}\n{p}" for t, p in [("强化政治机关意识", PARA_A), ("突出政治能力培养", PARA_B)])
    text = "目录\n1.强化政治机关意识\n2.突出政治能力培养\n\n" + body + "\n"
    assert _find(text) == []


def test_sections_are_compared_by_their_paragraphs_even_when_edited():
    section_a = f"一、加强组织领导\n{PARA_A}\n{PARA_B}\n{PARA_C}\n"
    section_b = f"三、加强组织领导\n{PARA_A}\n{PARA_B.replace('4年', '五年')}\n{PARA_C}\n"
    clusters = _find(section_a + "二、其他\n" + "党的十九届六中全会立足百年大党新起点、置身百年未有之大变局、接力百年奋斗新征程，全面总结党的百年奋斗重大成就和历史经验。\n" + section_b)
    assert len(clusters) == 1 and clusters[0].kind == "section" and clusters[0].similarity < 1.0


# --- the seeds: the bar ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_clusters(shared):
    return find_duplicates(seed_docs())


def test_the_gold_pair_is_found_with_both_spans(shared, seed_clusters):
    texts = dict(seed_docs())
    gold = json.loads((shared / "gold" / "duplicates.json").read_text(encoding="utf-8"))
    for pair in gold:
        spans = {(f, a, b) for f, a, b in pair}
        found = [c for c in seed_clusters
                 if {(m.path, line_of(texts[m.path], m.start), line_of(texts[m.path], m.end)) for m in c.members} == spans]
        assert found, f"gold pair {pair} not found"
        assert found[0].similarity == 1.0


def test_no_duplicate_between_unrelated_sections_of_the_seeds(shared, seed_clusters):
    texts = dict(seed_docs())
    across = [c for c in seed_clusters if c.across_files]
    assert len(across) == 1  # the gold pair, once: not also per section or per paragraph
    inside = [c for c in seed_clusters if not c.across_files]
    # the one copy inside a document: a paragraph 002 prints in two articles of the issue
    assert [(c.members[0].path[:3], [line_of(texts[m.path], m.start) for m in c.members]) for c in inside] == \
        [("002", [442, 772])]


def test_dedup_records(seed_clusters):
    records = list(dedup_records(seed_clusters))
    assert len(records) == len(seed_clusters)
    r = records[0]
    assert set(r) == {"cluster", "similarity", "size", "members"}
    assert set(r["members"][0]) == {"path", "start", "end"}
    json.dumps(r, ensure_ascii=False)
    assert r["cluster"] == seed_clusters[0].id == find_duplicates(seed_docs())[0].id  # stable ids


def test_cross_file_violations_name_the_other_copy(seed_clusters):
    docs = {p: Document(t, p) for p, t in seed_docs()}
    found = cross_file_violations(seed_clusters, lambda path, off: docs[path].lines.position(off))
    assert list(found) == ["001_016b616b6490f3df.txt"]
    (v,) = found["001_016b616b6490f3df.txt"]
    assert v.related[0].path == "000_4f7e58140ce92ee0.txt" and v.related[0].start.line == 140
    assert "000_4f7e58140ce92ee0.txt:140" in v.message and v.fix is None


def test_without_rensa_numpy_signatures_find_the_same_copies(shared, seed_clusters, monkeypatch):
    """A core install (no ``dedup`` extra) still runs the default duplicate rules."""
    monkeypatch.setitem(sys.modules, "rensa", None)
    assert find_duplicates(seed_docs()) == seed_clusters
    diags = api.lint(seed_text("002"), select=["DU"])
    assert [(d.code, d.start.line) for d in diags] == [("DU001", 772)]
    sigs = MinHasher(64, 1).signatures(np.array([5, 7, 9, 11], dtype=np.uint64), np.array([0, 2, 4]))
    assert sigs.shape == (2, 64) and not (sigs[0] == sigs[1]).all()


# --- the driver -----------------------------------------------------------------------------


def test_process_pool_and_spilled_keys_give_the_same_clusters(shared, monkeypatch):
    docs = seed_docs()
    base = find_duplicates(docs)
    assert find_duplicates(docs, options=DedupOptions(jobs=2, batch_chars=50_000)) == base
    import textlint_cn.dedup.corpus as corpus

    monkeypatch.setattr(corpus, "MEMORY_KEYS", 1000)
    orig = corpus.CodeStore.__init__
    monkeypatch.setattr(corpus.CodeStore, "__init__", lambda self, d=None, memory_limit=1000: orig(self, d, 1000))
    assert find_duplicates_local(iter(docs), DedupOptions(batch_chars=30_000)) == base


def test_code_store_spills_to_disk():
    store = CodeStore(memory_limit=8)
    a = store.add(np.arange(2, dtype=np.uint32))
    b = store.add(np.arange(5, dtype=np.uint32))
    assert store.spilled
    assert store.get(a).tolist() == [0, 1] and store.get(b).tolist() == [0, 1, 2, 3, 4]
    store.close()


def test_progress_counts_documents(shared):
    seen: list[int] = []
    find_duplicates(iter(seed_docs()), options=DedupOptions(batch_chars=60_000), progress=seen.append)
    assert sum(seen) == 4 and len(seen) > 1


def test_batches_are_bounded():
    docs = [(str(i), "x" * 10) for i in range(25)]
    sizes = [len(b) for b in batched(docs, 100)]
    assert sizes == [10, 10, 5]


def test_options_are_validated():
    with pytest.raises(ValueError):
        DedupOptions(bands=20, rows=4, num_perm=64)
    with pytest.raises(ValueError):
        DedupOptions(engine="spark")
    assert DedupOptions.from_rule({"min-chars": 80, "unit": "x"}).min_chars == 80


# --- the in-document rules ------------------------------------------------------------------


def test_rules_report_the_copy_inside_seed_002_only(shared):
    for stem in ("000", "001", "004"):
        assert not api.lint(seed_text(stem), select=["DU"]), stem
    text = seed_text("002")
    found = api.lint(text, select=["DU"])
    assert [(d.code, d.start.line) for d in found] == [("DU001", 772)]
    d = found[0]
    assert d.related[0].start.line == 442 and "similarity 0.99" in d.message
    assert d.data["copies"] == 2 and d.fix is not None


def test_unsafe_fix_removes_the_later_copy(shared):
    text = seed_text("002")
    fixed = api.fix(text, select=["DU"], unsafe=True)
    assert fixed.writable
    assert fixed.text.count("(四)注重帮助解决实际问题") == 0
    assert fixed.text.count("注重帮助解决实际问题") == 1
    assert len(text) - len(fixed.text) < 200
    assert api.fix(text, select=["DU"]).text == text  # not a safe fix


def test_no_fix_for_a_loose_copy():
    edited = PARA_C.replace("服务雄安新区建设发展", "服务京津冀协同发展")
    (d,) = api.lint(f"{PARA_C}\n{PARA_B}\n{edited}\n", select=["DU001"])
    assert d.fix is None and d.data["similarity"] < 0.9


@pytest.mark.parametrize(("text", "start", "end", "expected"), [
    ("A\n\nB\n\nA", 6, 7, "A\n\nB"),
    ("A\nB\nA\nC", 4, 5, "A\nB\nC"),
    ("A\n\nB\n\nA\n\nC", 6, 7, "A\n\nB\n\nC"),
    ("A\r\nB\r\n  A  \r\n", 8, 9, "A\r\nB\r\n"),
    ("A\n\nB\n\nA\n", 6, 7, "A\n\nB\n"),
])
def test_removal_takes_whole_lines_and_leaves_no_gap(text, start, end, expected):
    a, b = removal_span(text, start, end)
    assert text[:a] + text[b:] == expected


def test_corpus_cluster_model():
    m = (Member("b", 5, 9), Member("a", 0, 4))
    c = Cluster("dup-x", m, 1.0, 4)
    assert c.paths == ("b", "a") and c.across_files


def test_unit_table_of_one_document_finds_what_the_driver_finds():
    text = "\n".join([PARA_A, PARA_B, PARA_A]) + "\n"
    o = DedupOptions()
    units = extract("doc.txt", text, o)
    local = find_clusters(UnitTable.of(units), lambda _d: units.codes, o)
    assert local == _find(text)


def test_redaction_pattern_in_keys_matches_the_seeds(shared):
    a = seed_text("000").split("\n")[147]
    b = seed_text("001").split("\n")[107]
    assert "21世纪" in a and "xx世纪" in b and re.sub(r"\s", "", a) != re.sub(r"\s", "", b)
    assert normalize(a) == normalize(b)


def test_a_process_forked_after_minhash_does_not_hang(tmp_path, shared):
    """rensa's native thread pool does not survive fork; the runner forks its workers."""
    from conftest import ROOT

    script = tmp_path / "fork.py"
    script.write_text(
        "import json, multiprocessing as mp, sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from textlint_cn.dedup.extract import extract\n"
        "from textlint_cn.dedup import DedupOptions\n"
        f"lines = open({str(shared / 'corpus' / 'laws' / 'laws_sample.jsonl')!r}, encoding='utf-8')\n"
        "paras = [p for line in lines for p in json.loads(line)['paragraphs'] if len(p) > 60][:2000]\n"
        "TEXT = '\\n'.join(paras)\n"
        "def run(_):\n"
        "    return len(extract('x', TEXT, DedupOptions()))\n"
        "if __name__ == '__main__':\n"
        "    run(0)\n"
        "    with mp.get_context('fork').Pool(1) as pool:\n"
        "        print(pool.map(run, [0]) == [run(0)])\n",
        encoding="utf-8")
    env = {k: v for k, v in __import__("os").environ.items() if k != "RAYON_NUM_THREADS"}
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True"


# --- the pre-filter that spares most documents the MinHash machinery ---------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from textlint_cn.kinds.duplicates import may_hold_copies  # noqa: E402

_PARAS = [PARA_A, PARA_B, PARA_C, "国家统计局发布数据显示，全年国内生产总值比上年增长，城镇新增就业人数超过预期目标。"]


@st.composite
def damaged_copy(draw) -> str:
    """A document whose paragraph reappears later, re-wrapped, spaced, with digits and width changed."""
    para = draw(st.sampled_from(_PARAS))
    copy = para.replace("，", draw(st.sampled_from(["，", ",", "， "])))
    copy = "".join(ch if not ch.isdigit() else draw(st.sampled_from("0123456789x")) for ch in copy)
    width = draw(st.integers(8, 40))
    copy = "\n".join(copy[i:i + width] for i in range(0, len(copy), width))
    between = draw(st.lists(st.sampled_from(_PARAS + ["（二）加强作风建设", ""]), max_size=4))
    return "\n\n".join([para, *between, copy])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_copy())
def test_the_pre_filter_never_hides_a_copy_the_engine_finds(text):
    if find_duplicates([("doc", text)]):
        assert may_hold_copies(text, 0.7, 50)


def test_the_pre_filter_spares_documents_without_copies(shared):
    assert not may_hold_copies(PARA_A + "\n" + PARA_B + "\n" + PARA_C, 0.7, 50)
    assert may_hold_copies(seed_text("002"), 0.7, 50)  # it holds one copy


def test_the_pre_filter_counts_alike_in_numpy_and_in_python(shared):
    """A folder run counts 5-grams in numpy, a one-file run in Python (no numpy import)."""
    from textlint_cn.kinds.duplicates import _repeats_numpy, _repeats_python

    texts = [seed_text(n) for n in ("000", "001", "002", "004")] + [PARA_A + PARA_B + PARA_A, "一二三四五六"]
    for text in texts:
        assert _repeats_numpy(text) == _repeats_python(text)
    assert _repeats_python("一二三四五六") is None


def test_linting_one_small_file_does_not_import_numpy(tmp_path):
    """pre-commit lints a few small files per commit; numpy alone would add 60 ms to each run."""
    (tmp_path / "a.txt").write_text(PARA_A + "\n" + PARA_B + "\n", encoding="utf-8")
    code = ("import sys; from textlint_cn.cli import main; main(['--isolated', '--no-cache', 'a.txt']); "
            "print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr


# --- DU001/DU002 reading the passages that DU003 extracted (a folder run) --------------------------

def _in_document_findings(text: str, passages_first: bool) -> list[tuple]:
    from textlint_cn.dedup import DedupOptions
    from textlint_cn.engine import lint_document
    from textlint_cn.kinds.duplicates import corpus_units

    doc = Document(text, "doc.txt")
    if passages_first:  # as a folder run does: DU003's passages before the lint
        corpus_units(doc, DedupOptions())
    found = lint_document(doc, api.rules_for(select=["DU001", "DU002"]))
    return [(d.code, d.start.offset, d.end.offset, d.message, d.fix, d.related, d.data) for d in found]


def test_in_document_copies_read_from_the_cross_file_passages_are_those_found_alone(shared):
    """A folder run extracts every document's passages for DU003 before the lint, and DU001/DU002
    cluster those instead of extracting their own (with no pre-filter): the same findings."""
    gov = [json.loads(line)["content"] for line in
           (shared / "corpus" / "gov-reports" / "government_work_reports.jsonl").read_text(encoding="utf-8").splitlines()[:6]]
    texts = [text for _, text in seed_docs()] + gov + [PARA_A + "\n\n" + PARA_B + "\n\n" + PARA_A + "\n"]
    found_any = 0
    for text in texts:
        alone = _in_document_findings(text, passages_first=False)
        assert _in_document_findings(text, passages_first=True) == alone
        found_any += bool(alone)
    assert found_any >= 2  # seed 002's copy and the pasted paragraph at least


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_copy())
def test_in_document_copies_do_not_depend_on_who_extracted_the_passages(text):
    assert _in_document_findings(text, passages_first=True) == _in_document_findings(text, passages_first=False)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_copy())
def test_the_quick_pair_test_never_hides_a_copy_the_clustering_finds(text):
    from textlint_cn.dedup.cluster import may_pair

    units = extract("doc", text, DedupOptions(), flag_first=False)
    if find_clusters(UnitTable.of(units), lambda _doc: units.codes, DedupOptions()):
        assert may_pair(units)
