"""The encoding rules (EN*) on real text: the seeds and their gold spans, real mojibake, clean corpora."""
from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (the sloppy-windows-* codecs used to make mojibake)
import pytest
from conftest import seed_text

from textlint_cn import api
from textlint_cn.cli import main
from textlint_cn.decoding import common_han
from textlint_cn.document import Document
from textlint_cn.engine import lint_document

MOJIBAKE = ["EN008", "EN009", "EN010", "EN011"]
SEEDS = ("000", "001", "002", "004")
CJK_PUNCTUATION = "，：；？！（）“”"


def moj_dir(shared: Path) -> Path:
    return shared / "corpus" / "mojibake"


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def overlaps(d, g) -> bool:
    a0, a1, b0, b1 = d.start.offset, d.end.offset, g["start"], g["end"]
    return a0 < b1 and b0 < a1 if a0 != a1 else b0 <= a0 <= b1


@pytest.fixture(scope="module")
def gov_paragraphs(shared) -> list[str]:
    folder = shared / "corpus" / "gov-reports"
    return [p for name in ("government_work_reports", "cpc_congress_reports")
            for rec in jsonl(folder / f"{name}.clean_paragraphs.jsonl") for p in rec["paragraphs"]]


@pytest.fixture(scope="module")
def wild(shared) -> list[dict]:
    return jsonl(moj_dir(shared) / "wild_utf8_read_as_gbk_lines.jsonl")


# --- the seeds against the gold ---------------------------------------------------------------


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_encoding_artifacts_found_and_nothing_else(shared, stem):
    path = next((shared / "gold").glob(f"{stem}_*.jsonl"))
    gold = [g for g in jsonl(path) if g["category"] == "encoding"]
    diags = [d for d in api.lint(seed_text(stem), select=["EN"]) if d.category == "encoding"]
    for g in gold:
        if g["label"] == "artifact":
            assert any(overlaps(d, g) for d in diags), f"missed encoding artifact at {g['start']}: {g['note']}"
    for d in diags:
        labels = {g["label"] for g in gold if overlaps(d, g)}
        assert "legit" not in labels, f"{d.code} on a legit span at {d.start.offset}"
        assert labels, f"{d.code} at {d.start.offset} is on no annotated span: {d.message}"


def test_seed_control_pictures_read_from_their_sentence():
    text = seed_text("000")
    found = {d.start.offset: d for d in api.lint(text, select=["EN002"])}
    quote, separator = found[12448], found[1431]
    assert text[12448] == "␌" and quote.fix.applicability.name == "UNSAFE" and quote.fix.edits[0].content == "“"
    assert text[1431] == "␎" and separator.fix.applicability.name == "DISPLAY"
    assert separator.fix.edits[0].content == "·" and "title" in separator.message
    fixed = api.fix(text, select=["EN"], unsafe=True).text
    assert "持续开展“笔谈千字文”活动" in fixed and "百年成就巡礼␎兵团篇" in fixed


def test_seed_safe_fix_touches_only_line_end_whitespace():
    for stem in SEEDS:
        text = seed_text(stem)
        fixed = api.fix(text, select=["EN"]).text
        assert "␌" in fixed or "␌" not in text
        assert [ln.rstrip(" \t") for ln in text.split("\n")] == fixed.split("\n")


# --- UTF-8 read as GBK: the real lines -------------------------------------------------------


def test_wild_utf8_read_as_gbk_lossless_lines_recovered_exactly(wild):
    lossless = [r for r in wild if r["lossless"]]
    exact = sum(api.fix(r["original"], select=MOJIBAKE, unsafe=True).text == r["fixed"] for r in lossless)
    assert len(lossless) == 534
    assert exact / len(lossless) >= 0.98  # measured: 534 of 534


def test_wild_utf8_read_as_gbk_lossy_lines_reported_and_partly_recovered(wild):
    lossy = [r for r in wild if not r["lossless"]]
    reported = sum(any(d.code == "EN009" for d in api.lint(r["original"], select=MOJIBAKE)) for r in lossy)
    partial = sum(api.fix(r["original"], select=MOJIBAKE, unsafe=True).text == r["fixed_partial"] for r in lossy)
    assert reported == len(lossy) == 178
    assert partial / len(lossy) >= 0.95  # measured: 178 of 178; the lost character becomes U+FFFD


def test_wild_mojibake_as_one_document(wild):
    text = "\n".join(r["original"] for r in wild if r["lossless"])
    expected = "\n".join(r["fixed"] for r in wild if r["lossless"])
    assert api.fix(text, select=MOJIBAKE, unsafe=True).text == expected


def test_clean_lines_of_the_same_repository_are_not_mojibake(shared):
    lines = [r["text"] for r in jsonl(moj_dir(shared) / "wild_clean_chinese_lines_same_repo.jsonl")]
    assert len(lines) == 3000
    assert api.lint("\n".join(lines), select=MOJIBAKE) == []
    assert sum(bool(api.lint(line, select=MOJIBAKE)) for line in lines) == 0


# --- no mojibake in clean text ------------------------------------------------------------------


def test_no_mojibake_in_clean_government_reports(gov_paragraphs):
    assert len(gov_paragraphs) > 7_000
    assert api.lint("\n".join(gov_paragraphs), select=MOJIBAKE) == []


@pytest.mark.parametrize("corpus", ["laws", "scraped"])
def test_no_mojibake_in_laws_and_scraped_pages(shared, corpus):
    if corpus == "laws":
        texts = [p for rec in jsonl(shared / "corpus/laws/laws_sample.jsonl") for p in rec["paragraphs"]]
    else:
        texts = [rec["full_text"] for rec in jsonl(shared / "corpus/scraped-2026/reports_2026_raw.jsonl")]
    assert api.lint("\n".join(texts), select=MOJIBAKE) == []


def test_clean_reports_unchanged_by_unsafe_encoding_fixes_apart_from_invisibles(gov_paragraphs):
    text = "\n".join(gov_paragraphs)
    fixed = api.fix(text, select=["EN"], unsafe=True).text
    # The only encoding damage in this text: zero-width characters and an em space (U+2003).
    assert Counter(d.code for d in api.lint(text, select=["EN"])) == {"EN004": 87, "EN006": 1}
    invisible = {ord(c): None for c in "\u200b\u200c\u200d\u2060\u00ad"} | {0x2003: " "}
    assert fixed == text.translate(invisible)


# --- GBK read as Latin-1 / cp1250 / MacRoman, UTF-8 read as cp1252: made from real paragraphs --


@pytest.mark.parametrize(("encode", "decode", "floor"), [
    ("gbk", "latin-1", 0.95), ("gbk", "sloppy-windows-1250", 0.95), ("gbk", "mac_roman", 0.95),
    ("utf-8", "sloppy-windows-1252", 0.98), ("utf-8", "latin-1", 0.98), ("utf-8", "mac_roman", 0.96),
])
def test_latin_mojibake_of_real_paragraphs(gov_paragraphs, encode, decode, floor):
    rng = random.Random(11)
    sample = rng.sample([p for p in gov_paragraphs if 20 < len(p) < 600], 600)
    exact = wrong = n = 0
    for p in sample:
        try:
            moj = p.encode(encode).decode(decode)
        except UnicodeError:
            continue
        n += 1
        out = api.fix(moj, select=MOJIBAKE, unsafe=True).text
        exact += out == p
        wrong += bool({c for c in out if "\u4e00" <= c <= "\u9fff"} - set(p) - set(moj))
    assert exact / n >= floor, f"{exact}/{n}"
    assert wrong <= n * 0.005  # a recovery that invents characters: only in 1950s traditional text


def test_ftfy_punctuation_pitfall(gov_paragraphs):
    """ftfy's defaults turn ，：；？！（） into ASCII and straighten “”; the repairs here never do."""
    rng = random.Random(5)
    paragraphs = [p for p in gov_paragraphs if len(p) > 30 and any(c in p for c in "“（：；？！")][:300]
    for p in rng.sample(paragraphs, 100):
        cut = len(p) // 3
        damaged = p[:cut] + p[cut:2 * cut].encode("utf-8").decode("sloppy-windows-1252") + p[2 * cut:]
        fixed = api.fix(damaged, select=MOJIBAKE, unsafe=True).text
        assert Counter(c for c in fixed if c in CJK_PUNCTUATION) == Counter(c for c in p if c in CJK_PUNCTUATION)
        assert fixed == p
    mixed = "政府“ç®€ä½“ä¸\xadæ–‡”，（好）！会议ï¼Œ代表：；？"
    assert api.fix(mixed, select=["EN"], unsafe=True).text == "政府“简体中文”，（好）！会议，代表：；？"


# --- curated real-world cases and ftfy's own test cases ----------------------------------------


def test_curated_real_world_cases(shared):
    cases = {c["label"]: c for c in json.loads((moj_dir(shared) / "curated_real_world_cases.json").read_text("utf-8"))}

    def fixed(label: str) -> str:
        return api.fix(cases[label]["original"], select=["EN"], unsafe=True).text

    for label in ("UTF-8 read as cp1252, last byte truncated (ftfy#217)", "UTF-8 read as cp1252, truncated (ftfy#217)",
                  "GBK bytes read as windows-1250 (ftfy-web#3)", "GBK bytes read as MacRoman, Java test",
                  "cp1252 read of UTF-8 (ftfy language-names)"):
        assert fixed(label) == cases[label]["expected_fix"], label
    bom = "UTF-8 (with BOM) read as GBK, Java demo"
    assert fixed(bom) == cases[bom]["expected_fix"].lstrip("\ufeff")  # the BOM is not kept
    kun = cases["U+FFFD round trip through GBK ('锟斤拷'), unrecoverable"]["original"]
    diags = api.lint(kun, select=["EN"])
    assert [d.code for d in diags] == ["EN011"] and diags[0].fix is None
    assert diags[0].end.offset - diags[0].start.offset >= len(kun) - 2
    # Cyrillic routes (PTCP154) are out of scope: reported or not, never changed.
    for label in ("UTF-8 read as PTCP154/KZ Cyrillic, C++ demo", "GBK double-decoded, C++ demo"):
        assert fixed(label) == cases[label]["original"]


def test_ftfy_test_cases_cjk_repaired_and_negatives_left_alone(shared):
    folder = moj_dir(shared) / "ftfy-test-cases"
    cjk = 0
    for name in ("in-the-wild.json", "synthetic.json", "language-names.json"):
        for case in json.loads((folder / name).read_text("utf-8")):
            expected = case.get("fixed-encoding", case["fixed"])
            if expected != case["original"] and any("\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"
                                                      for c in expected):
                cjk += 1
                assert api.fix(case["original"], select=["EN008"], unsafe=True).text == expected
    assert cjk >= 4
    negatives = json.loads((folder / "negative.json").read_text("utf-8"))
    for case in negatives:
        assert api.lint(case["original"], select=MOJIBAKE) == [], case["label"]


def test_utf8_as_gbk_needs_evidence():
    # A lone rare character before `?` is mojibake only in a text that has unmistakable mojibake.
    assert api.lint("什么是锂?", select=MOJIBAKE) == []
    assert [d.code for d in api.lint("## 鏍稿績鍔熻兘\n楂?", select=MOJIBAKE)] == ["EN009", "EN009"]
    assert api.lint("锂电池产业链和猕猴桃种植基地", select=MOJIBAKE) == []


# --- fixes by applicability, and through the command line --------------------------------------


def test_safe_fix_leaves_recoverable_mojibake_bytes_alone():
    # U+00A0 and U+00AD inside UTF-8-as-cp1252 mojibake are bytes of it, not spaces or hyphens.
    text = "标题：Python åˆ\xa0é™¤åˆ—è¡¨ä¸\xadçš„å…ƒç´\n与\xa0其他"
    safe = api.fix(text, select=["EN"])
    assert safe.text == "标题：Python åˆ\xa0é™¤åˆ—è¡¨ä¸\xadçš„å…ƒç´\n与 其他"
    assert api.fix(safe.text, select=["EN"], unsafe=True).text == "标题：Python 删除列表中的元素\n与 其他"


def test_fix_without_unsafe_never_applies_pictures_or_mojibake(tmp_path, capsys):
    path = tmp_path / "report.txt"
    text = "持续开展␌笔谈千字文”活动。推出“巡礼␎兵团篇”。\n乱码：鏍稿績鍔熻兘，Õþ¸®¹¤×÷±¨¸æ，æ”¿åºœ  \n"
    path.write_text(text, encoding="utf-8")
    main(["--isolated", "--no-cache", "--select", "EN", "--fix", str(path)])
    assert path.read_text(encoding="utf-8") == text.replace("  \n", "\n")
    main(["--isolated", "--no-cache", "--select", "EN", "--fix", "--unsafe-fixes", str(path)])
    assert path.read_text(encoding="utf-8") == "持续开展“笔谈千字文”活动。推出“巡礼␎兵团篇”。\n乱码：核心功能，政府工作报告，政府\n"
    capsys.readouterr()


def test_lossy_file_explains_lost_bytes(tmp_path, capsys):
    path = tmp_path / "lost.txt"
    path.write_bytes("推动经济高质量发展取得新成效，".encode() * 40 + b"\xff\xfe" + "人民生活水平提高。\n".encode())
    main(["--isolated", "--no-cache", "--select", "EN003", "--format", "json", str(path)])
    found = json.loads(capsys.readouterr().out)
    assert [d["code"] for d in found] == ["EN003"]
    assert "not valid utf-8" in found[0]["message"] and found[0]["fix"] is None


# --- the character rules -----------------------------------------------------------------------


def test_character_rules_on_examples():
    text = "第一\u0007章\u200b总\ufeff则\u00a0第\ue000一条\u2002内容\ufffd\ufffd\n"
    codes = [d.code for d in api.lint(text, select=["EN"])]
    assert codes == ["EN001", "EN004", "EN005", "EN006", "EN007", "EN006", "EN003"]
    assert api.fix(text, select=["EN"]).text == "第一章总则 第\ue000一条 内容\ufffd\ufffd\n"
    # Tab, form feed and U+3000 indents are not encoding damage; emoji joiners are kept.
    assert api.lint("\u3000\u3000第一条\t内容\f第二页👨\u200d👩\u200d👧\n", select=["EN"]) == []


def test_c1_controls_kept_when_they_are_mojibake_bytes():
    moj = "重点做好高校毕业生就业工作。".encode().decode("latin-1")
    assert "\x87" in moj
    assert [d.code for d in api.lint(moj, select=["EN"])] == ["EN008"]
    assert api.fix(moj, select=["EN"], unsafe=True).text == "重点做好高校毕业生就业工作。"


def test_line_end_whitespace_and_markdown_breaks():
    text = "第一段。  \r\n \u3000\r\n第二段\t\r第三段\u3000\n"
    diags = api.lint(text, select=["EN012", "EN013"])
    assert [(d.code, d.start.line) for d in diags] == [("EN012", 1), ("EN013", 2), ("EN012", 3)]
    assert api.fix(text, select=["EN"]).text == "第一段。\r\n\r\n第二段\r第三段\u3000\n"
    md = "第一行  \n第二行\n"
    assert api.lint(md, select=["EN012"], path="a.md") == []
    assert api.lint(md, select=["EN012"], path="a.txt") != []


# --- speed ---------------------------------------------------------------------------------------


@pytest.mark.slow
def test_encoding_rules_are_one_fast_scan(shared):
    import time

    seeds = "".join(seed_text(s) for s in SEEDS)
    text = seeds * (10_000_000 // len(seeds.encode()) + 1)
    rules = api.rules_for(select=["EN"])
    lint_document(Document("预热"), rules)
    start = time.perf_counter()
    lint_document(Document(text), rules)
    rate = len(text.encode()) / 1e6 / (time.perf_counter() - start)
    assert rate > 15, f"{rate:.1f} MB/s"  # measured 55-75 MB/s on one core, with the engine's own work


def test_common_han_is_the_gb2312_level_one_set():
    assert len(common_han()) == 3755
