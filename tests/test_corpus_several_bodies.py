"""Eight bodies of four provinces in one database (tests/data/corpus), as deputies load them together:
西安市公安局 2026 (tables in 元, units' lines), 深圳市建筑工务署, 中共烟台市委宣传部, 烟台市交通运输局,
上海科技大学附属学校, 西安市安监局 2019 (tables file), 中共广州市委宣传部 and 广州市规划和自然资源局. Questions a helper wrote from their pages
(corpus9 sets) that were answered with another figure, or another body's; figures as printed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.pipeline import documents, parse_files
from ingest.store import store
from knowledge.engine import Conversation, Engine

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
FILES = (
    "2026_shaanxi_xian_public_security_bureau_dept_budget.pdf",
    "2026_guangdong_shenzhen_public_works_department_dept_budget.pdf",
    "2026_shandong_yantai_cpc_publicity_department_dept_budget.pdf",
    "2026_shandong_yantai_transport_bureau_dept_budget.pdf",
    "2026_shanghai_shanghaitech_affiliated_school_unit_budget.pdf",
    "2019_shaanxi_xian_work_safety_bureau_dept_budget_tables.pdf",
    "2026_guangdong_guangzhou_cpc_publicity_department_dept_budget.pdf",
    "2026_guangdong_guangzhou_planning_natural_resources_bureau_dept_budget.pdf",
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    db = tmp_path_factory.mktemp("several") / "several.db"
    store(db, documents(parse_files([CORPUS / name for name in FILES], workers=1)))
    return Engine.open(db)


def figure(engine: Engine, question: str) -> tuple[str, Decimal | None, str]:
    answer = engine.ask(question)
    return answer.status, answer.value, answer.unit


def test_a_column_asked_is_never_another_column_of_its_line(engine: Engine) -> None:
    """p. 50, 表13: the body's line prints 当年 公务接待费 193,500.00 glued to its neighbours, which are
    not read; its 公务用车运行维护费 31,158,000.00 was given for 公务接待费. p. 27: 公务接待费 193,500.00."""
    assert figure(engine, "西安公安局26年公务接待费预算多少") == ("answered", Decimal("193500.00"), "元")


def test_a_unit_s_line_of_a_part_of_spending_is_not_its_budget(engine: Engine) -> None:
    # p. 50: 刑事侦查支队 2,092,000.00 is its line of the “三公” table, not its budget; its line of the
    # 部门综合预算支出总表 (p. 24: 153013 西安市公安局刑事侦查支队 166,793,632.37) is
    assert figure(engine, "西安市公安局刑事侦查支队2026年预算总共多少元") == (
        "answered",
        Decimal("166793632.37"),
        "元",
    )
    # 执法监察支队 is printed only in the 2019 “三公” table: the 收入总计 found is the bureau's, not its
    assert figure(engine, "西安市安全生产执法监察支队2019年收入总计多少钱")[1] is None


def test_bodies_typed_by_abbreviation(engine: Engine) -> None:
    # 工务署 · 深圳市建筑工务署: its 因公出国（境）费用 77.20 (p. 19), not another body's
    answer = engine.ask("工务署因公出国（境）费用今年多少")
    assert (answer.value, answer.unit) == (Decimal("77.20"), "万元")
    assert "深圳市建筑工务署" in answer.text
    # 上科大附校 · 上海科技大学附属学校: 政府采购服务预算749.00万元 (its text)
    assert figure(engine, "上科大附校2026年政府采购服务预算多少") == ("answered", Decimal("749.00"), "万元")
    # an abbreviation is not read past a place typed before it, nor is a body of another kind found
    assert figure(engine, "南京市中级人民法院2018年预算")[1] is None
    unknown = engine.ask("税务署因公出国费用多少")
    assert unknown.value is None and "税务署" in unknown.text


def test_a_change_stated_clause_by_clause_is_the_clause_of_the_item_asked(engine: Engine) -> None:
    """p. 5: 2.支出预算减少3,327.5万元，其中基本支出增加161.1万元，项目支出减少3,488.6万元."""
    assert figure(engine, "烟台市委宣传部26年基本支出比上年增加多少？项目支出减少多少")[1] == Decimal("161.1")
    assert figure(engine, "烟台市委宣传部项目支出比上年减少多少")[1] == Decimal("3488.6")
    # 烟台市交通运输局: …比上年减少8,923.16万元，其中：…政府性基金预算收入减少2,990.3万元
    assert figure(engine, "烟台交通局政府性基金预算收入比上年减少多少")[1] == Decimal("2990.3")


def test_vehicles_a_project_handles_are_not_those_held(engine: Engine) -> None:
    # 共有车辆274辆 (held); the project 暂扣车辆报废处置费用 targets 处置车辆数量 ≥313辆
    assert figure(engine, "烟台交通局有几辆车") == ("answered", Decimal("274"), "辆")
    assert figure(engine, "烟台市交通运输局暂扣车辆报废处置要处置多少辆车")[1] != Decimal("274")


def test_a_count_of_some_projects_is_not_the_table_s_count_of_all(engine: Engine) -> None:
    assert figure(engine, "烟台交通局一共有多少个项目") == ("answered", Decimal("40"), "个")
    assert figure(engine, "深圳市建筑工务署2026年在建项目一共有多少个")[1] is None


def test_a_part_of_a_unit_s_line_is_the_line_under_it(engine: Engine) -> None:
    """广州市规划和自然资源局's 基本支出 table lists each unit's classes under its line: 其中工资福利支出 after
    广州市土地开发中心（本级） is its 4,042.51, not the twelve units' 工资福利支出 added up (43,920.68)."""
    conversation = Conversation()
    unit = engine.ask("广州市土地开发中心（本级）2026年基本支出是多少", conversation)
    assert (unit.value, unit.unit) == (Decimal("4808.28"), "万元")
    part = engine.ask("其中工资福利支出呢", conversation)
    assert (part.value, part.unit) == (Decimal("4042.51"), "万元")
    assert figure(engine, "广州市规划和自然资源局工资福利支出多少")[1] == Decimal("43920.68")


def test_a_unit_s_basic_spending_is_its_line_of_the_basic_table(engine: Engine) -> None:
    # 部门预算基本支出预算表: 广州市版权保护中心 407.75; its whole budget (收入总体情况表) is 617.75
    assert figure(engine, "广州市版权保护中心2026年基本支出是多少") == ("answered", Decimal("407.75"), "万元")


def test_a_share_s_whole_is_of_every_fund_when_the_fund_qualifies_the_part(engine: Engine) -> None:
    """p. 7: 一、财政拨款收入 93,784,514 and 收入总计 108,059,614: 86.79%, not the 财政拨款收支预算总表's
    收入总计 (the 93,784,514 again: 100%)."""
    answer = engine.ask("上海科技大学附属学校2026年财政拨款收入占收入总计的比重是多少")
    assert (answer.value, answer.unit) == (Decimal("86.79"), "%")


def test_each_asked_on_its_own_is_not_answered_by_part_of_its_words(engine: Engine) -> None:
    # 财政拨款结转资金 is not 财政拨款 (3,643.37); the second question's 9.00 (p. 29) is answered
    answer = engine.ask("西安安監局2019年財政撥款結轉資金有多少？其中省级工业转型升级资金多少")
    assert answer.value == Decimal("9.00") and "3643.37" not in answer.text


def test_an_organisation_asked_is_not_a_sibling_of_the_same_kind(engine: Engine) -> None:
    # the text states 市建筑工务署文体和水务工程管理中心预算5,647.80万元; no 教育工程管理中心 is printed
    assert figure(engine, "深圳市建筑工务署教育工程管理中心2026年预算是多少？")[1] is None
    answer = engine.ask("深圳市建筑工务署文体和水务工程管理中心2026年预算是多少？")
    assert (answer.value, answer.unit) == (Decimal("5647.80"), "万元")


def test_the_own_level_s_line_of_a_table_listing_each_unit(engine: Engine) -> None:
    """表8 (pp. 48, 51) lists each unit's economic classes under its line: 租赁费 1,639.22 under
    深圳市建筑工务署（本级）, 9.60 under another unit; the department's is their sum."""
    assert figure(engine, "建筑工务署本级一般公共预算租赁费是多少钱？")[1] == Decimal("1639.22")
    assert figure(engine, "建筑工务署租赁费是多少钱？")[1] == Decimal("1648.82")


def test_a_count_names_the_thing_counted(engine: Engine) -> None:
    # 局本级内设29个处室: 29 处室, which is no count of 行政编制
    assert figure(engine, "广州市规划和自然资源局局本级内设几个处室？") == ("answered", Decimal("29"), "个")
    assert figure(engine, "广州市规划和自然资源局局本级有多少个行政编制？")[1] is None


def test_a_whole_named_of_every_kind_of_spending_is_not_the_basic_table_s(engine: Engine) -> None:
    """p. 29: the 一般公共预算基本支出明细表 totals 2,291,949,163.84, of which 人员经费 2,107,314,596.05 (91.94%);
    占一般公共预算支出 is over the whole 一般公共预算 (3,246,385,029.74, p. 26), which the part's table is not."""
    assert figure(engine, "西安市公安局人员经费占基本支出的比例")[1] == Decimal("91.94")
    assert figure(engine, "西安市公安局人员经费占一般公共预算支出的比例")[1] != Decimal("91.94")


def test_a_name_holding_a_joining_word_is_one_item(engine: Engine) -> None:
    # 文化旅游体育与传媒支出 3,320.00 (中共烟台市委宣传部): 与 joins no two items (it was added to itself, 6,640.00)
    assert figure(engine, "中共烟台市委宣传部文化旅游体育与传媒支出总共多少") == (
        "answered",
        Decimal("3320.00"),
        "万元",
    )


def test_a_standard_named_with_a_ranking_word_is_no_ranking(engine: Engine) -> None:
    # 最低工资标准 is a policy's standard: not the project with the least money (4.00万元)
    assert figure(engine, "烟台交通局把最低工资标准调到多少")[1] is None


def test_a_share_of_two_figures_just_given_named_by_their_words(engine: Engine) -> None:
    """广州市规划和自然资源局: 政府采购安排51,952.4万元，其中：…服务类采购预算47,362.27万元; 服务类占采购总额
    is the second over the first (91.16%), not a project whose long name holds 服务类 (0.02%)."""
    conversation = Conversation()
    assert engine.ask("广州市规划和自然资源局2026年政府采购安排多少", conversation).value == Decimal(
        "51952.4"
    )
    assert engine.ask("其中服务类呢", conversation).value == Decimal("47362.27")
    share = engine.ask("服务类占采购总额的百分之几？", conversation)
    assert (share.value, share.unit) == (Decimal("91.16"), "%")


def test_a_code_asked_is_that_code_s_line_not_a_project_of_its_name(tmp_path: Path) -> None:
    """深圳市统计局: 2010505 专项统计业务 701.80 is printed in a 支出总表 read one column off (unreadable);
    the project 专项统计业务 (844.03) is not the 科目 of that code. Without the code, the name's figure."""
    db = tmp_path / "statistics.db"
    store(
        db,
        documents(
            parse_files([CORPUS / "2026_guangdong_shenzhen_statistics_bureau_dept_budget.pdf"], workers=1)
        ),
    )
    engine = Engine.open(db)
    assert figure(engine, "深圳市统计局2026年2010505专项统计业务科目多少")[1] is None
    assert figure(engine, "深圳市统计局2026年专项统计业务多少")[1] == Decimal("844.03")


@pytest.fixture(scope="module")
def guangdong(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """深圳市人社局 (units' lines, a body's name broken over two lines) and 广州市市场监管局."""
    db = tmp_path_factory.mktemp("guangdong") / "guangdong.db"
    names = (
        "2026_guangdong_shenzhen_human_resources_social_security_bureau_dept_budget.pdf",
        "2026_guangdong_guangzhou_market_regulation_bureau_dept_budget.pdf",
    )
    store(db, documents(parse_files([CORPUS / name for name in names], workers=1)))
    return Engine.open(db)


def test_two_questions_in_one_answer_each_found(guangdong: Engine) -> None:
    """p. 58: …固定资产金额424,840.4万元…单价在100万元以上的设备347台: both asked in one message, both
    answered (the first's figure the answer's); one the document does not state is said unanswered."""
    answer = guangdong.ask("广州市市场监督管理局固定资产总额有多少？单价１００万元以上的设备有几台？")
    assert (answer.value, answer.unit) == (Decimal("424840.40"), "万元")
    assert "设备347台" in answer.text and "没有找到" not in answer.text
    assert len(answer.sources) == 2
    one = guangdong.ask("广州市市场监督管理局无人机有几架？单价１００万元以上的设备有几台？")
    assert (one.value, one.unit) == (Decimal("347"), "台")
    assert "无人机" in one.text.split("\n")[-1]


def test_a_piece_of_the_body_s_name_and_another_unit_s_statement_are_not_its_own(guangdong: Engine) -> None:
    """深圳市人社局: its (本级) line of the project table is printed 会保障局（本级） (5.00), and the text states
    深圳市社会保险基金管理局本级预算11,429.20万元: neither is the body's own 本级 budget."""
    answer = guangdong.ask("深圳市人社局本级2026年预算多少？")
    assert answer.value not in (Decimal("5.00"), Decimal("11429.20"))
    unit = guangdong.ask("深圳市人社局深圳鹏城技师学院预算多少")
    assert (unit.value, unit.unit) == (Decimal("37659.13"), "万元")


def test_a_sum_side_read_loosely_as_one_of_several_names_is_not_added(tmp_path: Path) -> None:
    """烟台市人社局: 会议费一共多少（机关和事业单位加起来） — 事业单位 is held by several lines (事业单位医疗
    277.15, …): it is no item to add to 会议费 (10.70 + 277.15 was answered)."""
    db = tmp_path / "yantai.db"
    store(
        db,
        documents(
            parse_files(
                [CORPUS / "2026_shandong_yantai_human_resources_social_security_bureau_dept_budget.pdf"],
                workers=1,
            )
        ),
    )
    answer = Engine.open(db).ask("烟台市人社局一般公共预算基本支出里会议费一共多少（机关和事业单位加起来）")
    assert answer.value != Decimal("287.85") and "事业单位医疗" not in answer.text


def test_and_inside_a_standard_term_joins_no_two_items(tmp_path: Path) -> None:
    """北京市交通委员会 (the narrative file alone, no tables): 公务用车购置和运行维护费。2026年预算数1157.69万元，
    包括公务用车购置费预算666.41万元、公务用车运行维护费预算491.28万元 — one item asked, then its part."""
    db = tmp_path / "beijing.db"
    store(
        db,
        documents(
            parse_files([CORPUS / "2026_beijing_transport_commission_dept_budget_narrative.pdf"], workers=1)
        ),
    )
    engine = Engine.open(db)
    conversation = Conversation()
    answer = engine.ask("北京市交委26年三公经费里公务用车购置和运行维护费一共多少？", conversation)
    assert (answer.value, answer.unit) == (Decimal("1157.69"), "万元")
    answer = engine.ask("其中运行维护费呢", conversation)
    assert (answer.value, answer.unit) == (Decimal("491.28"), "万元")
