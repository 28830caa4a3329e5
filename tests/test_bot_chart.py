"""bot.chart: the spending structure drawn as a PNG, with or without a CJK font installed."""

import logging
from decimal import Decimal

import pytest

from bot.chart import structure_png
from knowledge.engine import Slice, Structure

PNG = b"\x89PNG\r\n\x1a\n"
STRUCTURE = Structure(
    "泽州县人民代表大会常务委员会办公室2024年度部门预算公开",
    "万元",
    (Slice("基本支出", Decimal("638.64")), Slice("项目支出", Decimal("560.78"))),
    (Slice("一般公共服务支出", Decimal("1043.10")), Slice("社会保障和就业支出", Decimal("96.55"))),
    "2024年一般公共预算支出预算表（不含上年结转）",
)


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG)
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_structure_is_a_png() -> None:
    width, height = png_size(structure_png(STRUCTURE))
    assert width > 800 and height > 400


def test_without_a_cjk_font_the_chart_is_drawn_and_the_log_says_why(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.chart"):
        data = structure_png(STRUCTURE, fonts=())
    assert data.startswith(PNG)
    assert "no CJK font installed" in caplog.text


def test_empty_slices_are_left_out() -> None:
    empty = Structure("某部门", "万元", (Slice("基本支出", Decimal(0)),), (), "表")
    assert structure_png(empty).startswith(PNG)
