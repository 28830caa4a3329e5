"""The reference document, parsed: exact values from every table kind, sheet, passage and term."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.model import ParsedDocument

D = Decimal


def table(doc: ParsedDocument, kind: str):  # type: ignore[no-untyped-def]
    return next(t for t in doc.tables if t.kind == kind)


def value(doc: ParsedDocument, kind: str, name: str, column: str, section: str = "") -> Decimal:
    rows = [
        r
        for r in table(doc, kind).rows
        if (r.name == name or r.code == name) and (not section or r.section == section)
    ]
    assert rows, f"no row {name} in {kind}"
    facts = [f for f in rows[0].facts if f.column == column or f.column.endswith("/" + column)]
    assert facts, f"no column {column} in {name}: {rows[0].facts}"
    return facts[0].amount


def test_metadata(reference_doc: ParsedDocument) -> None:
    meta = reference_doc.meta
    assert meta.body == "泽州县人民代表大会常务委员会办公室"
    assert (meta.year, meta.phase, meta.scope) == (2024, "预算", "部门")
    assert meta.title == "泽州县人民代表大会常务委员会办公室2024年度部门预算公开"
    assert len(reference_doc.source.sha256) == 64


def test_all_thirteen_tables_recognised_whatever_their_labels(reference_doc: ParsedDocument) -> None:
    assert [t.number for t in reference_doc.tables] == list(range(1, 14))
    labels = {t.number: t.label for t in reference_doc.tables}
    assert labels[1] == "预算公开表1" and labels[9] == "部门公开表9" and labels[2] == ""
    assert table(reference_doc, "operating_costs").title == "2024年财政拨款安排机关运行经费预算表"
    assert all(t.unit == "万元" for t in reference_doc.tables)
    assert reference_doc.warnings == ()


def test_summary_table_both_sides(reference_doc: ParsedDocument) -> None:
    assert value(reference_doc, "summary", "一、一般公共预算", "2024年", "收入") == D("1195.84")
    assert value(reference_doc, "summary", "一、一般公共服务支出", "上年结转安排", "支出") == D("3.59")
    assert value(reference_doc, "summary", "收入总计", "2024年", "收入") == D("1199.43")
    assert value(reference_doc, "summary", "支出总计", "当年预算安排", "支出") == D("1195.84")


def test_income_table_flattened_headers_and_shifted_carryover(reference_doc: ParsedDocument) -> None:
    income = table(reference_doc, "income")
    assert "本年收入/一般公共预算" in income.columns
    assert value(reference_doc, "income", "2010108", "本年收入/合计") == D("168.99")
    assert value(reference_doc, "income", "2010108", "上年结转") == D("3.59")


def test_expenditure_table_codes_levels_and_parents(reference_doc: ParsedDocument) -> None:
    rows = {r.code: r for r in table(reference_doc, "expenditure").rows if r.code}
    assert (rows["201"].level, rows["20101"].level, rows["2010108"].level) == (1, 2, 3)
    assert rows["2010108"].parent_code == "20101" and rows["20101"].parent_code == "201"
    assert value(reference_doc, "expenditure", "2010108", "项目支出") == D("172.58")
    assert value(reference_doc, "expenditure", "合计", "基本支出") == D("638.64")


def test_fiscal_summary_and_general_budget(reference_doc: ParsedDocument) -> None:
    assert value(reference_doc, "fiscal_summary", "一、一般公共服务支出", "金额/一般公共预算", "支出") == D(
        "967.41"
    )
    assert value(reference_doc, "fiscal_summary", "上年财政拨款结转", "金额", "收入") == D("3.59")
    assert value(reference_doc, "general_budget", "合计", "项目支出") == D("557.20")


def test_economic_table_keeps_both_pension_rows(reference_doc: ParsedDocument) -> None:
    rows = [
        r for r in table(reference_doc, "basic_by_economic").rows if r.name == "机关事业单位基本养老保险缴费"
    ]
    assert [(r.name2, r.facts[0].amount) for r in rows] == [
        ("社会保障缴费", D("38.71")),
        ("工资福利支出", D("9.74")),
    ]
    assert {r.group for r in rows} == {"工资福利支出"}
    assert value(reference_doc, "basic_by_economic", "合计", "人员经费") == D("570.49")


def test_tables_published_empty_are_present_and_empty(reference_doc: ParsedDocument) -> None:
    for kind in ("gov_fund_income", "gov_fund_expenditure", "state_capital", "three_public"):
        assert table(reference_doc, kind).empty, kind
        assert "本表无数据" in table(reference_doc, kind).note
    names = [r.name for r in table(reference_doc, "three_public").rows]
    assert "公务接待费" in names and "②公务用车运行维护费" in names


def test_operating_costs_and_projects(reference_doc: ParsedDocument) -> None:
    assert value(reference_doc, "operating_costs", "部门合计", "合计") == D("68.15")
    assert value(reference_doc, "projects", "代表培训经费", "合计") == D("55.00")
    assert value(reference_doc, "projects", "“智慧人大”系统建设", "2024年财政拨款/一般公共预算") == D("87.30")
    assert value(reference_doc, "projects_carryover", "2023年市人大代表和代表小组活动经费", "合计") == D(
        "3.59"
    )


def sheet(doc: ParsedDocument, name: str):  # type: ignore[no-untyped-def]
    return next(p for p in doc.projects if p.name == name)


def test_twelve_performance_sheets(reference_doc: ParsedDocument) -> None:
    assert len(reference_doc.projects) == 12
    meeting = sheet(reference_doc, "七届六次人代会")
    assert meeting.funds["年度/资金总额"] == D("850000")
    assert meeting.fields["项目属性"] == "一次性项目(1年结束)"
    assert meeting.fields["项目期"] == "1年"
    assert meeting.fields["主管部门"] == "001-泽州县人民代表大会常务委员会办公室"
    assert meeting.fields["项目实施计划"] == "2024年3月下旬开展县七届六次人代会"
    people = [i for i in meeting.indicators if i.level3 == "参加会议的代表人数"]
    assert {(i.period, i.value, i.level1, i.level2) for i in people} == {
        ("实施期", "230人", "产出指标", "数量指标"),
        ("年度", "230人", "产出指标", "数量指标"),
    }


def test_sheet_with_shifted_cells(reference_doc: ParsedDocument) -> None:
    room = sheet(reference_doc, "县人大常委会会议室建设经费")
    assert (room.funds["实施期/资金总额"], room.funds["年度/资金总额"]) == (D("1300000"), D("650000"))
    assert room.fields["项目期"] == "2年"
    training = sheet(reference_doc, "代表培训经费")
    standard = [i for i in training.indicators if i.level3 == "培训标准"]
    assert {(i.level2, i.value) for i in standard} == {("成本指标", "400/人/天")}
    allowance = sheet(reference_doc, "人大代表通讯、交通补贴经费")
    only_annual = [i for i in allowance.indicators if i.level3 == "代表履职补贴发放及时性"]
    assert [(i.period, i.value) for i in only_annual] == [("年度", "及时")]
    assert "每人每月200元" in allowance.fields["项目概况"]


def test_narrative_passages_keep_their_figures(reference_doc: ParsedDocument) -> None:
    facts = [(f.subject, f.value, f.unit, f.kind) for p in reference_doc.passages for f in p.facts]
    assert ("增长", D("13.34"), "%", "increase") in facts
    assert ("比上年增加", D("141.15"), "万元", "increase") in facts
    assert ("比2023年预算减少", D("6.2"), "万元", "decrease") in facts
    assert any(s.endswith("现有在职人员") and v == 33 and u == "人" for s, v, u, _ in facts)
    procurement = next(p for p in reference_doc.passages if p.heading.startswith("九、政府采购"))
    assert [(f.value, f.unit) for f in procurement.facts] == [
        (D("348.30"), "万元"),
        (D("40.00"), "万元"),
        (D("0"), "万元"),
        (D("308.30"), "万元"),
    ]
    spending = [f for p in reference_doc.passages for f in p.facts if f.subject.startswith("委托业务费")]
    assert spending and spending[0].value == D("115")


def test_glossary(reference_doc: ParsedDocument) -> None:
    terms = {g.term: g.definition for g in reference_doc.glossary}
    assert terms["“三公”经费"].startswith("指省直部门用财政拨款安排的因公出国（境）费用")
    assert terms["财政专户管理资金"].startswith("专指教育收费")
    assert terms["一般公共预算"].startswith("是指以税收为主体的财政收入")
    assert len(terms) == 12


@pytest.mark.parametrize(
    ("name", "detail", "expected", "actual"),
    [
        ("合计 = 基本支出 + 项目支出", "合计", "1199.43", "1199.42"),
        ("支出总表项目支出 = 项目支出表（本年 + 上年结转）", "项目支出合计", "560.78", "560.79"),
        ("类 = 款之和", "工资福利支出 [2024年预算数/合计]", "484.24", "484.25"),
    ],
)
def test_reconciliation_reports_the_documents_own_disagreements(
    reference_doc: ParsedDocument, name: str, detail: str, expected: str, actual: str
) -> None:
    check = next(c for c in reference_doc.checks if c.name == name and c.detail == detail)
    assert (check.holds, check.expected, check.actual) == (False, D(expected), D(actual))


def test_reconciliation_holds_where_the_document_is_consistent(reference_doc: ParsedDocument) -> None:
    checks = reference_doc.checks
    assert len(checks) == 217 and sum(c.holds for c in checks) == 205
    sheets = [c for c in checks if c.name.startswith("绩效目标表")]
    assert len(sheets) == 12 and all(c.holds for c in sheets)
    assert any(c.name == "收入总计 = 支出总计" and c.holds for c in checks)
    assert any(c.name == "表一收入总计 = 表四收入总计" and c.holds for c in checks)
    assert any(c.name == "机关运行经费 = 基本支出公用经费" and c.holds for c in checks)


def test_the_documents_own_disagreements_are_rounding_so_no_table_is_in_doubt(
    reference_doc: ParsedDocument,
) -> None:
    check = next(c for c in reference_doc.checks if c.name == "合计 = 基本支出 + 项目支出")
    # 1199.43 printed, 1199.42 added from two figures: half a cent of 万元 each for three figures
    assert (check.rounding, check.fails_beyond_rounding) == (D("0.015"), False)
    assert [table.title for table in reference_doc.tables if table.doubt] == []
