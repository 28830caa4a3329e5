"""A Shanghai municipal unit's budget (上海市财务会计综合管理事务中心): a line whose 主要用于 lists several
uses is no figure of any one of them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.pipeline import documents, parse_files
from ingest.store import store
from knowledge.engine import Engine

CENTRE = (
    Path(__file__).resolve().parent
    / "data"
    / "corpus"
    / "2026_shanghai_finance_accounting_affairs_centre_unit_budget.pdf"
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
