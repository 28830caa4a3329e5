"""A page's table cells and text lines, from its glyphs and ruling edges.

pdfplumber's table finder (edges → intersections → cells → tables) turns the
page's rules into cells; a cell spanning several bands between horizontal
rules (a merged cell) belongs to the row of its top band. Each glyph goes to
the cell around it — a number printed across a rule as one — and the glyphs
in no cell become text lines, grouped by vertical overlap (a figure set a
little off its sentence's baseline still reads in its place).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ingest.numbers import parse_amount

SNAP = 5  # rules closer than this (double rules drawn as thin rectangles) count as one
NUMBER_CHARS = set("0123456789.,-")
BIG_GAP = 3.0  # a gap of this many character widths splits a text line into cells
PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,3}(?:\s*页)?[-—–\s]*$|^\d{1,3}\s*/\s*\d{1,3}$")


@dataclass(frozen=True, slots=True)
class Glyph:
    """A glyph in page coordinates: x to the right, top and bottom measured down from the top."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(slots=True)
class Cell:
    x0: float
    x1: float
    text: str
    top: float = 0.0
    bottom: float = 0.0


@dataclass(slots=True)
class Row:
    """One output line before numbering: a text line or a table row."""

    page: int
    top: float
    bottom: float
    cells: list[Cell]
    table: int | None = None  # index of the ruled table on its page, None for text
    size: float = 10.0


@dataclass(slots=True)
class Grid:
    """The rows of one ruled table on one page, with its column boundaries."""

    page: int
    bounds: list[float]  # x positions of the column rules, left to right
    rows: list[Row]
    tops: list[float]  # the top of each band between horizontal rules
    bands: list[list[Cell]]  # the cells covering each band


def find_tables(edges: list[dict[str, Any]]) -> list[list[tuple[float, float, float, float]]]:
    """pdfplumber's table finder over the page's rules: each table as its cells' boxes."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    if not edges:
        return []
    merged = merge_edges(edges, SNAP, SNAP, SNAP, SNAP)
    merged = [
        edge for edge in merged if (edge["width"] if edge["orientation"] == "h" else edge["height"]) >= 3
    ]
    intersections = edges_to_intersections(merged, SNAP, SNAP)
    cells = intersections_to_cells(intersections)
    tables = [_without_containers(table) for table in cells_to_tables(cells)]
    return [table for table in tables if len(table) > 1]


def _without_containers(
    cells: list[tuple[float, float, float, float]],
) -> list[tuple[float, float, float, float]]:
    """Leave out a cell that holds other cells (a frame drawn around a whole table and its title)."""
    areas = sorted((c[2] - c[0]) * (c[3] - c[1]) for c in cells)
    large = 3 * areas[len(areas) // 2]
    kept = []
    for cell in cells:
        if (cell[2] - cell[0]) * (cell[3] - cell[1]) > large and any(
            other is not cell
            and cell[0] <= (other[0] + other[2]) / 2 <= cell[2]
            and cell[1] <= (other[1] + other[3]) / 2 <= cell[3]
            for other in cells
        ):
            continue
        kept.append(cell)
    return kept


def page_items(
    chars: list[Glyph], edges: list[dict[str, Any]], number: int, height: float
) -> list[Row | Grid]:
    grids: list[Grid] = []
    boxes: list[tuple[float, float, float, float]] = []
    for index, cells in enumerate(find_tables(edges)):
        grid = _grid(cells, number, index)
        if grid is not None:
            grids.append(grid)
            boxes.append(
                (
                    min(c[0] for c in cells),
                    min(c[1] for c in cells),
                    max(c[2] for c in cells),
                    max(c[3] for c in cells),
                )
            )
    placed: dict[int, tuple[Cell, list[Glyph]]] = {}
    free: list[Glyph] = []
    for unit in _units(chars) if grids else [[char] for char in chars]:
        cx, cy = (unit[0].x0 + unit[-1].x1) / 2, unit[0].middle
        for grid, box in zip(grids, boxes, strict=True):
            cell = _slot(grid, cx, cy) if box[0] <= cx <= box[2] and box[1] <= cy <= box[3] else None
            if cell is not None:
                placed.setdefault(id(cell), (cell, []))[1].extend(unit)
                break
        else:
            free.extend(unit)
    for grid in [grid for grid in grids if _boxed_text(grid, free)]:
        grids.remove(grid)  # words drawn in boxes within a line of running text: text, not a table
        for cell in grid.rows[0].cells:
            free.extend(placed.pop(id(cell), (cell, []))[1])
    for grid in grids:
        _fill(grid, placed)
    text_rows = [_text_row(line, number) for line in cluster_lines(free)]
    text_rows = _drop_page_numbers(text_rows, height)
    items: list[tuple[float, Row | Grid]] = [(row.top, row) for row in text_rows]
    items += [(grid.rows[0].top, grid) for grid in grids if grid.rows]
    items.sort(key=lambda pair: pair[0])
    return [item for _, item in items]


def _boxed_text(grid: Grid, free: Sequence[Glyph]) -> bool:
    """A one-row grid sharing its line with glyphs outside it: words a word processor drew in
    boxes in the middle of a sentence (“（一）机关运行经费：2026 | 年 | 长沙市信访局 | 机关运行经费”)."""
    if len(grid.rows) != 1:
        return False
    row = grid.rows[0]
    return any(row.top <= glyph.middle <= row.bottom for glyph in free)


def _units(chars: Iterable[Glyph]) -> list[list[Glyph]]:
    """Characters to place in cells: a number printed across a rule stays whole (267.80, not 267.8 | 0)."""
    units: list[list[Glyph]] = []
    for line in cluster_lines(chars):
        run: list[Glyph] = []
        for char in line:
            numeric = char.text in NUMBER_CHARS
            if run and numeric and char.x0 - run[-1].x1 < 0.3 * char.size:
                run.append(char)
                continue
            if run:
                units.append(run)
            run = [char] if numeric else []
            if not numeric:
                units.append([char])
        if run:
            units.append(run)
    return units


def _grid(cells: Sequence[tuple[float, float, float, float]], page: int, index: int) -> Grid | None:
    """The table's cells as rows: one row per band between horizontal rules.

    A cell spanning several bands (a merged cell) belongs to the row of its top
    band; ``bands`` keeps, per band, every cell covering it, for placing characters.
    """
    boxes = sorted(cells, key=lambda b: (round(b[1], 1), b[0]))
    if not boxes:
        return None
    tops = sorted({round(box[1], 1) for box in boxes})
    rows = [Row(page, top, top, [], index) for top in tops]
    bands: list[list[Cell]] = [[] for _ in tops]
    xs: set[float] = set()
    for box in boxes:
        first = bisect.bisect_left(tops, round(box[1], 1))
        last = max(first, bisect.bisect_left(tops, round(box[3], 1) - 0.5) - 1)
        cell = Cell(box[0], box[2], "", box[1], box[3])
        rows[first].cells.append(cell)
        rows[first].bottom = max(rows[first].bottom, box[3])
        for band in range(first, min(last, len(bands) - 1) + 1):
            bands[band].append(cell)
        xs.update((round(box[0], 1), round(box[2], 1)))
    if len(xs) < 2:
        return None
    return Grid(page, sorted(xs), rows, tops, bands)


def _slot(grid: Grid, cx: float, cy: float) -> Cell | None:
    """The cell of ``grid`` around a point, or None (text inside a table's frame but in no cell)."""
    band = bisect.bisect_right(grid.tops, cy) - 1
    if band < 0:
        return None
    for cell in grid.bands[band]:
        if cell.x0 - 1 <= cx <= cell.x1 + 1:
            return cell
    return None


def _fill(grid: Grid, placed: dict[int, tuple[Cell, list[Glyph]]]) -> None:
    """Each cell's text from its characters (lines within a cell joined); empty rows left out.

    A row whose only text is one cell across the whole table without a figure (a
    title, a 部门/单位 line, a note) becomes text rows, one per printed line.
    """
    width = grid.bounds[-1] - grid.bounds[0]
    rows: list[Row] = []
    for row in grid.rows:
        row.cells.sort(key=lambda cell: cell.x0)
        filled = [(cell, placed[id(cell)][1]) for cell in row.cells if id(cell) in placed]
        if not filled:
            continue
        lines = [cluster_lines(chars) for _, chars in filled]
        if len(filled) == 1 and filled[0][0].x1 - filled[0][0].x0 >= 0.85 * width:
            texts = [_text_row(line, grid.page) for line in lines[0]]
            if not any(parse_amount(cell.text) is not None for text in texts for cell in text.cells):
                rows += texts
                continue
        sizes: list[float] = []
        for (cell, chars), cell_lines in zip(filled, lines, strict=True):
            cell.text = "".join(_joined(line) for line in cell_lines)
            sizes += [char.size for char in chars]
        row.size = sorted(sizes)[len(sizes) // 2]
        if rows and rows[-1].table is not None and _same_line(rows[-1], row):
            _merge_into(rows[-1], row)
            continue
        rows.append(row)
    grid.rows = rows


def _same_line(upper: Row, lower: Row) -> bool:
    """Two bands that are one printed row: their cells hold text in different columns, side by side.

    (A rule drawn a little higher in one column cuts a row in two.)
    """
    above = [cell for cell in upper.cells if cell.text]
    below = [cell for cell in lower.cells if cell.text]
    if any(a.x0 < b.x1 - 1 and b.x0 < a.x1 - 1 for a in above for b in below):
        return False
    top, bottom = (
        max(min(c.top for c in above), min(c.top for c in below)),
        min(max(c.bottom for c in above), max(c.bottom for c in below)),
    )
    shortest = min(
        max(c.bottom for c in above) - min(c.top for c in above),
        max(c.bottom for c in below) - min(c.top for c in below),
    )
    return bottom - top >= 0.5 * shortest


def _merge_into(upper: Row, lower: Row) -> None:
    upper.cells = sorted(
        [cell for cell in upper.cells if cell.text]
        + [cell for cell in lower.cells if cell.text]
        + [
            cell
            for cell in upper.cells
            if not cell.text and not any(c.text and c.x0 < cell.x1 and cell.x0 < c.x1 for c in lower.cells)
        ],
        key=lambda cell: cell.x0,
    )
    upper.bottom = max(upper.bottom, lower.bottom)


def _joined(chars: Sequence[Glyph]) -> str:
    return "".join(cell.text for cell in _text_row(chars, 0, split=False).cells)


def cluster_lines(chars: Iterable[Glyph]) -> list[list[Glyph]]:
    """Characters grouped into lines: a character whose middle lies within a line's height joins it."""
    lines: list[list[Glyph]] = []
    top = bottom = 0.0
    for char in sorted(chars, key=lambda c: c.middle):
        if lines and top <= char.middle <= bottom:
            lines[-1].append(char)
            continue
        lines.append([char])
        top, bottom = char.top, char.bottom
    for line in lines:
        line.sort(key=lambda c: c.x0)
    return lines


def _text_row(chars: Sequence[Glyph], page: int, *, split: bool = True) -> Row:
    """One text line: its characters joined, split into cells only at wide gaps."""
    sizes = sorted(c.size for c in chars)
    size = sizes[len(sizes) // 2] if sizes else 10.0
    cells: list[Cell] = []
    parts: list[str] = []
    start: Glyph | None = None
    previous: Glyph | None = None
    for char in chars:
        if previous is not None:
            gap = char.x0 - previous.x1
            if split and gap > BIG_GAP * size and start is not None:
                cells.append(Cell(start.x0, previous.x1, "".join(parts)))
                parts, start = [], None
            elif gap > 0.6 * size and _ascii(parts[-1][-1:] if parts else "") and _ascii(char.text):
                parts.append(" ")
        if start is None:
            start = char
        parts.append(char.text)
        previous = char
    if previous is not None and start is not None:
        cells.append(Cell(start.x0, previous.x1, "".join(parts)))
    top = min((c.top for c in chars), default=0.0)
    bottom = max((c.bottom for c in chars), default=0.0)
    return Row(page, top, bottom, cells, None, size)


def _ascii(text: str) -> bool:
    return bool(text) and text.isascii() and text.isalnum()


def _drop_page_numbers(rows: list[Row], height: float) -> list[Row]:
    """Leave out a bare page number printed in the top or bottom margin."""
    kept = []
    for row in rows:
        text = "".join(cell.text for cell in row.cells)
        margin = row.top > height * 0.85 or row.bottom < height * 0.1
        if margin and PAGE_NUMBER.match(text):
            continue
        kept.append(row)
    return kept
