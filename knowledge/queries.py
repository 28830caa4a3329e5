"""Every SQL statement of the engine: read the knowledge base into plain records.

The engine keeps only the document list in memory and reads the records of the
documents a question is about when it is asked (by document id, with indexes);
user text never reaches SQL text: every look-up takes parameters.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from ingest.version import SCHEMA_VERSION  # PRAGMA user_version the ingest writes and this engine reads
from knowledge.records import (
    CellRecord,
    CheckRecord,
    Database,
    DocumentRecord,
    GlossaryRecord,
    IndicatorRecord,
    NarrativeFactRecord,
    PassageRecord,
    ProjectRecord,
    RowRecord,
    TableRecord,
)


class DatabaseError(Exception):
    """The database cannot be opened or is not a budgetqa database."""


__all__ = [
    "DocumentRecord",
    "TableRecord",
    "CellRecord",
    "RowRecord",
    "IndicatorRecord",
    "ProjectRecord",
    "PassageRecord",
    "NarrativeFactRecord",
    "GlossaryRecord",
    "CheckRecord",
    "Database",
    "DatabaseError",
    "Reader",
    "connect",
]


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection; a clear error when the file is missing or not a database."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseError(
            f"no database at {path}; build one with: budgetqa ingest --db {path} FILE [FILE ...]"
        )
    try:
        connection = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True, check_same_thread=False)
        connection.execute("SELECT count(*) FROM documents").fetchone()
        (version,) = connection.execute("PRAGMA user_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"{path} is not a budgetqa database ({error})") from None
    if version < SCHEMA_VERSION:
        connection.close()
        raise DatabaseError(
            f"{path} was written by an older budgetqa; upgrade it in place with: budgetqa ingest --db {path}"
        )
    if version > SCHEMA_VERSION:
        connection.close()
        raise DatabaseError(f"{path} was written by a newer budgetqa; upgrade budgetqa to read it")
    return connection


class Reader:
    """Parameterised look-ups on one connection, each noted in ``trace`` when one is set."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.trace: list[str] | None = None
        self.seen_version: int | None = None  # data_version when this connection last checked

    def execute(self, sql: str, parameters: Sequence[object] = ()) -> sqlite3.Cursor:
        if self.trace is not None:
            shown = ", ".join(str(p) for p in parameters[:6]) + (" …" if len(parameters) > 6 else "")
            self.trace.append(f"SQL: {sql}" + (f"  [{shown}]" if parameters else ""))
        return self.connection.execute(sql, parameters)

    def data_version(self) -> int:
        """Changes when another connection (an ingest) has committed since this one last read."""
        return int(self.connection.execute("PRAGMA data_version").fetchone()[0])


def document_list(c: Reader) -> tuple[DocumentRecord, ...]:
    """Every document's metadata (what selecting documents needs), no rows."""
    return documents_where(c, "", [])


def signature(c: Reader) -> tuple[int, int]:
    """(document count, highest id): changes with every document an ingest adds, replaces or merges."""
    count, highest = c.execute("SELECT count(*), coalesce(max(id), 0) FROM documents").fetchone()
    return int(count), int(highest)


def homophones(c: Reader) -> dict[str, str]:
    """The homophone table (one entry per character variant: bounded by the character set)."""
    return dict(c.execute("SELECT variant, candidates FROM homophones").fetchall())


def table_counts(c: Reader) -> dict[int, int]:
    return dict(c.execute("SELECT document_id, count(*) FROM tables GROUP BY document_id").fetchall())


def search_documents(c: Reader, tokens: Sequence[str], limit: int) -> list[tuple[int, str]]:
    """(document id, kind) of index entries holding any of ``tokens``, best first (FTS5 bm25).

    A token held by more than ``limit`` entries is left out: it tells no body apart, and ranking
    every entry holding it would cost time in proportion to the database (支出 is in every
    document). Counting a token's entries stops at ``limit`` + 1, so each look-up is bounded.
    """
    rare = [
        quoted
        for quoted in ('"' + token.replace('"', '""') + '"' for token in tokens)
        if c.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ? LIMIT ?)", [quoted, limit + 1]
        ).fetchone()[0]
        <= limit
    ]
    if not rare:
        return []
    return [
        (int(document_id), kind)
        for document_id, kind in c.execute(
            "SELECT document_id, kind FROM search WHERE search MATCH ? ORDER BY rank LIMIT ?",
            [" OR ".join(rare), limit],
        )
    ]


def documents_database(
    c: Reader, path: Path, ids: Sequence[int], homophone_table: dict[str, str], *, with_checks: bool = True
) -> Database:
    """Every record the engine answers from, for the documents ``ids`` only (indexed look-ups);
    the reconciliation checks (reports, not answers) only ``with_checks``."""
    marks = ", ".join("?" for _ in ids) or "NULL"
    only = list(ids)
    documents = documents_where(c, f"WHERE {{column}} IN ({marks})", only)
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
            doubt or "",
        )
        for id, doc, pos, kind, num, title, label, unit, cols, empty, note, line, page, doubt in c.execute(
            "SELECT id, document_id, position, kind, number, title, label, unit, columns, empty, note, line, page, "
            "doubt "
            f"FROM tables WHERE document_id IN ({marks}) ORDER BY document_id, position",  # noqa: S608
            only,
        )
    )
    cells: dict[int, list[CellRecord]] = {}
    for row_id, column, amount, printed in c.execute(
        f"SELECT row_id, column_path, amount, printed FROM facts WHERE document_id IN ({marks}) ORDER BY id",  # noqa: S608
        only,
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
            "SELECT id, table_id, document_id, position, code, level, parent_code, name, name2, section, grp, "
            f"line, page FROM rows WHERE document_id IN ({marks}) ORDER BY id",  # noqa: S608
            only,
        )
    )
    project_rows = c.execute(
        f"SELECT id, document_id, name, row_id, line, page FROM projects WHERE document_id IN ({marks}) "  # noqa: S608
        "ORDER BY id",
        only,
    ).fetchall()
    project_ids = [row[0] for row in project_rows]
    project_marks = ", ".join("?" for _ in project_ids) or "NULL"
    fields: dict[int, list[tuple[str, str]]] = {}
    for project_id, field, value in c.execute(
        f"SELECT project_id, field, value FROM project_fields WHERE project_id IN ({project_marks}) "  # noqa: S608
        "ORDER BY rowid",
        project_ids,
    ):
        fields.setdefault(project_id, []).append((field, value))
    funds: dict[int, list[tuple[str, str, Decimal]]] = {}
    for project_id, period, source, amount in c.execute(
        f"SELECT project_id, period, source, amount FROM project_funds WHERE project_id IN ({project_marks}) "  # noqa: S608
        "ORDER BY rowid",
        project_ids,
    ):
        funds.setdefault(project_id, []).append((period, source, Decimal(amount)))
    indicators: dict[int, list[IndicatorRecord]] = {}
    for project_id, period, l1, l2, l3, value, line in c.execute(
        "SELECT project_id, period, level1, level2, level3, value, line FROM indicators "
        f"WHERE document_id IN ({marks}) ORDER BY id",  # noqa: S608
        only,
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
        for id, doc, name, row_id, line, page in project_rows
    )
    passages = tuple(
        PassageRecord(*row)
        for row in c.execute(
            "SELECT id, document_id, part, heading, text, line, page FROM passages "
            f"WHERE document_id IN ({marks}) ORDER BY id",  # noqa: S608
            only,
        )
    )
    narrative = tuple(
        NarrativeFactRecord(passage, doc, subject, Decimal(amount), unit, kind, sentence, index)
        for index, (passage, doc, subject, amount, unit, kind, sentence) in enumerate(
            c.execute(
                "SELECT passage_id, document_id, subject, amount, unit, kind, sentence FROM narrative_facts "
                f"WHERE document_id IN ({marks}) ORDER BY id",  # noqa: S608
                only,
            )
        )
    )
    glossary = tuple(
        GlossaryRecord(*row)
        for row in c.execute(
            f"SELECT document_id, term, definition, line FROM glossary WHERE document_id IN ({marks}) ORDER BY id",  # noqa: S608
            only,
        )
    )
    checks: tuple[CheckRecord, ...] = (
        ()
        if not with_checks
        else tuple(
            CheckRecord(doc, name, table, Decimal(expected), Decimal(actual), bool(holds), detail)
            for doc, name, table, expected, actual, holds, detail in c.execute(
                "SELECT document_id, name, table_title, expected, actual, holds, detail FROM checks "
                f"WHERE document_id IN ({marks}) ORDER BY id",  # noqa: S608
                only,
            )
        )
    )
    return Database(
        path, documents, tables, rows, projects, passages, narrative, glossary, checks, homophone_table
    )


def documents_where(c: Reader, where: str, ids: list[int]) -> tuple[DocumentRecord, ...]:
    """Documents (all, or those ``where`` selects: a clause with a {column} placeholder)."""
    sources: dict[int, list[str]] = {}
    for document_id, source in c.execute(
        f"SELECT document_id, source FROM document_files {where.format(column='document_id')} ORDER BY rowid",  # noqa: S608
        ids,
    ):
        sources.setdefault(document_id, []).append(source)
    return tuple(
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
            "SELECT id, title, body, short_names, year, phase, scope, warnings FROM documents "
            f"{where.format(column='id')} ORDER BY id",  # noqa: S608
            ids,
        )
    )
