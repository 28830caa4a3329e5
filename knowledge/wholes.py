"""The whole a share is taken of when the question does not name it in full: the total of the part's
own table (项目支出 of a project, 合计 of a line), a part and whole one sentence states, or the
share the text states itself."""

from __future__ import annotations

from decimal import Decimal

from knowledge.aliasing import canon
from knowledge.arithmetic import percent
from knowledge.context import Context
from knowledge.figures import MONEY, Choice, Figure
from knowledge.records import CellRecord, NarrativeFactRecord, RowRecord


def implied_denominator(context: Context, figure: Figure) -> Choice | None:
    """The whole a figure is naturally a share of: 项目支出, its table's total, the 支出 total."""
    resolver = context.resolver
    if figure.kind in ("project", "sheet"):
        return resolver.column_choice([figure.document_id], "项目支出")
    if figure.table_kind == "basic_by_economic" and figure.kind == "row":
        return resolver.column_choice([figure.document_id], "合计", ("basic_by_economic",))
    if figure.kind == "column":
        # 基本支出 / 项目支出 → the total of the same table row
        row = next(
            (
                r
                for r in context.db.rows
                if figure.source.table == resolver.catalogue.tables[r.table_id].title
                and r.name == figure.source.row
                and r.document_id == figure.document_id
            ),
            None,
        )
        if row and row.cells:
            return _table_total(context, row, row.cells[0], figure.unit, "column")
    if figure.kind == "row" and figure.ref:
        row = next((r for r in context.db.rows if str(r.id) == figure.ref), None)
        if row is not None:
            rows = resolver.catalogue.rows_by_table.get(row.table_id, [])
            total = next((r for r in rows if r.name in ("合计", "总计") and r.cells), None)
            if total is None and row.section:
                # the side's own total: 支出总计, else 支出合计 (Jiangsu 2017 prints no 总计)
                same_side = [r for r in rows if r.section == row.section and r.cells]
                total = next((r for r in same_side if r.name.endswith("总计")), None) or next(
                    (r for r in same_side if r.name.endswith("合计") and row.section in r.name), None
                )
            if total is not None:
                column = figure.source.column
                cell = next((c for c in total.cells if c.column == column), total.cells[0])
                return _table_total(context, total, cell, figure.unit, "row")
            # a two-sided table read as one (收入合计 … 支出合计 on one line, no sides): the last total
            # line's cell on the figure's side (支出/…)
            half = figure.source.column.split("/", 1)[0]
            if half in ("收入", "支出"):
                for line in reversed(rows):
                    on_side = next((c for c in line.cells if c.column.split("/", 1)[0] == half), None)
                    if on_side is not None and line.name.endswith(("合计", "总计")):
                        return _table_total(context, line, on_side, figure.unit, "row")
    if figure.kind == "narrative":
        return resolver.column_choice([figure.document_id], "合计")
    return None


def _table_total(context: Context, row: RowRecord, cell: CellRecord, unit: str, kind: str) -> Choice:
    """A table's total cell as the denominator of a share, labelled by its table."""
    resolver = context.resolver
    # the column named when it is not the line's first (its total): 收入总体情况表合计（政府性基金预算）
    first = row.cells[0].column if row.cells else cell.column
    label = f"{resolver.table_of(row).title}合计" + (f"（{cell.column}）" if cell.column != first else "")
    source = resolver.source_for_row(row, cell.column)
    return Choice(Figure(label, cell.amount, unit, source, kind=kind, document_id=row.document_id))


def stated_share_figures(context: Context, figure: Figure, words: str = "") -> tuple[Figure, Figure] | None:
    """(the item's amount, the total it is a share of) where the narrative states the item's share.

    The total is the passage's first amount of another subject; the pair is used only when
    dividing them gives the stated percentage (so the reading is the document's own).
    """
    label = canon(figure.label)
    if len(label) < 2:
        return None
    narrative = [f for f in context.facts_by_document.get(figure.document_id, ()) if f.passage_id > 0]
    for index, fact in enumerate(narrative):
        if fact.kind != "share" or index == 0:
            continue
        amount = narrative[index - 1]
        subject = context.subjects[id(amount)]
        named = subject == label or (len(words) >= 4 and subject.endswith(words))
        if amount.sentence != fact.sentence or amount.unit not in MONEY or not named:
            continue
        total = next(
            (
                f
                for f in narrative
                if f.passage_id == fact.passage_id
                and f.kind == "amount"
                and f.unit == amount.unit
                and f is not amount
            ),
            None,
        )
        if total is None or not total.amount:
            continue
        if percent(amount.amount, total.amount) == fact.amount.quantize(Decimal("0.01")):
            return context.resolver.narrative_figure(amount), context.resolver.narrative_figure(total)
    return None


def stated_share(context: Context, figure: Figure) -> NarrativeFactRecord | None:
    """The share the narrative states for ``figure``'s amount, if it states one."""
    label = canon(figure.label)
    narrative = [f for f in context.db.narrative if f.document_id == figure.document_id]
    for index, fact in enumerate(narrative):
        if fact.kind == "share" and index > 0:
            previous = narrative[index - 1]
            if (
                previous.sentence == fact.sentence
                and canon(previous.subject).endswith(label)
                and previous.amount == figure.in_unit(previous.unit).amount
            ):
                return fact
    return None
