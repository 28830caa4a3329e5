"""Counts the narrative states in any count word (人次, 件, 台（套）), procurement classes by their
catalogue letter (货物A, 服务C), what a line is used for (主要用于), and everyday question words (为啥),
over the real documents (real12)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.narrative import extract_facts
from knowledge.aliasing import aliases
from knowledge.engine import Engine

D = Decimal


@pytest.fixture(scope="module")
def real_engine(real_db: Path) -> Engine:
    return Engine.open(real_db)


def test_a_count_in_a_list_of_counts_is_of_the_clause_before_the_list() -> None:
    facts = extract_facts("主要用于接待上级部门调研，列明公务接待2批次、26人次，其中：接待外宾0批次、0人次。")
    assert [(f.subject, f.value, f.unit) for f in facts[:2]] == [
        ("列明公务接待", D(2), "批次"),
        ("列明公务接待", D(26), "人次"),  # 人次 counts visits: no 人 (people) read out of it
    ]
    (_, devices) = extract_facts("单价20万元（含）以上的设备69台（套）。")
    assert (devices.subject, devices.value, devices.unit) == ("单价20万元以上的设备", D(69), "台（套）")


@pytest.mark.parametrize(
    ("question", "value", "unit"),
    [
        ("普陀区规划和自然资源局24年公务接待了多少人次", "26", "人次"),
        ("省人大常委会办公厅2019年单价20万以上的设备有几台套", "69", "台（套）"),
        ("江苏省委办公厅2019年单价20万元以上设备有几台套", "33", "台（套）"),
        ("江苏省政协2017年预计办理多少件提案", "700", "件"),
        ("社会福利院2024年手里有几辆车", "2", "辆"),  # 手里: no holder of its own
    ],
)
def test_counts_stated_in_the_narrative(real_engine: Engine, question: str, value: str, unit: str) -> None:
    answer = real_engine.ask(question)
    assert (answer.status, answer.value, answer.unit) == ("answered", D(value), unit)


def test_procurement_class_names_with_their_letter_before_or_after() -> None:
    assert {"货物", "货物类"} <= set(aliases("A-货物")) and {"服务", "服务类"} <= set(aliases("三、服务C"))


def test_procurement_classes_by_their_catalogue_letter(real_engine: Engine) -> None:
    services = real_engine.ask("省人大办公厅17年政府采购服务类多少")
    assert (services.value, services.unit) == (D("2188.85"), "万元")
    assert services.sources[0].row == "三、服务C"
    share = real_engine.ask("省人大办公厅17年政府采购里服务类占采购总计的比例是多少")
    assert (share.value, share.unit) == (D("97.38"), "%")
    assert "2188.85 ÷ 2247.85 = 97.38%" in share.text
    goods = real_engine.ask("省高院二〇一九年政府采购里货物占采购合计的比例")
    assert (goods.value, goods.unit) == (D("31.33"), "%")


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("江苏省委办公厅19年项目支出为啥增加了", "行政运转保障经费"),
        ("普陀区商务委25年因公出国费为啥是0", "区外办统一安排"),  # 因公 typed: not 因公因公出国(境)费
    ],
)
def test_why_asked_as_people_type_it(real_engine: Engine, question: str, reason: str) -> None:
    answer = real_engine.ask(question)
    assert answer.status == "answered" and reason in answer.text


@pytest.mark.parametrize(
    ("question", "value", "unit", "use"),
    [
        # the line named across a heading and its sentence: …社会工作事务（款）其他社会工作 | 事务支出（项）。主要用于：…
        (
            "普陀区委社会工作部2024年其他社会工作事务支出多少，主要用来干嘛",
            "202.24",
            "万元",
            "新建部门开办费",
        ),
        ("普陀区司法局2026年基层司法业务预算多少，主要干啥", "21703947", "元", "人民调解、医患纠纷"),
    ],
)
def test_what_an_item_is_used_for_beside_its_figure(
    real_engine: Engine, question: str, value: str, unit: str, use: str
) -> None:
    answer = real_engine.ask(question)
    assert (answer.status, answer.value, answer.unit) == ("answered", D(value), unit)
    assert f"主要用于：{use}" in answer.text
    assert answer.sources[-1].column == "" and answer.sources[-1].page  # the sentence stating it, cited


def test_a_project_described_in_numbered_sections_is_a_project(real_engine: Engine) -> None:
    """p. 23: 人民调解项目经费情况说明 — 五、实施周期 2025年1月1日-2025年12月31日, 六、年度预算安排 795万元."""
    funds = real_engine.ask("普陀司法局2026年人民调节项目多少钱")  # 调节: a typo of 调解
    assert (funds.status, funds.value, funds.unit) == ("answered", D("7950000"), "元")
    assert funds.sources[0].page == 23
    period = real_engine.ask("普陀司法局2026年人民调解项目的实施周期")
    assert "2025年1月1日-2025年12月31日" in period.text
    # four projects under one title (科技创新专项经费情况说明): none is taken for 科技创新专项
    assert real_engine.ask("普陀区商务委25年科技创新专项多少钱").value not in (
        D("17200000"),
        D("11700000"),
        D("14100000"),
        D("29210000"),
    )


def test_an_item_named_only_as_what_a_line_is_used_for(real_engine: Engine) -> None:
    """“…其他住房保障支出（项）”2026年度预算30万元，2025年度预算0万元，主要用于：国债电梯补贴。"""
    answer = real_engine.ask("石泉路街道2026年国债电梯补贴安排了多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", D("30"), "万元")
    assert "其他住房保障支出" in answer.text
