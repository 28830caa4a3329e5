"""The slots of a plan, each read from the question's words (the only place they are read).

Every function here is pure: normalized question text (and the catalogue, for the
names a part of the question holds) in, a slot value out.
"""

from __future__ import annotations

import re
from decimal import Decimal

from knowledge import vocabulary as v
from knowledge.aliasing import canon
from knowledge.catalogue import Catalogue
from knowledge.cues import TWO_ASKED
from knowledge.plan import Mention, Population, Ratio, Side
from textnorm.normalize import strip_padding

COMPARATORS = {
    "超过": ">",
    "大于": ">",
    "高于": ">",
    "多于": ">",
    "不少于": ">=",
    "不低于": ">=",
    "至少": ">=",
    "低于": "<",
    "少于": "<",
    "小于": "<",
    "不足": "<",
    "不到": "<",
    "不超过": "<=",
}
# A core that names only the budget as a whole, and the rows that state its total.
TOTAL_ONLY = re.compile(
    r"(预算|决算|部门|单位|总|收入|支出|总额|总数|总计|合计|全年|年度|本年|多少|钱|金额|规模)*"
)
TOTAL_INCOME = ("收入总计", "本年收入合计", "支出总计", "本年支出合计")
TOTAL_SPENDING = ("支出总计", "本年支出合计", "收入总计", "本年收入合计")
GENERIC_CORE = re.compile(r"(预算|决算|部门|单位|总额|总数|收入|支出|多|少|哪年|比|的)+")
EVERY_YEAR = re.compile(
    r"哪年|哪[一1]年|哪个年度|历年|各年|逐年|每年的?预算|\d年.{0,6}(分别|各)|(分别|各)是?多少"
)
QUANTITY_UNIT = re.compile(rf"(?:几|多少)({v.COUNT_UNITS}|个)")


def mentions(compact: str, catalogue: Catalogue) -> tuple[Mention, ...]:
    """The catalogue's longest names in the canonical question."""
    spans = catalogue.find(compact)
    scopes = {word for word, _ in v.TITLE_HINTS}
    columns = {word for word, _ in v.COLUMN_WORDS}
    kept = [
        (start, alias)
        for index, (start, end, alias) in enumerate(spans)
        # 一般公共预算基本支出, 财政拨款项目支出: the scope word right before a column word qualifies
        # it (a hinted table) and is not an item of its own
        if not (
            alias in scopes
            and index + 1 < len(spans)
            and spans[index + 1][0] == end
            and spans[index + 1][2] in columns
        )
    ]
    return tuple(Mention(alias, start, tuple(catalogue.by_alias[alias])) for start, alias in kept)


def core(text: str) -> str:
    """The words that name the item: without years, cue words and question words."""
    stripped = re.sub(r"(?<![比较])(19|20)\d{2}年度?|(?<![比较])去年", "", text)  # 去年 names no item
    for pattern in (
        EACH_WORDS,
        v.WHY,
        v.USE,
        v.DEFINITION,
        v.SHARE,
        v.DIFFERENCE,
        v.CHANGE,
        v.SUM,
        v.RANKING,
        v.TIME,
        v.PEOPLE_CUE,
        v.LIST,
    ):
        stripped = pattern.sub("", stripped)
    stripped = v.QUESTION_WORDS.sub("", stripped)
    stripped = re.sub(r"^[增减]$", "", stripped)  # 比上年减少了多少: the 减 of 减少 left by 少了多少
    stripped = re.sub(r"^(召开|开|举办|举行|搞|办)(?=.{2})|(需要|要|得)$", "", stripped)
    return canon(stripped)


def padded_core(text: str) -> str:
    """``core`` of a whole question (greetings and padding stripped first)."""
    return core(strip_padding(text))


def bare(core_words: str) -> str:
    """The core without a generic suffix (会议费 stays; 代表培训经费 → 代表培训)."""
    return v.GENERIC_SUFFIX.sub("", core_words)


def hinted(text: str) -> frozenset[str]:
    """Table kinds the wording points at (一般公共预算 → the 一般公共预算支出表 …)."""
    return frozenset(kind for word, kind in v.TITLE_HINTS if word in text)


def side(text: str, catalogue: Catalogue) -> Side:
    """Part of a question read on its own: its core and names."""
    words = core(text)
    return Side(text, words, bare(words), mentions(canon(text), catalogue), hinted(text))


# (中 alone only after a money word: 基本支出中人员经费, never the 中 of 中医院 or 中心)
WITHIN = re.compile(
    r"^(?P<whole>.{2,}?)(?:里面|里边|里|当中|之中|中的|(?<=支出|经费|预算|资金|收入)中)(?P<part>.{2,})$"
)


def ratio(text: str, found: tuple[Mention, ...], catalogue: Catalogue, masked: str = "") -> Ratio:
    """The numerator and denominator of a share, split at 占. ``masked`` is the text the mentions
    were found in (bodies' names masked), so that the split is counted in the same characters."""
    split = text.find("占")
    if split < 0:
        return Ratio(numerator=found)
    where = masked or text
    boundary = len(canon(where[: where.find("占")])) if "占" in where else len(canon(text[:split]))
    before = tuple(m for m in found if m.start < boundary)
    after = tuple(m for m in found if m not in before)
    after_share = text[split + 1 :]
    if after_share.startswith("比") and not after_share.startswith(("比上", "比去", "比较")):
        after_share = after_share[1:]  # 占比 (那占比呢): the share word, no whole named
    rest = re.sub(r"(?:多大|多高|多少)?的?(比例|比重|占比|百分比|多少|几成|份额|是|%).*$", "", after_share)
    within = WITHIN.match(text[:split])
    if within and len(rest) < 2:  # 三公经费里公车费用占多少: the part's share of the whole before 里
        # counted in the characters the mentions were found in (the body's name masked)
        in_where = WITHIN.match(where[: where.find("占")]) if "占" in where else None
        edge = (
            len(canon(where[: in_where.end("whole")]))
            if in_where
            else len(canon(text[: within.end("whole")]))
        )
        return Ratio(
            numerator=tuple(m for m in before if m.start >= edge),
            denominator=tuple(m for m in before if m.start < edge),
            numerator_words=side(within.group("part"), catalogue),
            denominator_words=side(within.group("whole"), catalogue),
            before=canon(within.group("part")),
        )
    # the sides' words without the bodies named (深圳市公安局2026年公务用车… is 公务用车…)
    said = where.replace("#", "")
    cut = said.find("占")
    return Ratio(
        numerator=before,
        denominator=after,
        numerator_words=side(said[:cut] if cut >= 2 else text[:split], catalogue) if split >= 2 else None,
        denominator_words=side(rest, catalogue) if len(rest) >= 2 else None,
        pronoun=split <= 1,
        before=canon(text[:split]),
    )


# 各多少 (not 分别, which a question about several units may mean): no word of an item
EACH_WORDS = re.compile(r"各(?:是|为|有|占|自|要|花)?(?:多少|几)|各自")


# words pointing back at the items just listed (这三项, 这两个, 以上几项): no item of their own
THESE = re.compile(
    r"(?:这|以上|上述|前面)(?:[0-9一二两三四五六七八九十几]+)?(?:项|个|笔|类)?(?:经费|费用|支出)?(?=[一加合总共是的]|$)"
)


def sides(text: str, catalogue: Catalogue) -> tuple[Side, ...]:
    """The sides of 比 / 和 / 与 … (two for a difference; every one listed for a sum), else none; or of
    two questions."""
    asked = TWO_ASKED.search(text)
    if asked:
        cut = text.index("?", asked.start())
        return (side(text[:cut], catalogue), side(text[cut + 1 :], catalogue))
    text = THESE.sub("", text)
    # a list (人代会、常委会会议费、代表培训这三项; A、B和C): every item, split at 、 and at the 和 before
    # the last (和, 及 elsewhere may be inside a name: 政府办公厅（室）及相关机构事务)
    parts = text.split("、")
    parts = parts[:-1] + re.split(r"和|与|及|加上", parts[-1], maxsplit=1)
    if len(parts) > 2 and "比" not in text and all(re.search(r"[\u4e00-\u9fff]{2}", p) for p in parts):
        return tuple(side(part, catalogue) for part in parts)
    parts = re.split(r"比|和|与|跟|同|及|加上|、", text, maxsplit=1)
    return tuple(side(part, catalogue) for part in parts) if len(parts) == 2 else ()


def population(text: str) -> tuple[Population, ...]:
    """What a ranking or count runs over, in the order tried (projects last)."""
    wanted = []
    if re.search(r"功能科目|科目|支出功能", text) and "项目" not in text and "经济" not in text:
        wanted.append(Population.FUNCTIONAL)
    if re.search(r"经济科目|基本支出|人员经费|公用经费", text):
        wanted.append(Population.ECONOMIC)
    if UNITS_ASKED.search(text):
        return (Population.UNITS,)  # units asked are never answered by projects
    return (*wanted, Population.PROJECTS)


# the units of a 部门预算 ranked or counted (下属单位里哪家最多, 哪个单位预算最多)
UNITS_ASKED = re.compile(
    r"(?:下属|所属|二级|预算)单位|哪家|哪个单位|哪些单位|各单位|\d+个单位|几个单位|几家单位"
)


def threshold(text: str) -> tuple[Decimal | None, str]:
    """A limit in 元 and its comparator (超过50万元 → 500000, ">")."""
    match = re.search(
        r"(超过|大于|高于|多于|不少于|不低于|至少|低于|少于|小于|不足|不到|不超过)\s*(\d+(?:\.\d+)?)\s*(万元|万|元)?",
        text,
    )
    if match:
        amount = Decimal(match.group(2))
        unit = match.group(3) or "万元"
        comparator = COMPARATORS[match.group(1)]
    else:
        after = re.search(r"(\d+(?:\.\d+)?)\s*(万元|万|元)?\s*(以上|以下)", text)
        if not after:
            return None, ""
        amount = Decimal(after.group(1))
        unit = after.group(2) or "万元"
        comparator = ">=" if after.group(3) == "以上" else "<="
    return amount * (10000 if unit.startswith("万") else 1), comparator


def ranking(text: str) -> tuple[int, bool]:
    """How many to list, and whether the least come first."""
    ascending = bool(re.search(r"最少|最低|最小|最便宜|后\d+|倒数|哪个.{0,6}((?<!多)少|低|小|便宜)", text))
    match = re.search(r"(?:前|后|top)\s*(\d+)", text) or re.search(r"(\d+)\s*[个项名]", text)
    return (int(match.group(1)) if match else 1), ascending


# 结转 said as what the projects are (结转的项目, 去年结转过来的), not beside the year's (含结转, 加上结转)
CARRIED = re.compile(r"(?:上年|去年|上一年|以前年度)?结转(?:过来|下来)?的?")
WITH_CARRIED = re.compile(r"(?:含|包括|包含|加上|连同|和|及|与)(?:上年|去年)?结转")


def carried_only(text: str) -> bool:
    """Whether the projects asked about are only those carried over from last year."""
    return CARRIED.search(text) is not None and WITH_CARRIED.search(text) is None


def totals(core_words: str, text: str) -> tuple[bool, tuple[str, ...], tuple[str, ...], bool]:
    """(whole budget?, its total lines, the totals compared across documents, generic core?)."""
    whole = bool(TOTAL_ONLY.fullmatch(core_words))
    rows = TOTAL_SPENDING if "支出" in core_words else TOTAL_INCOME
    compared = ("支出总计", "本年支出合计") if "支出" in text else ("收入总计", "本年收入合计", "支出总计")
    return whole, rows, compared, bool(GENERIC_CORE.fullmatch(core_words))


def across(text: str) -> tuple[bool, bool, bool, bool]:
    """(every year, 预算 and 决算, 部门 and 单位, each listed) for questions across documents."""
    return (
        bool(EVERY_YEAR.search(text)),
        "决算" in text and bool(re.search(r"(?<!决)预算", text)),
        bool(re.search(r"部门.{0,6}单位|单位.{0,6}部门", text)),
        bool(v.EACH.search(text) or "都是" in text),
    )


def quantity_units(text: str) -> tuple[str, ...]:
    """The units a quantity is asked in (几辆 → 辆; 平米 → 平方米; 台 or 套 → also 台（套）)."""
    match = QUANTITY_UNIT.search(text)
    if "车" in text and (match is None or match.group(1) in ("辆", "台")):
        return ("辆", "台")  # vehicles are counted in 辆 or 台 (北京市审计局共有车辆17台)
    unit = match.group(1) if match else "平方米"
    if unit == "平米":
        return ("平方米",)
    return (unit, "台（套）") if unit in ("台", "套") else (unit,)


def sheet_fields(text: str) -> tuple[str, ...]:
    """Performance-sheet fields the question names, in vocabulary order."""
    return tuple(dict.fromkeys(name for word, name in v.SHEET_FIELDS if word in text))


def fund_fields(text: str) -> tuple[tuple[str, str], ...]:
    """(period, source) of the performance-sheet funds the question names."""
    return tuple((period, source) for word, period, source in v.FUND_FIELDS if word in text)
