"""What a chat has said so far: the context a follow-up question is read in.

Handlers never change a ``Conversation``: each returns an ``Outcome``, its answer with
the ``Turn`` it adds (figures answered, document, a share's denominator), and the
dispatcher applies that turn in one place (``Conversation.apply``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

from knowledge.answer import Answer
from knowledge.figures import Figure
from knowledge.plan import Operation

KEPT_TURNS = 20  # questions kept in a conversation's JSON (only the latest are ever read)
KEPT_FIGURES = 6  # figures a follow-up can refer back to (它, 两个加起来, 哪个多)


@dataclass(frozen=True, slots=True)
class Turn:
    """What one answer changes in a conversation; ``None`` and empty leave a slot as it was."""

    figures: tuple[Figure, ...] = ()  # the figures answered, in order
    document_id: int | None = None  # the document answered from
    denominator: Figure | None = None  # a share's denominator (那常委会会议费呢 reuses it)
    operation: Operation | None = None  # the operation asked (set by the dispatcher)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A handler's answer and the turn it adds to the conversation."""

    answer: Answer
    turn: Turn = Turn()

    def asked(self, operation: Operation) -> Outcome:
        """The same outcome, its turn remembering ``operation`` when it answered with figures."""
        if not self.turn.figures:
            return self
        return replace(self, turn=replace(self.turn, operation=operation))


@dataclass(slots=True)
class Conversation:
    """What a chat has said so far: the engine reads it on every question and applies each turn."""

    turns: list[str] = field(default_factory=list)  # the questions asked
    document_id: int | None = None
    subjects: list[Figure] = field(default_factory=list)  # figures answered, most recent last
    operation: Operation | None = None
    denominator: Figure | None = None
    updated: float = field(default_factory=time.monotonic)

    def apply(self, question: str, turn: Turn) -> None:
        """Remember one answered question and what its answer changed."""
        self.turns.append(question)
        if turn.figures:
            self.subjects.extend(turn.figures)
            del self.subjects[:-KEPT_FIGURES]
        if turn.operation is not None:
            self.operation = turn.operation
        if turn.document_id is not None:
            self.document_id = turn.document_id
        if turn.denominator is not None:
            self.denominator = turn.denominator
        self.updated = time.monotonic()

    def to_json(self) -> dict[str, Any]:
        """Plain JSON (no pickle: the bot's state store may be shared between workers)."""
        return {
            "turns": self.turns[-KEPT_TURNS:],
            "document_id": self.document_id,
            "subjects": [figure.to_json() for figure in self.subjects],
            "operation": self.operation.value if self.operation is not None else None,
            "denominator": self.denominator.to_json() if self.denominator is not None else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Conversation:
        """The conversation ``to_json`` wrote; ValueError when it is not one (the caller starts afresh)."""
        try:
            return cls(
                [str(turn) for turn in data.get("turns", [])],
                None if data.get("document_id") is None else int(data["document_id"]),
                [Figure.from_json(figure) for figure in data.get("subjects", [])],
                None if data.get("operation") is None else Operation(data["operation"]),
                None if data.get("denominator") is None else Figure.from_json(data["denominator"]),
            )
        except (KeyError, TypeError, ArithmeticError, AttributeError) as error:
            raise ValueError(f"not a conversation: {error!r}") from None
