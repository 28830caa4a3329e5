"""项目经费情况说明: a project described in numbered sections of the text rather than in a sheet
(Shanghai: 人民调解项目经费情况说明 — 一、项目概述 … 六、年度预算安排 795万元 七、绩效目标 …).

The narrative reader keeps each section as a passage under the description's title; here the
passages under one title become a ProjectSheet: its sections as the sheet's fields, and the year's
budget as its funds when the section states one amount (795万元, 2025年度项目总预算1720.00万).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from ingest.model import UNIT_FACTORS, Passage, ProjectSheet

TITLE = re.compile(r"^(?P<name>[^，,。；;：:]{2,40}?)经费情况说明$")
# the section headings and the sheet fields they are (一、项目概述 is the sheet's 项目概况)
SECTIONS = {
    "项目概述": "项目概况",
    "立项依据": "立项依据",
    "实施主体": "实施单位",
    "实施方案": "项目实施计划",
    "实施周期": "项目期",
    "年度预算安排": "年度预算安排",
    "绩效目标": "总体目标（年度）",
}
NUMBERED = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*")
# the year's budget: the section is one amount, or opens with the project's total (项目总预算1720.00万)
ONE_AMOUNT = re.compile(
    r"^\s*(?:\d{4}年度?)?(?:项目)?(?:总预算|预算)?\s*([\d,]+(?:\.\d+)?)\s*(万元|万|元)[。，,]?"
)


def parse_descriptions(passages: Sequence[Passage]) -> list[ProjectSheet]:
    """One sheet per described project whose title names it (not the bare 项目经费情况说明)."""
    sheets: list[ProjectSheet] = []
    current: dict[str, str] = {}
    first: Passage | None = None
    name = ""
    for passage in (*passages, None):
        title = TITLE.match(passage.part.strip()) if passage is not None else None
        section = NUMBERED.sub("", passage.heading.strip()) if passage is not None else ""
        # a new title, or a section again under the same title (the next project)
        starts = passage is None or title is None or first is None or passage.part != first.part
        starts = starts or section in current
        if starts and first is not None and name:
            sheets.append(_sheet(name, first, current))
        if passage is None or title is None:
            current, first, name = {}, None, ""
            continue
        if starts:
            current, first = {}, passage
            name = title.group("name") if title.group("name") not in ("项目", "专项") else ""
        if section in SECTIONS:
            current[section] = passage.text.strip()
    # several projects under one title (科技创新专项经费情况说明, four times): none is named by it
    counts = Counter(sheet.name for sheet in sheets)
    return [sheet for sheet in sheets if counts[sheet.name] == 1]


def _sheet(name: str, first: Passage, sections: dict[str, str]) -> ProjectSheet:
    fields = {SECTIONS[key]: text for key, text in sections.items() if text}
    funds: dict[str, Decimal] = {}
    budget = ONE_AMOUNT.match(sections.get("年度预算安排", ""))
    if budget:
        unit = "万元" if budget.group(2) == "万" else budget.group(2)  # (1720.00万: 万元)
        funds["年度/资金总额"] = Decimal(budget.group(1).replace(",", "")) * UNIT_FACTORS[unit]
    return ProjectSheet(name=name, line=first.line, page=first.page, fields=fields, funds=funds)
