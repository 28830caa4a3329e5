"""Read a PDF into lines of cells, the same ``Line`` records the text reader makes.

Each page's characters are split between ruled tables (found by pdfplumber from
the drawn lines) and running text. A table row becomes one line whose cells are
the table's columns in order (a cell spanning several columns sits in the first
of them, the others empty, as a text export prints it); a text line becomes one
cell. Text lines are built from characters by vertical overlap, so a figure
that the PDF places a little off its sentence's baseline (a separate text run)
still reads in its place.

Tables continuing on the next page are aligned to the columns of their first
page, repeated header rows are dropped, and a row that a page break cut in two
(a cell's text wrapped onto the next page) is joined again.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.errors import UnreadableFile
from ingest.model import Line
from ingest.numbers import parse_amount

SNAP = 5  # rules closer than this (double rules drawn as thin rectangles) count as one
NUMBER_CHARS = set("0123456789.,-")
BIG_GAP = 3.0  # a gap of this many character widths splits a text line into cells
PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,3}(?:\s*页)?[-—–\s]*$|^\d{1,3}\s*/\s*\d{1,3}$")
ORDINAL_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]|\d{3,})"
)


@dataclass(slots=True)
class _Cell:
    x0: float
    x1: float
    text: str
    top: float = 0.0
    bottom: float = 0.0


@dataclass(slots=True)
class _Row:
    """One output line before numbering: a text line or a table row."""

    page: int
    top: float
    bottom: float
    cells: list[_Cell]
    table: int | None = None  # index of the ruled table on its page, None for text
    size: float = 10.0


@dataclass(slots=True)
class _Grid:
    """The rows of one ruled table on one page, with its column boundaries."""

    page: int
    bounds: list[float]  # x positions of the column rules, left to right
    rows: list[_Row]
    tops: list[float]  # the top of each band between horizontal rules
    bands: list[list[_Cell]]  # the cells covering each band


def read_pdf(path: Path) -> tuple[Line, ...]:
    """Lines of cells for every page of the PDF at ``path``."""
    import pypdfium2

    items: list[_Row | _Grid] = []
    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as error:
        raise UnreadableFile(str(path), f"is not a readable PDF ({error})") from None
    try:
        for number in range(1, len(document) + 1):
            page = document[number - 1]
            try:
                chars, edges = _page_objects(page)
                items += _page_items(chars, edges, number, page.get_height())
            finally:
                page.close()
    finally:
        document.close()
    lines: list[Line] = []
    for row in _join_grids(items):
        lines.append(Line(len(lines) + 1, row.page, tuple(cell.text for cell in row.cells)))
    return tuple(lines)


# ---------------------------------------------------------------- one page


@dataclass(frozen=True, slots=True)
class _Char:
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


class _Frame:
    """Turns PDF user-space points into the page as displayed (cropped, rotated, y downwards)."""

    def __init__(self, page: Any) -> None:
        self.left, self.bottom, self.right, self.top = page.get_cropbox()
        self.rotation = page.get_rotation() % 360

    def point(self, x: float, y: float) -> tuple[float, float]:
        u, v = x - self.left, self.top - y  # unrotated, y downwards
        width, height = self.right - self.left, self.top - self.bottom
        if self.rotation == 90:
            return height - v, u
        if self.rotation == 180:
            return width - u, height - v
        if self.rotation == 270:
            return v, width - u
        return u, v

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of a user-space rectangle."""
        ax, ay = self.point(x0, y0)
        bx, by = self.point(x1, y1)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _page_objects(page: Any) -> tuple[list[_Char], list[dict[str, Any]]]:
    """The page's glyphs (pdfium's text layer) and its ruling edges (from drawn paths)."""
    import pypdfium2.raw as pdfium_c

    frame = _Frame(page)
    textpage = page.get_textpage()
    chars: list[_Char] = []
    try:
        for index in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(textpage.raw, index) == 1:
                continue
            code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
            text = chr(code) if 0 < code < 0x110000 else ""
            if not text.strip() or text == "\ufffe":
                continue
            x0, top, x1, bottom = frame.box(*textpage.get_charbox(index, loose=True))
            # the height of the glyph's box: pdfium's font size ignores the text matrix's scale
            chars.append(_Char(text, x0, x1, top, bottom, bottom - top))
    finally:
        textpage.close()
    edges: list[dict[str, Any]] = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=1):
        edges += _path_edges(obj, frame)
    return chars, edges


def _path_edges(obj: Any, frame: _Frame) -> list[dict[str, Any]]:
    """Horizontal and vertical straight segments of a drawn path, as pdfplumber edges."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    matrix = obj.get_matrix()
    a, b, c, d, e, f = matrix.get()
    points: list[tuple[float, float]] = []
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
    start: tuple[float, float] | None = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for index in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = frame.point(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and points:
            segments.append((points[-1], point))
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            segments.append((point, start))
        points.append(point)
    edges = []
    for (ax, ay), (bx, by) in segments:
        if abs(ay - by) < 0.5 and abs(ax - bx) >= 1:
            x0, x1 = min(ax, bx), max(ax, bx)
            edges.append(
                {
                    "x0": x0,
                    "x1": x1,
                    "top": ay,
                    "bottom": ay,
                    "width": x1 - x0,
                    "height": 0.0,
                    "orientation": "h",
                }
            )
        elif abs(ax - bx) < 0.5 and abs(ay - by) >= 1:
            top, bottom = min(ay, by), max(ay, by)
            edges.append(
                {
                    "x0": ax,
                    "x1": ax,
                    "top": top,
                    "bottom": bottom,
                    "width": 0.0,
                    "height": bottom - top,
                    "orientation": "v",
                }
            )
    return edges


def _find_tables(edges: list[dict[str, Any]]) -> list[list[tuple[float, float, float, float]]]:
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


def _page_items(
    chars: list[_Char], edges: list[dict[str, Any]], number: int, height: float
) -> list[_Row | _Grid]:
    grids: list[_Grid] = []
    boxes: list[tuple[float, float, float, float]] = []
    for index, cells in enumerate(_find_tables(edges)):
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
    placed: dict[int, tuple[_Cell, list[_Char]]] = {}
    free: list[_Char] = []
    for unit in _units(chars) if grids else [[char] for char in chars]:
        cx, cy = (unit[0].x0 + unit[-1].x1) / 2, unit[0].middle
        for grid, box in zip(grids, boxes, strict=True):
            cell = _slot(grid, cx, cy) if box[0] <= cx <= box[2] and box[1] <= cy <= box[3] else None
            if cell is not None:
                placed.setdefault(id(cell), (cell, []))[1].extend(unit)
                break
        else:
            free.extend(unit)
    for grid in grids:
        _fill(grid, placed)
    text_rows = [_text_row(line, number) for line in _cluster_lines(free)]
    text_rows = _drop_page_numbers(text_rows, height)
    items: list[tuple[float, _Row | _Grid]] = [(row.top, row) for row in text_rows]
    items += [(grid.rows[0].top, grid) for grid in grids if grid.rows]
    items.sort(key=lambda pair: pair[0])
    return [item for _, item in items]


def _units(chars: Iterable[_Char]) -> list[list[_Char]]:
    """Characters to place in cells: a number printed across a rule stays whole (267.80, not 267.8 | 0)."""
    units: list[list[_Char]] = []
    for line in _cluster_lines(chars):
        run: list[_Char] = []
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


def _grid(cells: Sequence[tuple[float, float, float, float]], page: int, index: int) -> _Grid | None:
    """The table's cells as rows: one row per band between horizontal rules.

    A cell spanning several bands (a merged cell) belongs to the row of its top
    band; ``bands`` keeps, per band, every cell covering it, for placing characters.
    """
    boxes = sorted(cells, key=lambda b: (round(b[1], 1), b[0]))
    if not boxes:
        return None
    tops = sorted({round(box[1], 1) for box in boxes})
    rows = [_Row(page, top, top, [], index) for top in tops]
    bands: list[list[_Cell]] = [[] for _ in tops]
    xs: set[float] = set()
    for box in boxes:
        first = bisect.bisect_left(tops, round(box[1], 1))
        last = max(first, bisect.bisect_left(tops, round(box[3], 1) - 0.5) - 1)
        cell = _Cell(box[0], box[2], "", box[1], box[3])
        rows[first].cells.append(cell)
        rows[first].bottom = max(rows[first].bottom, box[3])
        for band in range(first, min(last, len(bands) - 1) + 1):
            bands[band].append(cell)
        xs.update((round(box[0], 1), round(box[2], 1)))
    if len(xs) < 2:
        return None
    return _Grid(page, sorted(xs), rows, tops, bands)


def _slot(grid: _Grid, cx: float, cy: float) -> _Cell | None:
    """The cell of ``grid`` around a point, or None (text inside a table's frame but in no cell)."""
    band = bisect.bisect_right(grid.tops, cy) - 1
    if band < 0:
        return None
    for cell in grid.bands[band]:
        if cell.x0 - 1 <= cx <= cell.x1 + 1:
            return cell
    return None


def _fill(grid: _Grid, placed: dict[int, tuple[_Cell, list[_Char]]]) -> None:
    """Each cell's text from its characters (lines within a cell joined); empty rows left out.

    A row whose only text is one cell across the whole table without a figure (a
    title, a 部门/单位 line, a note) becomes text rows, one per printed line.
    """
    width = grid.bounds[-1] - grid.bounds[0]
    rows: list[_Row] = []
    for row in grid.rows:
        row.cells.sort(key=lambda cell: cell.x0)
        filled = [(cell, placed[id(cell)][1]) for cell in row.cells if id(cell) in placed]
        if not filled:
            continue
        lines = [_cluster_lines(chars) for _, chars in filled]
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


def _same_line(upper: _Row, lower: _Row) -> bool:
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


def _merge_into(upper: _Row, lower: _Row) -> None:
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


def _joined(chars: Sequence[_Char]) -> str:
    return "".join(cell.text for cell in _text_row(chars, 0, split=False).cells)


def _cluster_lines(chars: Iterable[_Char]) -> list[list[_Char]]:
    """Characters grouped into lines: a character whose middle lies within a line's height joins it."""
    lines: list[list[_Char]] = []
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


def _text_row(chars: Sequence[_Char], page: int, *, split: bool = True) -> _Row:
    """One text line: its characters joined, split into cells only at wide gaps."""
    sizes = sorted(c.size for c in chars)
    size = sizes[len(sizes) // 2] if sizes else 10.0
    cells: list[_Cell] = []
    parts: list[str] = []
    start: _Char | None = None
    previous: _Char | None = None
    for char in chars:
        if previous is not None:
            gap = char.x0 - previous.x1
            if split and gap > BIG_GAP * size and start is not None:
                cells.append(_Cell(start.x0, previous.x1, "".join(parts)))
                parts, start = [], None
            elif gap > 0.6 * size and _ascii(parts[-1][-1:] if parts else "") and _ascii(char.text):
                parts.append(" ")
        if start is None:
            start = char
        parts.append(char.text)
        previous = char
    if previous is not None and start is not None:
        cells.append(_Cell(start.x0, previous.x1, "".join(parts)))
    top = min((c.top for c in chars), default=0.0)
    bottom = max((c.bottom for c in chars), default=0.0)
    return _Row(page, top, bottom, cells, None, size)


def _ascii(text: str) -> bool:
    return bool(text) and text.isascii() and text.isalnum()


def _drop_page_numbers(rows: list[_Row], height: float) -> list[_Row]:
    """Leave out a bare page number printed in the top or bottom margin."""
    kept = []
    for row in rows:
        text = "".join(cell.text for cell in row.cells)
        margin = row.top > height * 0.85 or row.bottom < height * 0.1
        if margin and PAGE_NUMBER.match(text):
            continue
        kept.append(row)
    return kept


# ---------------------------------------------------------------- across pages


def _join_grids(items: Sequence[_Row | _Grid]) -> list[_Row]:
    """Flatten pages into rows; a table continuing on the next page takes its first page's columns.

    A grid is cut into tables at its text rows (a title or note spanning the
    whole width); each table's columns are the rules its own cells start at.
    The first table of a page's grid continues the last table of the previous
    page when nothing but the page break stands between them and their rules
    mostly agree: its repeated header rows are dropped and a first row holding
    only the tails of wrapped cells is joined to the row above.
    """
    out: list[_Row] = []
    block: list[_Row] = []
    columns: list[float] = []
    header: list[str] = []
    last_page = -1

    def close() -> None:
        nonlocal block, last_page
        out.extend(_without_empty_columns(block))
        block, last_page = [], -1

    for item in items:
        if isinstance(item, _Row):
            close()
            out.append(item)
            continue
        for position, piece in enumerate(_pieces(item.rows)):
            if isinstance(piece, _Row):
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


def _pieces(rows: Sequence[_Row]) -> list[_Row | list[_Row]]:
    """A grid's rows cut at its text rows: tables (lists of rows) and text rows between them."""
    pieces: list[_Row | list[_Row]] = []
    current: list[_Row] = []
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


def _bounds(rows: Sequence[_Row]) -> list[float]:
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


def _header_keys(rows: Sequence[_Row]) -> list[str]:
    """The texts of a table's header rows: those before its first row with a figure."""
    keys = []
    for row in rows:
        if any(parse_amount(cell.text) is not None for cell in row.cells):
            break
        keys.append(_key(row))
    return keys


def _key(row: _Row) -> str:
    return "".join(cell.text for cell in row.cells)


def _without_repeated_header(rows: Sequence[_Row], header: Sequence[str]) -> list[_Row]:
    """The rows of a continuation page, without the header rows it repeats."""
    kept = list(rows)
    while kept and header and _key(kept[0]) in header:
        kept.pop(0)
    return kept


def _is_fragment(row: _Row, previous: _Row) -> bool:
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


def _aligned(row: _Row, columns: Sequence[float]) -> _Row:
    """The row's cells placed in the columns: each cell in the column where its left edge is."""
    slots = [_Cell(columns[i], columns[i + 1], "") for i in range(len(columns) - 1)]
    for cell in row.cells:
        index = min(range(len(slots)), key=lambda i: abs(slots[i].x0 - cell.x0))
        slots[index].text += cell.text
    return _Row(row.page, row.top, row.bottom, slots, row.table, row.size)


def _without_empty_columns(rows: Sequence[_Row]) -> list[_Row]:
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
        _Row(
            row.page,
            row.top,
            row.bottom,
            [_Cell(0.0, 0.0, column[r]) for column in merged],
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
