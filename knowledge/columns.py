"""Which column of a line is the figure asked: a column path naming the leaf wanted, the
document's own year among columns printed under several (本年/当年, 2026年 · 上年/2025年), a
group's name asked of a line below it."""

from __future__ import annotations

import re

from knowledge.aliasing import canon
from knowledge.queries import RowRecord

YEAR_IN_COLUMN = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def group_named(group: str, text: str, body: str) -> bool:
    """Whether the question (canonical) names the unit ``group``: in full, or as 本级 when the
    unit is the body's own level (广州市人民政府办公厅 or …（本级）, asked as 广州市政府办公厅本级)."""
    own = "本级" in group or canon(group) == canon(body)
    return canon(group) in text or ("本级" in text and own)


def level_below(above: RowRecord, row: RowRecord) -> bool:
    """``row`` repeats the line right above it (name, second name and code): a level below it."""
    return (above.position, above.name, above.name2, above.code, above.table_id) == (
        row.position - 1,
        row.name,
        row.name2,
        row.code,
        row.table_id,
    )


def year_rank(column: str, year: str) -> int:
    """How surely a column is the document's own year: its year, 本年/当年, none named, another."""
    years = YEAR_IN_COLUMN.findall(column)
    if year and year in years:
        return 0
    if re.search(r"本年|当年", column):
        return 1
    if not years and not re.search(r"上年(?!结转|结余)|去年|上一年|增减", column):
        return 2
    return 3


def column_is(column: str, wanted: str) -> bool:
    """A column path names ``wanted`` as its leaf, or ends with it when ``wanted`` is a path itself."""
    if column == wanted or column.rsplit("/", 1)[-1] == wanted or column.endswith("/" + wanted):
        return True
    # a group's own total is the group: 基本支出/小计 (beside 基本支出/人员经费 and …/公用经费) is 基本支出
    group, _, leaf = column.rpartition("/")
    return leaf in ("小计", "合计") and bool(group) and column_is(group, wanted)
