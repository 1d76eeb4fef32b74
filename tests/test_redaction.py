"""Masked placeholders (RD001) and editorial pseudonyms (RD002) on the seeds, the corpora and
made-up text; the fix modes and their idempotence."""
from __future__ import annotations

import json
from collections import Counter

import pytest
from conftest import seed_text
from hypothesis import given, settings
from hypothesis import strategies as st

from textlint_cn import api
from textlint_cn._types import Severity
from textlint_cn.kinds.redaction import find_masks, sentence_span


def _gold(shared, stem: str) -> list[dict]:
    path = next((shared / "gold").glob(f"{stem}*.jsonl"))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _overlaps(d, g) -> bool:
    return d.start.offset < g["end"] and g["start"] < d.end.offset


def test_every_masked_artifact_of_seed_001_is_found_and_nothing_else(shared):
    text = seed_text("001")
    gold = [g for g in _gold(shared, "001") if g["category"] == "redaction" and g["label"] == "artifact"]
    found = [d for d in api.lint(text, select=["RD"]) if d.code == "RD001"]
    assert len(gold) == 38
    assert all(any(_overlaps(d, g) for d in found) for g in gold)
    assert all(any(_overlaps(d, g) for g in gold) for d in found)  # precision 1.0
    assert len(found) == 38
    kinds = Counter(d.data["masked"] for d in found)
    assert kinds == {"unknown": 21, "number": 10, "name": 5, "year": 2}
    assert {d.data["token"] for d in found} == {"xx", "xxx", "xxxx", "xxxxx"}


def test_pseudonyms_of_seed_002_are_info_and_no_mask_is_reported(shared):
    text = seed_text("002")
    found = api.lint(text, select=["RD"])
    assert [d.code for d in found] == ["RD002"] * 4
    assert all(d.severity == Severity.INFO and d.data == {"masked": "name", "token": "某某"} for d in found)
    assert all(text[d.start.offset:d.end.offset] == "某某" for d in found)


def test_no_mask_on_the_other_seeds(shared):
    for stem in ("000", "004"):
        assert not api.lint(seed_text(stem), select=["RD"])


@pytest.mark.parametrize("text", [
    "用Excel表格汇总", "采用x86架构服务器", "准印证号(吉) LSZ2017056", "推动基层党支部 BTX 建设",
    "访问http://www.xx.gov.cn获取", "电子信箱: xx@163.com", "提供“7×24小时”服务", "拍X光片检查",
    "二〇〇八年", "二○○○年", "创建AAA级景区", "创建首家AAA企业", "**一、总体要求**", "x射线", "某县某单位",
    "Xbox和xml文件", "分享到微信\n×\n", "第一位X代表许可部门",
])
def test_latin_words_codes_and_numerals_are_not_masks(text):
    assert not api.lint(text, select=["RD001"])


@pytest.mark.parametrize(("text", "mask", "kind"), [
    ("联合xx个部门", "xx", "number"), ("组织出版了xxx余种", "xxx", "number"), ("xxxx年新冠肺炎疫情", "xxxx", "year"),
    ("20xx年工作要点", "20xx", "year"), ("召开xx届x次全会", "xx", "number"), ("学习《xx精神》", "xx", "name"),
    ("文化润x工程", "x", "name"), ("xx博物馆", "xx", "name"), ("××县", "××", "name"), ("王＊＊同志", "＊＊", "name"),
    ("张**参加", "**", "name"), ("○○市委", "○○", "name"), ("关注AAA公众号", "AAA", "name"),
    ("用好xxxxx服务热线", "xxxxx", "number"), ("xxx获“七一勋章”", "xxx", "unknown"),
])
def test_masks_and_what_they_hide(text, mask, kind):
    found = [(text[s:e], k) for s, e, _, k in find_masks(text)]
    assert (mask, kind) in found


def test_masks_in_the_corpora(shared):
    """Clean reports and scraped pages: none. Laws: the traffic-police notice templates
    (第XX条, XX元, XXX银行), one licence-number format and one label template, 13 in all."""
    corpus = shared / "corpus"
    reports = []
    for name in ("government_work_reports.clean_paragraphs.jsonl", "cpc_congress_reports.clean_paragraphs.jsonl"):
        for line in (corpus / "gov-reports" / name).read_text(encoding="utf-8").splitlines():
            reports.append("\n".join(json.loads(line)["paragraphs"]))
    assert sum(len(list(find_masks(t))) for t in reports) == 0
    pages = [json.loads(x)["full_text"] for x in
             (corpus / "scraped-2026" / "reports_2026_raw.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sum(len(list(find_masks(t))) for t in pages) == 0
    laws = {}
    for line in (corpus / "laws" / "laws_sample.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        n = len(list(find_masks("\n".join(row["paragraphs"]))))
        if n:
            laws[row["title"]] = n
    assert sum(laws.values()) == 13
    assert laws["交通警察道路执勤执法工作规范"] == 11


def test_keep_mode_offers_no_fix():
    found = api.lint("联合xx个部门制定", select=["RD001"])
    assert found and found[0].fix is None


def test_token_mode_by_kind_and_custom_tokens():
    text = "组织出版了xxx余种，xxxx年起在《xx精神》指引下，xxx获表彰。"
    out = api.fix(text, select=["RD001"], unsafe=True, options={"RD001": {"mode": "token"}}).text
    assert out == "组织出版了〔数字〕余种，〔年份〕年起在《〔名称〕精神》指引下，〔略〕获表彰。"
    custom = {"RD001": {"mode": "token", "tokens": {"number": "<NUM>"}}}
    out = api.fix(text, select=["RD001"], unsafe=True, options=custom).text
    assert out.startswith("组织出版了<NUM>余种，〔年份〕年")
    assert api.fix(text, select=["RD001"], options={"RD001": {"mode": "token"}}).text == text  # unsafe only


def test_drop_sentence_mode():
    text = "第一句话。联合xx个部门制定了xx条措施，成效明显。第三句话！\nxx集团有限公司\n最后一行。"
    out = api.fix(text, select=["RD001"], unsafe=True, options={"RD001": {"mode": "drop-sentence"}}).text
    assert out == "第一句话。第三句话！\n最后一行。"


def test_sentence_span_keeps_closing_quotes_with_the_sentence_before():
    text = "他说：“很好。”xx人参加。"
    s, e = sentence_span(text, text.index("xx"), text.index("xx") + 2)
    assert text[s:e] == "xx人参加。"


def test_unknown_mode_is_an_error_reported_against_the_rule():
    found = api.lint("联合xx个部门", select=["RD001"], options={"RD001": {"mode": "blank"}})
    assert [d.code for d in found] == ["TL001"]


def test_seed_001_masks_normalised_to_tokens(shared):
    text = seed_text("001")
    out = api.fix(text, select=["RD001"], unsafe=True, options={"RD001": {"mode": "token"}}).text
    assert "xx" not in out
    assert out.count("〔") == 38
    assert not api.lint(out, select=["RD001"])


_PIECES = ["联合", "xx", "个部门", "。", "xxxx", "年", "《", "》", "精神", "某某", "Excel", "x86", " ", "\n", "×", "××",
           "县", "＊＊", "同志", "，", "AAA", "公众号", "二〇〇八", "x", "工程", "20xx", "！"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14), st.sampled_from(["token", "drop-sentence"]))
def test_fixing_twice_changes_nothing(pieces, mode):
    text = "".join(pieces)
    options = {"RD001": {"mode": mode}, "RD002": {"mode": mode}}
    once = api.fix(text, select=["RD"], unsafe=True, options=options)
    assert once.writable
    again = api.fix(once.text, select=["RD"], unsafe=True, options=options)
    assert again.text == once.text
