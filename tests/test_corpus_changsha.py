"""Hunan city budgets (…总体情况表, …情况表), on 长沙市信访局 2026 from tests/data/corpus.

Its 项目支出绩效目标表 is one table of many projects (单位编码 | 单位（项目）名称 | 资金总额 | 绩效目标 |
一级 | 二级 | 三级指标 | 指标值 …), its title and header printed again on every page with the
project's name and amount; its 部门整体支出绩效目标表 has no label, only 部门名称：and 单位：under
its title; its “三公” table prints 其中：columns that break down 公务用车购置及运行费.
Figures as printed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.model import ParsedDocument
from ingest.parse import parse_document
from ingest.read import read_document

CHANGSHA = (
    Path(__file__).resolve().parent
    / "data"
    / "corpus"
    / "2026_hunan_changsha_public_complaints_bureau_dept_budget.pdf"
)


@pytest.fixture(scope="module")
def document() -> ParsedDocument:
    return parse_document(read_document(CHANGSHA))


def test_the_summaries_are_read(document: ParsedDocument) -> None:
    assert (document.meta.body, document.meta.year) == ("长沙市信访局", 2026)
    [summary] = [table for table in document.tables if table.kind == "summary"]
    assert summary.title == "2026年部门收支总体情况表"
    totals = {(row.section, row.name): row.facts[0].printed for row in summary.rows if row.facts}
    assert totals[("收入", "收入总计")] == totals[("支出", "支出总计")] == "1,935.36"


def test_a_table_of_many_projects_gives_one_sheet_per_project(document: ParsedDocument) -> None:
    projects = {project.name: project for project in document.projects}
    assert list(projects) == [
        "基层及其他信访业务工作经费专项",
        "人民来访接待中心及特护期运行专项",
        "人民来访接待中心业务专项",
        "信访业务工作专项",
    ]
    business = projects["人民来访接待中心业务专项"]
    assert business.funds == {"年度/资金总额": Decimal("1028000.00")}  # 102.80 万元, printed on 3 pages
    first = business.indicators[0]
    assert (first.level1, first.level2, first.level3) == ("成本指标", "经济成本指标", "预算控制成本")
    counted = [i for i in business.indicators if i.level3 == "接待来市走访群众数量"]
    assert [(i.level1, i.level2, i.value) for i in counted] == [("产出指标", "数量指标", "3000人次")]


def test_a_headed_title_without_a_label_is_a_table(document: ParsedDocument) -> None:
    [whole] = [table for table in document.tables if table.kind == "other"]
    assert whole.title == "2026年部门整体支出绩效目标表"
    assert [fact.printed for fact in whole.rows[0].facts][:2] == ["1,935.36", "1,935.36"]


def test_columns_of_which_are_not_added_to_their_siblings(document: ParsedDocument) -> None:
    [three] = [table for table in document.tables if table.kind == "three_public"]
    checks = [check for check in document.checks if check.table == three.title]
    assert checks and all(check.holds for check in checks)  # 8.00 = 3.00 + 5.00
    assert not three.doubt


def test_words_drawn_in_boxes_read_as_the_sentence_they_belong_to(document: ParsedDocument) -> None:
    """Its narrative draws some words of a line in boxes (a one-row grid beside free text): the
    line once came out in two, out of order; a line ending in a figure was taken for a contents
    entry and dropped; “（一）机关运行经费：2026年…” opens its paragraph's first sentence."""
    facts = {(fact.subject, fact.value, fact.unit) for passage in document.passages for fact in passage.facts}
    assert ("2026年长沙市信访局机关运行经费", Decimal("122.98"), "万元") in facts
    assert ("本单位共有公务用车", Decimal("2"), "辆") in facts


def test_short_names_and_questions(tmp_path: Path) -> None:
    from ingest.pipeline import documents, parse_files
    from ingest.store import store
    from knowledge.engine import Engine

    db = tmp_path / "changsha.db"
    store(db, documents(parse_files([CHANGSHA], workers=1)))
    engine = Engine.open(db)
    answer = engine.ask("长沙信访局机关运行经费多少")  # 长沙信访局: the city without 市
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("122.98"), "万元")
    answer = engine.ask("长沙信访局有几辆公务车")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("2"), "辆")
