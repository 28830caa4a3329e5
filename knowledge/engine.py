"""The engine facade: one object the shells hold, opened once on a database.

    engine = Engine.open(Path("budget.db"))
    conversation = Conversation()
    answer = engine.ask("代表培训经费多少", conversation)
    answer = engine.ask("那常委会会议费呢", conversation)   # follows the context

Nothing here knows about Telegram or the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from knowledge.answer import Answer


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
