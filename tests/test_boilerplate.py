"""Scrape and layout residue (BP001–BP006) on the seeds, the scraped pages, the clean corpora and
PDF-like text built from clean paragraphs; fixes keep everything but the residue."""
from __future__ import annotations

import json
import random
import re
from collections import Counter

import pytest
from conftest import seed_text
from hypothesis import given, settings
from hypothesis import strategies as st

from textlint_cn import api
from textlint_cn._types import Severity
from textlint_cn.fixer import han_digits
from textlint_cn.kinds.structure import ends_sentence

BP = ["BP001", "BP002", "BP003", "BP004", "BP005", "BP006"]


def _jsonl(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _pages(shared):
    return [(r["province"], r["full_text"]) for r in _jsonl(shared / "corpus" / "scraped-2026" / "reports_2026_raw.jsonl")]


def _clean_texts(shared):
    corpus = shared / "corpus"
    for name in ("government_work_reports.clean_paragraphs.jsonl", "cpc_congress_reports.clean_paragraphs.jsonl"):
        for row in _jsonl(corpus / "gov-reports" / name):
            yield "\n".join(row["paragraphs"])
    for row in _jsonl(corpus / "laws" / "laws_sample.jsonl"):
        yield "\n".join(row["paragraphs"])


# --- seeds --------------------------------------------------------------------------------------

def test_seed_001_paywall_markers_removed_and_toc_reported_once(shared):
    text = seed_text("001")
    found = api.lint(text, select=BP)
    assert [(d.code, d.start.line) for d in found] == [("BP004", 3), ("BP001", 9), ("BP001", 124)]
    toc = found[0]
    assert toc.data == {"entries": 5, "lines": 6} and toc.end.line == 8
    fixed = api.fix(text, select=["BP001"]).text
    assert "##paid" not in fixed
    assert fixed == text.replace("##paidbegin##\n", "").replace("##paidend##\n", "")


def test_marker_glued_to_a_heading_keeps_the_heading():
    text = "目录\n##paidbegin##强化政治机关意识走好“第一方阵”\n正文。"
    assert api.fix(text, select=["BP001"]).text == "目录\n强化政治机关意识走好“第一方阵”\n正文。"


def test_seed_002_table_of_contents_end_marks_and_sources(shared):
    text = seed_text("002")
    found = api.lint(text, select=BP)
    by_code = Counter(d.code for d in found)
    assert by_code == {"BP005": 23, "BP006": 9, "BP004": 1}
    toc = next(d for d in found if d.code == "BP004")
    assert (toc.start.line, toc.end.line) == (19, 176)
    assert all(d.severity == Severity.INFO for d in found if d.code in ("BP005", "BP006"))
    # the unsafe fixes take the marks and the source notes and nothing else
    fixed = api.fix(text, select=["BP005", "BP006"], unsafe=True).text
    assert "□" not in fixed and "(来源" not in fixed and "（来源" not in fixed
    kept = set(fixed.split("\n"))
    for line in text.split("\n"):
        body = re.sub(r"[(（]来源[:：][^)）]*[)）]$", "", line).rstrip("□")
        if body:
            assert body in kept, line


def test_no_residue_reported_on_seeds_000_and_004(shared):
    assert not api.lint(seed_text("000"), select=BP)
    assert not api.lint(seed_text("004"), select=BP)


# --- scraped portal pages -----------------------------------------------------------------------

def test_portal_furniture_on_the_scraped_pages(shared):
    pages = _pages(shared)
    counts = Counter()
    for province, text in pages:
        found = api.lint(text, select=BP)
        counts.update(d.code for d in found)
        fixed = api.fix(text, select=BP).text
        # what the safe fix leaves: no line of chrome, every line of report text unchanged
        kept = set(fixed.split("\n"))
        for phrase in ("下载", "打印", "全屏", "收藏", "【字号：", "加大", "减小", "相关报道：", "扫一扫在手机打开当前页",
                       "打印本页", "关闭窗口", "您的位置:", "当前位置："):
            assert phrase not in kept, (province, phrase)
        for line in text.split("\n"):
            if len(line) > 30:
                assert line in kept, (province, line[:30])
    assert counts == {"BP002": 59, "BP006": 31}


def test_scraped_page_header_reduced_to_the_report(shared):
    text = dict(_pages(shared))["上海市"]
    fixed = api.fix(text, select=["BP002"]).text
    assert fixed.startswith("2026年上海市政府工作报告\n——2026年2月3日")
    assert fixed.rstrip().endswith("作出新的更大贡献！")


def test_breadcrumbs(shared):
    pages = dict(_pages(shared))
    crumbs = {p: [d.message for d in api.lint(t, select=["BP002"]) if d.data["kind"] == "breadcrumb"]
              for p, t in pages.items()}
    assert crumbs["云南省"] == ["portal breadcrumb: 您的位置: 首页 > 云南要闻 云南要闻"]
    assert crumbs["宁夏回族自治区"] == ["portal breadcrumb: 当前位置： 首页 > 政务信息 > 宁夏要闻"]
    assert crumbs["陕西省"] == ["portal breadcrumb: 首页 > 政府信息公开 > 政府工作报告 > 省政府工作报告"]
    single = api.lint("您的位置：首页 > 新闻中心 > 要闻\n正文。", select=["BP002"])
    assert [d.data["kind"] for d in single] == ["breadcrumb"]


def test_furniture_list_is_extended_in_configuration():
    text = "正文第一段。\n打印正文\n正文第二段。"
    assert not api.lint(text, select=["BP002"])
    found = api.lint(text, select=["BP002"], options={"BP002": {"extend-words": ["打印正文"]}})
    assert [d.start.line for d in found] == [2]


# --- clean corpora: nothing to report -----------------------------------------------------------

def test_no_residue_in_clean_reports_and_laws(shared):
    counts = Counter()
    for text in _clean_texts(shared):
        counts.update(d.code for d in api.lint(text, select=BP))
    assert counts == {}


# --- PDF-like text: running headers and page numbers --------------------------------------------

def _pdf_like(shared, pages: int = 12, seed: int = 3) -> tuple[str, str, int]:
    """Clean report paragraphs wrapped at 36 characters, 30 lines a page, each page break
    carrying a page number and a running header; returns (damaged, expected after BP003, breaks)."""
    rng = random.Random(seed)
    rows = _jsonl(shared / "corpus" / "gov-reports" / "government_work_reports.clean_paragraphs.jsonl")
    paras = [p for p in rows[-3]["paragraphs"] if len(p) > 80]
    lines: list[str] = []
    for p in paras:
        lines.extend(p[i:i + 36] for i in range(0, len(p), 36))
        if len(lines) > pages * 30:
            break
    out, expected, breaks = [], [], 0
    for n, line in enumerate(lines[: pages * 30]):
        out.append(line)
        expected.append(line)
        if n % 30 == 29:
            page = n // 30 + 1
            footer = rng.choice((f"— {page} —", f"- {page} -", f"第 {page} 页"))
            out.extend(["", footer, "\f2019年国务院政府工作报告", ""])
            if ends_sentence(line):  # a page that ends a paragraph keeps one blank line
                expected.append("")
            breaks += 1
    return "\n".join(out) + "\n", "\n".join(expected) + "\n", breaks


def test_page_breaks_found_and_removed(shared):
    damaged, expected, breaks = _pdf_like(shared)
    found = api.lint(damaged, select=["BP003"])
    assert len(found) == breaks
    assert all("page number" in d.data["kind"] and "running header" in d.data["kind"] for d in found)
    fixed = api.fix(damaged, select=["BP003"])
    assert fixed.writable
    assert fixed.text == expected


def test_running_header_alone_found_from_repetition(shared):
    damaged, expected, breaks = _pdf_like(shared)
    without_numbers = "\n".join(line for line in damaged.split("\n")
                                if not (line.startswith(("— ", "- ", "第 ")) and line.endswith((" —", " -", " 页"))))
    found = api.lint(without_numbers, select=["BP003"])
    assert len(found) == breaks
    assert all(d.data["kind"] == "running header" for d in found)
    assert han_digits(api.fix(without_numbers, select=["BP003"]).text) == han_digits(expected)


def test_repeated_document_is_not_a_running_header(shared):
    text = "\n".join(list(_clean_texts(shared))[:40])
    assert not api.lint(text + "\n" + text + "\n" + text, select=["BP003"])


def test_bare_page_number_between_halves():
    text = "各级党组织要坚持把政治建设摆在首位，不断提高政治判断力、政治领悟力\n\n12\n\n和政治执行力。\n表格\n2023\n"
    found = api.lint(text, select=["BP003"])
    assert [d.start.line for d in found] == [3]
    assert api.fix(text, select=["BP003"]).text == (
        "各级党组织要坚持把政治建设摆在首位，不断提高政治判断力、政治领悟力\n和政治执行力。\n表格\n2023\n")


def test_link_split_lines_are_not_headers():
    """Wikisource pages split a paragraph at every link: 《\\n纲要\\n》 is not a page break."""
    para = "全面实施《\n国家中长期科学和技术发展规划纲要\n》，加强自主创新，取得了新的进展。"
    text = "\n".join(para for _ in range(5))
    assert not api.lint(text, select=["BP003"])


# --- idempotence -------------------------------------------------------------------------------

_PIECES = ["##paidbegin##", "##paidend##", "\n", "下载", "打印", "全屏", "收藏", "【字号：大 中 小】", "大", "中",
           "各位代表：", "要坚持把政治建设摆在首位，不断提高政治判断力", "和政治执行力。", "— 12 —", "第 3 页", "\f", "□",
           "(来源:新华社)", "目录", "..... 省统计局课题组 16", "1.强化政治机关意识\t", "您的位置：", "首页", ">", "要闻",
           "来源:", "四川日报", "。", " "]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16), st.booleans())
def test_fixing_twice_changes_nothing(pieces, unsafe):
    text = "".join(pieces)
    once = api.fix(text, select=BP, unsafe=unsafe)
    assert once.writable
    assert api.fix(once.text, select=BP, unsafe=unsafe).text == once.text


@pytest.mark.parametrize("code", BP)
def test_rules_are_in_the_default_set(code):
    assert any(r.code == code for r in api.rules_for())


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_furniture_lines_and_code_fences_are_found_whatever_the_line_ends(eol):
    furniture = eol.join(["正文第一段。", "下载", "打印", "【字号：", "加大", "】", "正文第二段。", ""])
    found = api.lint(furniture, select=["BP002"])
    assert [d.start.line for d in found] == [2]
    assert api.fix(furniture, select=["BP002"]).text == eol.join(["正文第一段。", "正文第二段。", ""])
    fenced = eol.join(["```", "a,b 中文,中文", "```", "中文,中文。", ""])  # commas in code are code
    assert [d.start.line for d in api.lint(fenced, select=["PU001"])] == [4]
