"""The spending structure as a PNG: 基本/项目支出 and 功能科目 (类) shares, drawn with matplotlib.

    png = structure_png(engine.structure())

matplotlib is imported on first use (it takes a second) and drawn with the Agg backend on a
Figure of its own, so nothing global is touched and any thread may draw. Chinese labels need a
CJK font: the first of CJK_FONTS that is installed is used (Debian: fonts-noto-cjk or
fonts-wqy-microhei); without one the chart is still drawn, with a warning in the log.
"""

from __future__ import annotations

import logging
import re
import threading
import warnings
from collections.abc import Sequence
from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING

from bot import texts
from knowledge.engine import Slice, Structure

if TYPE_CHECKING:  # matplotlib is imported on first use
    from matplotlib.axes import Axes

logger = logging.getLogger(__name__)

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Noto Sans CJK JP",
)
_CJK_FILE = re.compile(r"cjk|wqy|SC-|Han|DroidSansFallback|simhei|msyh|PingFang", re.IGNORECASE)
_DRAWING = threading.Lock()  # rc_context and warning filters are process-wide
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def structure_png(structure: Structure, *, fonts: Sequence[str] = CJK_FONTS) -> bytes:
    """Draw the structure: a ring of 基本/项目支出 and bars of the 功能科目 shares."""
    with _DRAWING:
        return _draw(structure, _installed_font(fonts))


def _draw(structure: Structure, family: str | None) -> bytes:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with warnings.catch_warnings():
        if family is None:
            logger.warning(
                "no CJK font installed (e.g. apt-get install fonts-noto-cjk): chart labels show boxes"
            )
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        families = [family, "DejaVu Sans"] if family else ["DejaVu Sans"]
        with matplotlib.rc_context({"font.family": families}):
            figure = Figure(figsize=(11, 5.5), dpi=110, layout="constrained")
            FigureCanvasAgg(figure)
            figure.suptitle(structure.document, fontsize=13)
            kind_axes, function_axes = figure.subplots(1, 2, width_ratios=(2, 3))
            _ring(kind_axes, structure.by_kind, structure.unit)
            _bars(function_axes, structure.by_function, structure.unit)
            output = BytesIO()
            figure.savefig(output, format="png")
    return output.getvalue()


def _installed_font(fonts: Sequence[str]) -> str | None:
    """The first of ``fonts`` matplotlib knows, looking at fonts installed since its cache was made."""
    from matplotlib import font_manager

    def first_known() -> str | None:
        known = {entry.name for entry in font_manager.fontManager.ttflist}
        return next((font for font in fonts if font in known), None)

    found = first_known()
    if found is None:
        for path in font_manager.findSystemFonts():
            if _CJK_FILE.search(path):
                font_manager.fontManager.addfont(path)
        found = first_known()
    return found


def _ring(axes: Axes, slices: Sequence[Slice], unit: str) -> None:
    axes.set_title(texts.CHART_TITLE_BY_KIND)
    shown = [piece for piece in slices if piece.amount > 0]
    if not shown:
        axes.axis("off")
        return
    axes.pie(
        [float(piece.amount) for piece in shown],
        labels=[f"{piece.label}\n{piece.amount:,.2f}" for piece in shown],
        autopct="%1.1f%%",
        pctdistance=0.78,
        startangle=90,
        counterclock=False,
        colors=COLOURS[: len(shown)],
        wedgeprops={"width": 0.45, "edgecolor": "white"},
    )
    # the unit, not a sum: a total added up here may differ from the published one by rounding
    axes.text(0, 0, texts.CHART_UNIT.format(unit=unit), ha="center", va="center")
    axes.set_aspect("equal")


def _bars(axes: Axes, slices: Sequence[Slice], unit: str) -> None:
    axes.set_title(texts.CHART_TITLE_BY_FUNCTION)
    shown = sorted((piece for piece in slices if piece.amount > 0), key=lambda piece: piece.amount)
    if not shown:
        axes.axis("off")
        return
    total = sum((piece.amount for piece in shown), Decimal(0))
    positions = range(len(shown))
    axes.barh(positions, [float(piece.amount) for piece in shown], color=COLOURS[2])
    axes.set_yticks(positions, [piece.label for piece in shown])
    for position, piece in zip(positions, shown, strict=True):
        share = piece.amount / total * 100
        axes.annotate(
            f" {piece.amount:,.2f}（{share:.1f}%）",
            (float(piece.amount), position),
            va="center",
            fontsize=9,
        )
    axes.set_xlabel(unit)
    axes.set_xlim(0, float(max(piece.amount for piece in shown)) * 1.45)
    axes.spines[["top", "right"]].set_visible(False)
