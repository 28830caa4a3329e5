"""Columns by meaning, on two families of tests/data/corpus: only amounts become figures.

苏州市审计局 2026 (Jiangsu city, 公开01表…): the 收入总表 starts with 部门代码 | 部门名称, and
the code was stored as an amount beside the body's figures. 上海钻石宝玉石交易联合管理办公室
2026 (Shanghai 单位预算, 元): the 项目支出 table prints a 序号 column between the 科目 and the
project's name, and 1 was stored as a figure of the project. Figures as printed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.model import ParsedDocument
from ingest.numbers import parse_amount
from ingest.parse import parse_document
from ingest.pipeline import documents, parse_files
from ingest.read import read_document
from ingest.store import store
from ingest.tables import NOT_AMOUNT, _not_an_amount
from knowledge.engine import Conversation, Engine

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
SUZHOU = CORPUS / "2026_jiangsu_suzhou_audit_bureau_dept_budget.pdf"
DIAMOND = CORPUS / "2026_shanghai_diamond_gem_exchange_office_unit_budget.pdf"


@pytest.fixture(scope="module", params=[SUZHOU, DIAMOND], ids=["suzhou", "shanghai"])
def document(request: pytest.FixtureRequest) -> ParsedDocument:
    return parse_document(read_document(request.param))


def test_no_sequence_code_or_rate_column_holds_a_figure(document: ParsedDocument) -> None:
    columns = {fact.column for table in document.tables for row in table.rows for fact in row.facts}
    assert columns
    assert not [column for column in columns if NOT_AMOUNT.search(column.rsplit("/", 1)[-1])]


def test_the_body_row_of_the_income_table_has_only_its_amounts() -> None:
    document = parse_document(read_document(SUZHOU))
    assert document.meta.body == "苏州市审计局"
    [income] = [table for table in document.tables if table.kind == "income"]
    assert "部门代码" not in income.columns
    row = income.rows[0]
    assert row.name == "苏州市审计局"
    assert [(fact.column, fact.amount) for fact in row.facts][:2] == [
        ("合计", Decimal("4651.67")),
        ("本年收入/小计", Decimal("4651.67")),
    ]


def test_a_project_row_keeps_its_name_and_amount_not_its_sequence_number() -> None:
    document = parse_document(read_document(DIAMOND))
    [row] = [
        row
        for table in document.tables
        if table.kind == "projects"
        for row in table.rows
        if "专项" in row.name
    ]
    assert row.name == "钻石宝玉石产业发展专项"
    assert [(fact.column, fact.amount) for fact in row.facts] == [("预算数", Decimal("270000"))]


@pytest.mark.parametrize(
    ("printed", "amount"),
    [
        ("1,199.43", Decimal("1199.43")),
        ("999,999,999,999.99", Decimal("999999999999.99")),
        ("1,000,000,000,000", None),  # 10^12: several cells' digits read as one
        ("1234567890123456789012345", None),  # the Xi'an 科技局 PDF's 25-digit cell
    ],
)
def test_an_amount_too_large_for_any_budget_is_no_amount(printed: str, amount: Decimal | None) -> None:
    assert parse_amount(printed) == amount


@pytest.mark.parametrize("header", ["备注", "说明", "数量", "采购数量", "人数", "面积（平方米）"])
def test_remarks_counts_and_areas_are_no_amounts(header: str) -> None:
    assert _not_an_amount(f"2026年/{header}")


@pytest.mark.parametrize("header", ["合计", "项目支出总数", "扣除基建项目后预算数", "会议费"])
def test_amount_columns_stay_amounts(header: str) -> None:
    assert not _not_an_amount(f"预算数/{header}")


def test_a_change_asked_as_a_fall_is_the_fall_stated(tmp_path: Path) -> None:
    """上海市戒毒康复中心 2026 (p. 20): 公务用车购置及运行费28.25万元，比2025年预算增加14.25万元 … 公务用车运行费
    8.25万元，比2025年预算减少5.75万元: 运行费比上年少了多少 is the fall, not the rise of the line above."""
    db = tmp_path / "rehab.db"
    store(
        db,
        documents(
            parse_files([CORPUS / "2026_shanghai_drug_rehabilitation_centre_unit_budget.pdf"], workers=1)
        ),
    )
    engine = Engine.open(db)
    conversation = Conversation()
    for question in ("上海市戒毒康复中心2026年三公经费预算是多少", "其中公务用车购置费呢", "那运行费呢"):
        engine.ask(question, conversation)
    answer = engine.ask("运行费比上年少了多少", conversation)
    assert (answer.value, answer.unit) == (Decimal("5.75"), "万元") and "减少" in answer.text


def test_a_column_asked_with_no_fund_is_read_where_every_fund_is(tmp_path: Path) -> None:
    """上海科技大学附属学校 2026 (单位预算, 元): its 财务收支预算总表 (p. 7) prints 支出总计 108,059,614 |
    人员经费 49,892,494 | 公用经费 18,141,120 | 项目支出 40,026,000, its 一般公共预算基本支出 table (p. 18)
    42,947,394 and 13,511,120: 人员经费 asked with no fund is the first, 一般公共预算 named the second."""
    db = tmp_path / "school.db"
    store(
        db,
        documents(
            parse_files([CORPUS / "2026_shanghai_shanghaitech_affiliated_school_unit_budget.pdf"], workers=1)
        ),
    )
    engine = Engine.open(db)
    answer = engine.ask("上海科技大学附属学校2026年人员经费、公用经费分别是多少？")
    assert [source.row for source in answer.sources] == ["支出总计", "支出总计"]
    assert answer.value == Decimal("49892494") and "18,141,120元" in answer.text
    answer = engine.ask("上海科技大学附属学校2026年一般公共预算基本支出中人员经费是多少")
    assert answer.value == Decimal("42947394")
    conversation = Conversation()
    engine.ask("上海科技大学附属学校2026年一般公共预算基本支出是多少？", conversation)
    answer = engine.ask("项目支出呢", conversation)  # within the fund asked: 一般公共预算 项目支出 (p. 11)
    assert (answer.value, answer.unit) == (Decimal("37326000"), "元")
    answer = engine.ask("上海科技大学附属学校2026年编报绩效目标的项目有几个？")
    assert (answer.value, answer.unit) == (Decimal("3"), "个")  # p. 21: 本单位编报绩效目标的项目共3个


def test_a_share_within_the_figure_just_given(tmp_path: Path) -> None:
    """上海市信访办公室 2026: 三公经费 84.00万元, then 里面公务用车运行费占多少比例 — of the 84.00 just given
    (49.00 ÷ 84.00), not of the economic table's 合计; 公务用车运行费 is 公务用车运行维护费."""
    db = tmp_path / "shanghai.db"
    source = (
        Path(__file__).resolve().parent
        / "data"
        / "corpus"
        / "2026_shanghai_public_complaints_office_unit_budget.pdf"
    )
    store(db, documents(parse_files([source], workers=1)))
    engine = Engine.open(db)
    conversation = Conversation()
    assert engine.ask("上海市信访办公室2026年三公经费多少", conversation).value == Decimal("84.00")
    answer = engine.ask("里面公务用车运行费占多少比例", conversation)
    assert (answer.value, answer.unit) == (Decimal("58.33"), "%")
