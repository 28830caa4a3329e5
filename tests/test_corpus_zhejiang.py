"""Zhejiang city budgets (表1…表11, 市级部门…预算表), on 杭州市气象局 2026 from tests/data/corpus.

The narrative says “……一级项目绩效目标表，详见表11”: that sentence once opened a performance
sheet that swallowed every table after it (no table was found in any Hangzhou or Huzhou
document). Its tables print a row of column marks (** | 1 | 2 …) under the header, and the
项目支出预算表 names each project's unit in a 单位名称 column before the 项目名称. Figures as printed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.model import BudgetTable, ParsedDocument
from ingest.parse import parse_document
from ingest.pipeline import documents, parse_files
from ingest.read import read_document
from ingest.store import store
from knowledge.engine import Conversation, Engine

HANGZHOU = (
    Path(__file__).resolve().parent
    / "data"
    / "corpus"
    / "2026_zhejiang_hangzhou_meteorological_bureau_dept_budget.pdf"
)


@pytest.fixture(scope="module")
def document() -> ParsedDocument:
    return parse_document(read_document(HANGZHOU))


def _table(document: ParsedDocument, kind: str) -> BudgetTable:
    [table] = [table for table in document.tables if table.kind == kind]
    return table


def test_every_printed_table_is_read(document: ParsedDocument) -> None:
    assert (document.meta.body, document.meta.year) == ("杭州市气象局", 2026)
    assert [table.label or table.title.split("：")[0] for table in document.tables] == [
        f"表{n}" for n in range(1, 12)
    ]
    assert not document.projects  # no 绩效目标表 sheet: the sentence naming one is narrative


def test_the_summary_balances(document: ParsedDocument) -> None:
    summary = _table(document, "summary")
    totals = {(row.section, row.name): row.facts[0].amount for row in summary.rows if row.facts}
    assert totals[("收入", "收入总计")] == totals[("支出", "支出总计")] == Decimal("5876.67")
    assert totals[("收入", "一、财政拨款")] == Decimal("5753.07")


def test_the_row_of_column_marks_is_no_row(document: ParsedDocument) -> None:
    for table in document.tables:
        assert not [row for row in table.rows if row.name in ("**", "*")], table.title


def test_a_project_is_named_by_its_project_and_grouped_by_its_unit(document: ParsedDocument) -> None:
    projects = _table(document, "projects")
    lines = [(row.group, row.name, row.facts[0].printed) for row in projects.rows if row.facts]
    assert lines == [
        ("", "合计", "2,131.61"),
        ("杭州市气象局", "气象业务建设", "1,097.02"),
        ("杭州市气象局", "气象设施维护及科普", "887.90"),
        ("杭州市气象服务中心（杭州市预警信息发布中心）", "专业系统维护及科普", "146.69"),
    ]
    performance = _table(document, "project_performance")  # 表11: not a second 项目支出表
    assert [(row.name, row.facts[0].printed) for row in performance.rows if row.facts][0] == (
        "气象业务建设",
        "1,097.02",
    )


def test_a_part_s_share_of_the_whole_named_before_li(tmp_path: Path) -> None:
    from ingest.pipeline import documents, parse_files
    from ingest.store import store
    from knowledge.engine import Engine

    db = tmp_path / "hangzhou.db"
    store(db, documents(parse_files([HANGZHOU], workers=1)))
    engine = Engine.open(db)
    # 人员经费 ÷ 基本支出 (表6 合计); with 中的 the whole was once dropped: 2906.80 ÷ 2906.80 = 100.00%
    for question in (
        "杭州气象局基本支出里人员经费占比多少",
        "杭州气象局基本支出中的人员经费占比多少",
        "杭州气象局基本支出中人员经费占多少比例",  # 中 alone after a money word
    ):
        answer = engine.ask(question)
        assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("77.62"), "%")
        assert "2906.80 ÷ 3745.07 = 77.62%" in answer.text


@pytest.mark.parametrize(
    ("question", "value", "unit"),
    [
        # 运行经费 is 机关运行经费, but not inside 行政运行经费 (the 科目 行政运行, 表3)
        ("杭州气象局行政运行经费多少", "2617.19", "万元"),
        # 本部门共有车辆5辆 (held), not the 1 辆 bought in 2026 nor a kind of car
        ("杭州气象局一共有几辆车", "5", "辆"),
    ],
)
def test_questions_over_the_narrative_and_tables(
    tmp_path: Path, question: str, value: str, unit: str
) -> None:
    from ingest.pipeline import documents, parse_files
    from ingest.store import store
    from knowledge.engine import Engine

    db = tmp_path / "hangzhou.db"
    store(db, documents(parse_files([HANGZHOU], workers=1)))
    answer = Engine.open(db).ask(question)
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal(value), unit)


# 湖州市交通运输局 2026 (the same family): answers whose wording once gave another item's figure.
# Golds as printed (also in tests/data/questions/corpus2_dev_a.jsonl, checked by check_golds.py).
HUZHOU = (
    Path(__file__).resolve().parent
    / "data"
    / "corpus"
    / "2026_zhejiang_huzhou_transport_bureau_dept_budget.pdf"
)


@pytest.fixture(scope="module")
def huzhou(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("huzhou") / "budget.db"
    store(db, documents(parse_files([HUZHOU], workers=1)))
    return Engine.open(db)


def test_a_scope_word_before_a_column_word_qualifies_it(huzhou: Engine) -> None:
    # not the 一般公共预算 line of the 收支总表 (52,244.36): its 基本支出
    answer = huzhou.ask("湖州市交通运输局2026年一般公共预算基本支出多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("27428.84"), "万元")


def test_a_project_after_its_unit_is_the_item_asked(huzhou: Engine) -> None:
    # not the unit's total (86,167.48) printed in the 收入预算总表
    answer = huzhou.ask("湖州市公路与运输管理中心公路综合建设养护项目多少钱")
    assert (answer.status, answer.value) == ("answered", Decimal("70252.12"))


def test_what_follows_the_name_found_is_what_is_asked(huzhou: Engine) -> None:
    # the school is in the tables, its students are not: no budget figure for them
    answer = huzhou.ask("湖州交通技师学院2026年有多少在校学生")
    assert (answer.status, answer.value) == ("not_found", None) and "在校学生" in answer.text


def test_colloquial_short_names_find_the_body(huzhou: Engine) -> None:
    [document] = huzhou.documents()
    assert document.body == "湖州市交通运输局"
    answer = huzhou.ask("湖州交通局2026年一般公共预算基本支出多少")
    assert answer.value == Decimal("27428.84")


def test_a_unit_s_part_the_tables_do_not_print_is_not_found(huzhou: Engine) -> None:
    """湖州市交通运输局 prints its “三公” total (749.83) and each unit's whole budget, not each unit's
    “三公”: 湖州市公路与运输管理中心的三公经费 was answered 749.83 (the bureau's), and with the year
    between the names 86,167.48 (the unit's whole budget)."""
    for question in ("湖州市公路与运输管理中心的三公经费多少", "湖州市公路与运输管理中心2026年三公经费多少"):
        answer = huzhou.ask(question)
        assert (answer.status, answer.value) == ("not_found", None)
    assert huzhou.ask("湖州市交通运输局三公经费多少").value == Decimal("749.83")


def test_an_item_a_table_prints_only_within_basic_spending_is_answered_whole(huzhou: Engine) -> None:
    """The 一般公共预算基本支出表 prints 培训费 21.80 (its basic part); the text states 各单位培训费预算
    56.57万元: asked without 基本, the whole is the answer and the basic part is shown beside it."""
    answer = huzhou.ask("湖州市交通运输局培训费预算多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("56.57"), "万元")
    assert "21.80万元（只含基本支出）" in answer.text and len(answer.sources) == 2
    answer = huzhou.ask("湖州市交通运输局基本支出里培训费多少")
    assert (answer.status, answer.value) == ("answered", Decimal("21.80"))


def test_two_added_up_after_a_change_are_the_two_items(huzhou: Engine) -> None:
    # the change (减少20.60) answered between the items is no item: 89.10 + 56.57, not 20.60 + …
    conversation = Conversation()
    for question in ("湖州市交通运输局差旅费预算多少", "比上年减少多少", "培训费呢"):
        huzhou.ask(question, conversation)
    answer = huzhou.ask("两个加起来多少", conversation)
    assert (answer.value, answer.derivation) == (Decimal("145.67"), "89.10 + 56.57 = 145.67万元")


def test_a_project_listed_under_several_units(huzhou: Engine) -> None:
    """低碳交通发展推广 is listed under 湖州市公路与运输管理中心 (7,990.81) and 湖州市港航管理中心 (1,012.17):
    the unit named picks its line; the bureau's is both lines added up (once the first unit's alone)."""
    answer = huzhou.ask("湖州市港航管理中心低碳交通发展推广项目多少")
    assert (answer.status, answer.value) == ("answered", Decimal("1012.17"))
    answer = huzhou.ask("湖州市交通运输局低碳交通发展推广项目预算多少")
    assert answer.value == Decimal("9002.98") and "7990.81 + 1012.17 = 9002.98" in answer.text


HUZHOU_HEALTH = HUZHOU.with_name("2026_zhejiang_huzhou_health_commission_dept_budget.pdf")


@pytest.fixture(scope="module")
def huzhou_health(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("huzhou_health") / "budget.db"
    store(db, documents(parse_files([HUZHOU_HEALTH], workers=1)))
    return Engine.open(db)


def test_a_body_named_in_a_works_project_is_no_body_asked_about(huzhou_health: Engine) -> None:
    """p. 13–14: …政府性基金预算当年拨款27600.00万元…（…市中医院迁建工程5000.00万元…）; 市一院红旗路
    院区改建项目 15000.00万元. 其中市中医院… was read as a body not loaded (其中市), 红旗路院 too."""
    conversation = Conversation()
    assert huzhou_health.ask("湖州卫健委26年政府性基金拨款多少", conversation).value == Decimal("27600.00")
    part = huzhou_health.ask("其中市中医院迁建工程安排多少", conversation)
    assert (part.status, part.value, part.unit) == ("answered", Decimal("5000.00"), "万元")
    other = huzhou_health.ask("那市一院红旗路院区改建项目呢", conversation)
    assert (other.status, other.value) == ("answered", Decimal("15000.00"))
    # a hospital asked about as a body is still a body, not loaded here
    assert huzhou_health.ask("杭州市中医院2026年预算多少").status == "not_found"
