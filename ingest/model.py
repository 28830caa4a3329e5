"""What the ingest produces: plain frozen records, independent of SQLite.

A disclosure document is read into lines of cells (``Line``), then parsed into
tables (``BudgetTable``), project performance sheets (``ProjectSheet``),
narrative passages (``Passage``) and glossary entries (``GlossaryEntry``).
Amounts are ``Decimal`` in the unit the document prints; ``to_fen`` turns them
into integer 分 (hundredths of a 元) for exact storage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

UNIT_FACTORS: dict[str, int] = {"元": 1, "千元": 1_000, "万元": 10_000, "亿元": 100_000_000}


def to_fen(amount: Decimal, unit: str) -> int:
    """Exact integer 分 for an amount printed in ``unit`` (元, 万元 …)."""
    fen = amount * UNIT_FACTORS[unit] * 100
    return int(fen.to_integral_value())


@dataclass(frozen=True, slots=True)
class Line:
    """One physical line of the document: its cells as printed (tab or column split)."""

    number: int  # 1-based line number in the extracted text
    page: int | None
    cells: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(self.cells)


@dataclass(frozen=True, slots=True)
class Document:
    """The raw document: where it came from and its lines."""

    source: str  # file name as given
    sha256: str
    lines: tuple[Line, ...]
    kind: str = "text"  # text | pdf


@dataclass(frozen=True, slots=True)
class Fact:
    """One numeric cell: the column it sits in and its exact amount."""

    column: str  # flattened header path, e.g. 本年收入/一般公共预算
    amount: Decimal
    printed: str


@dataclass(frozen=True, slots=True)
class TableRow:
    """A table row: 科目 code and name (plus a second name column where printed) and its facts."""

    position: int
    name: str
    line: int
    page: int | None
    facts: tuple[Fact, ...]
    code: str = ""  # 功能科目 code such as 2010108
    level: int = 0  # 1 类, 2 款, 3 项 (0: no code)
    parent_code: str = ""
    section: str = ""  # 收入 / 支出 for the side-by-side summary tables
    name2: str = ""  # e.g. 政府预算支出经济科目 beside 部门预算支出经济科目
    group: str = ""  # the heading row this row falls under (工资福利支出 …)


@dataclass(frozen=True, slots=True)
class BudgetTable:
    """One standard table, recognised by its title."""

    kind: str  # see ingest.tables.KINDS
    number: int  # standard position 1..13 of the 2024-style set
    title: str  # as printed (broken lines joined)
    label: str  # 预算公开表1, 部门公开表9, 表十二 … or ""
    unit: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    empty: bool  # published as 本表无数据 or with no figures
    line: int
    page: int | None
    note: str = ""
    # columns whose figures some rows printed without saying where (a text that lost its
    # empty cells): known where present, but not to be summed against a parent's
    incomplete: tuple[str, ...] = ()
    # why its figures are in doubt: its identities fail beyond rounding ("" when they hold)
    doubt: str = ""


@dataclass(frozen=True, slots=True)
class Indicator:
    """One row of a performance sheet: 一级/二级/三级指标 and 指标值, per period."""

    period: str  # 实施期 | 年度
    level1: str
    level2: str
    level3: str
    value: str
    line: int


@dataclass(frozen=True, slots=True)
class ProjectSheet:
    """A 项目支出绩效目标表: the project's description, funds (元) and indicators."""

    name: str
    line: int
    page: int | None
    fields: dict[str, str] = field(hash=False)  # 主管部门, 实施单位, 项目属性, 项目期, 项目概况 …
    funds: dict[str, Decimal] = field(hash=False)  # 实施期/市县(区)财政资金 … in 元
    indicators: tuple[Indicator, ...] = ()


@dataclass(frozen=True, slots=True)
class NarrativeFact:
    """A figure stated in a sentence of the narrative, with what it is about."""

    subject: str  # the words before the figure, e.g. 机关运行经费财政拨款预算
    value: Decimal
    unit: str  # 万元, 元, %, 人, 辆, 平方米 …
    kind: str  # amount | count | percent | increase | decrease | share
    sentence: str


@dataclass(frozen=True, slots=True)
class Passage:
    """A narrative section or numbered sub-section, with the figures it states."""

    part: str  # 第一部分 概况 …
    heading: str  # 八、机关运行经费增减变动原因说明
    text: str
    line: int
    page: int | None
    facts: tuple[NarrativeFact, ...] = ()


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """名词解释: a term and the document's own definition."""

    term: str
    definition: str
    line: int


@dataclass(frozen=True, slots=True)
class Check:
    """One reconciliation identity and whether the document satisfies it."""

    name: str
    table: str
    expected: Decimal
    actual: Decimal
    holds: bool
    detail: str
    # how far the printed figures may disagree through rounding alone: half a unit in the last
    # printed place for each figure of the identity (0.03 万元 for a total of 5 rows in 0.01 万元)
    rounding: Decimal = Decimal(0)
    # an identity within one line, across two or more columns (支出总计 = 基本支出 + 项目支出): when
    # most lines fail it, the table's columns were misassigned
    across: bool = False

    @property
    def fails_beyond_rounding(self) -> bool:
        return not self.holds and abs(self.expected - self.actual) > self.rounding


@dataclass(frozen=True, slots=True)
class Meta:
    """Who published the document, for which year, phase and scope."""

    body: str  # 部门名称 / 单位名称 in full
    year: int
    phase: str  # 预算 | 决算
    scope: str  # 部门 | 单位
    title: str


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """Everything the ingest extracted from one document."""

    source: Document
    meta: Meta
    tables: tuple[BudgetTable, ...]
    projects: tuple[ProjectSheet, ...]
    passages: tuple[Passage, ...]
    glossary: tuple[GlossaryEntry, ...]
    checks: tuple[Check, ...]
    warnings: tuple[str, ...]
    parts: tuple[
        Document, ...
    ] = ()  # the other files of a document published as several (narrative + tables)
    # search tokens of each entry text, segmented in the worker that parsed the document
    # (ingest.search.segment); empty when not done, e.g. for a document combined from parts
    tokens: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def files(self) -> tuple[Document, ...]:
        """Every file the document was read from, the first one first."""
        return (self.source, *self.parts)
