"""Shanghai municipal units' budgets: a line whose 主要用于 lists several uses is no figure of any one
of them (上海市财务会计综合管理事务中心); the change and the reason of one item of a “三公” paragraph that
states several with the same amount (上海市数据局)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.pipeline import documents, parse_files
from ingest.store import store
from knowledge.engine import Conversation, Engine

CENTRE = (
    Path(__file__).resolve().parent
    / "data"
    / "corpus"
    / "2026_shanghai_finance_accounting_affairs_centre_unit_budget.pdf"
)


DATA_BUREAU = (
    Path(__file__).resolve().parent / "data" / "corpus" / "2026_shanghai_data_bureau_unit_budget.pdf"
)


@pytest.fixture(scope="module")
def centre(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("shanghai_centre") / "budget.db"
    store(db, documents(parse_files([CENTRE], workers=1)))
    return Engine.open(db)


def test_one_of_several_uses_of_a_line_is_not_given_the_line_s_amount(centre: Engine) -> None:
    """p. 6: “一般公共服务支出”科目1,744万元，主要用于人员经费、公用经费等基本支出，以及会计考试专项经费、
    注册会计师考试专项经费、财政科学研究专项经费等项目支出 — no amount of 会计考试专项经费 is printed."""
    answer = centre.ask("上海市财务会计综合管理事务中心会计考试专项经费安排了多少")
    assert (answer.status, answer.value) == ("not_found", None)
    line = centre.ask("上海市财务会计综合管理事务中心一般公共服务支出多少")  # the line itself, all funds
    assert (line.status, line.value, line.unit) == ("answered", Decimal("17741140"), "元")


@pytest.fixture(scope="module")
def data_bureau(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("shanghai_data") / "budget.db"
    store(db, documents(parse_files([DATA_BUREAU], workers=1)))
    return Engine.open(db)


def test_the_change_and_reason_of_the_item_given_not_of_another_of_its_amount(data_bureau: Engine) -> None:
    """p. 22: （二）公务用车购置及运行费14.00万元，比2025年预算减少24.50万元…其中：…公务用车运行费14.00万元，
    比2025年预算增加3.50万元，主要原因是增加一部公务用车 — two items of 14.00: the change of the one
    sharing most words with 公务用车运行维护费, and its own reason, not the paragraph's first."""
    conversation = Conversation()
    first = data_bureau.ask("上海市数据局26年公务用车运行费多少", conversation)
    assert (first.value, first.unit) == (Decimal("140000"), "元")
    change = data_bureau.ask("比25年多了多少", conversation)
    assert (change.value, change.unit) == (Decimal("3.50"), "万元")
    why = data_bureau.ask("为什么增加", conversation)
    assert "增加一部公务用车" in why.text and "合并至本级" not in why.text


def test_a_part_and_its_share_asked_together(data_bureau: Engine) -> None:
    """p. 22: 2026年度本单位政府采购预算8,082.60万元，其中：…政府采购服务预算8,060.39万元."""
    answer = data_bureau.ask("上海市数据局2026年政府采购里服务类多少钱，占几成")
    assert (answer.value, answer.unit) == (Decimal("99.73"), "%") and "8060.39 ÷ 8082.60" in answer.text
