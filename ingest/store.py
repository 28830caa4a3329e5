"""Write parsed documents into the SQLite knowledge base, atomically and incrementally.

Atomicity comes from SQLite's own transaction: ``transaction`` opens the database
itself (WAL mode, busy timeout, see ``ingest.schema``), takes the write lock with
``BEGIN IMMEDIATE``, brings the schema up to date, lets the caller write, and commits;
any exception rolls back, leaving the database exactly as it was. Readers keep
reading the last committed state meanwhile; a second writer waits for the first.

Writing a document touches only its own rows: an earlier copy (same body, year,
phase and scope, or one of the same files) is deleted by indexed look-ups, its search
entries by their rowid range (``ingest.search``), and the new one's search entries are
written with it. Ids are allocated here (the writer holds the lock), so the search
entries can be built from the parsed document without reading it back.

Tables: documents, document_files, tables, rows, facts (one long table of amounts in
exact 分), projects, project_fields, project_funds, indicators, passages,
narrative_facts, glossary, checks, homophones, and the FTS5 index ``search``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import jieba
import sqlite_utils

from ingest.lexicon import base_tokenizer, with_names
from ingest.model import ParsedDocument, to_fen
from ingest.names import short_names
from ingest.schema import begin, connect
from ingest.search import (
    Entry,
    HomophoneMerge,
    delete_entries,
    glossary_text,
    indicator_text,
    insert_entries,
    names,
    passage_text,
    project_text,
    row_text,
)

CHILD_TABLES = (
    "document_files",
    "tables",
    "rows",
    "facts",
    "projects",
    "indicators",
    "passages",
    "narrative_facts",
    "glossary",
    "checks",
)


def store(db_path: Path, documents: Sequence[ParsedDocument]) -> list[int]:
    """Write ``documents`` (replacing earlier copies of each), all or nothing; returns their ids.

    With no documents, only brings the database's schema up to date (creating it if missing).
    """
    with transaction(db_path) as writer:
        return [writer.write(document) for document in documents]


@contextmanager
def transaction(db_path: Path) -> Iterator[Writer]:
    """One write transaction on ``db_path``: committed when the block ends, rolled back if it raises."""
    db_path = Path(db_path)
    db = connect(db_path)
    try:
        begin(db, db_path)
        writer = Writer(db)
        yield writer
        writer.finish()
        db.execute("COMMIT")
    finally:
        if db.conn.in_transaction:
            db.conn.rollback()
        db.close()


class Writer:
    """Writes and deletes documents inside an open transaction."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.homophones = HomophoneMerge()
        self._next: dict[str, int] = {}
        self._tokenizer: jieba.Tokenizer | None = None

    def allocate(self, table: str) -> int:
        """A new id for ``table`` (the largest stored, plus one, and counting)."""
        if table not in self._next:
            self._next[table] = self.db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]  # noqa: S608
        self._next[table] += 1
        return self._next[table] - 1

    def replace(self, body: str, year: int, phase: str, scope: str, sources: Sequence[str]) -> None:
        """Delete the stored documents with this body, year, phase and scope, or read from these files."""
        marks = ", ".join("?" for _ in sources)
        existing = self.db.execute(
            "SELECT id FROM documents WHERE body = ? AND year = ? AND phase = ? AND scope = ? "
            f"UNION SELECT document_id FROM document_files WHERE source IN ({marks})",  # noqa: S608
            [body, year, phase, scope, *sources],
        ).fetchall()
        for (document_id,) in existing:
            self.delete(document_id)

    def delete(self, document_id: int) -> None:
        """Delete one document: its rows, found through the document_id indexes, and its search entries."""
        projects = "SELECT id FROM projects WHERE document_id = ?"
        self.db.execute(f"DELETE FROM project_fields WHERE project_id IN ({projects})", [document_id])  # noqa: S608
        self.db.execute(f"DELETE FROM project_funds WHERE project_id IN ({projects})", [document_id])  # noqa: S608
        for table in CHILD_TABLES:
            self.db.execute(f"DELETE FROM {table} WHERE document_id = ?", [document_id])  # noqa: S608
        self.db.execute("DELETE FROM documents WHERE id = ?", [document_id])
        delete_entries(self.db, document_id)

    def tokenizer(self, groups: Sequence[Sequence[str]]) -> jieba.Tokenizer:
        """The shipped lexicon (loaded once per transaction) plus one document's names."""
        if self._tokenizer is None:
            self._tokenizer = base_tokenizer()
        return with_names(self._tokenizer, [name for group in groups for name in group])

    def write(self, parsed: ParsedDocument) -> int:
        """Write one document, replacing its earlier copy; returns its id.

        All or nothing for this document (a savepoint inside the transaction): when writing it
        raises, the database is as it was before it and the error is raised; the caller may go on
        with the next document.
        """
        self.db.execute("SAVEPOINT document")
        try:
            document_id = self._write(parsed)
        except BaseException:
            self.db.execute("ROLLBACK TO document")
            self.db.execute("RELEASE document")
            raise
        self.db.execute("RELEASE document")
        self.homophones.add_names(names(parsed))
        return document_id

    def _write(self, parsed: ParsedDocument) -> int:
        meta = parsed.meta
        self.replace(meta.body, meta.year, meta.phase, meta.scope, [file.source for file in parsed.files])
        document_id = self.allocate("documents")
        self._insert(
            "documents",
            [
                (
                    document_id,
                    meta.title,
                    meta.body,
                    json.dumps(short_names(meta.body), ensure_ascii=False),
                    meta.year,
                    meta.phase,
                    meta.scope,
                    parsed.source.kind,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    json.dumps(list(parsed.warnings), ensure_ascii=False),
                )
            ],
            "id, title, body, short_names, year, phase, scope, kind, ingested_at, warnings",
        )
        self._insert(
            "document_files",
            [(document_id, file.source, file.sha256, file.kind) for file in parsed.files],
            "document_id, source, sha256, kind",
        )
        row_entries, row_ids = self._write_tables(parsed, document_id)
        project_entries, described = self._write_projects(parsed, document_id, row_ids)
        text_entries = self._write_text(parsed, document_id)
        # the first version's order: rows, projects, indicators, passages, glossary, project descriptions
        entries = row_entries + project_entries + text_entries + described
        groups = names(parsed)
        insert_entries(self.db, lambda: self.tokenizer(groups), document_id, entries, parsed.tokens)
        return document_id

    def finish(self) -> None:
        """Merge the homophones of the names written into the stored table (before commit)."""
        self.homophones.write(self.db)

    def _insert(self, table: str, records: Sequence[tuple[object, ...]], columns: str) -> None:
        marks = ", ".join("?" for _ in columns.split(","))
        self.db.conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", records)  # noqa: S608

    def _write_tables(self, parsed: ParsedDocument, document_id: int) -> tuple[list[Entry], dict[str, int]]:
        """Tables, rows and facts; (search entries, row id of each project-table row name)."""
        entries: list[Entry] = []
        row_ids: dict[str, int] = {}
        tables, rows, facts = [], [], []
        for position, table in enumerate(parsed.tables):
            table_id = self.allocate("tables")
            columns = json.dumps(list(table.columns), ensure_ascii=False)
            tables.append(
                (table_id, document_id, position + 1, table.kind, table.number, table.title, table.label)
                + (table.unit, columns, int(table.empty), table.note, table.line, table.page, table.doubt)
            )
            for row in table.rows:
                row_id = self.allocate("rows")
                rows.append(
                    (row_id, table_id, document_id, row.position, row.code, row.level, row.parent_code)
                    + (row.name, row.name2, row.section, row.group, row.line, row.page)
                )
                entries.append(("row", row_id, row_text(row)))
                if table.kind == "projects":
                    row_ids.setdefault(row.name, row_id)
                facts += [
                    (self.allocate("facts"), row_id, table_id, document_id, fact.column, str(fact.amount))
                    + (fact.printed, table.unit, to_fen(fact.amount, table.unit))
                    for fact in row.facts
                ]
        self._insert(
            "tables",
            tables,
            "id, document_id, position, kind, number, title, label, unit, columns, empty, note, line, page, doubt",
        )
        self._insert(
            "rows",
            rows,
            "id, table_id, document_id, position, code, level, parent_code, name, name2, section, grp, line, page",
        )
        self._insert(
            "facts", facts, "id, row_id, table_id, document_id, column_path, amount, printed, unit, fen"
        )
        return entries, row_ids

    def _write_projects(
        self, parsed: ParsedDocument, document_id: int, row_ids: dict[str, int]
    ) -> tuple[list[Entry], list[Entry]]:
        """Performance sheets; (project and indicator search entries, project description entries)."""
        projects, fields, funds, indicators = [], [], [], []
        entries: list[Entry] = []
        indicator_entries: list[Entry] = []
        described: list[Entry] = []
        for sheet in parsed.projects:
            project_id = self.allocate("projects")
            projects.append(
                (project_id, document_id, sheet.name, row_ids.get(sheet.name), sheet.line, sheet.page)
            )
            entries.append(("project", project_id, sheet.name))
            fields += [(project_id, key, value) for key, value in sheet.fields.items()]
            if sheet.fields:
                described.append(("project_text", project_id, project_text(sheet)))
            funds += [
                (project_id, *key.split("/", 1), str(amount), to_fen(amount, "元"))
                for key, amount in sheet.funds.items()
            ]
            for item in sheet.indicators:
                indicator_id = self.allocate("indicators")
                indicators.append(
                    (indicator_id, project_id, document_id, item.period, item.level1, item.level2)
                    + (item.level3, item.value, item.line)
                )
                indicator_entries.append(("indicator", indicator_id, indicator_text(item)))
        self._insert("projects", projects, "id, document_id, name, row_id, line, page")
        self._insert("project_fields", fields, "project_id, field, value")
        self._insert("project_funds", funds, "project_id, period, source, amount, fen")
        self._insert(
            "indicators",
            indicators,
            "id, project_id, document_id, period, level1, level2, level3, value, line",
        )
        return entries + indicator_entries, described

    def _write_text(self, parsed: ParsedDocument, document_id: int) -> list[Entry]:
        """Passages, narrative facts, glossary and checks; the passage and glossary search entries."""
        passages, narrative, glossary, checks = [], [], [], []
        entries: list[Entry] = []
        for passage in parsed.passages:
            passage_id = self.allocate("passages")
            passages.append(
                (
                    passage_id,
                    document_id,
                    passage.part,
                    passage.heading,
                    passage.text,
                    passage.line,
                    passage.page,
                )
            )
            entries.append(("passage", passage_id, passage_text(passage)))
            narrative += [
                (self.allocate("narrative_facts"), passage_id, document_id, fact.subject, str(fact.value))
                + (fact.unit, fact.kind, fact.sentence)
                for fact in passage.facts
            ]
        for entry in parsed.glossary:
            glossary_id = self.allocate("glossary")
            glossary.append((glossary_id, document_id, entry.term, entry.definition, entry.line))
            entries.append(("glossary", glossary_id, glossary_text(entry)))
        for check in parsed.checks:
            checks.append(
                (self.allocate("checks"), document_id, check.name, check.table, str(check.expected))
                + (str(check.actual), int(check.holds), check.detail)
            )
        self._insert("passages", passages, "id, document_id, part, heading, text, line, page")
        self._insert(
            "narrative_facts", narrative, "id, passage_id, document_id, subject, amount, unit, kind, sentence"
        )
        self._insert("glossary", glossary, "id, document_id, term, definition, line")
        self._insert("checks", checks, "id, document_id, name, table_title, expected, actual, holds, detail")
        return entries
