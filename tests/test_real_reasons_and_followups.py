"""Reasons and follow-ups over the real documents (real12, session 8): the reason sentence of the item
asked (not of the line before or of a line listing it among its uses), a follow-up naming only a year
or asking a rate, and a 决算 document's budget column."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from knowledge.engine import Conversation, Engine

D = Decimal


@pytest.fixture(scope="module")
def real_engine(real_db: Path) -> Engine:
    return Engine.open(real_db)


@pytest.mark.parametrize(
    ("question", "reason", "not_said"),
    [
        # the reason opens its own sentence, the item is two sentences before it
        ("江苏省人民检察院2017年其他资金收入为什么增长", "检察官学院", "员额制"),
        # the sentence before names the item; another item's reason comes earlier in the passage
        ("江苏检查院2018年会议费为什么涨了", "会议费支出标准", "八项规定"),
        # 政协会议 listed among a 类's uses (主要用于…政协会议…) is not what that reason is for
        ("江苏政协办公厅2019年政协会议为什么增加这么多", "全委会主会场", "政策性增资"),
        ("石泉路街道26年微型消防站经费为什么减少", "平稳运行", "无公车购置"),
    ],
)
def test_the_reason_given_for_the_item_asked(
    real_engine: Engine, question: str, reason: str, not_said: str
) -> None:
    answer = real_engine.ask(question)
    assert answer.status == "answered"
    assert reason in answer.text and not_said not in answer.text


def test_why_after_a_figure_gives_that_figure_s_reason_in_its_document(real_engine: Engine) -> None:
    conversation = Conversation()
    first = real_engine.ask("省人大办公厅2019年人大会议预算多少", conversation)
    assert first.value == D("1469.73")
    assert real_engine.ask("比18年多了多少", conversation).value == D("164.48")
    why = real_engine.ask("主要什么原因", conversation)
    assert "二次会议" in why.text and "2019年度" in why.sources[0].document

    conversation = Conversation()
    real_engine.ask("江苏省政协办公厅2018年委员视察多少钱", conversation)
    assert real_engine.ask("19年呢", conversation).value == D("426.00")
    assert "委员人数减少" in real_engine.ask("为什么少了", conversation).text


def test_a_follow_up_asking_a_rate_gets_the_rate(real_engine: Engine) -> None:
    conversation = Conversation()
    assert real_engine.ask("江苏省检察院2017年住房公积金多少", conversation).value == D("784.22")
    assert real_engine.ask("那18年呢", conversation).value == D("1073.77")
    rate = real_engine.ask("增长了百分之几", conversation)
    assert (rate.status, rate.value, rate.unit) == ("answered", D("36.92"), "%")
    assert "289.55 ÷ 784.22 = 36.92%" in rate.text


def test_a_follow_up_naming_another_year_and_phase_keeps_the_item(real_engine: Engine) -> None:
    conversation = Conversation()
    first = real_engine.ask("普陀区财政局2024年决算信息化建设支出多少", conversation)
    assert (first.value, first.unit) == (D("135.25"), "万元")
    budget = real_engine.ask("2025年预算安排了多少", conversation)
    assert (budget.value, budget.unit) == (D("1666600.00"), "元")
    assert budget.sources[0].row == "信息化建设"
    more = real_engine.ask("比24年决算多多少", conversation)
    assert (more.status, more.value, more.unit) == ("answered", D("314100.00"), "元")
    # a question of its own naming a year and 预算 is the year's whole budget
    assert real_engine.ask("普陀区财政局2025年预算安排了多少").value == D("31214205.80")


def test_a_final_accounts_figure_is_not_given_for_its_budget_column(real_engine: Engine) -> None:
    answer = real_engine.ask("区委社会工作部2024年一般公共预算财政拨款全年预算多少")
    assert answer.value != D("307.82")  # the 决算数 the table prints; the 全年预算数 is 321.02
    assert real_engine.ask("区委社会工作部2024年一般公共预算财政拨款多少").value == D("307.82")
    empty = real_engine.ask("区委社会工作部2024年三公经费年初预算多少")  # a table published empty
    assert (empty.status, empty.value) == ("answered", D(0))


def test_two_documents_of_one_year_are_no_change_between_years(real_engine: Engine) -> None:
    """普陀区司法局 has a 2026 部门 and a 2026 单位 document and none of 2025: 比25年 is not their difference
    (it read 2,278,800 − 2,278,800 = 0 元 as the rise)."""
    answer = real_engine.ask("普陀司法局26年信息化建设预算多少，比25年执行数涨了多少")
    assert answer.value != D(0)
    assert "2026年预算（部门）" not in answer.text or "2026年预算（单位）" not in answer.text


def test_a_follow_up_comparing_with_a_year_named_then_its_rate(real_engine: Engine) -> None:
    """万里街道 2025: 机关运行经费预算数 464.64 (a table column); 2024's text states 443.18: 比24年多了多少
    is 21.46, and 增长率是多少 after it 4.84%."""
    conversation = Conversation()
    assert real_engine.ask("万里街道2025年机关运行经费多少", conversation).value == D("464.64")
    more = real_engine.ask("比24年多了多少", conversation)
    assert (more.status, more.value, more.unit) == ("answered", D("21.46"), "万元")
    assert "464.64 − 443.18 = 21.46万元" in more.text and len(more.sources) == 2
    rate = real_engine.ask("增长率是多少", conversation)
    assert (rate.value, rate.unit) == (D("4.84"), "%")
