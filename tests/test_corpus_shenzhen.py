"""Shenzhen budgets (表1…表11), on 深圳市信访局 2026 from tests/data/corpus.

Every page's content, the tables' rules with it, is drawn inside one form XObject: read without
the form's rules, the tables were taken as text lines and several multi-row headers were misread
(a column of 表3 off by one). With them, each table is read by its cells. Figures as printed.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from ingest.pdf import read_pdf
from ingest.pipeline import documents, parse_files
from ingest.store import store
from knowledge.engine import Conversation, Engine

SHENZHEN = (
    Path(__file__).resolve().parent
    / "data"
    / "corpus"
    / "2026_guangdong_shenzhen_public_complaints_bureau_dept_budget.pdf"
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("shenzhen") / "budget.db"
    store(db, documents(parse_files([SHENZHEN], workers=1)))
    return Engine.open(db)


def test_the_totals_are_answered(engine: Engine) -> None:
    [document] = engine.documents()
    assert (document.body, document.year) == ("深圳市信访局", 2026)
    answer = engine.ask("深圳市信访局收入总计多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("4684.30"), "万元")


def test_tables_whose_rules_are_drawn_in_a_form_are_read_by_their_cells() -> None:
    """表3 支出总表: a two-row header whose 事业单位经营支出 and
    对附属单位补助支出 were read as text lines, 上缴上级支出 taken for the 4th amount column."""
    lines = [
        line.cells for line in read_pdf(SHENZHEN) if line.cells[:3] == ("预算单位", "科目编码", "科目名称")
    ]
    assert lines[0] == (
        "预算单位",
        "科目编码",
        "科目名称",
        "支出总计",
        "基本支出",
        "项目支出",
        "事业单位经营支出",
        "对附属单位补助支出",
        "上缴上级支出",
        "2026年政府采购项目",
        "",
        "",
    )


def test_a_concept_read_from_its_own_column(engine: Engine) -> None:
    answer = engine.ask("深圳市信访局基本支出多少")  # 表3: 深圳市信访局 4,684.30 3,072.01 1,612.29
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("3072.01"), "万元")


def test_the_three_public_expenses_table_is_read_whole(engine: Engine) -> None:
    answer = engine.ask("深圳市信访局三公经费多少")
    assert (answer.value, answer.unit) == (Decimal("5.58"), "万元")
    assert "注意" not in answer.text  # no table of the document is in doubt


def test_a_table_whose_header_starts_with_its_unit_column(engine: Engine) -> None:
    """表8 一般公共预算支出表（按经济分类）: 预算单位 | 科目编码 | 科目名称 | 支出总计 | 基本支出 | 项目支出,
    drawn without rules, its body's line first and the 预算单位 cell blank below it. The header was
    taken for the 预算单位：… line and dropped, so no figure was read; its rows lose the blank cell,
    so their figures are placed from the right. p. 28: 30201 办公费 76.00 21.00 55.00."""
    answer = engine.ask("深圳市信访局办公费多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("76.00"), "万元")
    assert "基本支出 21.00，项目支出 55.00" in answer.text
    # the body's own line opening the table is its total: 深圳市信访局 4,684.30 3,072.01 1,612.29
    answer = engine.ask("深圳市信访局项目支出多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("1612.29"), "万元")


def test_a_column_of_the_line_just_answered(engine: Engine) -> None:
    """其中项目支出 after 办公费 (30201 办公费 76.00 21.00 55.00): that line's 项目支出 column, not the
    table's 项目支出 total (1,612.29)."""
    conversation = Conversation()
    engine.ask("深圳市信访局办公费多少", conversation)
    answer = engine.ask("其中项目支出安排了多少", conversation)
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("55.00"), "万元")


def test_words_before_a_whole_table_s_total_name_the_item(engine: Engine) -> None:
    """机关运行经费财政拨款预算: not the 财政拨款 total of the 财政拨款收支总表 (4,676.96), but the amount
    the text states for the phrase (2026年本单位机关运行经费财政拨款预算357.43万元)."""
    answer = engine.ask("深圳市信访局机关运行经费财政拨款预算是多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("357.43"), "万元")
    answer = engine.ask("深圳市信访局信访大厅改造财政拨款多少")  # no such item: not the total either
    assert (answer.status, answer.value) == ("not_found", None)


def test_the_reason_of_an_item_named_in_the_sentence_before(engine: Engine) -> None:
    """p. 8: 2.公务接待费。2026 年预算数 2.98 万元，较 2025 年年初预算增加 0.00 万元，主要是根据财政审定金额
    确定公务接待费预算 — the reason follows 主要是, the item is named by the sentence before."""
    answer = engine.ask("深圳信访局因公出国费用为什么是0")
    assert answer.text.startswith("1.因公出国（境）费用。2026年预算数0.00万元")
    assert "暂不安排" in answer.text and "公务接待费预算" not in answer.text
    answer = engine.ask("深圳市信访局公务接待费为什么没有增加")
    assert "根据财政审定金额确定公务接待费预算" in answer.text


# 中共深圳市委宣传部 and 深圳市公安局 (本级) 2026, the same family. Their “三公” sections print each item
# as a sentence of its own (1.因公出国（境）费用。2026年预算数…), and the 三公 tables are misread.
PUBLICITY = SHENZHEN.with_name("2026_guangdong_shenzhen_cpc_publicity_department_dept_budget.pdf")
POLICE = SHENZHEN.with_name("2026_guangdong_shenzhen_public_security_bureau_dept_budget.pdf")


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("shenzhen_two") / "budget.db"
    store(db, documents(parse_files([PUBLICITY, POLICE], workers=1)))
    return Engine.open(db)


def test_a_figure_stated_after_a_sentence_naming_its_item() -> None:
    from ingest.narrative import extract_facts

    text = (  # 深圳市公安局 p. 10, as printed
        "2.公务接待费。2026年预算数52.99万元，较2025年年初预算减少1.72万元，主要是按照厉行节约要求，"
        "参照预算执行情况压减。3.公务用车购置和运行维护费。2026年预算数2,910.10万元，其中：公务用车"
        "购置费2026年预算数667.10万元"
    )
    facts = [(f.subject, f.value) for f in extract_facts(text) if f.kind == "amount"]
    assert facts == [
        ("公务接待费", Decimal("52.99")),
        ("公务用车购置和运行维护费", Decimal("2910.10")),
        ("公务用车购置费2026年预算数", Decimal("667.10")),
    ]


def test_an_item_named_with_ji_for_he_and_the_part_named_alone(two: Engine) -> None:
    # p. 10: 3.公务用车购置和运行维护费。2026年预算数2,910.10万元 (a line once read as a heading), of
    # 2026年财政拨款“三公”经费预算3,086.94万元; 公务用车购置 alone names only the first of the two
    answer = two.ask("深圳市公安局2026年公务用车购置及运行维护费占三公经费的比例是多少？")
    assert (answer.value, answer.unit) == (Decimal("94.27"), "%")
    assert "2910.10 ÷ 3086.94" in answer.text


def test_a_rate_of_change_from_the_amount_and_its_change(two: Engine) -> None:
    # p. 9: 2026年财政拨款“三公”经费预算121.95万元，较2025年年初预算增加56.20万元 (no rate printed)
    conversation = Conversation()
    assert two.ask("深圳市委宣传部2026年三公经费总额多少", conversation).value == Decimal("121.95")
    answer = two.ask("去年是多少", conversation)
    assert (answer.value, answer.unit) == (Decimal("65.75"), "万元")
    answer = two.ask("今年比去年增长了百分之几", conversation)
    assert (answer.value, answer.unit) == (Decimal("85.48"), "%")
    assert "56.20 ÷ (121.95 − 56.20) × 100 = 85.48%" in answer.text


def test_another_reading_from_an_unreadable_table_is_not_shown(two: Engine) -> None:
    # the 三公 table printed across is misread (its 65.75 is the 2025 column): the sentence answers alone
    answer = two.ask("深圳市委宣传部2026年三公经费总额多少")
    assert answer.value == Decimal("121.95") and "65.75" not in answer.text


def test_a_body_of_a_place_not_loaded_is_not_answered_from_another(two: Engine) -> None:
    # 中共深圳市委宣传部 is of 深圳市: 烟台市文化和旅游局 is not loaded, and its 文化和旅游 line is not asked
    answer = two.ask("烟台市文化和旅游局2026年部门预算收入多少？")
    assert (answer.status, answer.value) == ("not_found", None)
    assert "烟台市文化和旅游局" in answer.text


def test_a_count_stated_beats_the_lines_of_a_table(two: Engine) -> None:
    # p. 10: …设置并编报10个项目绩效目标 (not every project listed has one)
    answer = two.ask("深圳市委宣传部2026年一共设置并编报了几个项目绩效目标")
    assert (answer.value, answer.unit) == (Decimal("10"), "个")


def test_a_figure_read_for_a_name_is_no_project(two: Engine) -> None:
    # the 项目支出总表 printed without rules: cells such as 62,336.00 and 级） were read as names
    listed = two.ask("深圳市委宣传部2026年有哪些项目").text.split("\n")[0]
    assert not re.search(r"[、：]\s*[\d,.]+[、。]", listed) and "级）" not in listed


def test_a_header_of_several_rows_is_read_by_its_cells() -> None:
    """深圳市公安局's 支出总表 (p. 20) prints a header of several rows: read as text lines, its figures
    were placed one column to the right (支出总计 0.00 beside 基本支出 124.14 for 203 国防支出). Read by
    its cells (its rules are in a form XObject), every line adds up: 124.14 | 0.00 | 124.14."""
    from ingest.parse import parse_document
    from ingest.read import read_document

    parsed = parse_document(read_document(POLICE))
    [table] = [table for table in parsed.tables if table.title == "支出总表"]
    assert table.doubt == ""
    [defence] = [row for row in table.rows if row.code == "203"]
    assert [(fact.column, fact.amount) for fact in defence.facts[:3]] == [
        ("支出总计", Decimal("124.14")),
        ("基本支出", Decimal("0.00")),
        ("项目支出", Decimal("124.14")),
    ]


def test_a_line_of_all_funds_and_of_one_fund(two: Engine) -> None:
    """行政运行 of all funds from the 支出总表 (p. 20: 99,441.85 | 99,441.85 | 0.00), without the
    procurement columns beside it (小计 17,941.32 is what it buys, no part of it); of 一般公共预算 from
    that fund's table (p. 30)."""
    answer = two.ask("深圳市公安局2026年行政运行多少")
    assert (answer.status, answer.value) == ("answered", Decimal("99441.85"))
    assert "支出总表" in answer.text and "17,941.32" not in answer.text
    answer = two.ask("深圳市公安局2026年一般公共预算行政运行多少")
    assert (answer.status, answer.value) == ("answered", Decimal("99441.85"))
    assert "一般公共预算支出表（按功能分类）" in answer.text


def test_one_fund_s_table_answers_when_it_is_the_whole_budget(tmp_path: Path) -> None:
    """深圳市审计局 2026: its 支出总表 is misread like every Shenzhen one, but its 一般公共预算支出表 (p. 29)
    totals 10,737.69, the 部门预算支出 the text states (p. 10): all its money is 一般公共预算, so that
    table answers for every fund (基本支出 9,206.23)."""
    db = tmp_path / "audit.db"
    store(
        db,
        documents(
            parse_files(
                [SHENZHEN.with_name("2026_guangdong_shenzhen_audit_bureau_dept_budget.pdf")], workers=1
            )
        ),
    )
    answer = Engine.open(db).ask("深圳审计局26年基本支出多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("9206.23"), "万元")


def test_each_of_two_items_the_text_states(two: Engine) -> None:
    """p. 5: 深圳市公安局（本级）预算204,397.58万元，包括在职人员经费94,574.73万元、公用经费37,131.84万元…
    — asked as two questions in one, or with 各多少."""
    answer = two.ask("深圳市公安局2026年在职人员经费多少？公用经费多少？")
    assert answer.value == Decimal("94574.73") and "公用经费：37131.84万元" in answer.text
    answer = two.ask("深圳市委宣传部2026年在职人员经费和公用经费各多少")
    assert answer.value == Decimal("4343.42") and "公用经费：453.61万元" in answer.text


def test_a_change_asked_of_it(engine: Engine) -> None:
    """p. 8: 公务用车运行维护费 2026 年预算数 2.60 万元，较 2025 年年初预算增加 0.00 万元 — 它 is the item just
    answered, and 比上年增加了多少 leaves no word of an item behind."""
    conversation = Conversation()
    engine.ask("深圳市信访局2026年三公经费预算多少", conversation)
    engine.ask("其中公务用车运行维护费呢", conversation)
    answer = engine.ask("它比上年增加了多少", conversation)
    assert (answer.value, answer.unit) == (Decimal("0.00"), "万元") and "公务用车运行维护费" in answer.text


def test_the_cars_held_not_those_bought(engine: Engine) -> None:
    """p. 12: 深圳市信访局共有车辆 1 辆…；2026 年计划购置车辆 0 辆 — 有几辆公车 asks the cars held (公务用车 is
    车), 计划购置几辆 those to buy."""
    answer = engine.ask("深圳市信访局有几辆公车")
    assert (answer.value, answer.unit) == (Decimal("1"), "辆")
    answer = engine.ask("深圳市信访局计划购置几辆车")
    assert (answer.value, answer.unit) == (Decimal("0"), "辆")


def test_a_table_printed_across_by_year_answers_from_the_document_s_year(two: Engine) -> None:
    """表9 (p. 39) prints one line per year under the unit: 2025年 65.75 | 2026年 121.95 | 增减变化金额
    56.20. A 2026 document's 三公经费 is its 2026年 line, never the first (2025) line."""
    answer = two.ask("深圳市委宣传部三公经费多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("121.95"), "万元")
    assert (answer.sources[0].row, answer.sources[0].page) == ("2026年", 39)


def test_a_table_noted_as_having_nothing_this_year_is_published_empty(engine: Engine) -> None:
    # p. 32: 政府性基金预算支出表 … 深圳市信访局 0.00 0.00 0.00 · 注：本表本年无发生额。
    answer = engine.ask("深圳市信访局政府性基金预算支出多少")
    assert answer.text.startswith("政府性基金预算支出表：无。") and "本表本年无发生额" in answer.text
    answer = engine.ask("深圳市信访局基本支出多少")
    assert "政府性基金预算支出表" not in answer.text  # no other reading from a table published empty


@pytest.fixture(scope="module")
def water(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("shenzhen_water") / "budget.db"
    store(
        db,
        documents(
            parse_files(
                [SHENZHEN.with_name("2026_guangdong_shenzhen_water_bureau_dept_budget.pdf")], workers=1
            )
        ),
    )
    return Engine.open(db)


def test_a_figure_printed_beats_the_same_item_added_from_its_units(water: Engine) -> None:
    """The 收支总表 (p. 59) prints 水利工程运行与维护 75,434.13; the 支出总表 prints it under each of nine
    units only, rounded, adding to 75,434.14: the printed figure answers, the sum is shown beside."""
    answer = water.ask("深圳市水务局2026年水利工程运行与维护支出多少")
    assert (answer.value, answer.unit) == (Decimal("75434.13"), "万元")
    assert answer.sources[0].table == "收支总表" and "75434.14" in answer.text


def test_a_share_of_the_part_just_given(water: Engine) -> None:
    """p. 40: 政府采购项目共有62,615.54万元，其中…服务类项目59,465.00万元 — asked in three turns; the
    procurement columns of the 支出总表 (其中…中小企业 14,163.07) are no name of what is bought."""
    conversation = Conversation()
    answer = water.ask("深圳市水务局2026年政府采购项目一共多少", conversation)
    assert (answer.value, answer.unit) == (Decimal("62615.54"), "万元")
    assert water.ask("其中服务类呢", conversation).value == Decimal("59465.00")
    answer = water.ask("服务类占比多少", conversation)
    assert (answer.value, answer.unit) == (Decimal("94.97"), "%")
    assert "59465.00 ÷ 62615.54 = 94.97%" in answer.text
