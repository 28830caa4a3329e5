"""Read a PDF into lines of cells, the same ``Line`` records the text reader makes.

Glyphs and ruling edges come from pypdfium2 (pdfplumber's own backend, read
directly: about ten times faster than pdfminer on these files), in the page as
displayed (cropped, rotated, y downwards); ``ingest.cells`` finds the tables
with pdfplumber's table finder and places the glyphs, ``ingest.pages`` joins
tables across pages. A table row becomes one line whose cells are the table's
columns in order (a cell spanning several columns sits in the first of them,
the others empty, as a text export prints it); a text line becomes one cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ingest.cells import Glyph, Grid, Row, page_items
from ingest.errors import UnreadableFile
from ingest.model import Line
from ingest.pages import join_pages


def read_pdf(path: Path) -> tuple[Line, ...]:
    """Lines of cells for every page of the PDF at ``path``."""
    import pypdfium2

    items: list[Row | Grid] = []
    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as error:
        raise UnreadableFile(str(path), f"is not a readable PDF ({error})") from None
    try:
        for number in range(1, len(document) + 1):
            page = document[number - 1]
            try:
                chars, edges = _page_objects(page)
                items += page_items(chars, edges, number, page.get_height())
            finally:
                page.close()
    finally:
        document.close()
    lines: list[Line] = []
    for row in join_pages(items):
        lines.append(Line(len(lines) + 1, row.page, tuple(cell.text for cell in row.cells)))
    return tuple(lines)


# ---------------------------------------------------------------- glyphs and rules


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


def _page_objects(page: Any) -> tuple[list[Glyph], list[dict[str, Any]]]:
    """The page's glyphs (pdfium's text layer) and its ruling edges (from drawn paths)."""
    import pypdfium2.raw as pdfium_c

    frame = _Frame(page)
    textpage = page.get_textpage()
    chars: list[Glyph] = []
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
            chars.append(Glyph(text, x0, x1, top, bottom, bottom - top))
    finally:
        textpage.close()
    chars = _without_overprint(chars)
    edges: list[dict[str, Any]] = []
    # the rules inside form XObjects too: some producers (every Shenzhen and some Xi'an disclosures)
    # wrap a whole page's content in one form, its tables' rules with it
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=FORM_DEPTH):
        edges += _path_edges(obj, frame)
    return chars, edges


# Form XObjects nested deeper than this are not searched for rules (the files seen nest one deep).
FORM_DEPTH = 8


def _page_matrix(obj: Any) -> Any:
    """The object's matrix on the page: its own, then each enclosing form's (innermost first)."""
    matrix = obj.get_matrix()
    container = obj.container
    while container is not None:
        matrix = matrix.multiply(container.get_matrix())
        container = container.container
    return matrix


# Glyphs this close (points) with the same text are one glyph drawn again.
OVERPRINT = 1.0


def _without_overprint(chars: list[Glyph]) -> list[Glyph]:
    """The glyphs without those drawn again over themselves (a bold title printed as the same text
    several times at one place: 表表表1 … 金金金额额额单单单位位位：：：元元元 would hide its unit).

    pdfplumber's ``utils.dedupe_chars`` does the same, but restores the order with ``list.index``
    (quadratic: seconds on a full page); this keeps the first glyph of each place in one pass.
    """
    kept: list[Glyph] = []
    seen: dict[tuple[str, int, int], list[Glyph]] = {}
    for glyph in chars:
        x, y = int(glyph.x0 // OVERPRINT), int(glyph.top // OVERPRINT)
        if any(
            abs(other.x0 - glyph.x0) <= OVERPRINT and abs(other.top - glyph.top) <= OVERPRINT
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for other in seen.get((glyph.text, x + dx, y + dy), ())
        ):
            continue
        seen.setdefault((glyph.text, x, y), []).append(glyph)
        kept.append(glyph)
    return kept


def _path_edges(obj: Any, frame: _Frame) -> list[dict[str, Any]]:
    """Horizontal and vertical straight segments of a drawn path, as pdfplumber edges."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    a, b, c, d, e, f = _page_matrix(obj).get()
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
