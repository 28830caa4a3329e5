"""Figures: one amount with its unit and the ``Source`` it was read from, and how to print it.

A ``Figure`` is what every answer is built on; a ``Choice`` is the figure a name
resolves to with the same name's other figures (``knowledge.resolver`` makes them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from knowledge.answer import Source
from knowledge.catalogue import Entry
from knowledge.plan import Operation
from knowledge.records import IndicatorRecord
from knowledge.vocabulary import THREE_PUBLIC_ITEM

MONEY = ("元", "万元", "千元", "亿元")
CHANGE_REF = "change"  # the ref of a figure that is a change from the year before, not an item's amount
FACTORS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}


@dataclass(frozen=True, slots=True)
class Figure:
    """One amount (or count, or rate) read from a stored cell, with where it came from."""

    label: str
    amount: Decimal
    unit: str
    source: Source
    parts: tuple[Figure, ...] = ()  # when the figure is the sum of several rows
    kind: str = ""  # row | column | project | indicator | narrative | sheet
    table_kind: str = ""
    document_id: int = 0
    ref: str = ""  # project id, indicator key … for follow-ups

    def to_json(self) -> dict[str, Any]:
        """Plain JSON (the amount as its exact decimal text), for a conversation kept across restarts."""
        return {
            "label": self.label,
            "amount": str(self.amount),
            "unit": self.unit,
            "source": self.source.to_json(),
            "parts": [part.to_json() for part in self.parts],
            "kind": self.kind,
            "table_kind": self.table_kind,
            "document_id": self.document_id,
            "ref": self.ref,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figure:
        """The figure ``to_json`` wrote; KeyError, ValueError or TypeError when it is not one."""
        return cls(
            str(data["label"]),
            Decimal(str(data["amount"])),
            str(data["unit"]),
            Source.from_json(data["source"]),
            tuple(cls.from_json(part) for part in data.get("parts", ())),
            str(data.get("kind", "")),
            str(data.get("table_kind", "")),
            int(data.get("document_id", 0)),
            str(data.get("ref", "")),
        )

    def in_unit(self, unit: str) -> Figure:
        """The same figure in another money unit (exact)."""
        if unit == self.unit or self.unit not in FACTORS or unit not in FACTORS:
            return self
        amount = self.amount * FACTORS[self.unit] / FACTORS[unit]
        return replace(self, amount=amount, unit=unit)


@dataclass(frozen=True, slots=True)
class Choice:
    """The figure a mention resolves to, and the same name's other figures worth mentioning."""

    figure: Figure
    alternatives: tuple[Figure, ...] = ()
    fuzzy: str = ""  # the name matched, when it was matched loosely
    note: str = ""


def printed_before_added(choice: Choice) -> Choice:
    """A figure printed for the item (收支总表 75,434.13) before the same item added up from its units'
    lines (75,434.14, each line rounded): the document's own figure answers, the sum is shown beside."""
    figure = choice.figure
    if len(figure.parts) < 2:
        return choice
    slack = Decimal("0.01") * len(figure.parts)
    printed = next(
        (
            other
            for other in choice.alternatives
            if not other.parts
            and other.unit == figure.unit
            and other.amount != figure.amount
            and abs(other.amount - figure.amount) <= slack
        ),
        None,
    )
    if printed is None:
        return choice
    others = tuple(other for other in choice.alternatives if other is not printed)
    return replace(choice, figure=printed, alternatives=(figure, *others))


def format_amount(amount: Decimal, unit: str) -> str:
    """55.00万元 · 550,000元 · 9.81% · 237人."""
    if unit in ("万元", "亿元", "千元"):
        return f"{amount.quantize(Decimal('0.01')):,.2f}".replace(",", "") + unit
    if unit == "元":
        if amount == amount.to_integral_value():
            return f"{int(amount):,}元"
        return f"{amount.quantize(Decimal('0.01')):,.2f}元"
    if unit == "%":
        return f"{amount.quantize(Decimal('0.01'))}%"
    text = f"{amount.normalize():f}" if amount == amount.to_integral_value() else f"{amount}"
    return text + unit


def plain(amount: Decimal, places: int = 2) -> str:
    return f"{amount.quantize(Decimal(1).scaleb(-places))}"


# The kinds of entry each operation prefers for the same name, best first.
ENTRY_ORDER: dict[Operation, tuple[str, ...]] = {
    Operation.DEFINITION: ("glossary", "table", "column", "row", "project", "indicator"),
    Operation.STANDARD: ("indicator", "project", "row", "column", "table", "glossary"),
    Operation.TIME: ("indicator", "project", "row", "column", "table", "glossary"),
    Operation.PEOPLE: ("indicator", "project", "row", "column", "table", "glossary"),
    # a share of 基本支出 / 项目支出 is of the 支出总表 total, not of a summary-table line
    Operation.SHARE: ("project", "column", "row", "table", "indicator", "glossary"),
}
INDICATOR_VALUE = re.compile(
    r"([≥≤<>=]*)\s*(\d[\d,]*(?:\.\d+)?)\s*"
    r"(万元|元|万人次|人次|个次|户次|人|名|次|个|间|台（套）|台|套|辆|天|%|平方米|平方公里|公里|公顷|亩|期|场次|场|份|种|座|项|家|户|件|册|"
    r"条|批次|吨|株|棵|张|本|篇|所|处|学时|课时|小时)?"
)


def indicator_amount(item: IndicatorRecord) -> tuple[Decimal | None, str]:
    """The number an indicator value states, and its unit (400/人/天 under 培训标准 → 400 元)."""
    match = INDICATOR_VALUE.search(item.value)
    if not match:
        return None, ""
    amount = Decimal(match.group(2).replace(",", ""))
    unit = match.group(3) or ""
    if not unit and item.level3.endswith("率"):
        unit = "%"  # 年度预算执行率 =100: a rate, whatever words it holds (预算 is no amount here)
    elif not unit and (re.search(r"标准|经费|费用|成本|补贴|资金|预算", item.level3) or "/" in item.value):
        unit = "元"
    if unit == "名":
        unit = "人"
    return amount, unit


LEADING_WORDS = re.compile(
    r"^(截至)?(\d{4}\s*年(\d+月\d+日)?度?)?(主要包括|主要用于以下方面|主要用于|其中|包括|本单位|本部门)?"
)


def subject_label(subject: str, body: str = "") -> str:
    """A readable label from a narrative clause: without the body's name, the year and lead-in words."""
    label = subject.replace(body, "") if body else subject
    label = LEADING_WORDS.sub("", label.strip("，,：: "))
    if not body:
        label = re.sub(r"^.*?(办公室|办公厅|委员会|局|院|街道办事处|处)(?=.{2,})", "", label)
    label = LEADING_WORDS.sub("", label.strip("，,：: "))
    return label.strip("，,：: ") or subject


def names_every_char(words: str, subject: str) -> bool:
    """Whether ``subject`` names ``words`` (four characters at least): whole, or a two-character word
    of their start or end and every one of their characters, in any order (下属单位 in 2个下属副科级全额
    事业单位, 公开绩效目标项目 in 公开项目绩效目标; not 纳入绩效目标管理特定目标类项目 in 纳入绩效目标管理
    的二级项目: 特定类 is not said there)."""
    if len(words) < 4:
        return False
    if words in subject:
        return True
    return (words[:2] in subject or words[-2:] in subject) and set(words) <= set(subject)


def lcs(a: str, b: str) -> int:
    """Length of the longest common substring."""
    if not a or not b:
        return 0
    best = 0
    previous = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        current = [0] * (len(b) + 1)
        ai = a[i - 1]
        for j in range(1, len(b) + 1):
            if ai == b[j - 1]:
                current[j] = previous[j - 1] + 1
                if current[j] > best:
                    best = current[j]
        previous = current
    return best


def entry_rank(entry: Entry, operation: Operation) -> int:
    """Which kind of entry an operation most likely means, as a sort key (best first)."""
    order = ENTRY_ORDER.get(operation, ("project", "row", "column", "table", "row2", "indicator", "glossary"))
    if entry.kind == "column" and THREE_PUBLIC_ITEM.search(entry.name):
        # 公务接待费 as a column of the “三公” table is disclosed in full there; a 基本支出 row of the
        # same name holds only part of it
        return -2
    if entry.kind == "row" and THREE_PUBLIC_ITEM.search(entry.name):
        # as a row: the “三公” table's line is preferred among the tables printing it (choose_rows),
        # before a project that happens to be called so (因公出国（境）经费 of one unit)
        return -1
    return order.index(entry.kind) if entry.kind in order else len(order)
