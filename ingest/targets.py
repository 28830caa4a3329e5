"""项目支出绩效目标表 printed as one table for many projects (Beijing 预算表12, Changsha).

A header names the project column (项目名称, 单位（项目）名称), its amount (项目总额, 资金总额),
its 绩效目标 and the indicator columns (一级指标 | 二级指标 | 三级指标 | 指标值 …). A row whose
name cell is filled starts a project (or continues it, when a page prints its name again); the
rows under it add indicators, 一级/二级指标 carried down where left blank. Where a page drops an
empty column before the indicators, the row is re-anchored on its 一级指标 cell: the indicator
columns keep their offsets from it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from ingest.model import UNIT_FACTORS, Indicator, Line, ProjectSheet
from ingest.numbers import parse_amount
from ingest.tables import UNIT, strip_spaces

NAME_HEADER = re.compile(r"项目.{0,3}名称")
LEVEL1 = re.compile(r"(产出|效益|效果|满意度|成本|可持续影响)指标")
PROJECT_CODE = re.compile(r"^[0-9A-Z]{6,}[-－—_]?")  # 11000022T000000460216-《北京审计》杂志
OPERATORS = ("≥", "≤", "＝", "=", ">", "<", "＞", "＜", "定性", "定量")
TOTALS = ("合计", "总计", "小计")


@dataclass(frozen=True, slots=True)
class _Header:
    name: int  # the project column
    level1: int  # the 一级指标 column
    # the value, its operator (≥, ＝, 定性) and its unit: offsets from the 一级指标 column, None if not printed
    value: int
    operator: int | None
    unit: int | None
    flat: bool = False  # no 一级/二级指标: the indicator's name column (指标名称) is the anchor (Chongqing)


def is_target_table(lines: Sequence[Line]) -> bool:
    """Whether a sheet region is a table of many projects rather than one project's sheet."""
    return _header(lines) is not None


def merge_projects(sheets: Sequence[ProjectSheet]) -> list[ProjectSheet]:
    """Sheets of one project printed on several pages (its name and amount printed again on
    each) as one, its indicators in order."""
    merged: dict[str, ProjectSheet] = {}
    for sheet in sheets:
        first = merged.get(sheet.name)
        if first is None:
            merged[sheet.name] = sheet
        else:
            merged[sheet.name] = replace(first, indicators=first.indicators + sheet.indicators)
    return list(merged.values())


def parse_target_table(lines: Sequence[Line]) -> list[ProjectSheet]:
    """The projects of a multi-project performance table, in the order first printed."""
    found = _header(lines)
    if found is None:
        return []
    header, start = found
    factor = Decimal(UNIT_FACTORS.get(_unit(lines[:start]), 10_000))
    projects: dict[str, _Project] = {}
    current: _Project | None = None
    level1 = level2 = ""
    for line in lines[start:]:
        cells = [strip_spaces(cell) for cell in line.cells]
        if "一级指标" in cells or "指标名称" in cells or any(NAME_HEADER.search(cell) for cell in cells):
            continue  # the header printed again on the next page
        anchor = next((i for i, cell in enumerate(cells) if LEVEL1.fullmatch(cell)), None)
        name = cells[header.name] if header.name < len(cells) else ""
        if name and parse_amount(name) is None and (anchor is None or header.name < anchor):
            name = PROJECT_CODE.sub("", name)
            if name in TOTALS:
                current = None
                continue
            if anchor is None and not _indicator_cells(cells, header.level1):
                current = None  # a unit's subtotal line (126001 | 长沙市信访局 | 417.41)
                continue
            current = projects.get(name) or _start(name, cells, header, anchor, line, factor)
            projects.setdefault(name, current)
            level1 = level2 = ""
        if current is None:
            continue
        k = anchor if anchor is not None else header.level1
        if header.flat:
            level3 = _cell(cells, k)
        else:
            level1 = _cell(cells, k) or level1
            level2 = _cell(cells, k + 1) or level2
            level3 = _cell(cells, k + 2)
        if not level3:
            continue
        current.indicators.append(
            Indicator("年度", level1, level2, level3, _value(cells, k, header), line.number)
        )
    return [project.sheet() for project in projects.values()]


@dataclass(slots=True)
class _Project:
    name: str
    line: Line
    funds: dict[str, Decimal]
    goal: str
    indicators: list[Indicator]

    def sheet(self) -> ProjectSheet:
        fields = {"总体目标（年度）": self.goal} if self.goal else {}
        return ProjectSheet(
            self.name, self.line.number, self.line.page, fields, self.funds, tuple(self.indicators)
        )


def _start(
    name: str, cells: Sequence[str], header: _Header, anchor: int | None, line: Line, factor: Decimal
) -> _Project:
    end = anchor if anchor is not None else header.level1
    between = cells[header.name + 1 : end]
    amounts = [amount for cell in between if (amount := parse_amount(cell)) is not None]
    texts = [cell for cell in between if cell and parse_amount(cell) is None]
    funds = {"年度/资金总额": amounts[0] * factor} if amounts else {}
    return _Project(name, line, funds, max(texts, key=len, default=""), [])


def _header(lines: Sequence[Line]) -> tuple[_Header, int] | None:
    """The column positions (from the header rows) and the index of the first line after them."""
    for index, line in enumerate(lines[:12]):
        cells = [strip_spaces(cell) for cell in line.cells]
        name = next((i for i, cell in enumerate(cells) if NAME_HEADER.search(cell)), None)
        if name is None:
            continue
        below = [strip_spaces(cell) for cell in lines[index + 1].cells] if index + 1 < len(lines) else []
        rows = [cells, below]
        level1 = next((i for row in rows for i, cell in enumerate(row) if cell == "一级指标"), None)
        # 序号 | 项目名称 | 当年财政拨款预算金额 | 当年绩效目标 | 指标名称 | 指标性质 | 指标值 | 计量单位 (一级项目)
        anchor_word = "一级指标" if level1 is not None else "指标名称"
        if level1 is None:
            level1 = next((i for row in rows for i, cell in enumerate(row) if cell == "指标名称"), None)
        if level1 is None or level1 <= name:
            return None
        source = next(row for row in rows if anchor_word in row)
        value = next((i for i, c in enumerate(source) if c.endswith("指标值")), level1 + 3)
        operator = next((i for i, c in enumerate(source) if "性质" in c or "符号" in c), -1)
        unit = next((i for i, c in enumerate(source) if "单位" in c and i > level1), -1)
        start = index + 2 if anchor_word in below else index + 1
        while start < len(lines) and not any(
            parse_amount(cell) is not None or LEVEL1.fullmatch(strip_spaces(cell))
            for cell in lines[start].cells
        ):
            start += 1  # 财政资金 | 其他资金: the header's second row
        offsets = _Header(
            name,
            level1,
            value - level1,
            operator - level1 if operator >= 0 else None,
            unit - level1 if unit >= 0 else None,
            flat=anchor_word == "指标名称",
        )
        return offsets, start
    return None


def _unit(lines: Sequence[Line]) -> str:
    for line in lines:
        match = UNIT.search(strip_spaces(line.text))
        if match:
            return match.group(1)
    return "万元"


def _cell(cells: Sequence[str], index: int) -> str:
    return cells[index] if 0 <= index < len(cells) else ""


def _indicator_cells(cells: Sequence[str], level1: int) -> bool:
    return any(cells[level1 : level1 + 3]) if level1 < len(cells) else False


def _value(cells: Sequence[str], anchor: int, header: _Header) -> str:
    """The indicator's value as printed with its operator and unit: ≥30套, 优, 95."""
    value = _cell(cells, anchor + header.value)
    operator = _cell(cells, anchor + header.operator) if header.operator is not None else ""
    unit = _cell(cells, anchor + header.unit) if header.unit is not None else ""
    prefix = operator if operator in OPERATORS and operator not in ("＝", "=", "定性", "定量") else ""
    return f"{prefix}{value}{unit}"
