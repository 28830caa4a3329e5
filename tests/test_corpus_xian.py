"""Shaanxi (Xi'an) 部门综合预算 (表1…表16, 元), on 中共西安市委宣传部 2021 from tests/data/corpus.

Its tables are in 元; its 政府采购 table prints a 数量 column beside 预算金额: a count is never an
amount (33896 was read as its 合计). Figures as printed.
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

XIAN = (
    Path(__file__).resolve().parent
    / "data"
    / "corpus"
    / "2021_shaanxi_xian_cpc_publicity_department_dept_budget.pdf"
)


@pytest.fixture(scope="module")
def document() -> ParsedDocument:
    return parse_document(read_document(XIAN))


def test_a_budget_in_yuan(document: ParsedDocument) -> None:
    assert (document.meta.body, document.meta.year) == ("中共西安市委宣传部", 2021)
    [summary] = [table for table in document.tables if table.kind == "summary"]
    assert summary.unit == "元"
    totals = {(row.section, row.name): row.facts[0].printed for row in summary.rows if row.facts}
    assert totals[("收入", "收入总计")] == totals[("支出", "支出总计")] == "258596001.79"


def test_a_count_column_is_no_amount(document: ParsedDocument) -> None:
    [procurement] = [table for table in document.tables if table.kind == "procurement"]
    assert "数量" not in procurement.columns
    [total] = [row for row in procurement.rows if row.name == "合计"]
    assert [(fact.column, fact.printed) for fact in total.facts] == [("预算金额", "23,661,600.00")]


def test_a_year_over_a_column_is_a_complete_header(document: ParsedDocument) -> None:
    """The 三公 table prints 2020年 over 会议费: the header once read as one word, 2020年会议费, so the
    year's 合计 was checked without 会议费 and 培训费 (827,400.00 against 160,000.00)."""
    [three] = [table for table in document.tables if table.kind == "three_public"]
    assert "2020年/会议费" in three.columns and "2020年/培训费" in three.columns
    total = [check for check in document.checks if check.table == three.title and check.detail == "合计"]
    assert (total[0].expected, total[0].actual, total[0].holds) == (
        Decimal("827400.00"),
        Decimal("827400.00"),
        True,
    )  # 160,000.00 + 462,000.00 + 205,400.00


# 西安市审计局（汇总） 2026, the same 部门综合预算 family: its 表13 “三公”经费及会议费、培训费 table has
# forty columns over 上年 / 当年 / 增减, most blank, and is not read right; its narrative states
# “本部门当年一般公共预算“三公”经费预算支出10.20万元” (p. 17; also a gold of corpus2_dev_a.jsonl).
AUDIT = Path(__file__).resolve().parent / "data" / "corpus" / "2026_shaanxi_xian_audit_bureau_dept_budget.pdf"


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("xian_audit") / "budget.db"
    store(db, documents(parse_files([AUDIT], workers=1)))
    return Engine.open(db)


def test_a_consolidated_budget_is_the_body_s(audit: Engine) -> None:
    [document] = audit.documents()
    assert (document.body, document.year) == ("西安市审计局", 2026)  # printed 西安市审计局（汇总）


def test_a_three_public_total_the_text_states_otherwise_is_the_text_s(audit: Engine) -> None:
    answer = audit.ask("西安市审计局2026年三公经费预算")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("10.20"), "万元")
    # its 表13 is read only under 上年 (most of its forty columns are lost): no figure of this year
    # comes from it, the text's does
    assert "本部门当年一般公共预算“三公”经费预算支出10.20万元" in answer.text and "上年/" not in answer.text


def test_an_overprinted_heading_is_read_once() -> None:
    """西安市商务局 2022 prints its tables' titles and unit lines in fake bold, each glyph drawn
    several times at one place (表表表1, 金金金额额额单单单位位位：：：元元元): the unit was lost and the
    元 table was stored in 万元 (581242867.20万元 for 581,242,867.20元)."""
    commerce = parse_document(
        read_document(XIAN.with_name("2022_shaanxi_xian_commerce_bureau_dept_budget.pdf"))
    )
    [summary] = [table for table in commerce.tables if table.kind == "summary"]
    assert (summary.title, summary.unit) == ("2022年部门综合预算收支总表", "元")
    total = [row for row in summary.rows if row.name == "收入总计"]
    assert [fact.printed for fact in total[0].facts][:1] == ["581242867.20"]


@pytest.fixture(scope="module")
def commerce(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("xian_commerce") / "budget.db"
    store(
        db,
        documents(
            parse_files([XIAN.with_name("2022_shaanxi_xian_commerce_bureau_dept_budget.pdf")], workers=1)
        ),
    )
    return Engine.open(db)


def test_staff_counts_and_a_follow_up_about_another_count(commerce: Engine) -> None:
    """p. 19: 本部门人员编制234人…实有人员246人. 实有 is a word (its 有 is no filler), and 实有人员呢
    after 人员编制 asks another count: once answered with 人员编制 again."""
    conversation = Conversation()
    first = commerce.ask("西安市商务局2022年人员编制多少人", conversation)
    assert (first.status, first.value, first.unit) == ("answered", Decimal("234"), "人")
    second = commerce.ask("实有人员呢", conversation)
    assert (second.status, second.value, second.unit) == ("answered", Decimal("246"), "人")


def test_a_column_printed_under_each_year_is_read_in_the_document_s_year(commerce: Engine) -> None:
    """p. 62, the 三公 table prints its columns under 2021年 and again under 2022年: 合计 … 68300.00
    (2021年 公务接待费) … 68000.00 (2022年). The 2022 budget's is 68,000元; 68,300 was answered."""
    answer = commerce.ask("西安商務局二〇二二年公務接待費多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("68000.00"), "元")
    assert "2022年/" in answer.text


def test_an_economic_class_is_the_whole_of_it_unless_basic_is_asked(audit: Engine) -> None:
    """p. 27 (all spending): 30216 培训费 … 210,000.00 60,000.00 150,000.00; p. 30 (基本支出 only):
    60,000.00. The text: 培训费预算支出21.00万元 (p. 17). 培训费 was answered 60,000元."""
    answer = audit.ask("西安审计局２０２６年陪训费是多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("210000.00"), "元")
    answer = audit.ask("西安审计局2026年基本支出中的培训费")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("60000.00"), "元")


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("xian_office") / "budget.db"
    store(
        db,
        documents(
            parse_files([AUDIT.with_name("2026_shaanxi_xian_govt_general_office_dept_budget.pdf")], workers=1)
        ),
    )
    return Engine.open(db)


def test_a_name_repeated_on_the_next_line_is_a_level_not_a_part(office: Engine) -> None:
    """p. 30 专项业务经费支出表: 援藏资金 14,200,000.00 / 援藏资金 7,100,000.00 / 援藏资金项目
    7,100,000.00, a category over its entries: not 21,300,000 (the two lines added)."""
    answer = office.ask("西安市政府办公厅2026年援藏资金多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("14200000.00"), "元")


def test_a_figure_read_only_under_last_year_is_not_this_year_s(office: Engine) -> None:
    """Its 表13 is read with one cell under 上年 (9,216.51); p. 15 says 上年及本年度，本部门均无因公出国
    （境）经费预算: 无, not last year's figure as this year's."""
    answer = office.ask("西安市政府办公厅2026年因公出国（境）经费多少")
    assert (answer.status, answer.value) == ("answered", Decimal("0"))
    assert "9,216.51" not in answer.text and "无" in answer.text


def test_one_line_printed_on_both_sides_is_one_figure(commerce: Engine) -> None:
    """p. 36 收支总表: 1 一、部门预算 581242867.20 一、部门预算 581242867.20 … (收入 and 支出 sides):
    one figure printed twice, once answered as their sum."""
    answer = commerce.ask("西安市商务局2022年部门预算多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("581242867.20"), "元")


CORPUS = Path(__file__).resolve().parent / "data" / "corpus"


@pytest.fixture(scope="module")
def health(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """西安市卫生健康委员会（汇总）2022年度部门决算: its “三公” table is printed across, one line per
    phase (预算数 | 决算数), the items as columns; its 收入支出决算总表 prints 总计 on each side."""
    db = tmp_path_factory.mktemp("xian-health") / "budget.db"
    store(
        db,
        documents(
            parse_files([CORPUS / "2022_shaanxi_xian_health_commission_dept_final_accounts.pdf"], workers=1)
        ),
    )
    return Engine.open(db)


def test_a_table_printed_across_by_phase(health: Engine) -> None:
    """p. 161: 预算数 593.46 | 决算数 587.55 (公务用车购置费 136.48 in both): a 决算 answers its 决算数
    line, 预算是多少 after it the 预算数 line, 其中公务用车购置费 that line's column (not the 0.35 of
    the 基本支出 table's 公务用车购置 line)."""
    conversation = Conversation()
    answer = health.ask("西安市卫健委2022年三公经费决算是多少", conversation)
    assert (answer.value, answer.sources[0].row) == (Decimal("587.55"), "决算数")
    answer = health.ask("预算是多少", conversation)
    assert (answer.value, answer.sources[0].row) == (Decimal("593.46"), "预算数")
    answer = health.ask("其中公务用车购置费决算呢", conversation)
    assert (answer.value, answer.sources[0].row) == (Decimal("136.48"), "决算数")


def test_a_side_s_total_is_its_income_total(health: Engine) -> None:
    # the 收入 side's 总计 (2,480,372.70, with the carry-over), not its 本年收入合计 (2,015,094.22)
    answer = health.ask("西安市卫生健康委员会2022年度决算收入总计是多少")
    assert (answer.value, answer.unit, answer.sources[0].row) == (Decimal("2480372.70"), "万元", "总计")


@pytest.fixture(scope="module")
def transport(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("xian-transport") / "budget.db"
    store(
        db, documents(parse_files([CORPUS / "2022_shaanxi_xian_transport_bureau_dept_budget.pdf"], workers=1))
    )
    return Engine.open(db)


def test_the_text_s_figure_for_lines_added_up_within_rounding(transport: Engine) -> None:
    """会议费 is printed on two lines (2.45 + 42.43 = 44.88); the text states 一般公共预算会议费预算支出
    44.89万元 (p. 21): the document's own figure, the lines' sum beside it."""
    answer = transport.ask("西安市交通运输局2022年会议费预算是多少")
    assert (answer.value, answer.unit) == (Decimal("44.89"), "万元")
    assert "各行相加为44.88万元（2.45 + 42.43）" in answer.text


def test_a_part_s_share_of_a_whole_stated_in_one_sentence(transport: Engine) -> None:
    # 政府采购预算共9493.7万元，其中…政府采购服务类预算8528.13万元
    answer = transport.ask("西安市交通运输局2022年政府采购预算中服务类占多少比例")
    assert (answer.value, answer.unit, answer.derivation) == (
        Decimal("89.83"),
        "%",
        "8528.13 ÷ 9493.70 = 89.83%",
    )


def test_a_row_naming_its_city_found_without_it(transport: Engine) -> None:
    # the line is 西安市城六区甲醇出租汽车M100…: 城六区 is in 西安市, not another place
    answer = transport.ask("西安市交通运输局2022年城六区甲醇出租汽车M100甲醇燃料补贴资金是多少")
    assert (answer.status, answer.value) == ("answered", Decimal("13000.00"))


def test_staff_counts_and_their_difference_named_by_words(tmp_path: Path) -> None:
    """西安市住房和城乡建设局 2022 (p. 18): 本部门人员编制618人 … 实有人员582人 … 单位管理的离退休人员329人.
    人员编制多少 is a count (多少 asks no money); 编制和实有差多少 after the three takes the two it names
    (once the last two: 582 − 329)."""
    db = tmp_path / "housing.db"
    store(
        db,
        documents(
            parse_files(
                [CORPUS / "2022_shaanxi_xian_housing_urban_rural_development_bureau_dept_budget.pdf"],
                workers=1,
            )
        ),
    )
    engine = Engine.open(db)
    conversation = Conversation()
    assert engine.ask("西安市住建局2022年人员编制多少", conversation).value == Decimal("618")
    engine.ask("实有人员呢", conversation)
    engine.ask("离退休人员呢", conversation)
    answer = engine.ask("编制和实有差多少", conversation)
    assert (answer.value, answer.unit) == (Decimal("36.00"), "人")


def test_a_count_of_one_noun_is_not_a_count_sharing_one_word(audit: Engine) -> None:
    # 纳入本部门当年预算编制范围的二级预算单位共有1个 shares only 编制 with the question
    answer = audit.ask("西安市审计局编制数比实有人员多几个")
    assert (answer.status, answer.value) == ("not_found", None)


# 西安市安全生产监督管理局 2019 (tables only, 万元): its 一般公共预算支出明细表 prints the bureau's own line
# as 西安市安全生产监督管理局（125001）; its 基本支出明细表 (p. 16) 合计 人员经费支出 1839.51, 公用经费支出 182.88.
WORK_SAFETY = XIAN.with_name("2019_shaanxi_xian_work_safety_bureau_dept_budget_tables.pdf")


@pytest.fixture(scope="module")
def work_safety(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("work_safety") / "budget.db"
    store(db, documents(parse_files([WORK_SAFETY], workers=1)))
    return Engine.open(db)


def test_the_body_s_own_line_is_no_side_of_a_sum(work_safety: Engine) -> None:
    answer = work_safety.ask("2019年西安市安全生产监督管理局人员经费和公用经费支出一共多少？")
    assert (answer.value, answer.unit) == (Decimal("2022.39"), "万元")
    assert "1839.51 + 182.88 = 2022.39" in answer.text


def test_an_item_of_all_spending_before_its_basic_part(work_safety: Engine) -> None:
    """西安市安全生产监督管理局 2019: 灾害防治及应急管理支出 in its 一般公共预算支出明细表 (pp. 6–8, four
    units: 1,861.49 + 413.58 + 747.66 + 248.81 = 3,271.54, as its 收支总表 states) and in its 基本支出明细表
    (853.04 + …, the basic part only): asked with no 基本, the whole."""
    answer = work_safety.ask("西安市安全生产监督管理局2019年灾害防治及应急管理支出多少")
    assert (answer.value, answer.unit) == (Decimal("3271.54"), "万元")
    answer = work_safety.ask(
        "西安市安全生产监督管理局2019年灾害防治及应急管理支出占本年支出合计的比重是多少？"
    )
    assert (answer.value, answer.unit) == (Decimal("89.79"), "%")


def test_a_part_s_share_of_a_whole_named_with_its_fund(health: Engine) -> None:
    """西安市卫生健康委员会 2022 决算: 人员经费 96,513.21 (p. 19) of the 一般公共预算财政拨款支出决算表's
    基本支出 98,606.29 — not of the fund's whole 592,174.04; 占多大比例 asks the share."""
    answer = health.ask("西安市卫健委2022年一般公共预算财政拨款基本支出中，人员经费占多大比例？")
    assert (answer.value, answer.unit) == (Decimal("97.88"), "%")
    assert "96513.21 ÷ 98606.29" in answer.text


def test_a_sum_and_a_second_question_in_one(work_safety: Engine) -> None:
    """人员经费和公用经费支出一共多少？专项业务经费又是多少？: the sum is of the two the first clause names
    (1839.51 + 182.88), not of a side cut at the question mark."""
    answer = work_safety.ask(
        "2019年西安市安全生产监督管理局人员经费和公用经费支出一共多少？专项业务经费又是多少？"
    )
    assert (answer.value, answer.unit) == (Decimal("2022.39"), "万元")


def test_a_three_public_table_read_with_its_columns_out_of_order_is_unreadable(work_safety: Engine) -> None:
    """西安市安全生产监督管理局 2019, p. 32: its “三公” table's lines disagree with their own columns on 17
    of the 27 lines that total two or more (a line totalling one column proves nothing): unreadable,
    so two units' lines of it are not added up for a question about their 收入; their lines of the
    收入总表 are (p. 4: 125002 西安市安全生产宣传教育中心 463.23, 125004 …应急救援中心 270.98)."""
    [three] = [t for t in parse_document(read_document(WORK_SAFETY)).tables if t.kind == "three_public"]
    assert three.doubt.startswith("17行的合计与本行各列之和不符（共核对27行")
    answer = work_safety.ask("西安市安全生产宣传教育中心和安全生产应急救援中心2019年收入合计加起来是多少")
    assert (answer.status, answer.value) == ("answered", Decimal("734.21"))
    assert {source.table for source in answer.sources} == {"2019年部门综合预算收入总表"}


def test_a_share_of_a_whole_named_that_no_table_gives_is_not_given(health: Engine) -> None:
    """p. 22: 政府采购支出总额共272,067.69万元 …; 占合同总额 names a whole of its own (the contracts),
    which is not the 收入支出决算总表's 合计 (1,728,277.31: 15.74%)."""
    conversation = Conversation()
    whole = health.ask("西安市卫健委2022年政府采购支出总额是多少", conversation)
    assert (whole.value, whole.unit) == (Decimal("272067.69"), "万元")
    assert health.ask("占合同总额的百分之几", conversation).value is None


def test_a_fund_named_twice_in_a_summary_table_is_not_added_to_itself(health: Engine) -> None:
    """财政拨款收入支出决算总表 prints 一、一般公共预算财政拨款 296,030.91 and, further down (p. 153), a line
    一般公共预算财政拨款 95.39: the same fund in another part of the table, never 296,126.30 added up."""
    answer = health.ask("西安卫健委22年一般公共预算财政拨款支出决算是多少？")
    assert answer.value != Decimal("296126.30") and "2行之和" not in answer.text


@pytest.fixture(scope="module")
def publicity(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("xian_publicity") / "budget.db"
    store(db, documents(parse_files([XIAN], workers=1)))
    return Engine.open(db)


def test_a_column_the_document_prints_named_before_the_line(publicity: Engine) -> None:
    """p. 26: 差旅费 906,250.00 | 公用经费支出 391,250.00 | 专项业务经费支出 515,000.00; 专项业务经费里的差旅费
    is that column (its 支出 left out as people say it), and a table without it is no other reading."""
    answer = publicity.ask("西安市委宣传部专项业务经费里的差旅费是多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("515000.00"), "元")
    assert "另：" not in answer.text and "其中：" not in answer.text


def test_a_fall_asked_with_its_rate_is_stated_as_both(publicity: Engine) -> None:
    """p. 11: 公务接待费费 6.51万元，较上年减少1.49万元: 减少了多少？降了百分之几 — the amount and the rate
    of the fall, 1.49 ÷ (6.51 + 1.49) = 18.63% (a fall asked as a fall: not −18.63)."""
    conversation = Conversation()
    publicity.ask("西安市委宣传部2021年公务接待费预算多少？", conversation)
    answer = publicity.ask("比上年减少了多少？降了百分之几", conversation)
    assert (answer.value, answer.unit) == (Decimal("18.63"), "%")
    assert "减少1.49万元，下降18.63%：1.49 ÷ (6.51 + 1.49) × 100 = 18.63%" in answer.text


def test_a_unit_named_without_its_party_committee_place(publicity: Engine) -> None:
    """p. 20: 中共西安市委理论讲师团 3,398,717.50 in the 支出总表: 下属的理论讲师团 is that unit."""
    answer = publicity.ask("西安市委宣传部下属的理论讲师团21年预算多少元")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("3398717.50"), "元")


@pytest.fixture(scope="module")
def science(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """西安市科学技术局 2022: every page drawn inside a form XObject, its tables in 元."""
    db = tmp_path_factory.mktemp("xian_science") / "budget.db"
    store(
        db,
        documents(
            parse_files([CORPUS / "2022_shaanxi_xian_science_technology_bureau_dept_budget.pdf"], workers=1)
        ),
    )
    return Engine.open(db)


def test_a_statement_of_all_the_words_asked_beats_a_line_of_part_of_them(science: Engine) -> None:
    """p. 20: 2022年本部门预算收入94386.49万元 (上年实户资金余额 721.71 included); the 收支总表 (p. 42)
    prints 一、部门预算 936,647,884.33 (本年收入 only) and 收入总计 943,864,999.96, read by its cells."""
    answer = science.ask("西安市科技局2022年部门预算收入是多少？")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("94386.49"), "万元")
    assert "另：2022年部门综合预算收支总表中为936,647,884.33元" in answer.text
    answer = science.ask("西安市科技局2022年收入总计是多少")
    assert (answer.value, answer.unit) == (Decimal("943864999.96"), "元")


def test_a_change_of_a_figure_the_text_states_to_its_printed_places(commerce: Engine) -> None:
    """p. 30: 2022年本部门一般公共预算会议费预算支出2.61万元，较上年减少3.33万元 — the tables' 会议费
    lines add up to 26,052元, which is 2.61万元 as printed: the sentence's change is that figure's."""
    conversation = Conversation()
    first = commerce.ask("西安市商务局二〇二二年会议费预算多少", conversation)
    assert (first.value, first.unit) == (Decimal("26052.00"), "元")
    change = commerce.ask("比上年少了多少", conversation)
    assert (change.value, change.unit) == (Decimal("3.33"), "万元") and "减少" in change.text
