"""Lines of tables as the catalogue indexes them: the project lines of a project table (without
its unit total lines and category lines), the carried-over lines of a 收支总表, and the names a
whole table answers to."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from ingest.levels import project_leaves
from knowledge.queries import RowRecord, TableRecord

HAN = re.compile(r"[\u4e00-\u9fff]")

# a unit's name with its level after it: 中共深圳市委宣传部（本级）
BRACKETED_END = re.compile(r"[（(][^）)]*[)）]$")
ORGANISATION = ("办公室", "局", "委员会", "院", "厅", "部", "处", "中心", "街道", "合计", "总计")


def project_lines(rows: Sequence[RowRecord]) -> list[RowRecord]:
    """The project lines of a project table, without the leading department / unit total lines and
    the rows of units grouping the projects below them (their ``group``)."""
    groups = {row.group for row in rows if row.group}
    # a name without two Han characters (62,336.00 · 级）) is a misread cell, not a project
    lines = [row for row in rows if row.cells and row.name not in groups and len(HAN.findall(row.name)) >= 2]
    if not lines:
        return []
    total = lines[0].cells[0].amount
    index = 0
    while (
        index < len(lines)
        and lines[index].cells[0].amount == total
        and BRACKETED_END.sub("", lines[index].name).endswith(ORGANISATION)
    ):
        index += 1
    return _leaves(lines[index:], total) if index else lines[index:]


def _leaves(lines: list[RowRecord], total: Decimal) -> list[RowRecord]:
    """The projects among lines that may print categories above them (ingest.levels)."""
    return [lines[i] for i in project_leaves([line.cells[0].amount for line in lines], total)]


TITLE_FRAME = re.compile(
    r"^(?:(?:19|20)\d{2}年度?)?(?:部门|单位)?|(?:预算)?(?:明细|情况)?表(?:[（(].*[)）])?$"
)


def title_aliases(title: str) -> list[str]:
    """Names a table of no standard kind answers to: its title without year, 部门, 明细表 …
    (财政拨款政府购买服务明细表 → 财政拨款政府购买服务, 政府购买服务)."""
    core = TITLE_FRAME.sub("", title)
    names = [core, core.removeprefix("财政拨款")]
    return [name for name in dict.fromkeys(names) if len(name) >= 4]


def table_aliases(table: TableRecord) -> list[str]:
    """Names for whole tables people ask about directly (三公经费, 政府性基金 …)."""
    names = {
        "three_public": ["三公经费", "三公"],
        "gov_fund_income": ["政府性基金收入", "政府性基金"],
        "gov_fund_expenditure": ["政府性基金支出", "政府性基金预算支出", "政府性基金"],
        "state_capital": ["国有资本经营预算", "国有资本"],
        "operating_costs": ["机关运行经费"],
        "fiscal_summary": ["财政拨款", "财政拨款收入", "财政拨款总额", "财政拨款收支总额"],
    }
    return names.get(table.kind, [])


HEADING = re.compile(r"^[一二三四五六七八九十]+、")


SUB_ITEM = re.compile(r"^[（(][一二三四五六七八九十\d]+[)）]|^其中")


def carried_lines(rows: Iterable[RowRecord]) -> set[int]:
    """The lines of a 收支总表 listed under a carry-over heading (二、上年结转 then (一)一般公共预算拨款):
    the carried-over part of a fund, not the fund's budget."""
    carried: set[int] = set()
    headings: dict[str, str] = {}  # section → its current heading
    for row in sorted(rows, key=lambda r: r.position):
        if HEADING.match(row.name):
            headings[row.section] = row.name
        elif SUB_ITEM.match(row.name) and re.search(r"结转|结余", headings.get(row.section, "")):
            carried.add(row.id)
    return carried


PRINTED_YEAR = re.compile(r"^((?:19|20)\d{2})")


def own_phase_line(row: RowRecord, phase: str, year: int) -> bool:
    """Whether a line of a table printed across (one line per phase or year) holds the figures of the
    document's own year and of ``phase``: 预算数 of a 预算, 2026年 of a 2026 document (not its 2025年 line)."""
    printed = PRINTED_YEAR.match(row.name)
    if printed and int(printed.group(1)) != year:
        return False
    if "预算" in row.name or "决算" in row.name:
        return bool(phase) and phase in row.name
    return printed is not None
