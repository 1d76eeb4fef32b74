"""Masked numbers, years and names (``xx项``, ``xxxx年``, ``《xx精神》``, ``××县``) and the pseudonym ``某某``.

Republishing sites mask figures and names with runs of Latin x, ``×``, ``＊`` or ``○``. A mask is
told from real Latin text by its neighbours: it touches Han text or CJK punctuation and no Latin
letter or digit, so ``Excel``, ``x86``, ``LSZ2017056``, ``BTX``, URLs and e-mail addresses never
match. What the mask hides is read from the characters around it (a measure word after it: a
number; ``年`` after four of them: a year; a name suffix or ``《…》`` around it: a name).
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

import regex

from .._types import Applicability, Severity
from ..diagnostics import Fix, Violation
from ..document import Document
from ..ruleset import Rule

NUMBER, YEAR, NAME, UNKNOWN = "number", "year", "name", "unknown"

DEFAULT_TOKENS: Mapping[str, str] = {NUMBER: "〔数字〕", YEAR: "〔年份〕", NAME: "〔名称〕", UNKNOWN: "〔略〕"}
_KIND_LABEL = {NUMBER: "a number", YEAR: "a year", NAME: "a name", UNKNOWN: "a word"}

# One pass finds every run of a mask character; the neighbours are checked in Python, as they
# depend on the mask's shape and candidates are rare in Chinese text.
_RUNS = regex.compile(r"[xX]+|[ｘＸ]+|×+|[＊*]+|[○〇◯]+|A{3,}")
_LATIN_OR_DIGIT = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ０１２３４５６７８９"
)
_CODE_PUNCT = frozenset("_@/\\.-:#%&=+~")  # URLs, e-mail addresses, paths, identifiers
_YEAR_PREFIX = regex.compile(r"(?:1[89]|20)[0-9]?$")
_PSEUDONYM = regex.compile(r"某某+")

_HAN = regex.compile(r"\p{Han}")
# CJK punctuation a mask may stand next to: 《xx》, “xx”, （xx）, xx、xx.
_CJK_PUNCT = frozenset("《》〈〉「」『』“”‘’（）【】〔〕，。、；：！？…—·")
_CN_NUMERALS = frozenset("一二三四五六七八九十百千万亿零〇○两")
# X standing for a letter or a variable, not a mask: X光, X射线, X型, X轴, 第一位X代表….
_LETTER_X_AFTER = ("光", "射线", "线", "型", "轴", "染色体", "形", "代表", "表示")

_MEASURE_WORDS = (
    "周年", "世纪", "年度", "小时", "分钟", "公里", "平方", "立方", "千米", "公顷", "余", "多", "万", "亿",
    "千", "百", "项", "人", "个", "次", "届", "条", "名", "期", "门", "家", "所", "座", "件", "篇", "种",
    "批", "户", "位", "元", "天", "月", "日", "号", "场", "轮", "类", "处", "支", "本", "册", "套", "份",
    "起", "例", "台", "辆", "米", "亩", "吨", "倍", "岁", "周", "级", "层", "栋", "间", "张", "只", "头",
    "株", "棵", "首", "幅", "艘", "架", "趟", "班", "组", "队", "段", "节", "章", "卷", "版", "点", "成",
    "斤", "克", "%", "％", "热线", "服务热线", "电话", "年",
)
_NUMBER_BEFORE = ("第", "近", "约", "共", "达", "超", "逾", "计", "前", "后", "增长", "下降", "提高")
_NAME_SUFFIXES = (
    "集团", "公司", "博物馆", "纪念馆", "图书馆", "大学", "学院", "学校", "医院", "银行", "工程", "精神",
    "同志", "先生", "女士", "书记", "主任", "省", "市", "县", "区", "州", "镇", "乡", "村", "街道", "社区",
    "局", "厅", "委", "部", "院", "办", "中心", "协会", "学会", "基金", "公众号", "日报", "晚报", "电视台",
    "平台", "网", "各族", "地区", "全区", "全省", "全市", "人民", "同胞", "籍", "牌", "品牌",
)
# A mask right after a surname (张**, 王××, 秦xx) hides the given name.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_LETTER_MASK_NOT_BEFORE = ("级", "企业", "类", "等", "信用", "景区")


def _is_context(ch: str) -> bool:
    return bool(ch) and (ch in _CJK_PUNCT or bool(_HAN.match(ch)))


def _is_han(ch: str) -> bool:
    return bool(ch) and bool(_HAN.match(ch))


def _in_book_title(text: str, start: int, end: int) -> bool:
    """The mask sits inside ``《…》`` on its line."""
    left = text.rfind("《", max(0, start - 30), start)
    if left < 0 or "》" in text[left:start] or "\n" in text[left:start]:
        return False
    right = text.find("》", end, end + 30)
    return right >= 0 and "\n" not in text[end:right] and "《" not in text[end:right]


def _longest_prefix(s: str, words: tuple[str, ...]) -> int:
    return max((len(w) for w in words if s.startswith(w)), default=0)


def classify(text: str, start: int, end: int, mask: str) -> str:
    """What the mask hides, read from its neighbours: number, year, name or unknown."""
    if mask.startswith("某"):
        return NAME
    after = text[end:end + 4].lstrip(" \t\u3000")
    before = text[max(0, start - 2):start]
    if after.startswith("年") and len(mask) >= 4:
        return YEAR
    if _in_book_title(text, start, end):
        return NAME
    if before[-1:] in _SURNAMES and not _is_han(text[start - 2:start - 1] if start >= 2 else "") \
            and mask[0] in "xX×＊*○〇":
        return NAME
    measure = _longest_prefix(after, _MEASURE_WORDS)
    suffix = _longest_prefix(after, _NAME_SUFFIXES)
    if suffix > measure:  # xx人民 is a place, xx人 a count
        return NAME
    if measure or before.endswith(_NUMBER_BEFORE):
        return NUMBER
    if after.startswith(("的", "在")) and before[-1:] in ("在", "是", "对", "到", "于"):
        return NAME
    return UNKNOWN


def _markdown_emphasis(text: str, start: int, end: int) -> bool:
    """``**加粗**``: a pair of double stars that open after a boundary and close before one."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    line = text[ls: le if le >= 0 else len(text)]
    runs = [m.span() for m in regex.finditer(r"(?<![*＊])\*\*(?![*＊])", line)]
    if len(runs) < 2 or len(runs) % 2:
        return False
    for (a0, a1), (b0, b1) in zip(runs[::2], runs[1::2]):
        opens = a0 == 0 or line[a0 - 1] in " \t\u3000" or line[a0 - 1] in _CJK_PUNCT
        closes = b1 == len(line) or line[b1] in " \t\u3000\r" or line[b1] in _CJK_PUNCT
        if opens and closes and a1 < b0 and (ls + a0 <= start < ls + b1):
            return True
    return False


def _year_mask(text: str, start: int, end: int) -> int | None:
    """Start of a year with masked digits (20xx年, 201x年, 19××年), or None."""
    if end - start > 2:
        return None
    m = _YEAR_PREFIX.search(text, max(0, start - 3), start)
    if m is None or text[m.start() - 1:m.start()] in _LATIN_OR_DIGIT:
        return None
    if not text[end:end + 3].lstrip(" \t\u3000").startswith("年"):
        return None
    return m.start()


_DIGITS_BEFORE = regex.compile(r"(?<![A-Za-z0-9._\-/])\d{1,6}\.?$")


def _partial_number(text: str, start: int, end: int) -> bool:
    """The last digits of a number masked: 1.xx万户, 2xx人 (not x86, v1.x, LSZ2017056)."""
    if end - start < 2 or text[start] not in "xX×＊*":
        return False
    nxt = text[end:end + 1]
    if not (_is_han(nxt) or nxt in "%％"):
        return False
    return _DIGITS_BEFORE.search(text, max(0, start - 8), start) is not None


def find_masks(text: str) -> Iterable[tuple[int, int, str, str]]:
    """``(start, end, mask, kind)`` for every mask in ``text``, in order."""
    for m in _RUNS.finditer(text):
        start, end = m.span()
        mask = m.group(0)
        first = mask[0]
        prev, nxt = text[start - 1:start], text[end:end + 1]
        if (prev in _LATIN_OR_DIGIT or prev == ".") and first != "A":
            year = _year_mask(text, start, end)
            if year is not None:
                yield year, end, text[year:end], YEAR
            elif _partial_number(text, start, end):
                yield start, end, mask, NUMBER
            continue
        if prev in _LATIN_OR_DIGIT or nxt in _LATIN_OR_DIGIT:
            continue
        if first in "xXｘＸ":
            if prev in _CODE_PUNCT or nxt in _CODE_PUNCT:
                continue
            if len(mask) == 1:
                # a lone x stands for one character between two Han: 文化润x工程, xx届x次全会
                if not (_is_han(prev) and _is_han(nxt)):
                    continue
                if first in "XＸ" and text.startswith(_LETTER_X_AFTER, end):
                    continue
            elif not ((_is_han(prev) or _is_han(nxt)) or (_is_context(prev) and _is_context(nxt))):
                continue
        elif first == "A":
            # AAA公众号 hides a name; AAA级, AAA企业 and credit ratings are real.
            after = text[end:end + 4]
            if _is_han(nxt) and after.startswith(_NAME_SUFFIXES) and not after.startswith(_LETTER_MASK_NOT_BEFORE):
                yield start, end, mask, NAME
            continue
        else:
            if len(mask) < 2 or not (_is_context(prev) or _is_context(nxt)):
                continue
            if first in "○〇◯" and (prev in _CN_NUMERALS or nxt in _CN_NUMERALS):
                continue  # 二〇〇八年, 二○○○年: a numeral zero, not a mask
            if first in "*＊" and _markdown_emphasis(text, start, end):
                continue
        yield start, end, mask, classify(text, start, end, mask)


# --- fixes ------------------------------------------------------------------------------------

_SENTENCE_END = "。！？!?；;"
_CLOSERS = "”’」』）)》】"


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``text[start:end]``; a sentence that fills its line takes the line break too."""
    ls = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    le_candidates = [i for i in (text.find("\n", end), text.find("\r", end)) if i >= 0]
    le = min(le_candidates) if le_candidates else len(text)
    s = ls
    for i in range(start - 1, ls - 1, -1):
        if text[i] in _SENTENCE_END:
            s = i + 1
            while s < start and text[s] in _CLOSERS:
                s += 1
            break
    e = le
    for i in range(end, le):
        if text[i] in _SENTENCE_END:
            e = i + 1
            while e < le and text[e] in _CLOSERS:
                e += 1
            break
    if not text[ls:s].strip() and not text[e:le].strip():
        s, e = ls, le
        if text.startswith("\r\n", le):
            e = le + 2
        elif le < len(text):
            e = le + 1
    return s, e


def _tokens(rule: Rule) -> dict[str, str]:
    configured = rule.option("tokens") or {}
    return {**DEFAULT_TOKENS, **{str(k): str(v) for k, v in dict(configured).items()}}


def _fix(text: str, start: int, end: int, kind: str, mode: str, tokens: Mapping[str, str]) -> Fix | None:
    if mode == "token":
        token = tokens.get(kind) or tokens[UNKNOWN]
        return Fix.replace(start, end, token, Applicability.UNSAFE, f"replace the mask by {token}")
    if mode == "drop-sentence":
        s, e = sentence_span(text, start, end)
        return Fix.replace(s, e, "", Applicability.UNSAFE, "drop the sentence holding the mask")
    return None


_MODES = ("keep", "token", "drop-sentence")


@functools.lru_cache(maxsize=16)
def _check_mode(mode: str) -> str:
    if mode not in _MODES:
        raise ValueError(f"mode must be one of {', '.join(_MODES)}, not {mode!r}")
    return mode


def redactions(doc: Document, rule: Rule) -> Iterable[Violation]:
    """Masks of Latin x, ×, ＊ and ○ runs standing for numbers, years and names."""
    text = doc.text
    mode = _check_mode(str(rule.option("mode") or "keep"))
    tokens = _tokens(rule)
    for start, end, mask, kind in find_masks(text):
        data: dict[str, Any] = {"masked": kind, "token": mask}
        label = _KIND_LABEL[kind]
        message = f"masked {label}: {mask}" if kind != UNKNOWN else f"masked text: {mask}"
        yield Violation(start, end, message, _fix(text, start, end, kind, mode, tokens), data=data)


def pseudonyms(doc: Document, rule: Rule) -> Iterable[Violation]:
    """The editorial pseudonym 某某 (秦某某): the author's own anonymisation, reported for counting."""
    text = doc.text
    if "某某" not in text:
        return
    mode = _check_mode(str(rule.option("mode") or "keep"))
    tokens = _tokens(rule)
    for m in _PSEUDONYM.finditer(text):
        start, end = m.span()
        yield Violation(start, end, f"pseudonym {m.group(0)} stands for a name",
                        _fix(text, start, end, NAME, mode, tokens), severity=Severity.INFO,
                        data={"masked": NAME, "token": m.group(0)})
