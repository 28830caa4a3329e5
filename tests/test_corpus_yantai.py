"""Shandong city budgets (…情况表), on 烟台市民政局 2026 from tests/data/corpus.

Its 基本支出预算情况表 prints the 部门 economic classes under each 政府 class (301 工资福利支出
once under 501 and again under 505): a class's children are the rows of its own block, so the
document's arithmetic holds (it was reported failing, 767.54 against the sum of both blocks).
Figures as printed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.model import ParsedDocument
from ingest.parse import parse_document
from ingest.read import read_document

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
    assert wages == [("501", "767.54"), ("505", "1,928.10")]
    checks = [
        (check.expected, check.actual)
        for check in document.checks
        if check.table == basic.title and check.detail == "301 工资福利支出 [合计]"
    ]
    # each block against its own children: the document's own 0.02 and 0.01 rounding, no more
    assert checks == [(Decimal("767.54"), Decimal("767.56")), (Decimal("1928.10"), Decimal("1928.09"))]
