"""Reports for staff and for measuring the ingest: the tables of each document, its reconciliation.

Both read one document at a time (a database of thousands of documents is never loaded whole)
and come as text for a person or, with ``--json``, as one JSON line per document in the shape
the command-line contract fixes (README, “Inspecting a database”): coverage of the ingest on any
folder of documents is measured through them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from knowledge.queries import Database, DatabaseError, Reader, connect, document_list, documents_database

NO_DOCUMENT = "The database holds no document yet: budgetqa ingest --db PATH FILE"
DETAIL = re.compile(r"^(?P<row>.*?)\s*\[(?P<column>[^\]]*)\]$")  # 301 工资福利支出 [合计]


def each_document(path: Path, *, with_checks: bool = True) -> Iterator[Database]:
    """Every document of the database at ``path`` with its records, one at a time, in id order."""
    connection = connect(path)
    try:
        reader = Reader(connection)
        for document in document_list(reader):
            yield documents_database(reader, Path(path), [document.id], {}, with_checks=with_checks)
    finally:
        connection.close()


def _common_kind(key: str) -> str | None:
    """The kind's name across families (收支总表 …), None for a table of no standard kind."""
    from ingest.tables import KIND_BY_KEY  # the kinds are declared once, with the ingest that reads them

    kind = KIND_BY_KEY.get(key)
    return (kind.common or None) if kind is not None else None


def tables_record(db: Database) -> dict[str, Any]:
    """One document's tables as ``budgetqa tables --json`` prints them."""
    [document] = db.documents
    rows = Counter(row.table_id for row in db.rows)
    return {
        "id": document.id,
        "title": document.title,
        "body": document.body,
        "year": document.year,
        "phase": document.phase,
        "scope": document.scope,
        "files": list(document.sources),
        "tables": [
            {
                "title": table.title,
                "kind": _common_kind(table.kind),
                "unit": table.unit,
                "rows": rows[table.id],
                "empty": table.empty,
                "confidence": "low" if table.doubt else "ok",
            }
            for table in db.tables
        ],
        "sheets": len(db.projects),
    }


def check_record(db: Database) -> dict[str, Any]:
    """One document's reconciliation as ``budgetqa check --json`` prints it."""
    [document] = db.documents
    failures = []
    for check in db.checks:
        if check.holds:
            continue
        detail = DETAIL.match(check.detail)
        failure = {
            "table": check.table,
            "identity": check.name,
            "row": detail.group("row") if detail else check.detail,
            "printed": str(check.expected),
            "computed": str(check.actual),
        }
        if detail:
            failure["column"] = detail.group("column")
        failures.append(failure)
    return {
        "id": document.id,
        "title": document.title,
        "identities": len(db.checks),
        "holding": sum(check.holds for check in db.checks),
        "failures": failures,
    }


def tables_report(db: Database) -> str:
    """One document with its recognised tables and their row counts."""
    [document] = db.documents
    rows = Counter(row.table_id for row in db.rows)
    out = [
        f"[{document.id}] {document.title} · {document.body} · {document.year} {document.phase} ({document.scope})",
        f"    files: {', '.join(document.sources)}",
    ]
    for table in db.tables:
        state = "published empty (无数据)" if table.empty else f"{rows[table.id]} rows"
        label = f"{table.label} " if table.label else ""
        doubt = f" · in doubt: {table.doubt}" if table.doubt else ""
        out.append(f"    {table.position:>2}. {label}{table.title} · {table.unit} · {state}{doubt}")
    out.append(f"    project performance sheets: {len(db.projects)}")
    out += [f"    warning: {warning}" for warning in document.warnings]
    return "\n".join(out)


def check_report(db: Database, *, verbose: bool = False) -> str:
    """Every identity of one document: how many instances hold, and each that does not, with both numbers."""
    [document] = db.documents
    checks = db.checks
    holding = sum(check.holds for check in checks)
    out = [f"{document.title}: {holding} of {len(checks)} identities hold"]
    groups: dict[tuple[str, str], list[int]] = {}
    for index, check in enumerate(checks):
        groups.setdefault((check.table, check.name), []).append(index)
    for (table, name), members in groups.items():
        held = sum(checks[i].holds for i in members)
        mark = "ok  " if held == len(members) else "FAIL"
        out.append(f"  {mark} {table} · {name}: {held}/{len(members)} hold")
        for i in members:
            check = checks[i]
            if not check.holds or verbose:
                verdict = "holds" if check.holds else f"differs by {check.expected - check.actual}"
                out.append(
                    f"         {check.detail}: printed {check.expected}, computed {check.actual} — {verdict}"
                )
    return "\n".join(out)


__all__ = [
    "DatabaseError",
    "NO_DOCUMENT",
    "check_record",
    "check_report",
    "each_document",
    "tables_record",
    "tables_report",
]
