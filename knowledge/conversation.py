"""What a chat has said so far: the context a follow-up question is read in."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from knowledge.answer import Answer
from knowledge.figures import Figure


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
