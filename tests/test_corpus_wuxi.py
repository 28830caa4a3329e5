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
from ingest.pipeline import documents, parse_files
from ingest.read import read_document
from ingest.store import store
from knowledge.engine import Conversation, Engine

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


@pytest.fixture(scope="module")
def education(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("wuxi_education") / "budget.db"
    store(
        db,
        documents(
            parse_files([WUXI.with_name("2026_jiangsu_wuxi_education_bureau_dept_budget.pdf")], workers=1)
        ),
    )
    return Engine.open(db)


def test_a_part_asked_after_its_whole_is_read_from_the_whole_s_table(education: Engine) -> None:
    """无锡市教育局 2026: 机关运行经费 135.29 (p. 31), then 其中办公费: the 机关运行经费 table's
    30201 办公费 39.15, not the 基本支出 table's 办公费 of every unit (12,603.56)."""
    conversation = Conversation()
    whole = education.ask("无锡市教育局2026年机关运行经费是多少", conversation)
    assert (whole.status, whole.value, whole.unit) == ("answered", Decimal("135.29"), "万元")
    part = education.ask("其中办公费多少", conversation)
    assert (part.status, part.value, part.unit) == ("answered", Decimal("39.15"), "万元")
    assert education.ask("无锡市教育局2026年办公费多少").value == Decimal("12603.56")  # asked alone


def test_a_part_asked_after_a_stated_change_is_still_read_from_the_whole_s_table(education: Engine) -> None:
    """The same, with the change the text states (与上年相比减少 11.28 万元, p. 60) asked in between."""
    conversation = Conversation()
    education.ask("无锡市教育局2026年机关运行经费是多少", conversation)
    change = education.ask("比上年多还是少，差多少", conversation)
    assert (change.value, change.unit) == (Decimal("11.28"), "万元") and "减少" in change.text
    part = education.ask("其中办公费多少", conversation)
    assert (part.status, part.value, part.unit) == ("answered", Decimal("39.15"), "万元")


@pytest.fixture(scope="module")
def unit(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("wuxi-unit") / "budget.db"
    path = WUXI.with_name("2026_jiangsu_wuxi_education_bureau_unit_budget.pdf")
    store(db, documents(parse_files([path], workers=1)))
    return Engine.open(db)


def test_the_body_with_its_scope_word_is_the_body_of_a_unit_budget(unit: Engine) -> None:
    """无锡市教育局（本级）单位预算: 无锡市教育局本级 is the body, not its line in the 收入总表 (131,349.60):
    its 基本支出 is the 支出总表's (2,531.48), its share of 公用经费 135.29 ÷ 2531.48."""
    answer = unit.ask("无锡市教育局本级2026年基本支出多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("2531.48"), "万元")
    answer = unit.ask("无锡市教育局本级2026年公用经费占基本支出的比例")
    assert (answer.value, answer.unit, answer.derivation) == (
        Decimal("5.34"),
        "%",
        "135.29 ÷ 2531.48 = 5.34%",
    )


def test_a_difference_uses_each_item_as_asked_alone(education: Engine) -> None:
    """培训费: the 一般公共预算基本支出表 prints 225.46 (basic part); the text states 一般公共预算拨款安排的培训费
    预算支出925.46万元, which 培训费多少 answers: 培训费比会议费多多少 uses it too (it used the 225.46)."""
    answer = education.ask("无锡市教育局2026年培训费比会议费多多少")
    assert (answer.value, answer.derivation) == (Decimal("887.49"), "925.46 − 37.97 = 887.49万元")
