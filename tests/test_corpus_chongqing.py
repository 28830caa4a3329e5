"""Chongqing budgets (2026年部门…总体情况表, 部门整体绩效目标表), on 重庆市水利局 2026 from tests/data/corpus.

Its summary's halves end in 合计 (no 总计 line); a 部门整体绩效目标表 of no standard kind is read on its
own. Figures as printed.
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
from knowledge.figures import indicator_amount
from knowledge.records import IndicatorRecord

CHONGQING = (
    Path(__file__).resolve().parent
    / "data"
    / "corpus"
    / "2026_chongqing_water_resources_bureau_dept_budget.pdf"
)


@pytest.fixture(scope="module")
def document() -> ParsedDocument:
    return parse_document(read_document(CHONGQING))


@pytest.fixture(scope="module")
def water(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("chongqing_water") / "budget.db"
    store(db, documents(parse_files([CHONGQING], workers=1)))
    return Engine.open(db)


def test_the_chongqing_set_is_read(document: ParsedDocument) -> None:
    assert (document.meta.body, document.meta.year, document.meta.phase) == ("重庆市水利局", 2026, "预算")
    kinds = [table.kind for table in document.tables]
    assert kinds == [
        "summary",
        "income",
        "expenditure",
        "fiscal_summary",
        "general_budget",
        "basic_by_economic",
        "gov_fund_expenditure",
        "three_public",
        "procurement",
    ]
    # 表十 部门整体绩效目标表 (指标名称 | 指标性质 | 指标值 | 计量单位) is a sheet of the department's own
    # targets, not a table of amounts: 续建大中型水库 ≥27座 was read as 27 万元
    whole = next(sheet for sheet in document.projects if sheet.name == "部门整体绩效目标")
    assert ("续建大中型水库", "≥27座") in [(i.level3, i.value) for i in whole.indicators]
    # 表十二 一级项目 table: 项目名称 | 当年财政拨款预算金额 | 当年绩效目标 | 指标名称 …, no 一级指标 column
    trade = next(sheet for sheet in document.projects if sheet.name == "水利行业业务经费")
    assert trade.funds == {"年度/资金总额": Decimal("142991600.00")}
    assert ("水质检验对象数量", "≥3060个次") in [(i.level3, i.value) for i in trade.indicators]


def test_figures_of_its_tables(document: ParsedDocument) -> None:
    [summary] = [table for table in document.tables if table.kind == "summary"]
    halves = {(row.section, row.name): row.facts[0].printed for row in summary.rows if row.facts}
    assert halves[("收入", "合计")] == halves[("支出", "合计")] == "186,549.30"
    [three] = [table for table in document.tables if table.kind == "three_public"]
    cells = {fact.column: fact.amount for fact in three.rows[0].facts}
    assert (
        cells["合计"]
        == Decimal("308.00")
        == cells["因公出国（境）费"] + cells["公务用车购置及运行费/小计"] + cells["公务接待费"]
    )


def test_each_side_s_total_of_the_summary_answers_to_its_side(water: Engine) -> None:
    """表1 部门收支总体情况表 prints 合计 on both sides (186,549.30); 收入合计 is that line, not the
    财政拨款收支总体情况表's 收入合计 (172,283.15, appropriations only)."""
    answer = water.ask("重庆市水利局收入合计多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("186549.30"), "万元")
    assert answer.text.startswith("收入合计：") and "（“合计”行" in answer.text


def test_a_fund_s_carry_over_line_is_not_the_fund(water: Engine) -> None:
    """表4 财政拨款收支总体情况表 lists 二、上年结转 53,509.60 then （一）一般公共预算拨款 9,375.01: the
    carried-over part, which answered 一般公共预算拨款 (the appropriation is 128,148.56, 表2 p. 13)."""
    answer = water.ask("重庆市水利局一般公共预算拨款多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("128148.56"), "万元")
    carried = water.ask("重庆市水利局上年结转的一般公共预算拨款多少")
    assert (carried.status, carried.value, carried.unit) == ("answered", Decimal("9375.01"), "万元")


def test_a_fund_word_before_a_column_word_qualifies_it(water: Engine) -> None:
    """表五 2026年一般公共预算支出情况表 (p. 22): 合计 128,148.56, 项目支出 94,823.35. 一般公共预算安排的
    项目支出 is that column (it was answered with the fund's 128,148.56)."""
    answer = water.ask("重庆市水利局一般公共预算安排的项目支出多少")
    assert (answer.status, answer.value, answer.sources[0].table) == (
        "answered",
        Decimal("94823.35"),
        "2026年一般公共预算支出情况表",
    )


def test_vehicles_held_by_the_units_asked_with_gong_you(water: Engine) -> None:
    """p. 7: 所属各预算单位共有车辆43辆 — asked as 所属单位共有多少辆车 (共有 no part of the thing counted,
    the holder before the thing) and as 本部门 (the department itself, no holder of its own)."""
    for question in (
        "重庆市水利局所属单位共有多少辆车",
        "重庆市水利局本部门共有多少辆车",
        "重庆市水利局有几辆车",
    ):
        answer = water.ask(question)
        assert (answer.value, answer.unit) == (Decimal("43"), "辆"), question


def test_the_change_stated_with_the_figure_just_answered(water: Engine) -> None:
    """p. 6: 项目支出94823.35万元，主要用于…，比2025年增加7356.51万元 — asked after that figure, its own
    change; the department's 支出比2025年减少246,429.22万元 was answered."""
    conversation = Conversation()
    answer = water.ask("重庆市水利局2026年一般公共预算项目支出多少", conversation)
    assert answer.value == Decimal("94823.35")
    answer = water.ask("比2025年增加了多少", conversation)
    assert (answer.value, answer.unit) == (Decimal("7356.51"), "万元")


def test_a_follow_up_naming_its_own_fund_leaves_the_table_before(water: Engine) -> None:
    """项目支出 of all funds first, then 一般公共预算安排的项目支出呢: the 一般公共预算 table's, not the
    same table's line again."""
    conversation = Conversation()
    first = water.ask("重庆市水利局2026年项目支出多少", conversation)
    answer = water.ask("一般公共预算安排的项目支出呢", conversation)
    assert answer.value == Decimal("94823.35") and answer.value != first.value


def test_a_three_public_item_under_its_short_name(water: Engine) -> None:
    """The “三公” table (p. 28) prints 公务用车购置及运行费 | 公务用车运行费 248.50: asked as 公务用车运行维护费
    it is that column, the whole of it, not the 基本支出 table's economic line (220.00)."""
    answer = water.ask("重庆水利局26年公务用车运行维护费多少？")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("248.50"), "万元")
    assert "“三公”经费" in answer.sources[0].table


def test_a_sheet_printing_the_year_s_budget_and_an_indicator_table(document: ParsedDocument) -> None:
    """表十一 (p. 31): 当年预算 12,700.00 (单位：万元) | 补助区县 12,700.00, and an indicator table keyed by
    its header (指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重(%) | 是否核心): 完工项目验收率 ≥ 90 %."""
    [sheet] = [sheet for sheet in document.projects if sheet.name == "水库移民后期扶持"]
    assert sheet.funds["年度/资金总额"] == Decimal("127000000.00")  # 12,700.00万元, kept in 元
    assert [(i.level3, i.value) for i in sheet.indicators[:3]] == [
        ("完工项目验收率", "≥90%"),
        ("实施项目数量", "≥86个数"),
        ("项目覆盖区县数量", "≥30个数"),
    ]
    assert sheet.fields["总体目标（年度）"].startswith("年度资金实施项目覆盖区县30个以上")


def test_a_project_s_year_budget_asked_with_a_generic_word_after_it(water: Engine) -> None:
    answer = water.ask("重庆水利局水库移民后期扶持专项资金当年预算多少？")
    assert (answer.status, answer.value) == ("answered", Decimal("127000000.00"))


@pytest.mark.parametrize(
    ("question", "value", "unit"),
    [
        ("重庆市水利局整体绩效目标里要续建大中型水库多少座？", "27", "座"),
        ("重庆市水利局水利专项资金要续建大中型水库多少座", "26", "座"),
        ("重庆市水利局水利行业业务经费多少", "142991600.00", "元"),
        # the fund named without its city (重庆市水利专项资金), not the 科目 水利 its words begin with
        ("重庆市水利局水利专项资金当年预算多少", "1529928300.00", "元"),
    ],
)
def test_the_department_s_targets_and_first_level_projects_answer(
    water: Engine, question: str, value: str, unit: str
) -> None:
    answer = water.ask(question)
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal(value), unit)


def test_a_rate_indicator_is_a_percentage_whatever_words_it_holds() -> None:
    """年度预算执行率 | = | 100 (no unit printed): a rate, not 100 元 for the 预算 in its name."""
    rate = IndicatorRecord("年度", "", "", "年度预算执行率", "=100", 1)
    assert indicator_amount(rate) == (Decimal(100), "%")
    standard = IndicatorRecord("年度", "", "", "培训标准", "400/人/天", 1)
    assert indicator_amount(standard) == (Decimal(400), "元")
