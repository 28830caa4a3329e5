"""The store on disk: replacing one document, migrating a first-version file, refusing a newer one.

- Ingesting one changed document into a many-body database replaces only that document:
  every other document's rows and search entries stay byte-identical, and the FTS index
  and the engine find the new project name.
- A database in the first version's shape (``_migrations`` table, user_version 0, no
  lookup indexes, search rowids 1, 2, 3 … over the whole file) is refused by the engine
  with the fix, and ``budgetqa ingest --db PATH`` upgrades it in place.
- A database written by a newer budgetqa (user_version above ours) is refused by the engine
  and by ``budgetqa ingest``, and left byte-for-byte as it was.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from manybodies import bodies, write_documents

from bot.cli import main
from ingest.pipeline import ingest
from ingest.schema import MIGRATIONS, SEARCH_SPAN
from ingest.store import CHILD_TABLES
from ingest.version import SCHEMA_VERSION
from knowledge.answer import ANSWERED
from knowledge.engine import DatabaseError, Engine
from knowledge.queries import connect

REFERENCE = Path(__file__).parent / "data" / "zezhou_npc_office_2024_budget.txt"
VERSION = SCHEMA_VERSION  # PRAGMA user_version of the current schema
OLD_NAME, NEW_NAME = "代表培训经费", "代表履职培训经费"
# every table holding a document_id column, and the FTS index (with its rowids)
DOCUMENT_TABLES = CHILD_TABLES
# created by the first version's _m001_schema (repeated by _m002's lookup indexes, dropped by _m005)
FIRST_VERSION_INDEXES = {
    "rows_document": "rows(document_id)",
    "facts_row": "facts(row_id)",
    "facts_document": "facts(document_id)",
}
# the first version's _rebuild_search wrote all rows, then all projects, … over every document
FIRST_VERSION_ORDER = "CASE kind WHEN 'row' THEN 0 WHEN 'project' THEN 1 WHEN 'indicator' THEN 2 " + (
    "WHEN 'passage' THEN 3 WHEN 'glossary' THEN 4 ELSE 5 END, ref_id"
)

Row = tuple[Any, ...]
Snapshot = dict[str, list[Row]]


def built(directory: Path, names: list[str], years: list[int]) -> Path:
    """A database of the reference document under each body and year, by the real ingest."""
    paths = write_documents(directory, names, years)
    db = directory / "budget.db"
    assert all(outcome.document is not None for outcome in ingest(db, paths, workers=1))
    return db


def query(db: Path, sql: str, parameters: tuple[object, ...] = ()) -> list[Row]:
    with sqlite3.connect(db) as connection:
        rows: list[Row] = connection.execute(sql, parameters).fetchall()
    connection.close()
    return rows


def snapshot(db: Path, excluded: int) -> Snapshot:
    """Every stored row of the documents other than ``excluded``, in id order."""
    tables: Snapshot = {
        "documents": query(db, "SELECT * FROM documents WHERE id != ? ORDER BY id", (excluded,)),
        "search": query(db, "SELECT rowid, * FROM search WHERE document_id != ? ORDER BY rowid", (excluded,)),
    }
    for table in DOCUMENT_TABLES:
        sql = f"SELECT * FROM {table} WHERE document_id != ? ORDER BY rowid"  # noqa: S608
        tables[table] = query(db, sql, (excluded,))
    return tables


def found(db: Path, word: str) -> set[object]:
    """The documents whose search entries hold ``word`` as one token."""
    rows = query(db, "SELECT DISTINCT document_id FROM search WHERE search MATCH ?", (f'"{word}"',))
    return {document_id for (document_id,) in rows}


def indexes(db: Path) -> set[object]:
    return {
        name for (name,) in query(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql NOT NULL")
    }


def test_one_replaced_document_leaves_the_others_byte_identical(tmp_path: Path) -> None:
    names = bodies(3)  # 阳城县教育局, 沁水县教育局, 高平市教育局
    db = built(tmp_path, names, [2023, 2024])
    body = names[1]
    (old_id,) = query(db, "SELECT id FROM documents WHERE body = ? AND year = 2024", (body,))[0]
    assert isinstance(old_id, int)
    before = snapshot(db, old_id)
    assert len(before["documents"]) == 5 and all(len(rows) > 0 for rows in before.values())
    others = {row[0] for row in before["documents"]}
    assert found(db, OLD_NAME) == others | {old_id} and found(db, NEW_NAME) == set()

    replacement = tmp_path / "replacement" / "doc00001_2024.txt"
    replacement.parent.mkdir()
    text = (tmp_path / "doc00001_2024.txt").read_text(encoding="utf-8")
    assert body in text and text.count(OLD_NAME) >= 2  # the table row and the performance sheet
    replacement.write_text(text.replace(OLD_NAME, NEW_NAME), encoding="utf-8")
    (outcome,) = ingest(db, [replacement], workers=1)
    assert outcome.stored is not None

    new_id = outcome.stored.document_id
    assert query(db, "SELECT count(*) FROM documents") == [(6,)]
    assert new_id != old_id
    assert query(db, "SELECT body, year FROM documents WHERE id = ?", (new_id,)) == [(body, 2024)]
    assert query(db, "SELECT count(*) FROM rows WHERE document_id = ?", (old_id,)) == [(0,)]
    assert snapshot(db, new_id) == before
    assert found(db, NEW_NAME) == {new_id}
    assert found(db, OLD_NAME) == others
    assert all(
        rowid // SEARCH_SPAN == new_id
        for (rowid,) in query(db, "SELECT rowid FROM search WHERE document_id = ?", (new_id,))
    )

    engine = Engine.open(db)
    answer = engine.ask(f"{body}2024年{NEW_NAME}多少")
    engine.close()
    assert answer.status == ANSWERED, answer.text
    assert answer.value == Decimal("55.00") and answer.unit == "万元"
    assert answer.sources[0].row == NEW_NAME
    assert answer.sources[0].document.startswith(f"{body}2024年")


def make_first_version(db: Path) -> set[object]:
    """Turn a current database into the first version's shape; returns the lookup indexes dropped."""
    dropped = indexes(db) - set(FIRST_VERSION_INDEXES)
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("BEGIN")
    connection.execute(
        "CREATE TEMP TABLE old_search AS SELECT row_number() OVER (ORDER BY "
        f"{FIRST_VERSION_ORDER}) AS id, kind, ref_id, document_id, tokens FROM search"  # noqa: S608
    )
    connection.execute("DELETE FROM search")
    connection.execute(
        "INSERT INTO search (rowid, kind, ref_id, document_id, tokens) "
        "SELECT id, kind, ref_id, document_id, tokens FROM old_search ORDER BY id"
    )
    connection.execute("DROP TABLE old_search")
    for name in dropped:
        connection.execute(f'DROP INDEX "{name}"')
    for name, on in FIRST_VERSION_INDEXES.items():
        connection.execute(f"CREATE INDEX {name} ON {on}")
    connection.execute(f"DROP TABLE {MIGRATIONS.migrations_table}")
    connection.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    connection.execute("INSERT INTO _migrations VALUES ('_m001_schema', '2024-05-01T08:00:00+00:00')")
    connection.execute("PRAGMA user_version = 0")
    connection.execute("COMMIT")
    connection.execute("PRAGMA journal_mode = DELETE")  # the first version never used WAL
    connection.close()
    return dropped


def test_a_first_version_database_is_refused_then_upgraded_in_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = bodies(2)
    db = built(tmp_path, names, [2023, 2024])
    current = query(db, "SELECT rowid, * FROM search ORDER BY rowid")
    expected_indexes = indexes(db)
    dropped = make_first_version(db)
    assert "documents_key" in dropped and indexes(db) == set(FIRST_VERSION_INDEXES)
    assert query(db, "SELECT min(rowid), max(rowid), count(*) FROM search") == [
        (1, len(current), len(current))
    ]
    order = [document_id for (document_id,) in query(db, "SELECT document_id FROM search ORDER BY rowid")]
    assert order != sorted(order)  # every document's rows, then every document's projects, …

    for refuse in (connect, Engine.open):
        with pytest.raises(DatabaseError) as refused:
            refuse(db)
        assert "\n" not in str(refused.value)
        assert f"budgetqa ingest --db {db}" in str(refused.value)

    assert main(["ingest", "--db", str(db)]) == 0
    assert f"version {VERSION}" in capsys.readouterr().out
    assert query(db, "PRAGMA user_version") == [(VERSION,)]
    assert indexes(db) == expected_indexes
    tables = {name for (name,) in query(db, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "_migrations" not in tables
    applied = {name for (name,) in query(db, f"SELECT name FROM {MIGRATIONS.migrations_table}")}  # noqa: S608
    assert {
        "_m001_schema",
        "_m002_lookup_indexes",
        "_m003_search_rowids_by_document",
        "_m005_no_duplicate_indexes",
    } <= applied
    assert not set(FIRST_VERSION_INDEXES) & indexes(db)
    migrated = query(db, "SELECT rowid, * FROM search ORDER BY rowid")
    assert all(rowid // SEARCH_SPAN == document_id for rowid, _, _, document_id, _ in migrated)
    assert migrated == current  # each document's entries numbered from its base, in the order written

    engine = Engine.open(db)
    answer = engine.ask(f"{names[0]}2024年{OLD_NAME}多少")
    engine.close()
    assert answer.status == ANSWERED, answer.text
    assert answer.value == Decimal("55.00") and answer.unit == "万元"
    assert answer.sources[0].row == OLD_NAME and answer.sources[0].document.startswith(f"{names[0]}2024年")


def test_a_database_from_a_newer_budgetqa_is_refused_and_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "budget.db"
    assert all(outcome.document is not None for outcome in ingest(db, [REFERENCE], workers=1))
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    content = db.read_bytes()
    assert query(db, "PRAGMA user_version") == [(99,)]

    with pytest.raises(DatabaseError) as refused:
        Engine.open(db)
    assert "\n" not in str(refused.value) and "upgrade budgetqa" in str(refused.value)

    for extra in ([], [str(REFERENCE)]):  # only upgrading the schema, and ingesting a file
        assert main(["ingest", "--db", str(db), *extra]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "upgrade budgetqa" in err and str(db) in err
        assert db.read_bytes() == content
    assert query(db, "PRAGMA user_version") == [(99,)]
