"""Jiangsu city budgets (公开01表…公开12表), on 无锡市统计局 2026 from tests/data/corpus.

Its 公开09表 prints “三公”经费合计 beside 会议费 and 培训费: the 合计 adds the 三公 items only, so no
identity adds 会议费 and 培训费 to it (the table was marked in doubt: 3.00 against 24.64). Figures as printed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.model import ParsedDocument
from ingest.parse import parse_document
from ingest.read import read_document

WUXI = (
    Path(__file__).resolve().parent
    / "data"
    / "corpus"
    / "2026_jiangsu_wuxi_statistics_bureau_dept_budget.pdf"
)


@pytest.fixture(scope="module")
def document() -> ParsedDocument:
    return parse_document(read_document(WUXI))


def test_the_jiangsu_city_set_is_read(document: ParsedDocument) -> None:
    assert (document.meta.body, document.meta.year) == ("无锡市统计局", 2026)
    kinds = [table.kind for table in document.tables]
    assert kinds[:5] == ["summary", "income", "expenditure", "fiscal_summary", "fiscal_expenditure"]
    assert {"operating_costs", "procurement", "three_public"} <= set(kinds)


def test_the_three_public_table_and_its_checks(document: ParsedDocument) -> None:
    [three] = [table for table in document.tables if table.kind == "three_public"]
    [total] = [row for row in three.rows if row.name == "合计"]
    cells = {fact.column: fact.amount for fact in total.facts}
    assert cells["“三公”经费合计"] == Decimal("3.00")
    assert (cells["公务接待费"], cells["会议费"], cells["培训费"]) == (
        Decimal("3.00"),
        Decimal("2.61"),
        Decimal("19.03"),
    )
    assert not three.doubt
    assert len(document.checks) > 200 and all(check.holds for check in document.checks)
