"""The knowledge base's schema, its version, and opening the file for writing.

The schema is a set of ordered sqlite-utils ``Migrations``, applied inside the
writer's own transaction (so two ingests starting on a new file cannot both apply
one). After them ``PRAGMA user_version`` is ``SCHEMA_VERSION``: the engine refuses
an older file, and this code refuses a newer one. A file written by the first
version (only the schema, recorded in ``_migrations``) is migrated in place.

The file is opened in WAL mode, so the engine's read-only connections keep reading
the last committed state while an ingest writes, with a busy timeout, so a second
writer waits for the first instead of failing.

DatabaseFileError              the --db path cannot be used (one line that names the fix)
 ├── NotADatabase              a directory, not SQLite, or another application's tables
 ├── UnwritableDatabase        no permission to write the file or its directory
 ├── NewerDatabase             written by a newer budgetqa (user_version > SCHEMA_VERSION)
 └── DatabaseBusy              another ingest kept the file locked past the busy timeout
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from ingest.version import SCHEMA_VERSION

BUSY_TIMEOUT = 600.0  # seconds a writer waits for another ingest's transaction to end
# rowids of a document's search entries: document_id * SEARCH_SPAN + n, n < SEARCH_SPAN
SEARCH_SPAN = 1 << 24
_SQLITE_MAGIC = b"SQLite format 3\x00"
_LOOKUP_INDEXES = (
    ("tables", "document_id"),
    ("rows", "document_id"),
    ("rows", "table_id"),
    ("facts", "document_id"),
    ("facts", "row_id"),
    ("projects", "document_id"),
    ("project_fields", "project_id"),
    ("project_funds", "project_id"),
    ("indicators", "document_id"),
    ("indicators", "project_id"),
    ("passages", "document_id"),
    ("narrative_facts", "document_id"),
    ("glossary", "document_id"),
    ("checks", "document_id"),
    ("document_files", "document_id"),
    ("document_files", "source"),
)


class DatabaseFileError(Exception):
    """The database path cannot hold a budgetqa knowledge base; the message is one actionable line."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = Path(path)
        super().__init__(f"{path}: {message}")


class NotADatabase(DatabaseFileError):
    pass


class UnwritableDatabase(DatabaseFileError):
    pass


class NewerDatabase(DatabaseFileError):
    pass


class DatabaseBusy(DatabaseFileError):
    pass


MIGRATIONS = sqlite_utils.Migrations("budgetqa")


@MIGRATIONS(name="_m001_schema")  # the name the first version recorded in _migrations
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
        """
    )


@MIGRATIONS()
def _m002_lookup_indexes(db: sqlite_utils.Database) -> None:
    """Indexes for fetching a document's rows per question, and for replacing one document."""
    for table, column in _LOOKUP_INDEXES:
        db.execute(f"CREATE INDEX IF NOT EXISTS {table}_{column} ON {table}({column})")
    db.execute("CREATE INDEX IF NOT EXISTS documents_key ON documents(body, year, phase, scope)")


@MIGRATIONS()
def _m003_search_rowids_by_document(db: sqlite_utils.Database) -> None:
    """Give every search entry the rowid document_id * SEARCH_SPAN + n (the first version numbered them 1, 2, …).

    The tokens are kept as they were segmented; a document re-ingested gets new ones.
    """
    db.executescript(
        f"""
        CREATE TEMP TABLE search_before AS
            SELECT document_id * {SEARCH_SPAN}
                   + row_number() OVER (PARTITION BY document_id ORDER BY rowid) - 1 AS id,
                   kind, ref_id, document_id, tokens
            FROM search;
        DROP TABLE search;
        CREATE VIRTUAL TABLE search USING fts5(kind UNINDEXED, ref_id UNINDEXED, document_id UNINDEXED, tokens);
        INSERT INTO search (rowid, kind, ref_id, document_id, tokens)
            SELECT id, kind, ref_id, document_id, tokens FROM search_before ORDER BY id;
        DROP TABLE search_before;
        DROP TABLE IF EXISTS _migrations;
        """
    )


@MIGRATIONS()
def _m004_table_doubts(db: sqlite_utils.Database) -> None:
    """Why a table's figures are in doubt (its identities fail beyond rounding); "" when they hold.
    Tables stored before keep "" until their document is ingested again."""
    tables = db.table("tables")
    if "doubt" not in tables.columns_dict:
        tables.add_column("doubt", str, not_null_default="")


@MIGRATIONS()
def _m005_no_duplicate_indexes(db: sqlite_utils.Database) -> None:
    """Drop the first version's three indexes that _m002's lookup indexes repeat column for column
    (rows_document = rows_document_id, facts_row = facts_row_id, facts_document = facts_document_id):
    every stored row kept both up to date (about 11 MB of 294 at 1,000 documents)."""
    for name in ("rows_document", "facts_row", "facts_document"):
        db.execute(f"DROP INDEX IF EXISTS {name}")


def check_path(path: Path) -> None:
    """Raise a DatabaseFileError when ``path`` cannot be a budgetqa database; writes nothing."""
    path = Path(path)
    if path.is_dir():
        raise NotADatabase(path, "is a directory: give --db the path of a database file")
    if path.exists():
        try:
            with open(path, "rb") as file:
                head = file.read(len(_SQLITE_MAGIC))
        except OSError as error:
            raise UnwritableDatabase(path, f"cannot be read ({error.strerror})") from None
        if head and head != _SQLITE_MAGIC:
            raise NotADatabase(path, "is not a SQLite database: give --db a budgetqa database or a new file")
        if not os.access(path, os.W_OK):
            raise UnwritableDatabase(path, "is read-only: give --db a file you may write")
    folder = _existing_folder(path.parent)
    if not folder.is_dir():
        raise UnwritableDatabase(path, f"{folder} is not a directory")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UnwritableDatabase(
            path, f"cannot write in {folder} (the database needs its -wal file beside it)"
        )


def connect(path: Path) -> sqlite_utils.Database:
    """Open ``path`` for writing (created if missing), in WAL mode, with the busy timeout.

    The connection is in autocommit mode: the caller begins its own transaction.
    """
    path = Path(path)
    check_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UnwritableDatabase(path, f"cannot create its directory ({error.strerror})") from None
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError as error:
        connection.close()
        raise translate(path, error) from None
    return sqlite_utils.Database(connection)


def begin(db: sqlite_utils.Database, path: Path) -> None:
    """Take the write lock (waiting up to BUSY_TIMEOUT) and bring the schema up to date within it."""
    try:
        db.execute("BEGIN IMMEDIATE")
        version = schema_version(db)
        if version > SCHEMA_VERSION:
            raise NewerDatabase(
                path,
                f"was written by a newer budgetqa (schema version {version}; this one knows "
                f"{SCHEMA_VERSION}): upgrade budgetqa to use it",
            )
        if not _is_budgetqa(db):
            raise NotADatabase(path, "holds another application's tables: give --db a budgetqa database")
        MIGRATIONS.apply(db)
        if version != SCHEMA_VERSION:
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except sqlite3.DatabaseError as error:
        raise translate(path, error) from None


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def translate(path: Path, error: sqlite3.DatabaseError) -> DatabaseFileError:
    """The one-line DatabaseFileError for what SQLite said about the file."""
    text = str(error)
    if "locked" in text or "busy" in text:
        return DatabaseBusy(
            path, f"another ingest kept it locked for {BUSY_TIMEOUT:.0f} s: run again when it has finished"
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return UnwritableDatabase(path, f"cannot be written ({text}): give --db a file you may write")
    return NotADatabase(path, f"is not a usable SQLite database ({text})")


def _is_budgetqa(db: sqlite_utils.Database) -> bool:
    """A new file, or one whose tables budgetqa made."""
    names = set(db.table_names())
    if MIGRATIONS.migrations_table in names:
        return any(applied.name == "_m001_schema" for applied in MIGRATIONS.applied(db))
    return not names or "documents" in names or "_migrations" in names


def _existing_folder(folder: Path) -> Path:
    """The nearest ancestor of ``folder`` that exists (where a missing directory would be created)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder
