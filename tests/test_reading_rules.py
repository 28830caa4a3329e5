"""General reading rules found on documents of other families, each on lines as those documents
print them (names and figures copied from the pages cited)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.meta import canonical_body
from ingest.model import Fact, TableRow
from ingest.names import short_names
from ingest.tables import _codes_read_as_amounts, inline_groups
from knowledge.catalogue import YEAR_LABEL
from knowledge.likeness import other_numbers, other_place
from knowledge.records import DocumentRecord
from knowledge.routing import Bodies
from knowledge.stated import STATED_NONE


def row(position: int, name: str, *printed: str, code: str = "") -> TableRow:
    facts = tuple(Fact(f"列{i}", Decimal(p.replace(",", "")), p) for i, p in enumerate(printed))
    return TableRow(position=position, name=name, line=position, page=1, facts=facts, code=code)


def test_unit_subtotal_rows_group_the_projects_under_them() -> None:
    # 珠海市商务局 2026, 表12 (p. 22-24), cut to two units of two and one projects
    rows = [
        row(0, "合计", "7,855.45"),
        row(1, "珠海市商务局", "7,355.45"),
        row(2, "口岸现场水电费", "6,905.22"),
        row(3, "查验配套服务费", "450.23"),
        row(4, "珠海市贸易服务中心", "500.00"),
        row(5, "会展购买服务经费", "500.00"),
    ]
    grouped = inline_groups(rows)
    assert [r.group for r in grouped] == ["", "", "珠海市商务局", "珠海市商务局", "", "珠海市贸易服务中心"]


def test_a_plain_project_list_is_left_as_it_is() -> None:
    rows = [
        row(0, "合计", "100.00"),
        row(1, "甲项目", "60.00"),
        row(2, "乙项目", "30.00"),
        row(3, "丙项目", "10.00"),
    ]
    assert inline_groups(rows) == rows


def test_codes_in_an_amount_column_become_codes_when_they_form_a_tree() -> None:
    # 深圳市统计局 2026 支出总表: 类/款/项 codes landed beside the names
    rows = [
        row(0, "社会保障和就业支出", "205", "193.00"),
        row(1, "行政事业单位养老支出", "20508", "193.00"),
        row(2, "培训支出", "2050803", "193.00"),
    ]
    read = _codes_read_as_amounts(rows)
    assert [(r.code, r.level, r.parent_code, [f.printed for f in r.facts]) for r in read] == [
        ("205", 1, "", ["193.00"]),
        ("20508", 2, "205", ["193.00"]),
        ("2050803", 3, "20508", ["193.00"]),
    ]


def test_amounts_printed_without_decimals_stay_amounts() -> None:
    # 江苏省人民检察院 2019 “三公”经费表: 80 | 237 | 700 beside 1276.7 are amounts (no tree)
    rows = [row(0, "合计", "1276.7", "80", "237", "700"), row(1, "会议费", "158.44"), row(2, "培训费", "700")]
    assert _codes_read_as_amounts(rows) == rows


@pytest.mark.parametrize(
    ("body", "typed"),
    [
        ("福州市医疗保障局", "福州医保局"),
        ("无锡市应急管理局", "无锡应急局"),
        ("湖州市交通运输局", "湖州交通局"),
        ("北京市信访办公室", "北京信访办"),
        ("重庆市人民政府办公厅", "重庆市政府办"),
    ],
)
def test_bodies_go_by_the_short_names_people_use(body: str, typed: str) -> None:
    assert typed in short_names(body)


def test_a_consolidated_body_is_the_body() -> None:
    assert canonical_body("西安市审计局（汇总）") == "西安市审计局"
    assert canonical_body("泉州市公安局（本级）") == "泉州市公安局"


def test_a_year_label_is_no_name() -> None:
    assert YEAR_LABEL.fullmatch("2026年") and YEAR_LABEL.fullmatch("2025年预算数")
    assert not YEAR_LABEL.fullmatch("2023年市人大代表和代表小组活动经费")


def test_a_loose_match_never_differs_in_numbers() -> None:
    assert other_numbers("三类会议费", "一类会议费")
    assert other_numbers("七届五次人代会", "七届六次人代会")
    assert not other_numbers("七届六次人代会经费", "七届六次人代会")
    assert not other_numbers("代表培训经费", "代表陪训")


def _bodies(*names: str) -> Bodies:
    return Bodies.build(
        DocumentRecord(i, name, name, short_names(name), 2026, "预算", "部门", (), ())
        for i, name in enumerate(names)
    )


def test_a_short_form_after_a_loaded_place_names_that_place_body() -> None:
    loaded = _bodies("福州市公安局交通管理支队", "上海市刑事科学技术研究院", "北京市财政局")
    assert loaded.find("福州交警支队2026年三公经费").bodies == ("福州市公安局交通管理支队",)
    assert loaded.find("上海刑科院2026年其他收入").bodies == ("上海市刑事科学技术研究院",)


def test_another_body_of_a_loaded_place_is_not_taken_for_a_neighbour() -> None:
    loaded = _bodies("福州市公安局交通管理支队", "北京市财政局", "阳城县财政局")
    assert loaded.find("福州市教育局三公经费").bodies == ()
    assert loaded.find("北京市财政科学研究所2026年预算是多少").bodies == ()  # a 研究所 is not its 局
    assert loaded.find("阳城县民政局基本支出多少").bodies == ()  # 民政 and 财政 share one character


def test_a_document_saying_it_has_none_of_an_item() -> None:
    # 上海市海洋监测预报中心 2026 (p. 20) and 江苏省人民检察院 2017 (p. 21), as printed
    found = [m.group("item") for m in STATED_NONE.finditer("二、机关运行经费预算本单位无机关运行经费。")]
    assert found == ["机关运行经费"]
    found = [m.group("item") for m in STATED_NONE.finditer("本部门无政府性基金预算。")]
    assert found == ["政府性基金"]


def _project_table(lines: list[tuple[str, ...]]) -> list[tuple[str, list[str]]]:
    from ingest.model import Line
    from ingest.tables import KIND_BY_KEY, parse_table

    body = [Line(number, 1, cells) for number, cells in enumerate(lines, start=2)]
    table = parse_table(KIND_BY_KEY["projects"], "项目支出总表", "表5", Line(1, 1, ("项目支出总表",)), body)
    return [(row.name, [fact.printed for fact in row.facts]) for row in table.rows]


def test_two_figures_read_as_one_cell_are_two_cells() -> None:
    """Shenzhen 项目支出总表 (no rules): 退役军人补助 | 38,997.60 38,997.60 | 0.00 — the 总计 and 财政拨款
    figures run together in one cell, which was no figure; the row's first figure became 0.00."""
    rows = _project_table(
        [
            ("项目名称", "总计", "财政拨款", "单位资金"),
            ("福利彩票公益金项目", "357.50", "0.00", "357.50"),
            ("退役军人补助", "38,997.60 38,997.60", "0.00"),
        ]
    )
    assert rows[-1] == ("退役军人补助", ["38,997.60", "38,997.60", "0.00"])


def test_a_grid_line_with_every_cell_is_not_split() -> None:
    """A line that has a cell for every column keeps a cell holding two figures as it is (no figure):
    splitting it would move every figure after it one column right."""
    rows = _project_table(
        [
            ("项目名称", "总计", "财政拨款", "单位资金"),
            ("退役军人补助", "38,997.60 38,997.60", "0.00", "0.00"),
        ]
    )
    assert rows[-1] == ("退役军人补助", ["0.00", "0.00"])


def test_a_loose_match_never_differs_in_place() -> None:
    assert other_place("广州市第四次全国农业普查经费", "深圳市第四次全国农业普查项目")
    assert not other_place("深圳市第四次全国农业普查经费", "深圳市第四次全国农业普查项目")
    assert not other_place("第四次全国农业普查经费", "深圳市第四次全国农业普查项目")  # no place: words
    assert not other_place("市级人才专项经费", "深圳市人才专项经费")  # 市级 is a level, not a place


def test_a_government_s_office_for_a_matter_goes_by_the_matter() -> None:
    names = short_names("深圳市人民政府口岸办公室")
    assert {"深圳市口岸办", "口岸办", "深圳口岸办公室"} <= set(names)
    assert "政府办" in short_names("西安市人民政府办公厅")  # the government's own office, as before


def test_a_count_s_noun_may_follow_its_number() -> None:
    """福州市鼓楼生态环境局 2026 (p. 4): 有几个下属单位 is the 2, not the 4 处室 before it."""
    from ingest.narrative import extract_facts

    sentence = "从预算单位构成看，福州市鼓楼生态环境局包括4个机关行政处（科、股）室及2个下属单位，其中：列入"
    assert [(f.subject, f.value, f.unit) for f in extract_facts(sentence)] == [
        ("福州市鼓楼生态环境局包括机关行政处室", 4, "个"),
        ("室及下属单位", 2, "个"),
    ]
    assert [f.subject for f in extract_facts("共有车辆 445台，其中")] == ["共有车辆"]


def test_the_projects_of_a_list_printing_categories_above_them() -> None:
    """西安市审计局 2026 专项业务经费支出表 (p. 32) as printed, after its total 8,490,507.50: 通用项目,
    大型活动, 审计培训, 购买服务…, 购买中介机构审计服务, 专用项目, 审计业务经费, 审计事务, 审计专项补助经费,
    审计专项补助经费（结转）: five projects under their categories and levels."""
    from decimal import Decimal as D

    from ingest.levels import project_leaves

    amounts = [
        D(a)
        for a in "3650000 150000 150000 3500000 3500000 4840507.50 4840507.50 2858680 1000000 981827.50".split()
    ]
    assert project_leaves(amounts, D("8490507.50")) == [2, 4, 7, 8, 9]
    # a list that adds up as printed is a list of projects, equal neighbours and all
    assert project_leaves([D(10), D(10), D(5)], D(25)) == [0, 1, 2]
    # no reading reaches the total: the lines as printed
    assert project_leaves([D(10), D(10), D(5)], D(99)) == [0, 1, 2]
