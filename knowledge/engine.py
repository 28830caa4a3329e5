"""The engine facade: one object the shells hold, opened once on a database.

    engine = Engine.open(Path("budget.db"))
    conversation = Conversation()
    answer = engine.ask("代表培训经费多少", conversation)
    answer = engine.ask("那常委会会议费呢", conversation)   # follows the context

Nothing here knows about Telegram or the terminal. The database is read once
into memory; a question costs string matching and arithmetic, no I/O.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from knowledge import texts
from knowledge.answer import HELP, Answer
from knowledge.catalogue import Catalogue
from knowledge.figures import Figure, Resolver
from knowledge.operations import Operations
from knowledge.queries import Database, DatabaseError, load
from knowledge.understand import understand

__all__ = ["Conversation", "DatabaseError", "Engine"]


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A loaded document, as listed by /docs."""

    id: int
    title: str
    body: str
    short_names: tuple[str, ...]
    year: int
    phase: str  # 预算 | 决算
    scope: str  # 部门 | 单位
    table_count: int


@dataclass(frozen=True, slots=True)
class TableInfo:
    """A table of a document, as listed by /tables."""

    number: int  # position in the document's table list, 1-based (what /table N takes)
    title: str
    unit: str
    row_count: int
    empty: bool


@dataclass(frozen=True, slots=True)
class TableView:
    """A table ready to render: header and rows of printed cells."""

    document: str
    title: str
    unit: str
    columns: tuple[str, ...]  # the first is the row label
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Slice:
    """One part of a spending structure (for charts)."""

    label: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Structure:
    """A document's spending structure: 基本/项目支出 and 功能科目 类 shares, in one unit."""

    document: str
    unit: str
    by_kind: tuple[Slice, ...]  # 基本支出, 项目支出
    by_function: tuple[Slice, ...]  # 一般公共服务支出, 社会保障和就业支出 …
    source_table: str


@dataclass(slots=True)
class Conversation:
    """What a chat has said so far: the engine reads and updates it on every question."""

    turns: list[Any] = field(default_factory=list)
    document_id: int | None = None
    subjects: list[Figure] = field(default_factory=list)  # figures answered, most recent last
    operation: str = ""
    denominator: Figure | None = None
    columns: tuple[str, ...] = ()
    updated: float = field(default_factory=time.monotonic)

    def remember(
        self, answer: Answer, figures: list[Figure], operation: str, document_id: int | None
    ) -> None:
        self.turns.append(answer.question)
        if figures:
            self.subjects.extend(figures)
            del self.subjects[:-6]
        if operation:
            self.operation = operation
        if document_id is not None:
            self.document_id = document_id
        self.updated = time.monotonic()


class Engine:
    """Answers questions about the documents of one database."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.catalogue = Catalogue.build(database)
        self.resolver = Resolver(self.catalogue)
        self.operations = Operations(self.resolver)
        self._names = {d.id: tuple(dict.fromkeys((d.body, *d.short_names))) for d in database.documents}

    @classmethod
    def open(cls, path: Path) -> Engine:
        """Load the database at ``path``; DatabaseError (one line) when it cannot be read."""
        return cls(load(Path(path)))

    def close(self) -> None:
        """Nothing stays open: the database was read at open time."""

    def ask(self, question: str, conversation: Conversation | None = None) -> Answer:
        """Answer one question, following ``conversation`` when given."""
        conversation = conversation if conversation is not None else Conversation()
        question = question if isinstance(question, str) else str(question)
        if not question.strip():
            return self.help(question)
        intent = understand(question[:500], self.catalogue, self._names)
        if intent.operation == "help":
            return self.help(question)
        answer, figures, document_id = self.operations.run(intent, conversation)
        conversation.remember(answer, figures, intent.operation if figures else "", document_id)
        return answer

    def help(self, question: str) -> Answer:
        listing = "；".join(d.title for d in self.database.documents) or "（尚无文件）"
        return Answer(question, HELP, texts.HELP.format(documents=listing))

    # --- what the shells list and draw ------------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        counts: dict[int, int] = {}
        for table in self.database.tables:
            counts[table.document_id] = counts.get(table.document_id, 0) + 1
        return [
            DocumentInfo(d.id, d.title, d.body, d.short_names, d.year, d.phase, d.scope, counts.get(d.id, 0))
            for d in self.database.documents
        ]

    def _document(self, document_id: int | None) -> int | None:
        if document_id is not None:
            return document_id
        return self.database.documents[-1].id if self.database.documents else None

    def tables(self, document_id: int | None = None) -> list[TableInfo]:
        document_id = self._document(document_id)
        rows = self.catalogue.rows_by_table
        return [
            TableInfo(t.position, t.title, t.unit, len(rows.get(t.id, [])), t.empty)
            for t in self.database.tables
            if t.document_id == document_id
        ]

    def table(self, number: int, document_id: int | None = None) -> TableView | None:
        document_id = self._document(document_id)
        table = next(
            (t for t in self.database.tables if t.document_id == document_id and t.position == number), None
        )
        if table is None:
            return None
        title = self.resolver.titles[table.document_id]
        columns = ("项目", *table.columns)
        rows = []
        for row in self.catalogue.rows_by_table.get(table.id, []):
            cells = {cell.column: cell.printed for cell in row.cells}
            label = " ".join(part for part in (row.code, row.name, row.name2) if part)
            if row.section:
                label = f"[{row.section}] {label}"
            rows.append((label, *(cells.get(column, "") for column in table.columns)))
        return TableView(title, table.title, table.unit, columns, tuple(rows), table.note)

    def structure(self, document_id: int | None = None) -> Structure | None:
        document_id = self._document(document_id)
        table = next(
            (t for t in self.database.tables if t.document_id == document_id and t.kind == "expenditure"),
            None,
        )
        if table is None:
            return None
        rows = self.catalogue.rows_by_table.get(table.id, [])
        total = next((r for r in rows if r.name in ("合计", "总计")), None)
        by_kind: list[Slice] = []
        if total:
            for cell in total.cells:
                leaf = cell.column.rsplit("/", 1)[-1]
                if leaf in ("基本支出", "项目支出") and cell.amount:
                    by_kind.append(Slice(leaf, cell.amount))
        by_function = tuple(
            Slice(row.name, row.cells[0].amount)
            for row in rows
            if row.level == 1 and row.cells and row.cells[0].amount
        )
        return Structure(
            self.resolver.titles[table.document_id], table.unit, tuple(by_kind), by_function, table.title
        )
