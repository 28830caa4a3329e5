"""The reference document asked in other words than the development set's (ref12, session 8): lists
of three items, carried-over projects, units asked in words, a whole quoted with its figure, another
body of the same county, a standard or a count the document does not state."""

from __future__ import annotations

from decimal import Decimal

import pytest

from knowledge.engine import Engine

D = Decimal


def test_a_sum_of_three_listed_items_adds_all_three(engine: Engine) -> None:
    answer = engine.ask("人代会、常委会会议费、代表培训这三项一共要多少钱")
    assert (answer.status, answer.value, answer.unit) == ("answered", D("160.00"), "万元")
    assert answer.derivation == "85.00 + 20.00 + 55.00 = 160.00万元"
    assert len(answer.sources) == 3
    both = engine.ask("人代会、常委会会议费和代表培训一共多少")
    assert both.value == D("160.00")


def test_a_sum_with_an_item_not_in_the_document_is_not_the_sum_of_the_others(engine: Engine) -> None:
    answer = engine.ask("常委会会议费、代表培训经费、误工费一共多少")
    assert (answer.status, answer.value) == ("not_found", None)
    assert "误工费" in answer.text


def test_the_projects_carried_over_are_listed_alone(engine: Engine) -> None:
    answer = engine.ask("去年结转过来的是哪个项目，钱有多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", D(1), "个")
    assert "2023年市人大代表和代表小组活动经费" in answer.text and "3.59万元" in answer.text
    assert engine.ask("含结转项目一共几个").value == D(17)
    assert engine.ask("项目有几个").value == D(16)


def test_which_project_costs_least_is_the_smallest(engine: Engine) -> None:
    answer = engine.ask("哪个项目花的钱少")
    assert (answer.value, answer.unit) == (D("1.50"), "万元")


@pytest.mark.parametrize(
    ("question", "value", "unit"),
    [
        # units and shares asked in everyday words
        ("“代表在行动”这个栏目一年预算几万块", "8.00", "万元"),
        ("预算连网监督系统今年安排几万", "30.00", "万元"),
        ("服务代表活动保障经费折成元是多少", "355500", "元"),
        ("代表培训经费占项目支出百分之几", "9.81", "%"),
        # padding, and a class named with 和
        ("对个人和家庭的补助一共多少", "86.25", "万元"),  # 和 inside an economic class: no sum
        ("泽州人大现在有多少在职的人", "33", "人"),
        ("你们单位驻村工作队（柳口镇下村村）那个专项给了多少", "1.50", "万元"),
        # paraphrased verbs
        ("泽州人大今年新修常委会会议室安排了多少钱", "65.00", "万元"),  # 新修: the 建设 of its name
        ("智慧人大系统建设申请了多少元", "873000", "元"),
        ("特定目标类项目几个，涉及多少钱", "4", "个"),  # 特定目标类项目4个，涉及金额23.65万元
    ],
)
def test_everyday_words(engine: Engine, question: str, value: str, unit: str) -> None:
    answer = engine.ask(question)
    assert (answer.status, answer.value, answer.unit) == ("answered", D(value), unit)


def test_a_whole_quoted_with_another_figure_than_the_document_s_is_not_divided_by(engine: Engine) -> None:
    answer = engine.ask("智慧人大占本年项目支出预算合计（557.20万元）的百分之几")
    assert (answer.status, answer.value) == ("not_found", None)
    assert "557.20万元" in answer.text and "560.78万元" in answer.text
    quoted_right = engine.ask("代表培训经费占项目支出（560.78万元）的百分之几")
    assert (quoted_right.value, quoted_right.unit) == (D("9.81"), "%")


@pytest.mark.parametrize("question", ["泽州县政协2024年部门预算一共多少", "泽州县人民法院基本支出多少"])
def test_another_body_of_the_loaded_county_is_not_loaded(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert (answer.status, answer.value) == ("not_found", None)
    assert "泽州县人民代表大会常务委员会办公室" in answer.text  # the body that is loaded, named


def test_a_standard_for_something_the_sheet_does_not_name_is_not_another_s(engine: Engine) -> None:
    answer = engine.ask("县人大今年给代表发的误工补贴标准是多少")
    assert (answer.status, answer.value) == ("not_found", None)
    own = engine.ask("人大代表通讯补贴标准")
    assert (own.value, own.unit) == (D(200), "元")


def test_a_count_of_kinds_is_not_answered_with_money(engine: Engine) -> None:
    answer = engine.ask("每个人大代表每年订几种报纸")
    assert answer.value is None or answer.unit not in ("元", "万元")


@pytest.mark.parametrize(
    ("question", "value", "unit", "indicator"),
    [
        ("代表培训的满意度目标是多少", "98", "%", "县人大代表满意度"),
        # the indicator's words in its 二级 and 三级 names (服务对象满意度 · 县人大常委会参会人员)
        ("常委会会议费项目参会人员满意度目标是多少", "95", "%", "县人大常委会参会人员"),
        ("七届六次人代会参会人数多少", "230", "人", "参加会议的代表人数"),
    ],
)
def test_an_indicator_asked_by_its_project_s_words_and_its_own(
    engine: Engine, question: str, value: str, unit: str, indicator: str
) -> None:
    answer = engine.ask(question)
    assert (answer.status, answer.value, answer.unit) == ("answered", D(value), unit)
    assert answer.sources[0].row == indicator
    assert engine.ask("七届六次人代会多少钱").value == D("85.00")  # its funds, no indicator


def test_a_ranking_within_a_column_of_the_basic_expenditure_table(engine: Engine) -> None:
    """公用经费里哪一项最多 ranks the classes by their 公用经费 column (办公费 41.70), not by their
    totals (基本工资 158.28, which has no 公用经费); 经济科目 says which population."""
    within = engine.ask("县人大基本支出的公用经费里头，哪一项花钱最多")
    assert (within.value, within.unit) == (D("41.70"), "万元") and "办公费" in within.text
    classes = engine.ask("基本支出经济科目哪个最多")
    assert (classes.value, classes.unit) == (D("158.28"), "万元") and "经济科目" in classes.text
