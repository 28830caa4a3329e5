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
from knowledge.engine import Engine

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
