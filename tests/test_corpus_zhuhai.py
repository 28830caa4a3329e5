"""Zhuhai budgets (表1…表12, Guangdong city family), on 珠海市商务局 2026 from tests/data/corpus.

Its 表12 项目支出及其他支出预算表 prints each unit's subtotal as a row above the unit's projects
(珠海市商务局 58,446.21, its projects, then 珠海市会议展览局 and 珠海市贸易服务中心 with theirs);
its 表6 and 表7 give the 一般公共预算 基本支出 and 项目支出 by economic class, the same class in both. Figures as printed
(golds of the last test also in tests/data/questions/corpus2_dev_b.jsonl, checked by check_golds.py).
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

ZHUHAI = (
    Path(__file__).resolve().parent
    / "data"
    / "corpus"
    / "2026_guangdong_zhuhai_commerce_bureau_dept_budget.pdf"
)


@pytest.fixture(scope="module")
def document() -> ParsedDocument:
    return parse_document(read_document(ZHUHAI))


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("zhuhai") / "budget.db"
    store(db, documents(parse_files([ZHUHAI], workers=1)))
    return Engine.open(db)


def test_unit_subtotal_rows_group_the_projects_below_them(document: ParsedDocument, engine: Engine) -> None:
    [table] = [t for t in document.tables if t.kind == "projects"]
    groups = {row.group for row in table.rows if row.group}
    assert groups == {"珠海市商务局", "珠海市会议展览局", "珠海市贸易服务中心"}
    heads = {row.name: row.facts[0].printed for row in table.rows if row.name in groups}
    assert heads["珠海市商务局"] == "58,446.21"
    answer = engine.ask("珠海市商务局哪个项目最贵")
    assert (answer.status, answer.value) == ("answered", Decimal("7672.50"))
    assert "辅助人员补助经费-拱北海关" in answer.text
    # the unit rows are no projects: 珠海市商务局's own subtotal (58,446.21) is not the largest
    listing = engine.ask("珠海市商务局有哪些项目")
    assert "珠海市商务局、" not in listing.text and "珠海市贸易服务中心、" not in listing.text


def test_the_project_table_adds_up_once_the_units_are_grouped(document: ParsedDocument) -> None:
    [table] = [t for t in document.tables if t.kind == "projects"]
    assert table.doubt == ""  # before: 合计 58,788.54 against 117,577.09 (every project counted twice)
    [total] = [c for c in document.checks if c.table == table.title and c.name == "合计 = 各项目之和"]
    assert (total.expected, total.actual) == (Decimal("58788.54"), Decimal("58788.55"))  # rounding
    units = {c.detail: c.holds for c in document.checks if c.name == "单位小计 = 其项目之和"}
    assert set(units) == {"珠海市商务局 [总计]", "珠海市会议展览局 [总计]", "珠海市贸易服务中心 [总计]"}


def test_an_economic_class_in_both_the_basic_and_the_project_table_is_their_sum(engine: Engine) -> None:
    answer = engine.ask("珠海商务局２６年委託業務費安排多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("2007.93"), "万元")
    assert "16.00 + 1991.93 = 2007.93" in answer.text
    basic = engine.ask("珠海市商务局基本支出中的委托业务费多少")
    assert basic.value == Decimal("16.00")


def test_units_asked_after_a_column_whole_are_its_lines(engine: Engine) -> None:
    """基本支出 (7,519.44), 其中珠海市贸易服务中心: its line of the 部门预算基本支出预算表 (1,069.53, not its
    whole budget 1,090.13 in the 收入总体情况表); 会议展览局呢 the sibling line of the same table (191.17),
    its name said without its city; the two added up."""
    conversation = Conversation()
    assert engine.ask("珠海市商务局2026年基本支出多少", conversation).value == Decimal("7519.44")
    assert engine.ask("其中珠海市贸易服务中心是多少", conversation).value == Decimal("1069.53")
    assert engine.ask("会议展览局呢", conversation).value == Decimal("191.17")
    answer = engine.ask("这两个单位加起来多少", conversation)
    assert (answer.value, answer.derivation) == (Decimal("1260.70"), "1069.53 + 191.17 = 1260.70万元")


def test_a_part_s_share_of_the_whole_its_sentence_states(engine: Engine) -> None:
    """2026年本部门政府采购安排512.48万元，其中：货物类采购预算2.16万元，工程类采购预算33.42万元，服务类
    采购预算476.9万元: 政府采购服务类占比 is 476.9 ÷ 512.48 (the whole's words, then the part's)."""
    answer = engine.ask("珠海市商务局2026年政府采购服务类占比是多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("93.06"), "%")
    conversation = Conversation()
    assert engine.ask("珠海市商务局2026年政府采购安排多少", conversation).value == Decimal("512.48")
    assert engine.ask("其中服务类呢", conversation).value == Decimal("476.9")
    share = engine.ask("那占比呢", conversation)  # the part just given, of the whole before it
    assert (share.value, share.unit) == (Decimal("93.06"), "%") and "476.90 ÷ 512.48" in share.text
