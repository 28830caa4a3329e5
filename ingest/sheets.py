"""项目支出绩效目标表: one sheet per project, with cells that drift left and right.

The sheet is read by what cells say, not where they sit: a known field name
takes the text cells after it; the funds block alternates label and amount
(first pair 实施期, second 年度); indicator rows are walked cell by cell,
carrying 一级/二级指标 down and splitting 实施期 from 年度 by pair order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from ingest.model import Indicator, Line, ProjectSheet
from ingest.numbers import parse_amount
from ingest.tables import strip_spaces
from ingest.targets import LEVEL1 as TARGET_LEVEL1

SHEET_TITLE = re.compile(r"绩效目标(申报|填报)?表")
FIELDS = (
    "项目名称",
    "主管部门及代码",
    "主管部门",
    "实施单位",
    "项目属性",
    "项目性质",
    "项目类别",
    "项目期",
    "计划开始日期",
    "计划完成日期",
    "项目概况",
    "立项依据",
    "项目设立必要性",
    "保证项目实施的制度、措施",
    "项目实施计划",
    "总体目标",
    "实施期目标",
    "年度目标",
    "当年绩效目标",
    "当年整体绩效目标",
    "整体绩效目标",
)
SENTENCE = re.compile(r"[，,。；;]|详见")
FOOTER = ("负责人", "经办人", "联系电话", "填报日期")
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "可持续影响指标", "成本指标")
LEVEL2 = re.compile(
    r"^(数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度)(指标?|指)?$"
)
INDICATOR_HEADER = ("一级指标", "二级指标", "三级指标", "指标值", "指标名称")
# a line of the year's funds: 当年预算 | 12,700.00 | | 市级支出 | … (Chongqing)
ANNUAL_BUDGET = ("当年预算", "年度预算")


def is_sheet_title(text: str) -> bool:
    """A sheet's title line, not a sentence of the narrative naming one (“……绩效目标表，详见表11。”)."""
    compact = strip_spaces(text)
    return (
        bool(SHEET_TITLE.search(compact))
        # 2021年专项资金总体绩效目标表 (Xi'an), not its line in the list of tables (表16 2021年专项资金…)
        # 部门整体绩效目标表 (Chongqing): the department's own targets, a sheet of indicators too
        and (
            "项目" in compact
            or (("专项资金" in compact or "整体" in compact) and not re.match(r"表\d", compact))
        )
        and len(compact) < 60
        and not SENTENCE.search(compact)
    )


# a sheet titled by its project, with no 项目名称 field (公安办案业务经费项目绩效目标表, Fujian)
TITLE_SUFFIX = re.compile(r"(?:项目)?(?:支出)?绩效目标(?:申报|填报)?表$")
GENERIC_TITLE = re.compile(r"(?:\d{4}年度?)?(?:部门|单位)?(?:预算)?(?:项目|项目支出)?")


def _title_name(title: str) -> str:
    """The project a sheet's title names, "" for a title naming only the kind of sheet."""
    if WHOLE_BODY.search(strip_spaces(title)):
        return WHOLE_SHEET  # the department's own targets, whatever year the title says
    name = TITLE_SUFFIX.sub("", strip_spaces(title))
    name = re.sub(r"^(?:[\d一二三四五六七八九十]+[.、．]|表\d+[-－]?\d*[:：]?)", "", name)
    return "" if len(name) < 2 or GENERIC_TITLE.fullmatch(name) else name


WHOLE_SHEET = "部门整体绩效目标"  # the name a 部门整体绩效目标表 is stored under
WHOLE_BODY = re.compile(r"(?:部门|单位)整体(?:支出)?绩效目标|^(?:\d{4}年度?)?整体(?:支出)?绩效目标")
WAN_HEADING = re.compile(r"[（(](?:金额)?(?:单位[:：])?万元|^(?:金额)?单位[:：]万元$")


def _field(cell: str) -> str | None:
    key = strip_spaces(cell).rstrip(":：")
    if key in FIELDS:
        return {
            "主管部门及代码": "主管部门",
            "当年绩效目标": "年度目标",
            "当年整体绩效目标": "年度目标",
            "整体绩效目标": "年度目标",
        }.get(key, key)
    return None


def parse_sheet(lines: Sequence[Line]) -> ProjectSheet | None:
    """Read one sheet's lines (from its title to its footer); None without a 项目名称."""
    fields: dict[str, str] = {}
    funds: dict[str, Decimal] = {}
    indicators: list[Indicator] = []
    state = "fields"
    pending_key = ""
    split_index = 5
    level1 = ""
    level2 = {"实施期": "", "年度": ""}
    first = lines[0] if lines else None
    annual = False  # a funds block of the year only (当年预算 …), its lines all 年度
    columns: dict[str, int] = {}  # an indicator table keyed by its header (指标名称 | 指标性质 | 指标值 …)
    in_wan = False  # funds printed in 万元 (资金情况（万元）, 单位：万元); kept in 元 like every sheet
    for line in lines:
        cells = [cell.strip() for cell in line.cells]
        filled = [(i, c) for i, c in enumerate(cells) if c]
        if not filled:
            continue
        texts = [c for _, c in filled]
        joined = strip_spaces("".join(texts))
        if joined.startswith(FOOTER):
            for key, value in _footer(texts):
                fields[key] = value
            break
        if (
            any(strip_spaces(c).startswith("项目资金") for c in texts)
            or "资金总额" in joined
            or (strip_spaces(texts[0]) in ANNUAL_BUDGET and state != "indicators")
        ):
            state = "funds"
            annual = strip_spaces(texts[0]) in ANNUAL_BUDGET
        if state != "indicators" and WAN_HEADING.search(joined):
            in_wan = True
        if state == "indicators" or any(c in INDICATOR_HEADER for c in texts):
            if state != "indicators":
                state = "indicators"
                positions = [i for i, c in filled if c == "二级指标"]
                split_index = positions[1] if len(positions) > 1 else split_index
                columns = _indicator_columns(cells)
                continue
            if columns:
                _read_indicator_line(cells, columns, line.number, indicators)
                continue
            level1 = _walk_indicator_row(filled, level1, level2, split_index, line.number, indicators)
            continue
        if state == "funds" and not _field(texts[0]):
            _read_funds(texts, funds, annual)
            continue
        state = "fields"
        key = ""
        for text in texts:
            name = _field(text)
            if name:
                key = name
                pending_key = name
                fields.setdefault(key, "")
                continue
            target = key or pending_key
            if not target:
                continue
            if target == "总体目标" and fields.get("总体目标"):
                fields["年度目标"] = fields.get("年度目标", "") + text
            else:
                fields[target] = fields[target] + text if fields.get(target) else text
            if target == "总体目标":
                fields.setdefault("实施期目标", fields["总体目标"])
    name = fields.pop("项目名称", "").strip()
    if not name and first is not None and (funds or indicators):
        name = _title_name(first.text)
    if not name or first is None:
        return None
    fields.pop("实施期目标", None)
    goal = fields.pop("总体目标", "")
    if goal:
        fields["总体目标（实施期）"] = goal
    if "年度目标" in fields:
        fields["总体目标（年度）"] = fields.pop("年度目标")
    fields = {key: value for key, value in fields.items() if value}
    if in_wan:
        funds = {key: amount * 10000 for key, amount in funds.items()}
    return ProjectSheet(
        name=name,
        line=first.number,
        page=first.page,
        fields=fields,
        funds=funds,
        indicators=tuple(indicators),
    )


def _footer(texts: Sequence[str]) -> list[tuple[str, str]]:
    pairs = []
    for index, text in enumerate(texts):
        key = strip_spaces(text).rstrip(":：")
        if key == "填报日期":
            tail = [t for t in texts[index + 1 :] if t]
            if tail:
                pairs.append((key, tail[0]))
        elif key.startswith("填报日期") and len(key) > 4:
            pairs.append(("填报日期", key[4:].lstrip(":：")))
    if not pairs:
        numbers = [t for t in texts if re.fullmatch(r"\d{8,14}", t)]
        if numbers:
            pairs.append(("填报日期", numbers[-1]))
    return pairs


def _read_funds(texts: Sequence[str], funds: dict[str, Decimal], annual: bool = False) -> None:
    """Label/amount pairs: the first pair of a line is 实施期, the second 年度 (all 年度 in a block of
    the year's funds: 当年预算 12,700.00 | 市级支出 · 补助区县 12,700.00)."""
    pairs: list[tuple[str, Decimal]] = []
    label = ""
    for text in texts:
        amount = parse_amount(text)
        if amount is None:
            compact = strip_spaces(text).rstrip(":：")
            if compact.startswith("项目资金"):
                continue
            label = re.sub(r"^其中[:：]", "", compact)
            continue
        if label:
            pairs.append((label, amount))
            label = ""
    if annual:
        # 当年预算 12,700.00 · 市级支出 … · 补助区县 12,700.00: the year's total, then its parts
        for label, amount in pairs:
            funds["年度/资金总额" if label in ANNUAL_BUDGET else f"年度/{label}"] = amount
        return
    for period, (label, amount) in zip(("实施期", "年度"), pairs, strict=False):
        # a label naming its period says it (实施期资金总额： | 年度资金总额： 20000: the 年度's)
        period = next((p for p in ("实施期", "年度") if label.startswith(p)), period)
        key = "资金总额" if label.endswith("资金总额") else label
        funds[f"{period}/{key}"] = amount


def _walk_indicator_row(
    filled: Sequence[tuple[int, str]],
    level1: str,
    level2: dict[str, str],
    split_index: int,
    number: int,
    out: list[Indicator],
) -> str:
    """Read one indicator row; returns the 一级指标 in force after it."""
    texts: list[tuple[int, str]] = []
    seen_level2 = 0
    row_level2: list[str] = []
    for index, cell in filled:
        compact = strip_spaces(cell)
        if compact == "绩效指标":
            continue
        if compact in LEVEL1 and not texts and not row_level2 and compact != "成本指标":
            level1 = compact
            continue
        if LEVEL2.match(compact) or compact in LEVEL1:
            seen_level2 += 1
            row_level2.append(compact)
            texts.append((index, "\x00" + compact))
            continue
        texts.append((index, cell))
    # pair names with values, tracking which 二级指标 each pair falls under
    pairs: list[tuple[int, str, str, str]] = []  # (index, level2, name, value)
    current_level2 = ""
    pending: tuple[int, str] | None = None
    for index, cell in texts:
        if cell.startswith("\x00"):
            current_level2 = cell[1:]
            pending = None
            continue
        if pending is None:
            pending = (index, cell)
        else:
            pairs.append((pending[0], current_level2, pending[1], cell))
            pending = None
    if not pairs:
        for name in row_level2[:1]:
            level2["实施期"] = name
        for name in row_level2[1:2]:
            level2["年度"] = name
        return level1
    if len(row_level2) >= 2:
        level2["实施期"] = row_level2[0]
    if len(pairs) >= 2:
        periods = ["实施期", "年度"] + ["年度"] * (len(pairs) - 2)
    else:
        periods = ["年度" if pairs[0][0] >= split_index else "实施期"]
    for (_, own_level2, name, value), period in zip(pairs, periods, strict=False):
        if own_level2:
            level2[period] = own_level2
        out.append(Indicator(period, level1, level2[period], name, value, number))
    return level1


# the header words of an indicator table read by its columns, and what each column holds
INDICATOR_COLUMNS = {
    "指标名称": "name",
    "绩效指标": "name",  # (Beijing: 活动 | 绩效指标 | 指标性质 | 指标值 | 度量单位)
    "指标性质": "sign",
    "指标值": "value",
    "计量单位": "unit",
    "度量单位": "unit",
}
# a name printed with its 一级 and 二级指标 before it (产出指标数量指标出具数据分析报告)
LEVELS_BEFORE = re.compile(
    rf"^(?P<l1>{TARGET_LEVEL1.pattern})?"
    r"(?P<l2>(?:数量|质量|时效|经济成本|社会成本|生态环境成本|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度)指标)?"
)


def _indicator_columns(cells: Sequence[str]) -> dict[str, int]:
    """Where the name, sign, value and unit of an indicator table's lines are, when its header names
    them in columns of their own (指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重(%) | 是否核心); else {}."""
    columns = {
        INDICATOR_COLUMNS[strip_spaces(c)]: i
        for i, c in enumerate(cells)
        if strip_spaces(c) in INDICATOR_COLUMNS
    }
    # (绩效指标 heads a sheet's indicator block too, beside 一级指标 | 二级指标 | 三级指标: there it names no
    # column of names; only beside 指标性质, in a header of such columns, does it)
    needed = (
        {"name", "value"} if "指标名称" in (strip_spaces(c) for c in cells) else {"name", "value", "sign"}
    )
    return columns if needed <= columns.keys() and "三级指标" not in cells else {}


def _read_indicator_line(
    cells: Sequence[str], columns: dict[str, int], number: int, out: list[Indicator]
) -> None:
    """One line of an indicator table keyed by its header: ≥ | 90 | % read as the value ≥90%."""

    def cell(key: str) -> str:
        index = columns.get(key, -1)
        return cells[index].strip() if 0 <= index < len(cells) else ""

    name, value = cell("name"), cell("value")
    levels = LEVELS_BEFORE.match(name)
    level1, level2 = (levels.group("l1") or "", levels.group("l2") or "") if levels else ("", "")
    name = name[levels.end() :] if levels and levels.end() < len(name) else name
    if name and value:
        sign = cell("sign") if cell("sign") in ("≥", "≤", "=", "＞", "＜", ">", "<", "≧", "≦") else ""
        sign = "" if sign == "=" else sign
        out.append(Indicator("年度", level1, level2, name, f"{sign}{value}{cell('unit')}", number))
