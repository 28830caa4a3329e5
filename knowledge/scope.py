"""Every record the engine answers from, for the documents of one scope (a body's family, or a few):
read with indexed, parameterised look-ups by document, then by project."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from knowledge.queries import Reader, documents_where
from knowledge.records import (
    CellRecord,
    CheckRecord,
    Database,
    GlossaryRecord,
    IndicatorRecord,
    NarrativeFactRecord,
    PassageRecord,
    ProjectRecord,
    RowRecord,
    TableRecord,
)


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
