"""Shandong city budgets (…情况表), on 烟台市民政局 2026 from tests/data/corpus.

Its 基本支出预算情况表 prints the 部门 economic classes under each 政府 class (301 工资福利支出
once under 501 and again under 505): a class's children are the rows of its own block, so the
document's arithmetic holds (it was reported failing, 767.54 against the sum of both blocks).
A table whose identities still fail beyond rounding is marked, and answers citing it say so.
Figures as printed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.model import ParsedDocument
from ingest.parse import parse_document
from ingest.pipeline import documents, parse_files
from ingest.read import read_document
from ingest.store import store
from knowledge.engine import Engine

YANTAI = (
    Path(__file__).resolve().parent
    / "data"
    / "corpus"
    / "2026_shandong_yantai_civil_affairs_bureau_dept_budget.pdf"
)


@pytest.fixture(scope="module")
def document() -> ParsedDocument:
    return parse_document(read_document(YANTAI))


def test_the_summary_tables_are_read(document: ParsedDocument) -> None:
    assert (document.meta.body, document.meta.year) == ("烟台市民政局", 2026)
    kinds = {table.kind for table in document.tables}
    assert {"summary", "income", "expenditure", "fiscal_summary", "basic"} <= kinds


def test_a_class_printed_twice_is_checked_within_its_own_block(document: ParsedDocument) -> None:
    [basic] = [table for table in document.tables if table.kind == "basic"]
    wages = [(row.name2, row.facts[0].printed) for row in basic.rows if row.code == "301"]
    assert wages == [("机关工资福利支出", "767.54"), ("对事业单位经常性补助", "1,928.10")]  # 501, 505
    checks = [
        (check.expected, check.actual)
        for check in document.checks
        if check.table == basic.title and check.detail == "301 工资福利支出 [合计]"
    ]
    # each block against its own children: the document's own 0.02 and 0.01 rounding, no more
    assert checks == [(Decimal("767.54"), Decimal("767.56")), (Decimal("1928.10"), Decimal("1928.09"))]


def test_a_table_whose_arithmetic_fails_beyond_rounding_is_marked(document: ParsedDocument) -> None:
    doubts = {table.title: table.doubt for table in document.tables if table.doubt}
    # 302 商品和服务支出 (505 block): 一般公共预算 printed 116.37, its lines add to 117.37
    assert doubts == {
        "基本支出预算情况表": "2处合计与明细之和不符（共核对124处，超出四舍五入），如302 商品和服务支出 "
        "[财政拨款/一般公共预算]：表中为116.37，明细加总为117.37"
    }


def test_an_answer_from_a_doubtful_table_says_so(tmp_path: Path) -> None:
    db = tmp_path / "yantai.db"
    store(db, [document for document in documents(parse_files([YANTAI], workers=1))])
    engine = Engine.open(db)
    answer = engine.ask("商品和服务支出多少")
    assert answer.value == Decimal("217.83")  # 101.46 + 116.37 (一般公共预算基本支出情况表)
    assert answer.text.endswith(
        "注意：基本支出预算情况表有2处合计与明细之和不符（共核对124处，超出四舍五入），如302 商品和服务支出 "
        "[财政拨款/一般公共预算]：表中为116.37，明细加总为117.37；该表的数字请对照原文核实。"
    )
    assert "注意" not in engine.ask("基本支出多少").text  # 支出总体情况表 adds up


def test_codes_printed_as_parts_under_their_parents_are_made_whole(document: ParsedDocument) -> None:
    # 类 | 款 | 项 columns: 208 on its line, then "| 02 |" 民政管理事务, then "| | 01 |" 行政运行
    [table] = [table for table in document.tables if table.kind == "expenditure"]
    rows = [(row.code, row.parent_code, row.name, row.facts[0].printed) for row in table.rows[4:7]]
    assert rows == [
        ("208", "", "社会保障和就业支出", "3,667.59"),
        ("20802", "208", "民政管理事务", "1,218.39"),
        ("2080201", "20802", "行政运行", "668.77"),
    ]
    [check] = [
        c for c in document.checks if c.table == table.title and c.detail == "20802 民政管理事务 [合计]"
    ]
    # the 款 against its four 项 (668.77 + 217.50 + 60.00 + 272.13): the document's own 0.01 rounding
    assert (check.expected, check.actual) == (Decimal("1218.39"), Decimal("1218.40"))
