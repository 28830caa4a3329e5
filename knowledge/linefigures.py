"""A line's figure: the cell of the columns asked (or its first), same-named lines of one table
added up with their parts, and the lines a name or 科目 code finds in the selected documents."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from knowledge.aliasing import ORDINAL
from knowledge.citations import Citations
from knowledge.columns import YEAR_IN_COLUMN, column_is, level_below, year_rank
from knowledge.figures import Figure
from knowledge.records import RowRecord


@dataclass(slots=True)
class LineFigures(Citations):
    """Figures of catalogue lines (the base of ``Resolver``)."""

    # --- rows -------------------------------------------------------------------------------------

    def row_figure(self, rows: Sequence[RowRecord], columns: Sequence[str] = ()) -> Figure | None:
        """The value of same-named rows of one table (summed with parts when there are several)."""
        # a name printed on the next line again is the level below it (援藏资金 | 援藏资金 in a
        # project list of categories and projects), not another part: the enclosing line stands
        rows = [row for i, row in enumerate(rows) if not (i and level_below(rows[i - 1], row))]
        # the same name on the 收入 and the 支出 side of one table (Xi'an 一、部门预算 | 一、部门预算):
        # one figure printed twice, not two parts
        rows = [row for row in rows if row.section == rows[0].section or row.table_id != rows[0].table_id]
        if rows and self.table_of(rows[0]).kind in ("summary", "fiscal_summary"):
            # a fund named again in a 收支总表 (一、一般公共预算财政拨款 | 年末结转和结余 … 一般公共预算财政拨款)
            # is the same fund in another part of the year, never a part to add
            rows = [row for row in rows if row.table_id != rows[0].table_id or row is rows[0]]
        figures = [f for row in rows if (f := self._cell(row, columns)) is not None]
        if not figures:
            return None
        if len(figures) == 1:
            return figures[0]
        total = sum((f.amount for f in figures), Decimal(0))
        first = figures[0]
        return Figure(
            first.label,
            total,
            first.unit,
            first.source,
            tuple(figures),
            "row",
            first.table_kind,
            first.document_id,
        )

    def _cell(self, row: RowRecord, columns: Sequence[str]) -> Figure | None:
        table = self.table_of(row)
        chosen = None
        year = str(self.years.get(row.document_id, ""))
        for wanted in columns:
            named = [cell for cell in row.cells if column_is(cell.column, wanted)]
            # the same column under each year (2021年/公务接待费 | 2022年/公务接待费, 上年/… | 本年/…):
            # the document's year
            chosen = min(named, key=lambda cell: year_rank(cell.column, year), default=None)
            if chosen is not None and year_rank(chosen.column, year) == 3 and year:
                return None  # printed only under another year (上年/…): not this year's figure
            if chosen:
                break
        if chosen is None and columns:
            for wanted in columns:
                chosen = next((c for c in row.cells if wanted in c.column), None)
                if chosen:
                    break
        if chosen is None and not columns and row.cells:
            # in a 决算 document the 决算数 column is the figure, not the 预算数 printed beside it
            final = self.phases.get(row.document_id) == "决算"
            chosen = next((c for c in row.cells if final and "决算" in c.column), None)
            if final and chosen is None and any("决算" in column for column in table.columns):
                return None  # its 决算数 left blank: the 预算数 beside it is not the 决算 figure
            # columns headed by years (2025年 | 2026年 in a 三公 table): the document's own year
            year = str(self.years.get(row.document_id, ""))
            dated = [c for c in row.cells if YEAR_IN_COLUMN.search(c.column)]
            if chosen is None and year and row.cells[0] in dated:  # the first column is a year's
                chosen = next((c for c in row.cells if year in YEAR_IN_COLUMN.findall(c.column)), None)
            # else the first column, unless it is another year's (上年/… before 本年/…); a line read
            # only under another year has no figure for this one
            chosen = chosen or min(row.cells, key=lambda cell: year_rank(cell.column, year) == 3)
            if year and year_rank(chosen.column, year) == 3:
                return None
        if chosen is None:
            return None
        name = ORDINAL.sub("", row.name)
        label = name if not row.name2 else f"{name}（{row.name2}）"
        return Figure(
            label,
            chosen.amount,
            table.unit,
            self.source_for_row(row, chosen.column),
            (),
            "row",
            table.kind,
            row.document_id,
            str(row.id),
        )

    def rows_named(self, documents: Iterable[int], key: str) -> list[RowRecord]:
        rows: list[RowRecord] = []
        for document_id in documents:
            rows += self.catalogue.rows_by_name.get((document_id, key), [])
            if key.isdigit():
                rows += self.catalogue.rows_by_code.get((document_id, key), [])
        return rows
