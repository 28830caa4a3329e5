"""Beijing's split 部门预算 (tests/data/corpus): 情况说明 and 报表 published as two files.

The tables file has no cover: its body is named only in the 部门整体支出绩效目标表
(部门名称 | 北京市审计局, a label cell and the cell beside it) and its year only in that
sheet's heading (（2026年度）); the project sheets' text names other years (2023–2024
档案). Read from there, the two files are one document. Figures as printed in 预算01表,
预算03表 and 预算05表 (万元, six decimals).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.meta import read_meta
from ingest.model import BudgetTable, Document, Line, ParsedDocument
from ingest.pipeline import documents, merge_outcomes, parse_files
from ingest.store import store
from knowledge.engine import Conversation, Engine

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
NARRATIVE = CORPUS / "2026_beijing_audit_bureau_dept_budget_narrative.pdf"
TABLES = CORPUS / "2026_beijing_audit_bureau_dept_budget_tables.pdf"


@pytest.fixture(scope="module")
def audit() -> ParsedDocument:
    [document] = documents(merge_outcomes(parse_files([NARRATIVE, TABLES], workers=1)))
    return document


def amounts(document: ParsedDocument, kind: str, name: str, column: str, section: str = "") -> list[Decimal]:
    [table] = [table for table in document.tables if table.kind == kind]
    return [
        fact.amount
        for row in table.rows
        if row.name == name and (not section or row.section == section)
        for fact in row.facts
        if fact.column == column
    ]


def test_the_tables_file_alone_names_its_body_and_year_from_its_sheets() -> None:
    [document] = documents(merge_outcomes(parse_files([TABLES], workers=1)))
    assert (document.meta.body, document.meta.year) == ("北京市审计局", 2026)


def test_narrative_and_tables_are_one_document(audit: ParsedDocument) -> None:
    meta = audit.meta
    assert (meta.body, meta.year, meta.phase, meta.scope) == ("北京市审计局", 2026, "预算", "部门")
    assert [file.source for file in audit.files] == [NARRATIVE.name, TABLES.name]


def test_figures_of_the_tables_file(audit: ParsedDocument) -> None:
    assert amounts(audit, "summary", "收入总计", "预算数", "收入") == [Decimal("32852.053832")]
    assert amounts(audit, "summary", "一、一般公共预算拨款收入", "预算数", "收入") == [
        Decimal("32365.090089")
    ]
    assert amounts(audit, "fiscal_summary", "收入总计", "预算数", "收入") == [Decimal("32801.936639")]
    [table] = [table for table in audit.tables if table.kind == "summary"]
    assert table.unit == "万元"


def test_a_sentence_wrapped_after_a_label_names_no_body() -> None:
    """北京市气象局's narrative (2026) wraps “……1个代管事业 / 单位：北京市人工影响天气中心；全市14个区设
    气象局，”: that line once named the document's body, so its narrative never joined its tables."""
    printed = (
        "退休干部办公室；8个直属单位：北京市气象台、北京市气",
        "服务中心、首都关键区域气象服务保障中心；1个代管事业",
        "单位：北京市人工影响天气中心；全市14个区设气象局，",
        "分别为：朝阳区气象局、海淀区气象局、丰台区气象局、石",
    )
    lines = tuple(Line(number, 4, (text,)) for number, text in enumerate(printed, 1))
    meta = read_meta(Document("narrative.pdf", "", lines, "pdf"), ())
    assert meta.body == "narrative.pdf"  # no body named: the file name, as the last resort


def test_a_table_of_no_standard_kind_is_read_on_its_own(audit: ParsedDocument) -> None:
    """预算11表 财政拨款政府购买服务明细表 once ran on as rows of the 政府采购 table above it; 预算13表
    部门整体支出绩效目标表 was swallowed by the 项目支出绩效目标表 before it, then read as a table of amounts."""
    procurement = [(row.name, row.facts[0].printed) for row in _table(audit, "procurement").rows]
    assert procurement == [("A-货物", "238.779600"), ("C-服务", "4,749.949530"), ("合计", "4,988.729130")]
    others = [table for table in audit.tables if table.kind == "other"]
    assert [(table.label, table.title) for table in others] == [("预算11表", "财政拨款政府购买服务明细表")]
    # 预算13表 部门整体支出绩效目标表 (活动 | 绩效指标 | 指标性质 | 指标值 | 度量单位) is the department's
    # own sheet of targets: 产出指标数量指标出具数据分析报告 | ＝ | 4 | 份
    whole = next(sheet for sheet in audit.projects if sheet.name == "部门整体绩效目标")
    first = whole.indicators[0]
    assert (first.level1, first.level2, first.level3, first.value) == (
        "产出指标",
        "数量指标",
        "出具数据分析报告",
        "4份",
    )
    assert whole.fields["总体目标（年度）"].startswith("坚持以习近平新时代中国特色社会主义思想为指导")
    services = others[0]
    assert services.rows[0].name == "合计" and services.rows[0].facts[0].printed == "3,756.180280"


def test_every_identity_of_the_tables_file_holds(audit: ParsedDocument) -> None:
    """项目支出总数 is a figure (it names 项目 but ends as an amount does), the group's own total
    beside 扣除基建项目后预算数; the 支出总表 prints only 项 lines, which add up to its 合计."""
    general = _table(audit, "general_budget")
    assert "预算数/项目支出/项目支出总数" in general.columns
    tables = {table.title for table in audit.tables if table.page and table.title.startswith("预算")}
    checks = [check for check in audit.checks if check.table in tables]
    assert len(checks) > 150 and all(check.holds for check in checks)
    assert not [table.title for table in audit.tables if table.doubt]


def _table(document: ParsedDocument, kind: str) -> BudgetTable:
    [table] = [table for table in document.tables if table.kind == kind]
    return table


def test_the_narrative_is_read_past_its_list_of_tables() -> None:
    """The narrative opens with a list of its tables (十、政府采购预算明细表 · 十二、项目支出绩效目标表 …)
    and no 目录 heading: the entry 十二、项目支出绩效目标表 once opened a performance sheet that
    swallowed the whole narrative, and 十、政府采购预算明细表 became a table published empty."""
    [document] = documents(merge_outcomes(parse_files([NARRATIVE], workers=1)))
    assert document.tables == () and document.projects == ()
    facts = {fact.sentence: fact.value for passage in document.passages for fact in passage.facts}
    assert facts["2026年北京市审计局机关运行经费财政拨款预算1637.76万元。"] == Decimal("1637.76")
    assert len(facts) > 20  # sentences with figures (none were read)


def test_the_performance_table_of_many_projects_is_read(audit: ParsedDocument) -> None:
    """预算表12 项目支出绩效目标表: a row per indicator, the project's name, amount and 绩效目标 on its
    first row; page 13 drops the empty 其他资金 column, so its rows are read from their 一级指标 cell."""
    projects = {project.name: project for project in audit.projects if project.name != "部门整体绩效目标"}
    assert len(projects) == 16
    journal = projects["《北京审计》杂志办刊经费"]
    assert journal.funds == {"年度/资金总额": Decimal("173980.000000")}  # 17.398000 万元
    assert [(i.level2, i.level3, i.value) for i in journal.indicators][1:3] == [
        ("质量指标", "印刷刊物质量与国家行业标准规定要求的相符性", "100%"),
        ("数量指标", "每期印刷数量", "900册"),
    ]
    quality = projects["审计质量管理经费"]  # page 13
    assert (quality.indicators[0].level3, quality.indicators[0].value) == ("检查档案数量", "≥30套")


def test_a_code_joined_to_its_name_by_a_hyphen_is_split(audit: ParsedDocument) -> None:
    """预算06表 prints 50201-办公经费 | 3021101-差旅费: code 50201, names 办公经费 and 差旅费."""
    [basic] = [table for table in audit.tables if table.kind == "basic_by_economic"]
    travel = [row for row in basic.rows if row.name2 == "差旅费"]
    assert [(row.code, row.name, row.facts[0].printed) for row in travel] == [
        ("50201", "办公经费", "46.560000")
    ]


def test_a_table_of_no_standard_kind_answers_to_its_title(tmp_path: Path) -> None:
    from ingest.store import store
    from knowledge.engine import Engine

    db = tmp_path / "beijing.db"
    store(db, documents(merge_outcomes(parse_files([NARRATIVE, TABLES], workers=1))))
    answer = Engine.open(db).ask(
        "北京市审计局政府购买服务预算多少"
    )  # 预算11表 财政拨款政府购买服务明细表 合计
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("3756.180280"), "万元")
    assert answer.sources[0].table == "财政拨款政府购买服务明细表" and answer.sources[0].row == "合计"


def test_an_item_of_the_finest_classification_is_found_in_every_row_it_is_printed(tmp_path: Path) -> None:
    """预算03表 prints 功能科目 | 政府经济科目 | 部门经济科目 (2010801-行政运行 | 50201-办公经费 |
    3021101-差旅费): 差旅费 is the third label, under 行政运行 (基本) and 审计业务 (项目)."""
    from ingest.store import store
    from knowledge.engine import Engine

    db = tmp_path / "beijing.db"
    store(db, documents(merge_outcomes(parse_files([NARRATIVE, TABLES], workers=1))))
    answer = Engine.open(db).ask("北京市审计局差旅费一共多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("84.720000"), "万元")
    assert "46.56 + 38.16 = 84.72" in answer.text


def test_a_cover_naming_the_body_with_ben_ji_on_its_own_line() -> None:
    """泉州市公安局 2026 (Fujian unit budget): the cover prints 2026年度 / 泉州市公安局（本级） / 单位预算,
    then 目录; the body was left as the file name."""
    printed = ("2026年度", "泉州市公安局（本级）", "单位预算", "目录")
    lines = tuple(Line(number, 1, (text,)) for number, text in enumerate(printed, 1))
    meta = read_meta(Document("quanzhou.pdf", "", lines, "pdf"), ())
    assert (meta.body, meta.year, meta.scope, meta.phase) == ("泉州市公安局", 2026, "单位", "预算")


GREENING = [
    CORPUS / f"2026_beijing_capital_greening_office_dept_budget_{part}.pdf"
    for part in ("narrative", "tables")
]


@pytest.fixture(scope="module")
def greening(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """首都绿化委员会办公室 2026: several of its tables are drawn with rules this reader does not follow
    (a figure run into the label beside it: 5,131.706333一、一般公共服务支出), so their figures are
    not read; what the text states still answers, and no misread or unread table gives a figure."""
    db = tmp_path_factory.mktemp("greening") / "budget.db"
    store(db, documents(parse_files(GREENING, workers=1)))
    return Engine.open(db)


def test_a_table_printing_figures_not_read_is_not_published_empty(greening: Engine) -> None:
    """预算04表 prints 5,131.706333 and more, none read: its 财政拨款 is not 0 (本表无数据); the text's
    2026年…机关运行经费财政拨款预算84.97万元 answers the item asked before 财政拨款."""
    answer = greening.ask("首都绿化委员会办公室2026年机关运行经费财政拨款预算是多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("84.97"), "万元")
    answer = greening.ask("首都绿化办财政拨款收支总表多少")
    assert (answer.status, answer.value) == ("not_found", None)


def test_a_table_whose_rules_are_in_a_form_is_read_by_its_cells(greening: Engine) -> None:
    """预算05表 (p. 5), its rules drawn in a form XObject, was read as text lines with its 科目编码
    column as figures and every line named 合计 (2130201, 2130202 …). Read by its cells:
    2130201 行政运行 958.957491 | 基本支出 950.088291 (人员经费 865.117476, 公用经费 84.970815) | 8.869200."""
    answer = greening.ask("首都绿化办2026年一般公共预算行政运行多少")
    assert (answer.status, answer.value) == ("answered", Decimal("958.957491"))
    assert "预算05表一般公共预算支出表" in answer.text
    answer = greening.ask("首都绿化办2026年行政运行的人员经费多少")
    assert (answer.status, answer.value) == ("answered", Decimal("865.117476"))


def test_a_total_asked_is_not_another_total_stated(greening: Engine) -> None:
    # 收入预算总额 is not the 政府采购预算总额 (3,084.19) the text also states: the 收支总表's 收入总计,
    # printed 5,133.737491 (the text rounds it to 5,133.74)
    answer = greening.ask("首都绿化委员会办公室2026年收入预算总额是多少")
    assert (answer.status, answer.value) == ("answered", Decimal("5133.737491")), answer.text


def test_a_count_of_a_thing_the_sentence_names(greening: Engine) -> None:
    # p. 3: 首都绿化委员会办公室内设2个处室，分别为联络处和义务植树处
    answer = greening.ask("首都绿化委员会办公室内设几个处室？分别叫什么？")
    assert (answer.value, answer.unit) == (Decimal("2"), "个") and "联络处和义务植树处" in answer.text


# 北京市政务服务和数据管理局 2026 (the tables file alone). 预算10表政府采购预算明细表 (p. 16): A-货物
# 1,168.302000 · B-工程 105.200000 · C-服务 54,033.944001 · 合计 55,307.446001; its 支出总表 prints
# 物业管理费 beside two 科目 (项目支出 27.944151, 基本支出 106.074468).
DATA_BUREAU = CORPUS / "2026_beijing_government_services_data_bureau_dept_budget_tables.pdf"


@pytest.fixture(scope="module")
def data_bureau(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("data_bureau") / "budget.db"
    store(db, documents(parse_files([DATA_BUREAU], workers=1)))
    return Engine.open(db)


def test_procurement_categories_lettered_and_asked_with_lei(data_bureau: Engine) -> None:
    conversation = Conversation()
    answer = data_bureau.ask("北京市政务服务和数据管理局2026年政府采购预算里货物类是多少？", conversation)
    assert (answer.value, answer.sources[0].row) == (Decimal("1168.302000"), "A-货物")
    answer = data_bureau.ask("服务类呢", conversation)
    assert (answer.value, answer.sources[0].row) == (Decimal("54033.944001"), "C-服务")
    answer = data_bureau.ask("服务类占采购总额百分之多少", conversation)
    assert (answer.value, answer.unit) == (Decimal("97.70"), "%")


def test_a_second_name_in_the_column_asked(data_bureau: Engine) -> None:
    answer = data_bureau.ask("北京市政务服务和数据管理局2026年一般公共预算基本支出里的物业管理费是多少")
    assert (answer.value, answer.unit) == (Decimal("106.074468"), "万元")


def test_a_vehicle_held_is_not_a_vehicle_to_buy(data_bureau: Engine) -> None:
    # no sentence states the cars held (the narrative is not in the corpus); a project's 购车数量 1辆 is a plan
    answer = data_bureau.ask("北京市政务服务和数据管理局现有多少辆公务用车？")
    assert (answer.status, answer.value) == ("not_found", None)


def test_vehicles_held_asked_with_time_and_measure_words(greening: Engine) -> None:
    # p. 6: 截至2025年底，首都绿化委员会办公室共有车辆4台 (in 台): 现在 and 台 name no holder of their own; traditional characters
    answer = greening.ask("首都綠化辦現在一共有幾台車？")
    assert (answer.value, answer.unit) == (Decimal("4"), "台")


def test_an_indicator_asked_by_its_measure_and_words(greening: Engine) -> None:
    """预算12表: 第三次古树名木资源普查（一期） · 现有古树名木定位与调查 41865株 (beside 全市古树名木每木
    定位和调查 2026年9月底前, as many words: the measure asked, 株, decides); “互联网+义务植树”基地活动
    补助 · 发放首都义务植树尽责证书 ≥24000张 (至少要 is no word of the indicator)."""
    answer = greening.ask("首都绿化办第三次古树名木普查一期，计划定位调查多少株古树？")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("41865"), "株")
    answer = greening.ask("首都綠化辦“互聯網+義務植樹”基地那個項目，盡責證書至少要發多少張？")
    assert (answer.status, answer.value) == ("answered", Decimal("24000"))
