"""A department's units in its tables: a unit's line (广州市土地开发中心, 交通管理支队), the tables where
it is the unit's whole budget, and the lines printed under it."""

from __future__ import annotations

import re
from dataclasses import replace

from knowledge.aliasing import ORDINAL, canon
from knowledge.context import Context
from knowledge.conversation import Conversation
from knowledge.figures import Figure
from knowledge.plan import Intent
from knowledge.queries import RowRecord
from knowledge.vocabulary import IN_PART

ORGANISATION_LINE = re.compile(r"(?:局|署|院|所|中心|站|队|馆|处|室|会|校|办)(?:（本级）|\(本级\)|本级)?$")


# the table a 收入 question means: a unit's 收入 is its line there, not its line of another table
INCOME_TABLES = frozenset({"income", "summary", "fiscal_summary", "gov_fund_income"})


# the tables where a unit's line is its whole budget (or one fund's whole): not the “三公”, project,
# procurement or 专项业务经费 tables, where its line is one part of its spending
WHOLE_TABLES = INCOME_TABLES | {"expenditure", "general_budget"}


def unit_elsewhere(intent: Intent, figure: Figure) -> bool:
    """A unit's line asked for its 收入 but read from a table that is not of income; or asked for its
    budget alone (刑事侦查支队预算总共多少) but read from a table of one part of its spending."""
    if not _unit_line_of(figure):
        return False
    if "income" in intent.hinted:
        return figure.table_kind not in INCOME_TABLES
    alone = not intent.follow_up and not intent.hinted and not intent.columns and len(intent.mentions) == 1
    return alone and figure.table_kind not in WHOLE_TABLES


def unit_in_part(figure: Figure) -> bool:
    """A unit's line (深圳市建筑工务署工程管理中心) read from a table of one part of its spending."""
    return _unit_line_of(figure) and figure.table_kind not in WHOLE_TABLES


def _unit_line_of(figure: Figure) -> bool:
    """A figure read from a unit's line: a row named as one, or a project table's line named as an
    organisation (深圳技师学院 over its projects, not 七届六次人代会)."""
    name = item_name(figure)
    if figure.kind == "project":
        return bool(ORGANISATION.search(name))
    return figure.kind == "row" and bool(ORGANISATION_LINE.search(name))


def unit_whole_line(context: Context, intent: Intent, figure: Figure) -> Figure | None:
    """The unit's line of a table where it is its whole budget (its 收入总计 in the 收入总表, else its
    支出总计), for a unit found by its line of a table of one part of its spending."""
    wanted = INCOME_TABLES if "income" in intent.hinted else WHOLE_TABLES
    rows = context.catalogue.rows_by_name.get((figure.document_id, canon(item_name(figure))), [])
    tables = context.catalogue.tables
    for kinds in (wanted & INCOME_TABLES, wanted - INCOME_TABLES):
        lines = [row for row in rows if row.cells and tables[row.table_id].kind in kinds]
        if lines:
            return context.resolver.row_figure(lines[:1])
    return None


PRINTED_ASIDE = re.compile(r"（[^）]*）|\([^)]*\)")  # 会议费（会议费）: a line's second name beside it


def item_name(figure: Figure) -> str:
    """A figure's label without what is printed beside it in brackets (会议费（会议费） → 会议费)."""
    return PRINTED_ASIDE.sub("", figure.label)


def part_under_unit(context: Context, intent: Intent, conversation: Conversation) -> Figure | None:
    """其中工资福利支出呢 after a unit's line (广州市土地开发中心（本级） of a 基本支出 table listing each
    unit's classes under it): the line of that name under the unit, before the next unit's line —
    not the same-named lines of every unit added up."""
    last = conversation.subjects[-1] if conversation.subjects else None
    if (
        last is None
        or last.kind != "row"
        or not last.ref.isdigit()
        or not IN_PART.match(intent.text)
        or not intent.mentions
        or not ORGANISATION_LINE.search(item_name(last))
    ):
        return None
    catalogue = context.catalogue
    unit = catalogue.rows_by_id.get(int(last.ref))
    if unit is None:
        return None
    rows = catalogue.rows_by_table[unit.table_id]
    wanted = intent.mentions[0].alias
    for row in rows[rows.index(unit) + 1 :]:
        if is_unit_line(row) and row.cells:
            return None  # the next unit's line: nothing of that name under this one
        if canon(row.name) == wanted:
            figure = context.resolver.row_figure([row])
            return None if figure is None else replace(figure, label=f"{item_name(last)}的{figure.label}")
    return None


def units_of_parts(context: Context, figure: Figure) -> list[str]:
    """For a figure added up from lines of one table each under another unit's line (预算单位 |
    科目名称 …: the unit's name, then its lines), the unit of each part; else []."""
    if len(figure.parts) < 2 or not all(part.ref.isdigit() for part in figure.parts):
        return []
    catalogue = context.catalogue
    named = []
    for part in figure.parts:
        row = catalogue.rows_by_id.get(int(part.ref))
        rows = catalogue.rows_by_table[row.table_id] if row is not None else []
        above = rows[: rows.index(row)] if row is not None else []
        named.append(next((r.name for r in reversed(above) if is_unit_line(r)), ""))
    return named if all(named) and len(set(named)) == len(named) else []


def is_unit_line(row: RowRecord) -> bool:
    """A unit's own line in a table listing each unit's lines under it (no 科目 code of its own)."""
    # (a second name printed beside it: 广州市地质调查院（广州市海洋发展促进中心）)
    return not row.code and bool(ORGANISATION_LINE.search(PRINTED_ASIDE.sub("", ORDINAL.sub("", row.name))))


# a name that is an organisation's: a unit of the body (苏州市港航事业发展中心, 交通管理支队)
ORGANISATION = re.compile(r"(中心|局|委员会|办公室|支队|大队|队|院|所|站|馆|学校|协会)$")


def unit_of(phrase: Intent, figure: Figure) -> str:
    """A unit named before the item (苏州市港航事业发展中心的三公经费) when the figure found is the
    whole table's (the body's 三公经费) or a total line (the body's 收入总计): that is not the unit's,
    which the table does not print."""
    whole = figure.kind in ("column", "table") or (
        figure.kind == "row" and figure.table_kind in INCOME_TABLES
    )
    if len(phrase.mentions) < 2 or not whole:
        return ""
    unit = next((m.alias for m in phrase.mentions[1:] if ORGANISATION.search(m.alias)), "")
    if not unit or unit in canon(item_name(figure)):  # the unit's own line of the table: its figure
        return ""
    return f"{unit}的{phrase.mentions[0].alias}"
