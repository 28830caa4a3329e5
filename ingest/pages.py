"""Rows of tables across page breaks: one table's pages share its first page's columns.

A grid is cut into tables at its text rows (a title or note spanning the whole
width); the first table of a page continues the last table of the previous
page when nothing but the page break stands between them and their rules
mostly agree. Repeated header rows are dropped, a numbered item cut by the
page break is joined again, and columns that no row writes in, or that rules
drawn through only some rows split in two, are closed up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.cells import Cell, Grid, Row
from ingest.numbers import parse_amount

ORDINAL_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]|\d{3,})"
)


def join_pages(items: Sequence[Row | Grid]) -> list[Row]:
    """Flatten pages into rows; a table continuing on the next page takes its first page's columns.

    A grid is cut into tables at its text rows (a title or note spanning the
    whole width); each table's columns are the rules its own cells start at.
    The first table of a page's grid continues the last table of the previous
    page when nothing but the page break stands between them and their rules
    mostly agree: its repeated header rows are dropped and a first row holding
    only the tails of wrapped cells is joined to the row above.
    """
    out: list[Row] = []
    block: list[Row] = []
    columns: list[float] = []
    header: list[str] = []
    last_page = -1

    def close() -> None:
        nonlocal block, last_page
        out.extend(_without_empty_columns(block))
        block, last_page = [], -1

    for item in items:
        if isinstance(item, Row):
            close()
            out.append(item)
            continue
        for position, piece in enumerate(_pieces(item.rows)):
            if isinstance(piece, Row):
                close()
                out.append(piece)
                continue
            bounds = _bounds(piece)
            continued = (
                position == 0 and block and item.page == last_page + 1 and _same_rules(columns, bounds)
            )
            rows = piece
            if continued:
                rows = _without_repeated_header(rows, header)
                if rows and _is_fragment(_aligned(rows[0], columns), block[-1]):
                    for index, cell in enumerate(_aligned(rows[0], columns).cells):
                        block[-1].cells[index].text += cell.text
                    rows = rows[1:]
            else:
                close()
                columns, header = bounds, _header_keys(rows)
            block += [_aligned(row, columns) for row in rows]
            last_page = item.page
    close()
    return out


def _pieces(rows: Sequence[Row]) -> list[Row | list[Row]]:
    """A grid's rows cut at its text rows: tables (lists of rows) and text rows between them."""
    pieces: list[Row | list[Row]] = []
    current: list[Row] = []
    for row in rows:
        if row.table is None:
            if current:
                pieces.append(current)
                current = []
            pieces.append(row)
        else:
            current.append(row)
    if current:
        pieces.append(current)
    return pieces


def _bounds(rows: Sequence[Row]) -> list[float]:
    xs = sorted({round(x, 1) for row in rows for cell in row.cells for x in (cell.x0, cell.x1)})
    merged: list[float] = []
    for x in xs:
        if not merged or x - merged[-1] > 1.5:
            merged.append(x)
    return merged


def _same_rules(first: Sequence[float], second: Sequence[float]) -> bool:
    """Whether two tables have the same left edge and mostly the same column rules."""
    if not first or not second or abs(first[0] - second[0]) >= 6:
        return False
    matched = sum(1 for x in first if any(abs(x - y) < 3 for y in second))
    return matched >= 0.6 * max(len(first), len(second))


def _header_keys(rows: Sequence[Row]) -> list[str]:
    """The texts of a table's header rows: those before its first row with a figure."""
    keys = []
    for row in rows:
        if any(parse_amount(cell.text) is not None for cell in row.cells):
            break
        keys.append(_key(row))
    return keys


def _key(row: Row) -> str:
    return "".join(cell.text for cell in row.cells)


def _without_repeated_header(rows: Sequence[Row], header: Sequence[str]) -> list[Row]:
    """The rows of a continuation page, without the header rows it repeats."""
    kept = list(rows)
    while kept and header and _key(kept[0]) in header:
        kept.pop(0)
    return kept


def _is_fragment(row: Row, previous: Row) -> bool:
    """A row holding only the tail of a numbered item above it, cut off by the page break.

    (八、社会保障和就 | 业支出): the text above starts with its ordinal, the tail
    starts with none and holds no figure, and nothing else is on the row.
    """
    filled = [(i, cell.text) for i, cell in enumerate(row.cells) if cell.text]
    if len(filled) != 1:
        return False
    index, text = filled[0]
    if parse_amount(text) is not None or ORDINAL_START.match(text) or index >= len(previous.cells):
        return False
    above = previous.cells[index].text
    return bool(ORDINAL_START.match(above)) and parse_amount(above) is None


def _aligned(row: Row, columns: Sequence[float]) -> Row:
    """The row's cells placed in the columns: each cell in the column where its left edge is."""
    slots = [Cell(columns[i], columns[i + 1], "") for i in range(len(columns) - 1)]
    for cell in row.cells:
        index = min(range(len(slots)), key=lambda i: abs(slots[i].x0 - cell.x0))
        slots[index].text += cell.text
    return Row(row.page, row.top, row.bottom, slots, row.table, row.size)


def _without_empty_columns(rows: Sequence[Row]) -> list[Row]:
    """The table's columns without those no row writes in, and with split columns joined.

    Rules drawn through only some rows split a column in two (a figure of a 类
    row in one half, the 款 rows' figures in the other). Two neighbouring
    columns that no row fills both of, and that do not both carry header text,
    are one column.
    """
    if not rows:
        return []
    width = max(len(row.cells) for row in rows)
    grid = [[row.cells[i].text if i < len(row.cells) else "" for i in range(width)] for row in rows]
    first_figure = next(
        (r for r, texts in enumerate(grid) if any(parse_amount(text) is not None for text in texts)),
        len(grid),
    )
    columns = [[texts[i] for texts in grid] for i in range(width)]
    columns = [column for column in columns if any(column)]
    merged: list[list[str]] = []
    for column in columns:
        if merged and _exclusive(merged[-1], column, first_figure):
            merged[-1] = [a or b for a, b in zip(merged[-1], column, strict=True)]
        else:
            merged.append(column)
    return [
        Row(
            row.page,
            row.top,
            row.bottom,
            [Cell(0.0, 0.0, column[r]) for column in merged],
            row.table,
            row.size,
        )
        for r, row in enumerate(rows)
    ]


def _exclusive(left: Sequence[str], right: Sequence[str], header_rows: int) -> bool:
    """Whether two columns never both hold text in a row, and not both in the header."""
    if any(a and b for a, b in zip(left, right, strict=True)):
        return False
    return not (any(left[:header_rows]) and any(right[:header_rows]))
