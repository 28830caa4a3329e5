"""Shaanxi (Xi'an) 部门综合预算 (表1…表16, 元), on 中共西安市委宣传部 2021 from tests/data/corpus.

Its tables are in 元; its 政府采购 table prints a 数量 column beside 预算金额: a count is never an
amount (33896 was read as its 合计). Figures as printed.
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

XIAN = (
    Path(__file__).resolve().parent
    / "data"
    / "corpus"
    / "2021_shaanxi_xian_cpc_publicity_department_dept_budget.pdf"
)


@pytest.fixture(scope="module")
def document() -> ParsedDocument:
    return parse_document(read_document(XIAN))


def test_a_budget_in_yuan(document: ParsedDocument) -> None:
    assert (document.meta.body, document.meta.year) == ("中共西安市委宣传部", 2021)
    [summary] = [table for table in document.tables if table.kind == "summary"]
    assert summary.unit == "元"
    totals = {(row.section, row.name): row.facts[0].printed for row in summary.rows if row.facts}
    assert totals[("收入", "收入总计")] == totals[("支出", "支出总计")] == "258596001.79"


def test_a_count_column_is_no_amount(document: ParsedDocument) -> None:
    [procurement] = [table for table in document.tables if table.kind == "procurement"]
    assert "数量" not in procurement.columns
    [total] = [row for row in procurement.rows if row.name == "合计"]
    assert [(fact.column, fact.printed) for fact in total.facts] == [("预算金额", "23,661,600.00")]


def test_a_year_over_a_column_is_a_complete_header(document: ParsedDocument) -> None:
    """The 三公 table prints 2020年 over 会议费: the header once read as one word, 2020年会议费, so the
    year's 合计 was checked without 会议费 and 培训费 (827,400.00 against 160,000.00)."""
    [three] = [table for table in document.tables if table.kind == "three_public"]
    assert "2020年/会议费" in three.columns and "2020年/培训费" in three.columns
    total = [check for check in document.checks if check.table == three.title and check.detail == "合计"]
    assert (total[0].expected, total[0].actual, total[0].holds) == (
        Decimal("827400.00"),
        Decimal("827400.00"),
        True,
    )  # 160,000.00 + 462,000.00 + 205,400.00


# 西安市审计局（汇总） 2026, the same 部门综合预算 family: its 表13 “三公”经费及会议费、培训费 table has
# forty columns over 上年 / 当年 / 增减, most blank, and is not read right; its narrative states
# “本部门当年一般公共预算“三公”经费预算支出10.20万元” (p. 17; also a gold of corpus2_dev_a.jsonl).
AUDIT = Path(__file__).resolve().parent / "data" / "corpus" / "2026_shaanxi_xian_audit_bureau_dept_budget.pdf"


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("xian_audit") / "budget.db"
    store(db, documents(parse_files([AUDIT], workers=1)))
    return Engine.open(db)


def test_a_consolidated_budget_is_the_body_s(audit: Engine) -> None:
    [document] = audit.documents()
    assert (document.body, document.year) == ("西安市审计局", 2026)  # printed 西安市审计局（汇总）


def test_a_three_public_total_the_text_states_otherwise_is_the_text_s(audit: Engine) -> None:
    answer = audit.ask("西安市审计局2026年三公经费预算")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("10.20"), "万元")
    # its 表13 is read only under 上年 (most of its forty columns are lost): no figure of this year
    # comes from it, the text's does
    assert "本部门当年一般公共预算“三公”经费预算支出10.20万元" in answer.text and "上年/" not in answer.text


def test_an_overprinted_heading_is_read_once() -> None:
    """西安市商务局 2022 prints its tables' titles and unit lines in fake bold, each glyph drawn
    several times at one place (表表表1, 金金金额额额单单单位位位：：：元元元): the unit was lost and the
    元 table was stored in 万元 (581242867.20万元 for 581,242,867.20元)."""
    commerce = parse_document(
        read_document(XIAN.with_name("2022_shaanxi_xian_commerce_bureau_dept_budget.pdf"))
    )
    [summary] = [table for table in commerce.tables if table.kind == "summary"]
    assert (summary.title, summary.unit) == ("2022年部门综合预算收支总表", "元")
    total = [row for row in summary.rows if row.name == "收入总计"]
    assert [fact.printed for fact in total[0].facts][:1] == ["581242867.20"]


@pytest.fixture(scope="module")
def commerce(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("xian_commerce") / "budget.db"
    store(
        db,
        documents(
            parse_files([XIAN.with_name("2022_shaanxi_xian_commerce_bureau_dept_budget.pdf")], workers=1)
        ),
    )
    return Engine.open(db)


def test_staff_counts_and_a_follow_up_about_another_count(commerce: Engine) -> None:
    """p. 19: 本部门人员编制234人…实有人员246人. 实有 is a word (its 有 is no filler), and 实有人员呢
    after 人员编制 asks another count: once answered with 人员编制 again."""
    conversation = Conversation()
    first = commerce.ask("西安市商务局2022年人员编制多少人", conversation)
    assert (first.status, first.value, first.unit) == ("answered", Decimal("234"), "人")
    second = commerce.ask("实有人员呢", conversation)
    assert (second.status, second.value, second.unit) == ("answered", Decimal("246"), "人")


def test_a_column_printed_under_each_year_is_read_in_the_document_s_year(commerce: Engine) -> None:
    """p. 62, the 三公 table prints its columns under 2021年 and again under 2022年: 合计 … 68300.00
    (2021年 公务接待费) … 68000.00 (2022年). The 2022 budget's is 68,000元; 68,300 was answered."""
    answer = commerce.ask("西安商務局二〇二二年公務接待費多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("68000.00"), "元")
    assert "2022年/" in answer.text


def test_an_economic_class_is_the_whole_of_it_unless_basic_is_asked(audit: Engine) -> None:
    """p. 27 (all spending): 30216 培训费 … 210,000.00 60,000.00 150,000.00; p. 30 (基本支出 only):
    60,000.00. The text: 培训费预算支出21.00万元 (p. 17). 培训费 was answered 60,000元."""
    answer = audit.ask("西安审计局２０２６年陪训费是多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("210000.00"), "元")
    answer = audit.ask("西安审计局2026年基本支出中的培训费")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("60000.00"), "元")


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("xian_office") / "budget.db"
    store(
        db,
        documents(
            parse_files([AUDIT.with_name("2026_shaanxi_xian_govt_general_office_dept_budget.pdf")], workers=1)
        ),
    )
    return Engine.open(db)


def test_a_name_repeated_on_the_next_line_is_a_level_not_a_part(office: Engine) -> None:
    """p. 30 专项业务经费支出表: 援藏资金 14,200,000.00 / 援藏资金 7,100,000.00 / 援藏资金项目
    7,100,000.00, a category over its entries: not 21,300,000 (the two lines added)."""
    answer = office.ask("西安市政府办公厅2026年援藏资金多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("14200000.00"), "元")


def test_a_figure_read_only_under_last_year_is_not_this_year_s(office: Engine) -> None:
    """Its 表13 is read with one cell under 上年 (9,216.51); p. 15 says 上年及本年度，本部门均无因公出国
    （境）经费预算: 无, not last year's figure as this year's."""
    answer = office.ask("西安市政府办公厅2026年因公出国（境）经费多少")
    assert (answer.status, answer.value) == ("answered", Decimal("0"))
    assert "9,216.51" not in answer.text and "无" in answer.text


def test_one_line_printed_on_both_sides_is_one_figure(commerce: Engine) -> None:
    """p. 36 收支总表: 1 一、部门预算 581242867.20 一、部门预算 581242867.20 … (收入 and 支出 sides):
    one figure printed twice, once answered as their sum."""
    answer = commerce.ask("西安市商务局2022年部门预算多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("581242867.20"), "元")
