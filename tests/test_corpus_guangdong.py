"""Guangdong city budgets (…总体情况表, …情况表（按经济分类科目）), on 广州市信访局 2026 from tests/data/corpus.

Its 一般公共预算项目支出情况表（按经济分类科目） lists economic classes of 项目支出, not projects: a kind
of its own, so “哪个项目最贵” ranks the projects of 部门预算项目支出及其他支出预算表. Figures as printed.
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

GUANGZHOU = (
    Path(__file__).resolve().parent
    / "data"
    / "corpus"
    / "2026_guangdong_guangzhou_public_complaints_bureau_dept_budget.pdf"
)


@pytest.fixture(scope="module")
def document() -> ParsedDocument:
    return parse_document(read_document(GUANGZHOU))


def _total(document: ParsedDocument, kind: str) -> str:
    [table] = [table for table in document.tables if table.kind == kind]
    [total] = [row for row in table.rows if row.name in ("合计", "收入总计") and row.facts][:1]
    return total.facts[0].printed


def test_every_table_has_its_kind(document: ParsedDocument) -> None:
    assert (document.meta.body, document.meta.year, document.meta.scope) == ("广州市信访局", 2026, "部门")
    assert [table.kind for table in document.tables] == [
        "summary",
        "income",
        "expenditure",
        "fiscal_summary",
        "general_budget",
        "basic_by_economic",
        "project_economic",
        "three_public",
        "gov_fund_expenditure",
        "state_capital",
        "basic",
        "projects",
    ]


def test_totals_agree_across_tables(document: ParsedDocument) -> None:
    assert _total(document, "summary") == _total(document, "income") == "3,944.08"
    assert _total(document, "basic") == "3,204.78"  # 部门预算基本支出预算表
    assert _total(document, "project_economic") == _total(document, "projects") == "739.30"
    assert not [table.title for table in document.tables if table.doubt]


def test_the_most_expensive_project_is_a_project(tmp_path: Path) -> None:
    db = tmp_path / "guangzhou.db"
    store(db, documents(parse_files([GUANGZHOU], workers=1)))
    answer = Engine.open(db).ask("广州信访局哪个项目最贵")
    assert (answer.value, answer.unit) == (Decimal("252.28"), "万元")
    assert "云客服服务外包项目" in answer.text
    assert answer.sources[0].table == "部门预算项目支出及其他支出预算表"


def test_a_three_public_item_under_another_ending_word(tmp_path: Path) -> None:
    """The “三公” table prints 其中：（一）因公出国（境）支出 and （三）公务接待费支出: asked as 因公出国（境）费
    and 公务接待费 they are the same lines, read as named, not loosely (the 2026 table as printed)."""
    db = tmp_path / "guangzhou.db"
    store(db, documents(parse_files([GUANGZHOU], workers=1)))
    engine = Engine.open(db)
    answer = engine.ask("广州市信访局因公出国（境）费多少")
    assert (answer.value, answer.sources[0].row) == (Decimal("0.00"), "其中：（一）因公出国（境）支出")
    assert "理解" not in answer.text
    answer = engine.ask("广州市信访局公务接待费多少")
    assert (answer.value, answer.sources[0].row) == (Decimal("2.30"), "（三）公务接待费支出")


def test_questions_typed_in_spoken_cantonese(tmp_path: Path) -> None:
    """安排咗几多 is 安排了多少 (p. 24: 本部门机关运行经费安排444.39万元)."""
    db = tmp_path / "guangzhou.db"
    store(db, documents(parse_files([GUANGZHOU], workers=1)))
    answer = Engine.open(db).ask("广州信访局今年机关运行经费安排咗几多？")
    assert (answer.value, answer.unit) == (Decimal("444.39"), "万元")


# 中共广州市委宣传部 2026: p. 22 广州游戏电竞产业扶持资金 2,000.00 (a project whose name holds 游戏);
# “三公” table p. 15: “三公”经费 176.31, 公务用车运行维护费 74.10, 公务接待费 22.21.
PUBLICITY = GUANGZHOU.with_name("2026_guangdong_guangzhou_cpc_publicity_department_dept_budget.pdf")


@pytest.fixture(scope="module")
def publicity(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("guangzhou_publicity") / "budget.db"
    store(db, documents(parse_files([PUBLICITY], workers=1)))
    return Engine.open(db)


def test_a_project_named_with_an_everyday_word_is_no_chitchat(publicity: Engine) -> None:
    answer = publicity.ask("广州市委宣传部2026年广州游戏电竞产业扶持资金预算多少")
    assert (answer.value, answer.unit) == (Decimal("2000.00"), "万元")


def test_the_share_of_the_last_two_items_together(publicity: Engine) -> None:
    conversation = Conversation()
    publicity.ask("广州市委宣传部2026年公务用车运行维护费多少", conversation)
    publicity.ask("那公务接待费呢", conversation)
    answer = publicity.ask("这两项加起来占三公经费多少", conversation)
    assert (answer.value, answer.unit) == (Decimal("54.63"), "%")
    assert "96.31 ÷ 176.31 = 54.63%" in answer.text


def test_the_change_of_the_figure_just_answered_not_of_a_line_of_the_same_amount(publicity: Engine) -> None:
    """p. 25: 公务用车购置及运行维护费74.1万元（公务用车购置费0万元，比上年减少18万元；公务用车运行维护费
    74.1万元，比上年增加57.2万元）: after 公务用车运行维护费 74.10, its change is 57.2, not 18."""
    conversation = Conversation()
    publicity.ask("广州市委宣传部2026年公务用车运行维护费多少", conversation)
    answer = publicity.ask("比上年增加了多少？", conversation)
    assert (answer.value, answer.unit) == (Decimal("57.2"), "万元")


def test_a_count_in_any_classifier_is_never_money(publicity: Engine) -> None:
    # 多少家 (or 批次, 场, 条 …) counts: the project's 2,000.00万元 is not how many
    answer = publicity.ask("广州游戏电竞产业扶持资金多少家")
    assert answer.value is None and answer.status != "answered"


def test_a_part_the_sentence_of_the_last_figure_states(tmp_path: Path) -> None:
    """广州市规划和自然资源局 2026: 政府采购安排51,952.4万元，其中：货物类采购预算4,322.65万元，工程类采购预算
    267.48万元，服务类采购预算47,362.27万元 — 其中服务类呢 is that sentence's part, not a project whose
    long name holds 服务类 (…技术审查服务类信息系统升级改造项目)."""
    path = GUANGZHOU.with_name("2026_guangdong_guangzhou_planning_natural_resources_bureau_dept_budget.pdf")
    db = tmp_path / "planning.db"
    store(db, documents(parse_files([path], workers=1)))
    engine = Engine.open(db)
    conversation = Conversation()
    engine.ask("广州市规划和自然资源局2026年政府采购预算多少", conversation)
    answer = engine.ask("其中服务类呢", conversation)
    assert (answer.value, answer.unit) == (Decimal("47362.27"), "万元")


def test_a_column_asked_of_the_line_named_before_it(tmp_path: Path) -> None:
    """行政运行科目里的项目支出: the 项目支出 column of the 行政运行 line (p. 8: 2014001 行政运行 1,859.41 |
    1,831.41 | 28.00), not the table's 项目支出 total nor nothing at all."""
    db = tmp_path / "guangzhou.db"
    store(db, documents(parse_files([GUANGZHOU], workers=1)))
    answer = Engine.open(db).ask("广州信访局行政运行科目里的项目支出是多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("28.00"), "万元")
    assert answer.sources[0].row == "行政运行"


def test_a_part_of_a_fund_just_given_is_read_in_that_fund(tmp_path: Path) -> None:
    """广州市交通运输局 2026: 政府性基金预算收入 175,075.32, then 其中广州市道路养护中心多少 — that unit's
    政府性基金预算 (32,031.55 of its 43,660.71), and its share of the fund (18.30%)."""
    db = tmp_path / "transport.db"
    store(
        db,
        documents(
            parse_files(
                [GUANGZHOU.with_name("2026_guangdong_guangzhou_transport_bureau_dept_budget.pdf")], workers=1
            )
        ),
    )
    engine = Engine.open(db)
    conversation = Conversation()
    assert engine.ask("广州市交通运输局2026年政府性基金预算收入多少", conversation).value == Decimal(
        "175075.32"
    )
    answer = engine.ask("其中广州市道路养护中心多少", conversation)
    assert (answer.value, answer.unit) == (Decimal("32031.55"), "万元")
    answer = engine.ask("占多少比例", conversation)
    assert (answer.value, answer.derivation) == (Decimal("18.30"), "32031.55 ÷ 175075.32 = 18.30%")


def test_a_project_of_a_fund_just_given_is_its_own_line(publicity: Engine) -> None:
    """中共广州市委宣传部 2026: 国有资本经营预算支出 325.60 (p. 17), then 其中广州日报退休人员补贴政策扶持经费呢
    — the project's own line (267.00, p. 22), never the fund's total again; 那文物总店…那个呢 33.00."""
    conversation = Conversation()
    assert publicity.ask("广州市委宣传部2026年国有资本经营预算支出多少", conversation).value == Decimal(
        "325.60"
    )
    assert publicity.ask("其中广州日报退休人员补贴政策扶持经费呢", conversation).value == Decimal("267.00")
    assert publicity.ask("那文物总店退休人员补贴那个呢", conversation).value == Decimal("33.00")


def test_units_ranked_by_their_whole_budget(tmp_path: Path) -> None:
    """p. 7, 表2 收入总体情况表 lists the body's own line and eleven units (three with a second name
    beside theirs: 广州市地质调查院（广州市海洋发展促进中心）): 下属单位里哪家最多 ranks the units —
    广州市土地开发中心 922,287.44 — never the projects (it ranked the projects)."""
    path = GUANGZHOU.with_name("2026_guangdong_guangzhou_planning_natural_resources_bureau_dept_budget.pdf")
    db = tmp_path / "planning.db"
    store(db, documents(parse_files([path], workers=1)))
    engine = Engine.open(db)
    top = engine.ask("广州市规划和自然资源局下属单位里哪家预算最多")
    assert (top.value, top.unit) == (Decimal("922287.44"), "万元")
    assert "广州市土地开发中心" in top.text and "共11个下属单位" in top.text
    least = engine.ask("广州规划局哪个单位预算最少")
    assert least.value == Decimal("1712.67") and "耕地保护" in least.text
