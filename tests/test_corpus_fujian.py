"""Fujian unit budgets (2026年度…预算总表, 单位预算), on 福州市公安局文职人员管理中心 2026 from tests/data/corpus.

The cover reads 2026年度 / …（本级）/ 单位预算 (the scope is 单位); the “三公” table is printed with
zeros. Figures as printed.
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

FUZHOU = (
    Path(__file__).resolve().parent
    / "data"
    / "corpus"
    / "2026_fujian_fuzhou_police_civilian_staff_centre_unit_budget.pdf"
)


@pytest.fixture(scope="module")
def document() -> ParsedDocument:
    return parse_document(read_document(FUZHOU))


def test_a_unit_budget(document: ParsedDocument) -> None:
    meta = document.meta
    assert (meta.body, meta.year, meta.phase, meta.scope) == (
        "福州市公安局文职人员管理中心",
        2026,
        "预算",
        "单位",
    )


def test_totals_and_checks(document: ParsedDocument) -> None:
    totals = {
        table.kind: next(row.facts[0].printed for row in table.rows if row.name == "合计" and row.facts)
        for table in document.tables
        if table.kind in ("income", "expenditure", "basic_by_economic")
    }
    assert totals == {"income": "6053.42", "expenditure": "6053.42", "basic_by_economic": "6053.42"}
    [three] = [table for table in document.tables if table.kind == "three_public"]
    assert [fact.amount for fact in three.rows[0].facts][:1] == [Decimal("0.00")]
    assert document.checks and all(check.holds for check in document.checks)


# 福州市医疗保障局 2026 (a 部门预算 of the same family): its performance sheets give the funds in
# 万元 (资金总额 968.00 under “专项资金情况（万元）”, the label broken over two lines). Golds as
# printed (also in tests/data/questions/corpus2_dev_a.jsonl, checked by check_golds.py).
HEALTHCARE = (
    Path(__file__).resolve().parent
    / "data"
    / "corpus"
    / "2026_fujian_fuzhou_healthcare_security_bureau_dept_budget.pdf"
)


@pytest.fixture(scope="module")
def healthcare(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("fuzhou_healthcare") / "budget.db"
    store(db, documents(parse_files([HEALTHCARE], workers=1)))
    return Engine.open(db)


def test_sheet_funds_printed_in_wan_yuan_are_read_as_wan_yuan(healthcare: Engine) -> None:
    answer = healthcare.ask("福州市医疗保障局医保服务站工作经费项目多少钱")
    assert answer.status == "answered"
    assert (answer.value, answer.unit) in ((Decimal("9680000"), "元"), (Decimal("968.00"), "万元"))


def test_the_short_name_people_use_is_not_rewritten_by_a_synonym(healthcare: Engine) -> None:
    # 医保 alone means 医疗保险缴费 (an economic class); inside 福州医保局 it is the body's name
    answer = healthcare.ask("福州医保局2026年三公经费预算")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("5.00"), "万元")
    answer = healthcare.ask("福州醫保局2026年住房公積金多少")
    assert (answer.status, answer.value) == ("answered", Decimal("583.67"))


def test_a_count_named_after_its_number_and_the_colloquial_name(tmp_path: Path) -> None:
    """福州市鼓楼生态环境局 2026 (p. 4): 包括4个机关行政处（科、股）室及2个下属单位 — 下属单位 are 2; the
    bureau is called 鼓楼环保局 in speech."""
    db = tmp_path / "gulou.db"
    path = FUZHOU.with_name("2026_fujian_fuzhou_gulou_ecology_environment_bureau_unit_budget.pdf")
    store(db, documents(parse_files([path], workers=1)))
    engine = Engine.open(db)
    answer = engine.ask("福州市鼓楼生态环境局有几个下属单位")
    assert (answer.value, answer.unit) == (Decimal("2"), "个")
    assert engine.ask("鼓楼环保局有几个下属单位").value == Decimal("2")


# 泉州市公安局（本级）2026 单位预算: four performance sheets titled by their project (公安办案业务经费项目
# 绩效目标表, no 项目名称 field; one title wrapped: …指挥中心项目绩效目 | 标表), funds in 万元, and after
# the last sheet the narrative goes on (八、其他重要事项说明, pp. 29–30). Golds as printed.
QUANZHOU = FUZHOU.with_name("2026_fujian_quanzhou_public_security_bureau_unit_budget.pdf")


@pytest.fixture(scope="module")
def quanzhou(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("quanzhou") / "budget.db"
    store(db, documents(parse_files([QUANZHOU], workers=1)))
    return Engine.open(db)


def test_sheets_named_by_their_titles() -> None:
    parsed = parse_document(read_document(QUANZHOU))
    assert [(sheet.name, sheet.funds.get("实施期/资金总额")) for sheet in parsed.projects] == [
        ("单警装备、公务用车采购等项目建设", Decimal("8664000.00")),
        ("女子看守所保障经费", Decimal("11115000.00")),
        ("公安办案业务经费", Decimal("62586000.00")),
        ("泉州市社会治理现代化智慧调度指挥中心", Decimal("2375000.00")),
    ]


def test_the_narrative_after_the_sheets_is_read(quanzhou: Engine) -> None:
    answer = quanzhou.ask("泉州市公安局现有多少辆车")
    assert (answer.value, answer.unit) == (Decimal("248"), "辆")
    answer = quanzhou.ask("泉州市公安局执法执勤用车多少辆")
    assert (answer.value, answer.unit) == (Decimal("242"), "辆")
    assert answer.text.startswith("执法执勤用车242辆")  # the figure asked comes first
    answer = quanzhou.ask("泉州市公安局政府采购预算中工程类占比多少")
    assert (answer.value, answer.unit) == (Decimal("17.45"), "%")
    assert quanzhou.ask("泉州市公安局委托业务费多少").value == Decimal("38.00")
    answer = quanzhou.ask("泉州市公安局公安办案业务经费项目资金总额多少")
    assert (answer.value, answer.unit) in ((Decimal("62586000"), "元"), (Decimal("6258.60"), "万元"))


def test_a_sibling_follow_up_stays_in_the_fund_asked(quanzhou: Engine) -> None:
    # p. 21: 2026年度一般公共预算拨款支出46941.63万元，比上年减少2988.85万元; p. 14 (一般公共预算拨款支出
    # 预算表) 执法办案 10703.60, where the 支出预算总表 (all funds) prints 22103.60
    conversation = Conversation()
    assert quanzhou.ask("泉州市公安局2026年一般公共预算拨款支出多少", conversation).value == Decimal(
        "46941.63"
    )
    assert quanzhou.ask("比上年减少了多少", conversation).value == Decimal("2988.85")
    answer = quanzhou.ask("执法办案呢", conversation)
    assert (answer.value, answer.unit) == (Decimal("10703.60"), "万元")
    answer = quanzhou.ask("执法办案占一般公共预算拨款支出的比重", conversation)
    assert (answer.value, answer.unit) == (Decimal("22.80"), "%")


def test_a_standard_the_question_says_more_of_is_not_another_standard(healthcare: Engine) -> None:
    """The sheets print 居民医保人均财政补助标准 ≥800元 three times; 居民医保个人缴费标准 (≥430元 on p. 31)
    is not read from the sheets: not found, never the 800 of another standard."""
    answer = healthcare.ask("福州医保局居民医保人均财政补助标准是多少")
    assert (answer.value, answer.unit) == (Decimal("800"), "元")
    answer = healthcare.ask("福州市医保局绩效目标表里居民医保个人缴费标准按多少钱算的")
    assert (answer.status, answer.value) == ("not_found", None)
