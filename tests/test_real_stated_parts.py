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


def test_an_item_asked_within_project_spending_is_the_text_s_line_of_it(engine: Engine) -> None:
    """The reference's 基本支出 table prints 其他交通费用 21.54 and 办公费 41.70; its text lists 项目支出
    560.78万元，主要包括：…办公费53.11万元…其他交通费用28.43万元: asked within 项目支出, those."""
    assert engine.ask("县人大项目支出里头其他交通费用安排了几万").value == D("28.43")
    assert engine.ask("县人大基本支出里的办公费").value == D("41.70")
    both = engine.ask("泽州县人大基本支出里的办公费和项目支出里的办公费加一块是多少")
    assert (both.value, both.unit) == (D("94.81"), "万元")
    assert "41.70 + 53.11" in both.text


def test_a_ranking_within_a_line_named_ranks_the_lines_under_it(engine: Engine, real_engine: Engine) -> None:
    top = engine.ask("县人大基本支出里对个人和家庭的补助，哪一项最多")
    assert (top.value, top.unit) == (D("60.46"), "万元") and "退休费" in top.text
    top = engine.ask("县人大工资福利支出里哪一项最多")
    assert top.value == D("158.28") and "基本工资" in top.text
    # 公用经费 alone names the 基本支出 classes: ranked by that column (not the projects)
    assert "办公费" in engine.ask("县人大公用经费里哪一项最多").text
    # by 科目 code: the 303 lines under 303 对个人和家庭的补助 (退休费 1963.45 above 提租补贴 1959.99)
    top = real_engine.ask("江苏省高院2017年对个人和家庭的补助里哪项最多")
    assert top.value == D("1963.45") and "退休费" in top.text


def test_an_item_within_a_table_named_is_read_in_that_table(real_engine: Engine) -> None:
    # 30211 差旅费 794.80 of the 机关运行经费 table, not the 200.00 of the 基本支出 table
    assert real_engine.ask("省政协办公厅17年机关运行经费里差旅费多少钱").value == D("794.80")


def test_a_year_by_its_last_two_chinese_digits(real_engine: Engine) -> None:
    answer = real_engine.ask("江苏人大办公厅一七年社会保障和就业支出为啥涨了")
    assert "政策性调增离退休人员工资" in answer.text and "2017" in answer.sources[0].document


def test_names_asked_are_no_count(real_engine: Engine) -> None:
    """本部门包括27个内设机构、1个下属差额拨款事业单位…具体包括：(the names are not in the text read):
    是哪个 asks the name; the sentence is given, not 1 as the answer."""
    answer = real_engine.ask("江苏省高院18年下面的差额拨款事业单位是哪个")
    assert answer.value is None and "差额拨款事业单位" in answer.text
    assert real_engine.ask("江苏省高院18年有几个差额拨款事业单位").value == D("1")


def test_a_follow_up_naming_a_year_repeats_a_share_in_that_year(real_engine: Engine) -> None:
    conversation = Conversation()
    real_engine.ask("江苏省政协办公厅17年因公出国（境）费多少", conversation)
    assert real_engine.ask("占三公经费的比例呢", conversation).value == D("11.24")
    again = real_engine.ask("2018年呢", conversation)
    assert again.value == D("15.70") and "106.00 ÷ 675.10" in again.text


def test_a_change_stated_in_the_sentence_after_the_amount(real_engine: Engine) -> None:
    """项目支出预算数为4,968.34万元。与上年相比增加1,653.66万元，增长49.89%。 (not 按支出用途分类，基本支出
    增加498.72万元, the first change naming 项目支出)."""
    conversation = Conversation()
    assert real_engine.ask("江苏省政协办公厅2019年项目支出多少", conversation).value == D("4968.34")
    change = real_engine.ask("比上年多多少", conversation)
    assert change.value == D("1653.66") and change.text.startswith("【江苏省政协办公厅】项目支出比上年增加")


def test_counts_of_units_and_departments_by_every_word_said(engine: Engine, real_engine: Engine) -> None:
    """有1个行政编制单位和2个下属副科级全额事业单位组成: 下属单位 in order in its words; 处室 and 内设机构
    are one kind of count (江苏省人民检察院 2017: 包括23个内设机构)."""
    answer = engine.ask("县人大有几个下属单位")
    assert (answer.value, answer.unit) == (D("2"), "个")
    assert real_engine.ask("江苏省检察院17年有几个处室").value == D("23")
    # the words in order, every one of them: 特定目标类 is not 二级 (16 二级项目 is no answer)
    answer = real_engine.ask("泽州县人大常委会2024年纳入绩效目标管理的特定目标类项目有几个")
    assert answer.value != D("16")


def test_a_year_before_the_one_loaded_is_derived_from_the_change_stated(engine: Engine) -> None:
    """Only the 2024 document is loaded: 机关运行经费 2023 is its 68.15万元 plus the 6.20 decrease it states."""
    answer = engine.ask("县人大机关运行经费，2023年的预算是多少来着")
    assert (answer.value, answer.unit) == (D("74.35"), "万元") and "68.15 + 6.20" in answer.text
    # two years before: nothing states it
    assert engine.ask("县人大2022年机关运行经费多少").status == "not_found"


def test_a_stated_count_followed_into_other_years(real_engine: Engine) -> None:
    """2017 机构设置包括23个内设机构; 2018 本部门包括19个内设机构; 2019 行政装备处等21个内设机构."""
    conversation = Conversation()
    assert real_engine.ask("江苏省检察院17年有几个内设机构", conversation).value == D("23")
    assert real_engine.ask("18年呢", conversation).value == D("19")
    assert real_engine.ask("19年呢", conversation).value == D("21")


def test_public_costs_ranked_by_their_classes_where_no_column_splits_them(real_engine: Engine) -> None:
    """The Jiangsu 基本支出 table prints one 金额 column: 公用经费 is its 302 (and 310) classes."""
    top = real_engine.ask("省委办公厅19年公用经费里哪一项花钱最多")
    assert (top.value, top.unit) == (D("450.00"), "万元") and "办公费" in top.text


def test_why_with_padding_after_a_change(real_engine: Engine) -> None:
    conversation = Conversation()
    real_engine.ask("江苏省人大常委会办公厅2018年行政运行多少", conversation)
    assert real_engine.ask("比上年多多少", conversation).value == D("1826.38")
    assert "预留机动人员工资福利支出增加" in real_engine.ask("为啥增加这么多", conversation).text


def test_a_ranking_of_some_projects_is_not_a_ranking_of_all(engine: Engine) -> None:
    """重点项目里哪个最贵: the document marks no project 重点; the largest of all (“智慧人大”系统建设) is
    not the answer. Padding around 项目 restricts nothing."""
    assert engine.ask("县人大重点项目里哪个最贵").status == "not_found"
    for question in ("县人大哪个项目最贵", "县人大哪个项目资金盘子最大", "县人大花钱最多的项目是哪个"):
        answer = engine.ask(question)
        assert (answer.value, answer.unit) == (D("87.30"), "万元") and "智慧人大" in answer.text


def test_a_ranking_within_a_classification_of_projects_is_not_of_the_projects(engine: Engine) -> None:
    """项目支出按经济分类哪一类钱最多: the text lists 项目支出 by class (设备购置157.3万元 …) but no table
    ranks it; the largest project (“智慧人大”系统建设 87.30) is not the answer."""
    answer = engine.ask("项目支出按经济分类哪一类钱最多")
    assert answer.value != D("87.30")
