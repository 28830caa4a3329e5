"""Parts a sentence states with its whole (held13, session 9): a follow-up naming only another part
(其中货物类呢, 服务的呢) is answered from the sentence of the figure just given, and a whole stated with
an aside before its figure (政府采购金额（以合同签订为准）为2319.21万元) is read under its own words."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.narrative import extract_facts
from knowledge.engine import Conversation, Engine

D = Decimal


@pytest.fixture(scope="module")
def real_engine(real_db: Path) -> Engine:
    return Engine.open(real_db)


def test_a_whole_with_an_aside_before_its_figure_is_read_under_its_words() -> None:
    facts = extract_facts(
        "上海市普陀区规划和自然资源局2024年度政府采购金额（以合同签订为准）为2319.21万元，其中：货物采购金额122.43万元。"
    )
    assert [(f.subject, f.value) for f in facts] == [
        ("上海市普陀区规划和自然资源局2024年度政府采购金额", D("2319.21")),
        ("货物采购金额", D("122.43")),
    ]
    # an aside before no linking word qualifies the figure: it is not dropped
    assert extract_facts("项目支出（含结转）150万元。")[0].subject != "项目支出"


def test_the_parts_of_a_stated_whole_as_follow_ups(real_engine: Engine) -> None:
    conversation = Conversation()
    assert real_engine.ask("普陀商务委2025年政府采购预算多少", conversation).value == D("38.20")
    assert real_engine.ask("其中货物类呢", conversation).value == D("7.80")
    services = real_engine.ask("服务的呢", conversation)
    assert (services.value, services.unit) == (D("30.40"), "万元")
    assert real_engine.ask("那工程类呢", conversation).value == D("0")


def test_a_final_accounts_procurement_total_and_its_parts(real_engine: Engine) -> None:
    conversation = Conversation()
    total = real_engine.ask("规划资源局2024年政府采购金额是多少", conversation)
    assert (total.value, total.unit) == (D("2319.21"), "万元")
    assert real_engine.ask("其中货物呢", conversation).value == D("122.43")
    # not the 商品和服务支出 line of a table: the sentence's 服务采购金额
    assert real_engine.ask("服务的呢", conversation).value == D("809.07")
