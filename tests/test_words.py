"""English words in Chinese text (OT001) and doubled words (OT002) on the seeds and the corpora."""
from __future__ import annotations

import json
from collections import Counter

import pytest
from conftest import seed_text
from hypothesis import given, settings
from hypothesis import strategies as st

from textlint_cn import api


def _jsonl(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _corpus(shared):
    corpus = shared / "corpus"
    out = {"reports": [], "laws": [], "scraped": []}
    for name in ("government_work_reports.clean_paragraphs.jsonl", "cpc_congress_reports.clean_paragraphs.jsonl"):
        out["reports"] += ["\n".join(r["paragraphs"]) for r in _jsonl(corpus / "gov-reports" / name)]
    for name in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        out["reports"] += [r["content"] for r in _jsonl(corpus / "gov-reports" / name)]
    out["laws"] = ["\n".join(r["paragraphs"]) for r in _jsonl(corpus / "laws" / "laws_sample.jsonl")]
    out["scraped"] = [r["full_text"] for r in _jsonl(corpus / "scraped-2026" / "reports_2026_raw.jsonl")]
    return out


def test_seed_002_words(shared):
    text = seed_text("002")
    found = api.lint(text, select=["OT"])
    assert [(d.code, text[d.start.offset:d.end.offset]) for d in found] == [
        ("OT001", " and "), ("OT002", "生活生活"), ("OT001", " and "), ("OT001", " and "), ("OT001", " and "),
        ("OT001", "work"),
    ]
    fixed = api.fix(text, select=["OT"], unsafe=True).text
    assert "思想和党的二十届三中全会" in fixed and "教育和“八小时以外”" in fixed
    assert "学习生活的全过程" in fixed
    assert "业务work好" in fixed  # no Chinese word is known for it: reported, not rewritten
    for legit in ("APP", "“PK”", "e支部", "BTX", "LSZ2017056", "jgjsb@sina.com"):
        assert legit in fixed


def test_no_word_anomaly_on_the_other_seeds(shared):
    for stem in ("000", "001", "004"):
        assert not api.lint(seed_text(stem), select=["OT"])


def test_corpora_give_no_diagnostics(shared):
    """Clean and raw reports, 466 laws and the scraped pages: nothing (precision first)."""
    counts = Counter()
    for name, texts in _corpus(shared).items():
        for text in texts:
            counts.update(f"{name}:{d.code}" for d in api.lint(text, select=["OT"]))
    assert counts == {}


@pytest.mark.parametrize("text", [
    "这件事要好好研究研究。", "大家讨论讨论。", "常常", "人人都是", "清清爽爽", "规规矩矩", "很多很多小生产",
    "抓得很紧很紧。", "一个一个地落实", "一步一步来", "二〇二〇年", "无产阶级和资产阶级阶级斗争", "上一年度年度报告",
    "有关规定规定应当公开", "符合本规定规定的更换条件", "代表代表团发表意见", "哈哈哈哈", "天天向上",
    "生活生活生活", "支持中小企业创业创新",
])
def test_legitimate_reduplication(text):
    assert not api.lint(text, select=["OT002"])


@pytest.mark.parametrize(("text", "fixed"), [
    ("学习生活生活的全过程", "学习生活的全过程"),
    ("推进改革改革，", "推进改革，"),
    ("完善制度制度。", "完善制度。"),
])
def test_doubled_word_fix_keeps_one_copy(text, fixed):
    assert api.lint(text, select=["OT002"])
    assert api.fix(text, select=["OT002"], unsafe=True).text == fixed
    assert api.fix(text, select=["OT002"]).text == text  # unsafe only


def test_longer_units_on_request():
    text = "健全长效工作机制工作机制，推进全面从严治党全面从严治党。"
    assert not api.lint(text, select=["OT002"])
    found = api.lint(text, select=["OT002"], options={"OT002": {"lengths": [2, 3, 4, 5, 6]}})
    assert [text[d.start.offset:d.end.offset] for d in found] == ["工作机制工作机制", "全面从严治党全面从严治党"]


@pytest.mark.parametrize("text", [
    "用好“学习强国”APP", "开展“PK”", "新时代e支部", "推动BTX建设", "DeepSeek等模型", "PM2.5浓度", "iPhone手机",
    "电子信箱: jgjsb@sina.com", "访问www.gov.cn网站", "《Science and Technology》", "AND门电路", "5G基站", "GDP增长",
    "提高OR值", "补偿系数n不得高于",
])
def test_legitimate_latin(text):
    assert not api.lint(text, select=["OT001"])


@pytest.mark.parametrize("text", ["业务work好", "思想 and 党的", "坚持 the 方针", "干部with群众", "科技和 and 创新"])
def test_listed_english_words_are_reported(text):
    assert api.lint(text, select=["OT001"])


def test_word_lists_are_configurable():
    assert not api.lint("坚持plan好", select=["OT001"])
    assert api.lint("坚持plan好", select=["OT001"], options={"OT001": {"extend-words": ["plan"]}})
    assert not api.lint("业务work好", select=["OT001"], options={"OT001": {"allow": ["work"]}})
    assert api.lint("有人 研究研究 后", select=["OT002"]) == []
    assert api.lint("要改革改革。", select=["OT002"], options={"OT002": {"extend-allow": ["改革"]}}) == []


_PIECES = ["学习", "生活", "生活", "的", "。", "研究", " and ", "work", "好", "思想", "，", "\n", "APP", "改革", "改革"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_fixing_twice_changes_nothing(pieces):
    text = "".join(pieces)
    options = {"OT002": {"lengths": [2, 3, 4]}}
    once = api.fix(text, select=["OT"], unsafe=True, options=options)
    assert once.writable
    assert api.fix(once.text, select=["OT"], unsafe=True, options=options).text == once.text
