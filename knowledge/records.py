"""The records the engine answers from: plain frozen rows of the knowledge base."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from textnorm.normalize import normalize


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    id: int
    title: str
    body: str
    short_names: tuple[str, ...]
    year: int
    phase: str
    scope: str
    sources: tuple[str, ...]
    warnings: tuple[str, ...]

    def names(self) -> tuple[str, ...]:
        """The body's names as they are typed and as a question is read (normalize: 五台县 → 5台县)."""
        typed = (self.body, *self.short_names)
        return tuple(dict.fromkeys((*typed, *(normalize(name) for name in typed))))


@dataclass(frozen=True, slots=True)
class TableRecord:
    id: int
    document_id: int
    position: int
    kind: str
    number: int
    title: str
    label: str
    unit: str
    columns: tuple[str, ...]
    empty: bool
    note: str
    line: int | None
    page: int | None
    doubt: str = ""  # why its figures are in doubt (identities failing beyond rounding)


@dataclass(frozen=True, slots=True)
class CellRecord:
    column: str
    amount: Decimal
    printed: str


@dataclass(frozen=True, slots=True)
class RowRecord:
    id: int
    table_id: int
    document_id: int
    position: int
    code: str
    level: int
    parent_code: str
    name: str
    name2: str
    section: str
    group: str
    line: int | None
    page: int | None
    cells: tuple[CellRecord, ...]


@dataclass(frozen=True, slots=True)
class IndicatorRecord:
    period: str
    level1: str
    level2: str
    level3: str
    value: str
    line: int | None


@dataclass(frozen=True, slots=True)
class ProjectRecord:
    id: int
    document_id: int
    name: str
    row_id: int | None
    line: int | None
    page: int | None
    fields: tuple[tuple[str, str], ...]
    funds: tuple[tuple[str, str, Decimal], ...]  # (period, source, amount in 元)
    indicators: tuple[IndicatorRecord, ...]


@dataclass(frozen=True, slots=True)
class PassageRecord:
    id: int
    document_id: int
    part: str
    heading: str
    text: str
    line: int | None
    page: int | None


@dataclass(frozen=True, slots=True)
class NarrativeFactRecord:
    passage_id: int
    document_id: int
    subject: str
    amount: Decimal
    unit: str
    kind: str
    sentence: str
    position: int


@dataclass(frozen=True, slots=True)
class GlossaryRecord:
    document_id: int
    term: str
    definition: str
    line: int | None


@dataclass(frozen=True, slots=True)
class CheckRecord:
    document_id: int
    name: str
    table: str
    expected: Decimal
    actual: Decimal
    holds: bool
    detail: str


@dataclass(frozen=True, slots=True)
class Database:
    """The whole knowledge base, in memory."""

    path: Path
    documents: tuple[DocumentRecord, ...]
    tables: tuple[TableRecord, ...]
    rows: tuple[RowRecord, ...]
    projects: tuple[ProjectRecord, ...]
    passages: tuple[PassageRecord, ...]
    narrative: tuple[NarrativeFactRecord, ...]
    glossary: tuple[GlossaryRecord, ...]
    checks: tuple[CheckRecord, ...]
    homophones: dict[str, str]
