"""Fujian unit budgets (2026年度…预算总表, 单位预算), on 福州市公安局文职人员管理中心 2026 from tests/data/corpus.

The cover reads 2026年度 / …（本级）/ 单位预算 (the scope is 单位); the “三公” table is printed with
zeros. Figures as printed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.model import ParsedDocument
from ingest.parse import parse_document
from ingest.read import read_document

FUZHOU = (
    Path(__file__).resolve().parent
    / "data"
    / "corpus"
    / "2026_fujian_fuzhou_police_civilian_staff_centre_unit_budget.pdf"
)


@pytest.fixture(scope="module")
def document() -> ParsedDocument:
    return parse_document(read_document(FUZHOU))


def test_a_unit_budget(document: ParsedDocument) -> None:
    meta = document.meta
    assert (meta.body, meta.year, meta.phase, meta.scope) == (
        "福州市公安局文职人员管理中心",
        2026,
        "预算",
        "单位",
    )


def test_totals_and_checks(document: ParsedDocument) -> None:
    totals = {
        table.kind: next(row.facts[0].printed for row in table.rows if row.name == "合计" and row.facts)
        for table in document.tables
        if table.kind in ("income", "expenditure", "basic_by_economic")
    }
    assert totals == {"income": "6053.42", "expenditure": "6053.42", "basic_by_economic": "6053.42"}
    [three] = [table for table in document.tables if table.kind == "three_public"]
    assert [fact.amount for fact in three.rows[0].facts][:1] == [Decimal("0.00")]
    assert document.checks and all(check.holds for check in document.checks)
