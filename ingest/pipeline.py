"""Ingest many files: read and parse each, then store all that parsed in one atomic write.

A file that cannot be read or is not a disclosure is reported (one line) and
skipped; the others still go in. Nothing is written when none parsed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import IngestError
from ingest.model import ParsedDocument
from ingest.parse import parse_document
from ingest.read import read_document
from ingest.store import store


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one file."""

    path: Path
    document: ParsedDocument | None
    error: str = ""


def parse_files(
    paths: Sequence[Path],
    *,
    encoding: str | None = None,
    progress: Callable[[Path], None] | None = None,
) -> list[Outcome]:
    """Read and parse every file; errors become outcomes, not exceptions."""
    outcomes = []
    for path in paths:
        if progress:
            progress(path)
        try:
            outcomes.append(Outcome(path, parse_document(read_document(Path(path), encoding=encoding))))
        except IngestError as error:
            outcomes.append(Outcome(path, None, str(error)))
    return outcomes


def ingest(
    db_path: Path,
    paths: Sequence[Path],
    *,
    encoding: str | None = None,
    progress: Callable[[Path], None] | None = None,
) -> list[Outcome]:
    """Parse ``paths`` and store every document that parsed; returns one outcome per file."""
    outcomes = parse_files(paths, encoding=encoding, progress=progress)
    parsed = [outcome.document for outcome in outcomes if outcome.document is not None]
    if parsed:
        store(db_path, parsed)
    return outcomes
