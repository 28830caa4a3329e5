"""Merge shard databases into one: how a province-size corpus is built on several machines.

Each shard is an ordinary budgetqa database, ingested as an independent job (GNU
parallel, a Kubernetes Indexed Job; deploy/README.md). ``merge`` copies every document
of every shard into the target inside one write transaction (``ingest.store``): rows
get new ids in the target, the references between them (a row's table, a fact's row,
a project's row, an indicator's project, a narrative fact's passage, a search entry's
item) are mapped to the new ids, and the search entries keep their tokens (no
re-segmentation). A document the target already holds (same body, year, phase and
scope, or one of the same files) is replaced, exactly as re-ingesting it would; among
shards, the later one wins. Each shard's homophone candidates are merged into the
target's table. Shards are read only, one document at a time, so memory does not grow
with their size. Nothing is written when anything fails.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from ingest.schema import SEARCH_SPAN, DatabaseFileError, NotADatabase
from ingest.search import document_entries
from ingest.store import Writer, transaction
from ingest.version import SCHEMA_VERSION

# table → the columns that hold ids of another table (mapped to that table's new ids)
REFERENCES: dict[str, dict[str, str]] = {
    "tables": {},
    "rows": {"table_id": "tables"},
    "facts": {"row_id": "rows", "table_id": "tables"},
    "projects": {"row_id": "rows"},
    "indicators": {"project_id": "projects"},
    "passages": {},
    "narrative_facts": {"passage_id": "passages"},
    "glossary": {},
    "checks": {},
}
# tables keyed by project, not by document
PROJECT_CHILDREN = ("project_fields", "project_funds")
# a search entry's kind → the table its ref_id points into
ENTRY_TABLE = {
    "row": "rows",
    "project": "projects",
    "project_text": "projects",
    "indicator": "indicators",
    "passage": "passages",
    "glossary": "glossary",
}


class ShardError(DatabaseFileError):
    """A shard that cannot be merged (missing, not budgetqa's, another schema, the target itself)."""


@dataclass(frozen=True, slots=True)
class Merged:
    """One shard's part of a merge: how many documents it gave and their new ids in the target."""

    shard: Path
    documents: tuple[int, ...]


def merge(
    target: Path, shards: Sequence[Path], progress: Callable[[Merged], None] | None = None
) -> list[Merged]:
    """Copy every document of ``shards`` into ``target`` (created if missing), all or nothing."""
    target = Path(target)
    shards = [Path(shard) for shard in shards]
    connections = [_open_shard(shard, target) for shard in shards]  # every shard checked before writing
    merged: list[Merged] = []
    try:
        with transaction(target) as writer:
            for shard, connection in zip(shards, connections, strict=True):
                source = sqlite_utils.Database(connection)
                ids = [
                    _copy_document(writer, source, document_id)
                    for (document_id,) in connection.execute("SELECT id FROM documents ORDER BY id")
                ]
                writer.homophones.add_mapping(
                    dict(connection.execute("SELECT variant, candidates FROM homophones").fetchall())
                )
                merged.append(Merged(shard, tuple(ids)))
                if progress:
                    progress(merged[-1])
    finally:
        for connection in connections:
            connection.close()
    return merged


def _open_shard(shard: Path, target: Path) -> sqlite3.Connection:
    if not shard.is_file():
        raise ShardError(shard, "does not exist: give merge the shard databases that ingest wrote")
    if target.exists() and shard.resolve() == target.resolve():
        raise ShardError(shard, "is the target itself: give --db a different file")
    try:
        connection = sqlite3.connect(f"file:{shard.resolve()}?mode=ro", uri=True)
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        connection.execute("SELECT count(*) FROM documents").fetchone()
    except sqlite3.DatabaseError as error:
        raise NotADatabase(
            shard, f"is not a budgetqa database ({error}): give merge the shard databases that ingest wrote"
        ) from None
    if version != SCHEMA_VERSION:
        connection.close()
        raise ShardError(
            shard,
            f"has schema version {version}, this budgetqa writes {SCHEMA_VERSION}: "
            f"upgrade it first with budgetqa ingest --db {shard}",
        )
    return connection


def _copy_document(writer: Writer, source: sqlite_utils.Database, document_id: int) -> int:
    """Copy one document and everything that belongs to it; returns its id in the target."""
    document = _select(source, "documents", "id = ?", [document_id])[0]
    files = _select(source, "document_files", "document_id = ?", [document_id])
    writer.replace(
        document["body"],
        document["year"],
        document["phase"],
        document["scope"],
        [file["source"] for file in files],
    )
    new_document = writer.allocate("documents")
    _insert(writer, "documents", [{**document, "id": new_document}])
    _insert(writer, "document_files", [{**file, "document_id": new_document} for file in files])
    ids: dict[str, dict[int, int]] = {}
    for table, references in REFERENCES.items():
        records = _select(source, table, "document_id = ?", [document_id])
        mapping = ids[table] = {}
        copied = []
        for record in records:
            mapping[record["id"]] = writer.allocate(table)
            copied.append(
                {
                    **record,
                    "id": mapping[record["id"]],
                    "document_id": new_document,
                    **{
                        column: ids[other].get(record[column]) if record[column] is not None else None
                        for column, other in references.items()
                    },
                }
            )
        _insert(writer, table, copied)
    projects = ids["projects"]
    if projects:
        marks = ", ".join("?" for _ in projects)
        for table in PROJECT_CHILDREN:
            records = _select(source, table, f"project_id IN ({marks})", list(projects))
            _insert(
                writer,
                table,
                [{**record, "project_id": projects[record["project_id"]]} for record in records],
            )
    base = new_document * SEARCH_SPAN
    writer.db.conn.executemany(
        "INSERT INTO search (rowid, kind, ref_id, document_id, tokens) VALUES (?, ?, ?, ?, ?)",
        (
            (base + n, kind, ids[ENTRY_TABLE[kind]].get(ref_id, ref_id), new_document, tokens)
            for n, kind, ref_id, tokens in document_entries(source, document_id)
        ),
    )
    return new_document


def _select(
    db: sqlite_utils.Database, table: str, where: str, values: Sequence[object]
) -> list[dict[str, Any]]:
    cursor = db.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY rowid", values)  # noqa: S608
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _insert(writer: Writer, table: str, records: Sequence[dict[str, Any]]) -> None:
    if not records:
        return
    columns = list(records[0])
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    writer.db.conn.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608
        ([record[column] for column in columns] for record in records),
    )
