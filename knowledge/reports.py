"""Plain-text reports for staff: the tables of each document, and its reconciliation."""

from __future__ import annotations

from collections import defaultdict

from knowledge.queries import Database


def tables_report(db: Database) -> str:
    """Each document with its recognised tables and their row counts."""
    if not db.documents:
        return "The database holds no document yet: budgetqa ingest --db PATH FILE"
    rows_per_table: dict[int, int] = defaultdict(int)
    for row in db.rows:
        rows_per_table[row.table_id] += 1
    projects: dict[int, int] = defaultdict(int)
    for project in db.projects:
        projects[project.document_id] += 1
    out: list[str] = []
    for document in db.documents:
        tables = [table for table in db.tables if table.document_id == document.id]
        out.append(
            f"[{document.id}] {document.title} · {document.body} · {document.year} {document.phase} ({document.scope})"
        )
        out.append(f"    files: {', '.join(document.sources)}")
        for table in tables:
            state = "published empty (无数据)" if table.empty else f"{rows_per_table[table.id]} rows"
            label = f"{table.label} " if table.label else ""
            out.append(f"    {table.position:>2}. {label}{table.title} · {table.unit} · {state}")
        out.append(f"    project performance sheets: {projects[document.id]}")
        for warning in document.warnings:
            out.append(f"    warning: {warning}")
    return "\n".join(out)


def check_report(db: Database, *, verbose: bool = False) -> str:
    """Every identity per document: how many instances hold, and each that does not, with both numbers."""
    if not db.documents:
        return "The database holds no document yet: budgetqa ingest --db PATH FILE"
    out: list[str] = []
    for document in db.documents:
        checks = [check for check in db.checks if check.document_id == document.id]
        holding = sum(check.holds for check in checks)
        out.append(f"{document.title}: {holding} of {len(checks)} identities hold")
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
