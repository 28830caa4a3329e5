"""Write parsed documents into the SQLite knowledge base, atomically.

The schema is a list of ordered migrations, applied idempotently. An ingest
works on a copy of the database and replaces the original only when every
document has been written, so a failure leaves the file byte-for-byte as it was.

Tables: documents, document_files, tables, rows, facts (one long table of
amounts in exact 分), projects, project_fields, project_funds, indicators,
passages, narrative_facts, glossary, checks, homophones, and the FTS5 index
``search`` over jieba-segmented names and texts.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from ingest.lexicon import make_tokenizer, search_tokens
from ingest.model import ParsedDocument, to_fen
from ingest.names import short_names


def _m001_schema(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS documents (
            id INTEGER PRIMARY KEY, title TEXT, body TEXT, short_names TEXT, year INTEGER,
            phase TEXT, scope TEXT, kind TEXT, ingested_at TEXT, warnings TEXT);
        CREATE TABLE IF NOT EXISTS document_files (
            document_id INTEGER REFERENCES documents(id), source TEXT, sha256 TEXT, kind TEXT);
        CREATE TABLE IF NOT EXISTS tables (
            id INTEGER PRIMARY KEY, document_id INTEGER REFERENCES documents(id), position INTEGER,
            kind TEXT, number INTEGER, title TEXT, label TEXT, unit TEXT, columns TEXT,
            empty INTEGER, note TEXT, line INTEGER, page INTEGER);
        CREATE TABLE IF NOT EXISTS rows (
            id INTEGER PRIMARY KEY, table_id INTEGER REFERENCES tables(id), document_id INTEGER,
            position INTEGER, code TEXT, level INTEGER, parent_code TEXT, name TEXT, name2 TEXT,
            section TEXT, grp TEXT, line INTEGER, page INTEGER);
        CREATE TABLE IF NOT EXISTS facts (
            id INTEGER PRIMARY KEY, row_id INTEGER REFERENCES rows(id), table_id INTEGER,
            document_id INTEGER, column_path TEXT, amount TEXT, printed TEXT, unit TEXT, fen INTEGER);
        CREATE TABLE IF NOT EXISTS projects (
            id INTEGER PRIMARY KEY, document_id INTEGER REFERENCES documents(id), name TEXT,
            row_id INTEGER, line INTEGER, page INTEGER);
        CREATE TABLE IF NOT EXISTS project_fields (
            project_id INTEGER REFERENCES projects(id), field TEXT, value TEXT);
        CREATE TABLE IF NOT EXISTS project_funds (
            project_id INTEGER REFERENCES projects(id), period TEXT, source TEXT, amount TEXT,
            fen INTEGER);
        CREATE TABLE IF NOT EXISTS indicators (
            id INTEGER PRIMARY KEY, project_id INTEGER REFERENCES projects(id), document_id INTEGER,
            period TEXT, level1 TEXT, level2 TEXT, level3 TEXT, value TEXT, line INTEGER);
        CREATE TABLE IF NOT EXISTS passages (
            id INTEGER PRIMARY KEY, document_id INTEGER REFERENCES documents(id), part TEXT,
            heading TEXT, text TEXT, line INTEGER, page INTEGER);
        CREATE TABLE IF NOT EXISTS narrative_facts (
            id INTEGER PRIMARY KEY, passage_id INTEGER REFERENCES passages(id), document_id INTEGER,
            subject TEXT, amount TEXT, unit TEXT, kind TEXT, sentence TEXT);
        CREATE TABLE IF NOT EXISTS glossary (
            id INTEGER PRIMARY KEY, document_id INTEGER REFERENCES documents(id), term TEXT,
            definition TEXT, line INTEGER);
        CREATE TABLE IF NOT EXISTS checks (
            id INTEGER PRIMARY KEY, document_id INTEGER REFERENCES documents(id), name TEXT,
            table_title TEXT, expected TEXT, actual TEXT, holds INTEGER, detail TEXT);
        CREATE TABLE IF NOT EXISTS homophones (variant TEXT PRIMARY KEY, candidates TEXT);
        CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
            kind UNINDEXED, ref_id UNINDEXED, document_id UNINDEXED, tokens);
        CREATE INDEX IF NOT EXISTS rows_document ON rows(document_id);
        CREATE INDEX IF NOT EXISTS facts_row ON facts(row_id);
        CREATE INDEX IF NOT EXISTS facts_document ON facts(document_id);
        """
    )


MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (_m001_schema,)
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


def migrate(db: sqlite_utils.Database) -> None:
    """Apply the migrations not applied yet, each in its own transaction."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations").fetchall()}
    for migration in MIGRATIONS:
        if migration.__name__ in done:
            continue
        with db.conn:
            migration(db)
            db.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                [migration.__name__, datetime.now(UTC).isoformat()],
            )


def store(db_path: Path, documents: Sequence[ParsedDocument]) -> list[int]:
    """Write ``documents`` (replacing earlier copies of each); all or nothing."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(prefix=".ingest-", suffix=".db", dir=db_path.parent)
    os.close(handle)
    try:
        if db_path.exists():
            shutil.copyfile(db_path, scratch)
            shutil.copymode(db_path, scratch)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(scratch, 0o666 & ~umask)
        db = sqlite_utils.Database(scratch)
        try:
            db.execute("PRAGMA synchronous = OFF")  # a scratch copy: durability comes from the fsync below
            db.execute("PRAGMA journal_mode = MEMORY")
            migrate(db)
            ids = [_write(db, document) for document in documents]
            _rebuild_search(db)
            db.conn.commit()
        finally:
            db.close()
        with open(scratch, "rb") as written:
            os.fsync(written.fileno())
        os.replace(scratch, db_path)
        return ids
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise


def _delete(db: sqlite_utils.Database, document_id: int) -> None:
    project_ids = [r[0] for r in db.execute("SELECT id FROM projects WHERE document_id = ?", [document_id])]
    for project_id in project_ids:
        db.execute("DELETE FROM project_fields WHERE project_id = ?", [project_id])
        db.execute("DELETE FROM project_funds WHERE project_id = ?", [project_id])
    for table in CHILD_TABLES:
        db.execute(f"DELETE FROM {table} WHERE document_id = ?", [document_id])  # noqa: S608 (fixed names)
    db.execute("DELETE FROM documents WHERE id = ?", [document_id])


def _write(db: sqlite_utils.Database, parsed: ParsedDocument) -> int:
    meta = parsed.meta
    files = parsed.files  # a document published as several files (narrative + tables) records each
    marks = ", ".join("?" for _ in files)
    existing = db.execute(
        "SELECT id FROM documents WHERE body = ? AND year = ? AND phase = ? AND scope = ? "
        f"UNION SELECT document_id FROM document_files WHERE source IN ({marks})",  # noqa: S608 (placeholders)
        [meta.body, meta.year, meta.phase, meta.scope, *(file.source for file in files)],
    ).fetchall()
    for (document_id,) in existing:
        _delete(db, document_id)
    document_id = _insert(
        db,
        "documents",
        {
            "title": meta.title,
            "body": meta.body,
            "short_names": json.dumps(short_names(meta.body), ensure_ascii=False),
            "year": meta.year,
            "phase": meta.phase,
            "scope": meta.scope,
            "kind": parsed.source.kind,
            "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "warnings": json.dumps(list(parsed.warnings), ensure_ascii=False),
        },
    )
    for file in files:
        db.table("document_files").insert(
            {
                "document_id": document_id,
                "source": file.source,
                "sha256": file.sha256,
                "kind": file.kind,
            }
        )
    row_ids: dict[str, int] = {}
    for position, table in enumerate(parsed.tables):
        table_id = _insert(
            db,
            "tables",
            {
                "document_id": document_id,
                "position": position + 1,
                "kind": table.kind,
                "number": table.number,
                "title": table.title,
                "label": table.label,
                "unit": table.unit,
                "columns": json.dumps(list(table.columns), ensure_ascii=False),
                "empty": int(table.empty),
                "note": table.note,
                "line": table.line,
                "page": table.page,
            },
        )
        for row in table.rows:
            row_id = _insert(
                db,
                "rows",
                {
                    "table_id": table_id,
                    "document_id": document_id,
                    "position": row.position,
                    "code": row.code,
                    "level": row.level,
                    "parent_code": row.parent_code,
                    "name": row.name,
                    "name2": row.name2,
                    "section": row.section,
                    "grp": row.group,
                    "line": row.line,
                    "page": row.page,
                },
            )
            if table.kind == "projects":
                row_ids.setdefault(row.name, row_id)
            db.table("facts").insert_all(
                {
                    "row_id": row_id,
                    "table_id": table_id,
                    "document_id": document_id,
                    "column_path": fact.column,
                    "amount": str(fact.amount),
                    "printed": fact.printed,
                    "unit": table.unit,
                    "fen": to_fen(fact.amount, table.unit),
                }
                for fact in row.facts
            )
    for sheet in parsed.projects:
        project_id = _insert(
            db,
            "projects",
            {
                "document_id": document_id,
                "name": sheet.name,
                "row_id": row_ids.get(sheet.name),
                "line": sheet.line,
                "page": sheet.page,
            },
        )
        db.table("project_fields").insert_all(
            {"project_id": project_id, "field": key, "value": value} for key, value in sheet.fields.items()
        )
        db.table("project_funds").insert_all(
            {
                "project_id": project_id,
                "period": key.split("/", 1)[0],
                "source": key.split("/", 1)[1],
                "amount": str(amount),
                "fen": to_fen(amount, "元"),
            }
            for key, amount in sheet.funds.items()
        )
        db.table("indicators").insert_all(
            {
                "project_id": project_id,
                "document_id": document_id,
                "period": item.period,
                "level1": item.level1,
                "level2": item.level2,
                "level3": item.level3,
                "value": item.value,
                "line": item.line,
            }
            for item in sheet.indicators
        )
    for passage in parsed.passages:
        passage_id = _insert(
            db,
            "passages",
            {
                "document_id": document_id,
                "part": passage.part,
                "heading": passage.heading,
                "text": passage.text,
                "line": passage.line,
                "page": passage.page,
            },
        )
        db.table("narrative_facts").insert_all(
            {
                "passage_id": passage_id,
                "document_id": document_id,
                "subject": fact.subject,
                "amount": str(fact.value),
                "unit": fact.unit,
                "kind": fact.kind,
                "sentence": fact.sentence,
            }
            for fact in passage.facts
        )
    db.table("glossary").insert_all(
        {"document_id": document_id, "term": entry.term, "definition": entry.definition, "line": entry.line}
        for entry in parsed.glossary
    )
    db.table("checks").insert_all(
        {
            "document_id": document_id,
            "name": check.name,
            "table_title": check.table,
            "expected": str(check.expected),
            "actual": str(check.actual),
            "holds": int(check.holds),
            "detail": check.detail,
        }
        for check in parsed.checks
    )
    return document_id


def _insert(db: sqlite_utils.Database, table: str, record: dict[str, object]) -> int:
    """Insert one record and return its primary key."""
    key = db.table(table).insert(record).last_pk
    assert key is not None
    return int(key)


def _names(db: sqlite_utils.Database) -> list[str]:
    queries = (
        "SELECT DISTINCT name FROM rows",
        "SELECT DISTINCT name FROM projects",
        "SELECT DISTINCT level3 FROM indicators",
        "SELECT DISTINCT term FROM glossary",
    )
    names: list[str] = []
    for query in queries:
        names += [r[0] for r in db.execute(query).fetchall() if r[0]]
    return names


def _rebuild_search(db: sqlite_utils.Database) -> None:
    """Re-segment every name and text with a tokenizer that knows all the stored names."""
    names = _names(db)
    tokenizer = make_tokenizer(names)
    db.execute("DELETE FROM search")
    entries: list[tuple[str, int, int, str]] = []
    sources: Iterable[tuple[str, str]] = (
        ("row", "SELECT id, document_id, name || ' ' || name2 || ' ' || code FROM rows"),
        ("project", "SELECT id, document_id, name FROM projects"),
        ("indicator", "SELECT id, document_id, level3 || ' ' || value FROM indicators"),
        ("passage", "SELECT id, document_id, heading || ' ' || text FROM passages"),
        ("glossary", "SELECT id, document_id, term || ' ' || definition FROM glossary"),
    )
    for kind, query in sources:
        for ref_id, document_id, text in db.execute(query).fetchall():
            entries.append((kind, ref_id, document_id, search_tokens(tokenizer, text or "")))
    for project_id, document_id, text in db.execute(
        "SELECT p.id, p.document_id, group_concat(f.value, ' ') FROM projects p "
        "JOIN project_fields f ON f.project_id = p.id GROUP BY p.id"
    ).fetchall():
        entries.append(("project_text", project_id, document_id, search_tokens(tokenizer, text or "")))
    db.conn.executemany("INSERT INTO search (kind, ref_id, document_id, tokens) VALUES (?, ?, ?, ?)", entries)
    _rebuild_homophones(db, names)


def _rebuild_homophones(db: sqlite_utils.Database, names: Sequence[str]) -> None:
    """Map input-method homophones of the stored names' characters back to them (陪 → 培)."""
    try:
        from textnorm.homophones import build_homophones
    except ImportError:  # pragma: no cover - the module ships with the package
        return
    db.execute("DELETE FROM homophones")
    mapping = build_homophones(names)
    db.conn.executemany("INSERT INTO homophones (variant, candidates) VALUES (?, ?)", sorted(mapping.items()))
