"""Every SQL statement of the engine: read the knowledge base into plain records.

The engine reads the whole database once when it opens (a disclosure is a few
hundred rows) and answers from memory; user text never reaches SQL, and the
few parameterised look-ups here take values, never SQL text.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path


class DatabaseError(Exception):
    """The database cannot be opened or is not a budgetqa database."""


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


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection; a clear error when the file is missing or not a database."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseError(
            f"no database at {path}; build one with: budgetqa ingest --db {path} FILE [FILE ...]"
        )
    try:
        connection = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
        connection.execute("SELECT count(*) FROM documents").fetchone()
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"{path} is not a budgetqa database ({error})") from None
    return connection


def load(path: Path) -> Database:
    """Read every record the engine answers from."""
    connection = connect(path)
    try:
        return _load(connection, Path(path))
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"{path} cannot be read ({error}); re-create it with budgetqa ingest") from None
    finally:
        connection.close()


def _load(c: sqlite3.Connection, path: Path) -> Database:
    sources: dict[int, list[str]] = {}
    for document_id, source in c.execute("SELECT document_id, source FROM document_files ORDER BY rowid"):
        sources.setdefault(document_id, []).append(source)
    documents = tuple(
        DocumentRecord(
            id,
            title,
            body,
            tuple(json.loads(short or "[]")),
            year,
            phase,
            scope,
            tuple(sources.get(id, [])),
            tuple(json.loads(warnings or "[]")),
        )
        for id, title, body, short, year, phase, scope, warnings in c.execute(
            "SELECT id, title, body, short_names, year, phase, scope, warnings FROM documents ORDER BY id"
        )
    )
    tables = tuple(
        TableRecord(
            id,
            doc,
            pos,
            kind,
            num,
            title,
            label,
            unit,
            tuple(json.loads(cols or "[]")),
            bool(empty),
            note or "",
            line,
            page,
        )
        for id, doc, pos, kind, num, title, label, unit, cols, empty, note, line, page in c.execute(
            "SELECT id, document_id, position, kind, number, title, label, unit, columns, empty, note, line, page "
            "FROM tables ORDER BY document_id, position"
        )
    )
    cells: dict[int, list[CellRecord]] = {}
    for row_id, column, amount, printed in c.execute(
        "SELECT row_id, column_path, amount, printed FROM facts ORDER BY id"
    ):
        cells.setdefault(row_id, []).append(CellRecord(column, Decimal(amount), printed))
    rows = tuple(
        RowRecord(
            id,
            table,
            doc,
            pos,
            code or "",
            level or 0,
            parent or "",
            name or "",
            name2 or "",
            section or "",
            grp or "",
            line,
            page,
            tuple(cells.get(id, [])),
        )
        for id, table, doc, pos, code, level, parent, name, name2, section, grp, line, page in c.execute(
            "SELECT id, table_id, document_id, position, code, level, parent_code, name, name2, section, grp, line, page "
            "FROM rows ORDER BY id"
        )
    )
    fields: dict[int, list[tuple[str, str]]] = {}
    for project_id, field, value in c.execute(
        "SELECT project_id, field, value FROM project_fields ORDER BY rowid"
    ):
        fields.setdefault(project_id, []).append((field, value))
    funds: dict[int, list[tuple[str, str, Decimal]]] = {}
    for project_id, period, source, amount in c.execute(
        "SELECT project_id, period, source, amount FROM project_funds ORDER BY rowid"
    ):
        funds.setdefault(project_id, []).append((period, source, Decimal(amount)))
    indicators: dict[int, list[IndicatorRecord]] = {}
    for project_id, period, l1, l2, l3, value, line in c.execute(
        "SELECT project_id, period, level1, level2, level3, value, line FROM indicators ORDER BY id"
    ):
        indicators.setdefault(project_id, []).append(IndicatorRecord(period, l1, l2, l3, value, line))
    projects = tuple(
        ProjectRecord(
            id,
            doc,
            name,
            row_id,
            line,
            page,
            tuple(fields.get(id, [])),
            tuple(funds.get(id, [])),
            tuple(indicators.get(id, [])),
        )
        for id, doc, name, row_id, line, page in c.execute(
            "SELECT id, document_id, name, row_id, line, page FROM projects ORDER BY id"
        )
    )
    passages = tuple(
        PassageRecord(*row)
        for row in c.execute(
            "SELECT id, document_id, part, heading, text, line, page FROM passages ORDER BY id"
        )
    )
    narrative = tuple(
        NarrativeFactRecord(passage, doc, subject, Decimal(amount), unit, kind, sentence, index)
        for index, (passage, doc, subject, amount, unit, kind, sentence) in enumerate(
            c.execute(
                "SELECT passage_id, document_id, subject, amount, unit, kind, sentence FROM narrative_facts ORDER BY id"
            )
        )
    )
    glossary = tuple(
        GlossaryRecord(*row)
        for row in c.execute("SELECT document_id, term, definition, line FROM glossary ORDER BY id")
    )
    checks = tuple(
        CheckRecord(doc, name, table, Decimal(expected), Decimal(actual), bool(holds), detail)
        for doc, name, table, expected, actual, holds, detail in c.execute(
            "SELECT document_id, name, table_title, expected, actual, holds, detail FROM checks ORDER BY id"
        )
    )
    homophones = dict(c.execute("SELECT variant, candidates FROM homophones").fetchall())
    return Database(
        path, documents, tables, rows, projects, passages, narrative, glossary, checks, homophones
    )
