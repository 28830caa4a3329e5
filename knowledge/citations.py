"""Where figures come from: the sources of rows, sheets and narrative, and the figures of sheets.

``Citations`` knows each document's title (with the body's name added when the cover
omits it) and turns records into ``Source`` and ``Figure`` values; ``Resolver`` builds
on it to pick among rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from knowledge.aliasing import canon
from knowledge.answer import Source
from knowledge.catalogue import Catalogue
from knowledge.figures import Figure, indicator_amount, subject_label
from knowledge.records import (
    DocumentRecord,
    IndicatorRecord,
    NarrativeFactRecord,
    ProjectRecord,
    RowRecord,
    TableRecord,
)

TOTAL_FUNDS = re.compile(r"资金(申请)?总额")


@dataclass(slots=True)
class Citations:
    """Sources and sheet figures of the catalogue's documents."""

    catalogue: Catalogue
    titles: dict[int, str] = field(default_factory=dict)
    phases: dict[int, str] = field(default_factory=dict)
    years: dict[int, int] = field(default_factory=dict)
    bodies: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # a cover title that does not name the body (上海市普陀区2025年区级部门预算) gets it added
        self.phases = {d.id: d.phase for d in self.catalogue.db.documents}
        self.years = {d.id: d.year for d in self.catalogue.db.documents}
        self.bodies = {d.id: d.body for d in self.catalogue.db.documents}
        self.titles = {
            d.id: d.title if d.body in d.title else f"{d.title}（{d.body}）"
            for d in self.catalogue.db.documents
        }

    @property
    def documents(self) -> Sequence[DocumentRecord]:
        return self.catalogue.db.documents

    def doubts(self, sources: Iterable[Source]) -> list[tuple[str, str]]:
        """(table title, why) of the cited tables whose identities fail beyond rounding."""
        cited = {(source.document, source.table) for source in sources}
        return list(
            dict.fromkeys(
                (table.title, table.doubt)
                for table in self.catalogue.tables.values()
                if table.doubt and (self.titles.get(table.document_id), table.title) in cited
            )
        )

    def source_for_row(self, row: RowRecord, column: str = "") -> Source:
        table = self.catalogue.tables[row.table_id]
        return Source(self.titles[row.document_id], table.title, row.name, column, row.page, row.line)

    def table_of(self, row: RowRecord) -> TableRecord:
        return self.catalogue.tables[row.table_id]

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


COLUMNS_MISREAD = re.compile(r"^\d+行的合计与本行各列之和不符")
FAILED_OF = re.compile(r"^(\d+)处合计与明细之和不符（共核对(\d+)处")


def unreadable(doubt: str) -> bool:
    """Whether a table's doubt says most of its identities fail (two or more, at least half):
    its columns were misread, and no figure of it is given (one failing identity of many is
    a misprint or a misread cell: the answer keeps its note)."""
    if COLUMNS_MISREAD.match(doubt):
        return True  # most lines disagree with their own columns: the columns were misassigned
    match = FAILED_OF.match(doubt)
    if match is None:
        return False
    failed, total = int(match.group(1)), int(match.group(2))
    return failed >= 2 and 2 * failed >= total
