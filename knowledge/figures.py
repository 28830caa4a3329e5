"""From names to figures: which stored cell a mention means, and how to cite it.

A ``Figure`` is one amount with its unit and the ``Source`` cell it was read
from. ``Resolver`` picks, among the rows that carry a name, the one a person
most likely means (the 支出总表 for a 功能科目, the 项目支出表 for a project …),
and keeps the others as alternatives to mention.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from knowledge.answer import Source
from knowledge.catalogue import ORDINAL, Catalogue, Entry, canon, project_lines
from knowledge.queries import (
    DocumentRecord,
    IndicatorRecord,
    NarrativeFactRecord,
    ProjectRecord,
    RowRecord,
    TableRecord,
)

MONEY = ("元", "万元", "千元", "亿元")
TOTAL_FUNDS = re.compile(r"资金(申请)?总额")
FACTORS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}
# Which table a row name most naturally comes from, best first.
ROW_PREFERENCE = {
    "projects": 0,
    "expenditure": 1,
    "basic_by_economic": 2,
    "summary": 3,
    "general_budget": 4,
    "income": 5,
    "fiscal_summary": 6,
    "operating_costs": 7,
    "three_public": 8,
    "projects_carryover": 9,
}
TITLE_HINTS = (
    ("一般公共预算", "general_budget"),
    ("收入", "income"),
    ("财政拨款", "fiscal_summary"),
    ("经济科目", "basic_by_economic"),
    ("上年结转", "projects_carryover"),
)


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


@dataclass(slots=True)
class Resolver:
    """Resolves entries of the catalogue to figures, within the selected documents."""

    catalogue: Catalogue
    titles: dict[int, str] = field(default_factory=dict)
    phases: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # a cover title that does not name the body (上海市普陀区2025年区级部门预算) gets it added
        self.phases = {d.id: d.phase for d in self.catalogue.db.documents}
        self.titles = {
            d.id: d.title if d.body in d.title else f"{d.title}（{d.body}）"
            for d in self.catalogue.db.documents
        }

    @property
    def documents(self) -> Sequence[DocumentRecord]:
        return self.catalogue.db.documents

    def source_for_row(self, row: RowRecord, column: str = "") -> Source:
        table = self.catalogue.tables[row.table_id]
        return Source(self.titles[row.document_id], table.title, row.name, column, row.page, row.line)

    def table_of(self, row: RowRecord) -> TableRecord:
        return self.catalogue.tables[row.table_id]

    # --- rows -------------------------------------------------------------------------------------

    def row_figure(self, rows: Sequence[RowRecord], columns: Sequence[str] = ()) -> Figure | None:
        """The value of same-named rows of one table (summed with parts when there are several)."""
        figures = [f for row in rows if (f := self._cell(row, columns)) is not None]
        if not figures:
            return None
        if len(figures) == 1:
            return figures[0]
        total = sum((f.amount for f in figures), Decimal(0))
        first = figures[0]
        return Figure(
            first.label,
            total,
            first.unit,
            first.source,
            tuple(figures),
            "row",
            first.table_kind,
            first.document_id,
        )

    def _cell(self, row: RowRecord, columns: Sequence[str]) -> Figure | None:
        table = self.table_of(row)
        chosen = None
        for wanted in columns:
            for cell in row.cells:
                if _column_is(cell.column, wanted):
                    chosen = cell
                    break
            if chosen:
                break
        if chosen is None and columns:
            for wanted in columns:
                chosen = next((c for c in row.cells if wanted in c.column), None)
                if chosen:
                    break
        if chosen is None and not columns and row.cells:
            # in a 决算 document the 决算数 column is the figure, not the 预算数 printed beside it
            final = self.phases.get(row.document_id) == "决算"
            chosen = next((c for c in row.cells if final and "决算" in c.column), row.cells[0])
        if chosen is None:
            return None
        name = ORDINAL.sub("", row.name)
        label = name if not row.name2 else f"{name}（{row.name2}）"
        return Figure(
            label,
            chosen.amount,
            table.unit,
            self.source_for_row(row, chosen.column),
            (),
            "row",
            table.kind,
            row.document_id,
            str(row.id),
        )

    def rows_named(self, documents: Iterable[int], key: str) -> list[RowRecord]:
        rows: list[RowRecord] = []
        for document_id in documents:
            rows += self.catalogue.rows_by_name.get((document_id, key), [])
            if key.isdigit():
                rows += self.catalogue.rows_by_code.get((document_id, key), [])
        return rows

    def choose_rows(self, rows: Sequence[RowRecord], columns: Sequence[str], text: str) -> Choice | None:
        """Among rows of several tables, the one a person means; the others as alternatives."""
        by_table: dict[int, list[RowRecord]] = {}
        for row in rows:
            by_table.setdefault(row.table_id, []).append(row)
        scored = []
        for table_id, members in by_table.items():
            table = self.catalogue.tables[table_id]
            score = ROW_PREFERENCE.get(table.kind, 10)
            for word, kind in TITLE_HINTS:
                if word in text and table.kind == kind:
                    score -= 20
            if columns and any(self._cell(row, columns) for row in members):
                score -= 40
            scored.append((score, table.position, table_id, members))
        scored.sort(key=lambda item: (item[0], item[1]))
        figures = []
        for _score, _position, _table_id, members in scored:
            coded = {row.code for row in members if row.code}
            if len(coded) > 1:
                members = [row for row in members if row.code == sorted(coded)[0]]
            figure = self.row_figure(members, columns) or self.row_figure(members)
            if figure is not None:
                figures.append(figure)
        if not figures:
            empty = [self.catalogue.tables[t] for _, _, t, _ in scored if self.catalogue.tables[t].empty]
            if empty:
                row = scored[0][3][0]
                return Choice(
                    Figure(
                        row.name,
                        Decimal(0),
                        empty[0].unit,
                        self.source_for_row(row),
                        kind="empty",
                        table_kind=empty[0].kind,
                        document_id=row.document_id,
                    )
                )
            return None
        main = figures[0]
        others = tuple(f for f in figures[1:] if f.amount != main.amount and f.unit == main.unit)
        return Choice(main, others)

    # --- columns, tables, projects, indicators ---------------------------------------------------

    def column_choice(self, documents: Iterable[int], leaf: str, text: str) -> Choice | None:
        rows = []
        for row in self.catalogue.db.rows:
            if row.document_id not in documents or row.code:
                continue
            if not (row.name in ("合计", "总计", "部门合计") or row.name.endswith("合计")):
                continue
            if any(_column_is(cell.column, leaf) for cell in row.cells):
                rows.append(row)
        if not rows:
            return None
        choice = self.choose_rows(rows, (leaf,), text)
        if choice is None:
            return None
        figure = choice.figure
        label = leaf.split("/")[0]
        labelled = replace(figure, label=label, kind="column")
        alternatives = tuple(replace(f, label=label, kind="column", ref="") for f in choice.alternatives)
        return Choice(labelled, alternatives)

    def table_choice(self, table: TableRecord) -> Choice:
        rows = self.catalogue.rows_by_table.get(table.id, [])
        if table.empty or not any(row.cells for row in rows):
            return Choice(
                Figure(
                    table.title,
                    Decimal(0),
                    table.unit,
                    Source(self.titles[table.document_id], table.title, "", "", table.page, table.line),
                    kind="empty",
                    table_kind=table.kind,
                    document_id=table.document_id,
                ),
                note=table.note or "本表无数据",
            )
        total = next(
            (
                r
                for r in rows
                if r.cells and (r.name in ("合计", "总计", "部门合计") or r.name.endswith("合计"))
            ),
            None,
        )
        total = total or next(r for r in rows if r.cells)
        columns: tuple[str, ...] = ()
        if table.kind == "three_public":
            # a Jiangsu 三公 table also prints 会议费 and 培训费; its 合计 column adds them in
            columns = tuple(
                c.column for c in total.cells if "三公" in c.column and c.column.endswith(("小计", "合计"))
            )[:1]
        figure = self.row_figure([total], columns) if columns else self.row_figure([total])
        assert figure is not None
        return Choice(figure)

    def project_choice(self, documents: Iterable[int], key: str) -> Choice | None:
        lines = [
            row
            for document_id in documents
            for row in self.catalogue.project_rows.get(document_id, [])
            if canon(row.name) == key
        ]
        if lines:
            lines.sort(key=lambda row: ROW_PREFERENCE.get(self.table_of(row).kind, 10))
            figure = self.row_figure(lines[:1])
            if figure is not None:
                project = self.project_named(figure.document_id, key)
                figure = replace(figure, parts=(), kind="project", ref=str(project.id) if project else "")
                return Choice(figure)
        for project in self.catalogue.projects.values():
            if project.document_id in documents and canon(project.name) == key:
                figure = self.sheet_figure(project)
                if figure is not None:
                    return Choice(figure)
        return None

    def sheet_figure(self, project: ProjectRecord) -> Figure | None:
        """A project's funds for the year from its performance sheet (元), when no table lists it."""
        totals = [
            (period, source, amount) for period, source, amount in project.funds if TOTAL_FUNDS.search(source)
        ]
        totals.sort(key=lambda item: item[0] != "年度")
        if not totals:
            return None
        period, name, amount = totals[0]
        source = Source(
            self.titles[project.document_id],
            "项目支出绩效目标表",
            project.name,
            name,
            project.page,
            project.line,
        )
        return Figure(
            project.name, amount, "元", source, (), "sheet", "", project.document_id, str(project.id)
        )

    def project_named(self, document_id: int, key: str) -> ProjectRecord | None:
        for project in self.catalogue.projects.values():
            if project.document_id == document_id and canon(project.name) == key:
                return project
        return None

    def project_of_figure(self, figure: Figure) -> ProjectRecord | None:
        if figure.kind in ("project", "sheet", "indicator") and figure.ref:
            project_id = int(figure.ref.split(":", 1)[0]) if figure.ref.split(":", 1)[0].isdigit() else None
            if project_id is not None:
                return self.catalogue.projects.get(project_id)
        return None

    def indicator(self, key: str) -> tuple[ProjectRecord, IndicatorRecord] | None:
        project_id, index = key.split(":")
        project = self.catalogue.projects.get(int(project_id))
        if project is None:
            return None
        return project, project.indicators[int(index)]

    def indicator_figure(self, project: ProjectRecord, item: IndicatorRecord) -> Figure:
        amount, unit = indicator_amount(item)
        source = Source(
            self.titles[project.document_id],
            f"项目支出绩效目标表（{project.name}）",
            item.level3,
            f"{item.period}指标值",
            project.page,
            item.line,
        )
        index = project.indicators.index(item)
        return Figure(
            item.level3,
            amount if amount is not None else Decimal(0),
            unit,
            source,
            (),
            "indicator",
            "",
            project.document_id,
            f"{project.id}:{index}",
        )

    def sheet_source(self, project: ProjectRecord, field_name: str) -> Source:
        return Source(
            self.titles[project.document_id],
            f"项目支出绩效目标表（{project.name}）",
            field_name,
            "",
            project.page,
            project.line,
        )

    def projects_of(self, documents: Iterable[int], *, carryover: bool = False) -> list[RowRecord]:
        kinds = ("projects", "projects_carryover") if carryover else ("projects",)
        return [
            row
            for document_id in documents
            for row in self.catalogue.project_rows.get(document_id, [])
            if self.table_of(row).kind in kinds
        ]

    def narrative_source(self, fact: NarrativeFactRecord) -> Source:
        if fact.passage_id < 0:  # a count stated in a performance sheet's text
            project = self.catalogue.projects[-fact.passage_id]
            source = self.sheet_source(project, "项目概况")
            return Source(source.document, source.table, fact.subject, "", source.page, source.line)
        passage = next(p for p in self.catalogue.db.passages if p.id == fact.passage_id)
        return Source(
            self.titles[fact.document_id],
            passage.heading or passage.part,
            fact.subject,
            "",
            passage.page,
            passage.line,
        )

    def narrative_figure(self, fact: NarrativeFactRecord) -> Figure:
        body = next((d.body for d in self.documents if d.id == fact.document_id), "")
        label = subject_label(fact.subject, body)
        return Figure(
            label, fact.amount, fact.unit, self.narrative_source(fact), (), "narrative", "", fact.document_id
        )


INDICATOR_VALUE = re.compile(
    r"([≥≤<>=]*)\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|元|人|名|次|个|间|套|辆|天|%|平方米|期|场|份|种)?"
)


def _column_is(column: str, wanted: str) -> bool:
    """A column path names ``wanted`` as its leaf, or ends with it when ``wanted`` is a path itself."""
    return column == wanted or column.rsplit("/", 1)[-1] == wanted or column.endswith("/" + wanted)


def indicator_amount(item: IndicatorRecord) -> tuple[Decimal | None, str]:
    """The number an indicator value states, and its unit (400/人/天 under 培训标准 → 400 元)."""
    match = INDICATOR_VALUE.search(item.value)
    if not match:
        return None, ""
    amount = Decimal(match.group(2).replace(",", ""))
    unit = match.group(3) or ""
    if not unit and (re.search(r"标准|经费|费用|成本|补贴|资金|预算", item.level3) or "/" in item.value):
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


def entry_rank(entry: Entry, operation: str) -> int:
    order = {
        "definition": ("glossary", "table", "column", "row", "project", "indicator"),
        "standard": ("indicator", "project", "row", "column", "table", "glossary"),
        "time": ("indicator", "project", "row", "column", "table", "glossary"),
        "people": ("indicator", "project", "row", "column", "table", "glossary"),
        # a share of 基本支出 / 项目支出 is of the 支出总表 total, not of a summary-table line
        "share": ("project", "column", "row", "table", "indicator", "glossary"),
    }.get(operation, ("project", "row", "column", "table", "row2", "indicator", "glossary"))
    return order.index(entry.kind) if entry.kind in order else len(order)


__all__ = [
    "Choice",
    "Figure",
    "Resolver",
    "format_amount",
    "indicator_amount",
    "lcs",
    "plain",
    "project_lines",
]
