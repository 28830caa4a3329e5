"""What the shells list and draw about one document: its tables, a table, its spending structure.

Read from the document's indexed scope (``Operations``); the engine picks the document.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from knowledge.operations import Operations


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A loaded document, as listed by /docs."""

    id: int
    title: str
    body: str
    short_names: tuple[str, ...]
    year: int
    phase: str  # 预算 | 决算
    scope: str  # 部门 | 单位
    table_count: int


@dataclass(frozen=True, slots=True)
class TableInfo:
    """A table of a document, as listed by /tables."""

    number: int  # position in the document's table list, 1-based (what /table N takes)
    title: str
    unit: str
    row_count: int
    empty: bool


@dataclass(frozen=True, slots=True)
class TableView:
    """A table ready to render: header and rows of printed cells."""

    document: str
    title: str
    unit: str
    columns: tuple[str, ...]  # the first is the row label
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Slice:
    """One part of a spending structure (for charts)."""

    label: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Structure:
    """A document's spending structure: 基本/项目支出 and 功能科目 类 shares, in one unit."""

    document: str
    unit: str
    by_kind: tuple[Slice, ...]  # 基本支出, 项目支出
    by_function: tuple[Slice, ...]  # 一般公共服务支出, 社会保障和就业支出 …
    source_table: str


def tables(operations: Operations, document_id: int) -> list[TableInfo]:
    """The document's tables, as /tables lists them."""
    rows = operations.catalogue.rows_by_table
    return [
        TableInfo(t.position, t.title, t.unit, len(rows.get(t.id, [])), t.empty)
        for t in operations.db.tables
        if t.document_id == document_id
    ]


def table(operations: Operations, document_id: int, number: int) -> TableView | None:
    """The document's table ``number`` (1-based), ready to render."""
    found = next(
        (t for t in operations.db.tables if t.document_id == document_id and t.position == number), None
    )
    if found is None:
        return None
    title = operations.resolver.titles[found.document_id]
    columns = ("项目", *found.columns)
    rows = []
    for row in operations.catalogue.rows_by_table.get(found.id, []):
        cells = {cell.column: cell.printed for cell in row.cells}
        label = " ".join(part for part in (row.code, row.name, row.name2) if part)
        if row.section:
            label = f"[{row.section}] {label}"
        rows.append((label, *(cells.get(column, "") for column in found.columns)))
    return TableView(title, found.title, found.unit, columns, tuple(rows), found.note)


def structure(operations: Operations, document_id: int) -> Structure | None:
    """The document's spending structure from its 支出总表 (for /chart)."""
    found = next(
        (t for t in operations.db.tables if t.document_id == document_id and t.kind == "expenditure"),
        None,
    )
    if found is None:
        return None
    rows = operations.catalogue.rows_by_table.get(found.id, [])
    total = next((r for r in rows if r.name in ("合计", "总计")), None)
    by_kind: list[Slice] = []
    if total:
        for cell in total.cells:
            leaf = cell.column.rsplit("/", 1)[-1]
            if leaf in ("基本支出", "项目支出") and cell.amount:
                by_kind.append(Slice(leaf, cell.amount))
    by_function = tuple(
        Slice(row.name, row.cells[0].amount)
        for row in rows
        if row.level == 1 and row.cells and row.cells[0].amount
    )
    return Structure(
        operations.resolver.titles[found.document_id],
        found.unit,
        tuple(by_kind),
        by_function,
        found.title,
    )
