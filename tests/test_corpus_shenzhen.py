"""Shenzhen budgets (表1…表11 without vertical rules), on 深圳市信访局 2026 from tests/data/corpus.

Its tables are drawn without column rules, so several multi-row headers are misread: what is read
right is answered, a misread table is marked in doubt, and a concept whose column was not read
(基本支出) is not answered with a look-alike (基本工资). Figures as printed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

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


def test_a_concept_not_read_is_not_answered_with_a_look_alike(engine: Engine) -> None:
    answer = engine.ask("深圳市信访局基本支出多少")  # printed 3,072.01 in 表3, whose header is misread
    assert answer.value in (None, Decimal("3072.01")) and "基本工资" not in answer.text


def test_a_misread_table_is_in_doubt(engine: Engine) -> None:
    answer = engine.ask("深圳市信访局三公经费多少")
    assert (answer.value, answer.unit) == (Decimal("5.58"), "万元")
    assert "注意：财政拨款“三公”经费支出表有" in answer.text


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
