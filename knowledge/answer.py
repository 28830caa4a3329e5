"""What an answer is: the text a user reads, its figure and unit, and where it came from.

Every answer the engine gives is an ``Answer``; the shells (command line, chat,
Telegram) only render it. ``to_json`` is the shape of ../shared/qa/CONTRACT.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

ANSWERED = "answered"
AMBIGUOUS = "ambiguous"
NOT_FOUND = "not_found"
OUT_OF_SCOPE = "out_of_scope"
HELP = "help"


@dataclass(frozen=True, slots=True)
class Source:
    """A stored cell (or passage) a figure was read from."""

    document: str
    table: str  # the table title as printed, or the section heading for narrative text
    row: str = ""
    column: str = ""
    page: int | None = None
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "page": self.page,
            "line": self.line,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Source:
        """The source ``to_json`` wrote (a conversation kept by the bot between restarts)."""
        return cls(
            str(data["document"]),
            str(data["table"]),
            str(data.get("row") or ""),
            str(data.get("column") or ""),
            _optional_int(data.get("page")),
            _optional_int(data.get("line")),
        )

    def describe(self) -> str:
        """One line a person can follow back to the document."""
        where = []
        if self.row:
            where.append(f"“{self.row}”行")
        if self.column:
            where.append(f"“{self.column}”列")
        if self.page is not None:
            where.append(f"第{self.page}页")
        if self.line is not None:
            where.append(f"第{self.line}行")
        tail = "，".join(where)
        return f"《{self.document}》{self.table}" + (f"（{tail}）" if tail else "")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of an ambiguous question: its label, and the question that selects it."""

    label: str
    question: str

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "question": self.question}


@dataclass(frozen=True, slots=True)
class Answer:
    """The engine's reply to one question."""

    question: str
    status: str  # answered | ambiguous | not_found | out_of_scope | help
    text: str  # what the user reads (plain text; shells escape it)
    value: Decimal | None = None
    unit: str = ""
    sources: tuple[Source, ...] = ()
    derivation: str = ""  # e.g. 55.00 ÷ 560.78 = 9.81%
    candidates: tuple[Candidate, ...] = ()
    suggestions: tuple[str, ...] = field(default=())  # follow-up questions worth offering
    headline: str = ""  # the figure as shown in bold, e.g. 55.00万元

    def to_json(self) -> dict[str, Any]:
        value: float | int | None = None
        if self.value is not None:
            value = int(self.value) if self.value == self.value.to_integral_value() else float(self.value)
        return {
            "question": self.question,
            "status": self.status,
            "answer": self.text,
            "value": value,
            "unit": self.unit,
            "sources": [source.to_json() for source in self.sources],
            "candidates": [candidate.to_json() for candidate in self.candidates],
        }


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)
