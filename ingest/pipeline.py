"""Ingest many files: read and parse each, then store all that parsed in one atomic write.

A file that cannot be read or is not a disclosure is reported (one line) and
skipped; the others still go in. Nothing is written when none parsed.

Files are parsed in worker processes when there are several PDFs (reading a
PDF is the slow part, and each file is independent). Files that belong to the
same body, year, phase and scope — a document published as a narrative PDF
and a tables PDF — become one document.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import IngestError
from ingest.meta import body_key
from ingest.model import ParsedDocument
from ingest.parse import combine, parse_document
from ingest.read import read_document
from ingest.store import store


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one file (its document is shared with the other files of the same document)."""

    path: Path
    document: ParsedDocument | None
    error: str = ""


def parse_file(path: Path, encoding: str | None = None) -> Outcome:
    """Read and parse one file; an ingest error becomes the outcome's one-line error."""
    try:
        return Outcome(path, parse_document(read_document(Path(path), encoding=encoding)))
    except IngestError as error:
        return Outcome(path, None, str(error))


def parse_files(
    paths: Sequence[Path],
    *,
    encoding: str | None = None,
    progress: Callable[[Path], None] | None = None,
    workers: int | None = None,
) -> list[Outcome]:
    """Read and parse every file (in ``workers`` processes when several are PDFs); errors become outcomes.

    ``progress`` is called with each file's path as it is done.
    """
    paths = [Path(path) for path in paths]
    count = workers if workers is not None else _default_workers(paths)
    outcomes: list[Outcome] = []
    if count <= 1:
        for path in paths:
            outcomes.append(parse_file(path, encoding))
            if progress:
                progress(path)
        return merge_outcomes(outcomes)
    # largest first, so that the last file to finish is a small one
    order = sorted(range(len(paths)), key=lambda i: -_size(paths[i]))
    done: dict[int, Outcome] = {}
    with ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(parse_file, paths[i], encoding): i for i in order}
        for future in as_completed(futures):
            index = futures[future]
            done[index] = future.result()
            if progress:
                progress(paths[index])
    return merge_outcomes([done[i] for i in range(len(paths))])


def merge_outcomes(outcomes: Sequence[Outcome]) -> list[Outcome]:
    """Outcomes whose documents share body, year, phase and scope get one combined document."""
    groups: dict[tuple[str, int, str, str], dict[str, ParsedDocument]] = {}
    for outcome in outcomes:
        if outcome.document is not None:  # the same file given twice counts once
            groups.setdefault(_key(outcome.document), {}).setdefault(
                outcome.document.source.sha256, outcome.document
            )
    combined = {key: combine(list(parts.values())) for key, parts in groups.items()}
    return [
        Outcome(outcome.path, combined[_key(outcome.document)]) if outcome.document is not None else outcome
        for outcome in outcomes
    ]


def documents(outcomes: Sequence[Outcome]) -> list[ParsedDocument]:
    """The distinct documents of the outcomes, in the order their first file was given."""
    seen: dict[int, ParsedDocument] = {}
    for outcome in outcomes:
        if outcome.document is not None:
            seen.setdefault(id(outcome.document), outcome.document)
    return list(seen.values())


def ingest(
    db_path: Path,
    paths: Sequence[Path],
    *,
    encoding: str | None = None,
    progress: Callable[[Path], None] | None = None,
    workers: int | None = None,
) -> list[Outcome]:
    """Parse ``paths`` and store every document that parsed; returns one outcome per file."""
    outcomes = parse_files(paths, encoding=encoding, progress=progress, workers=workers)
    parsed = documents(outcomes)
    if parsed:
        store(db_path, parsed)
    return outcomes


def _key(document: ParsedDocument) -> tuple[str, int, str, str]:
    meta = document.meta
    return body_key(meta.body), meta.year, meta.phase, meta.scope


def _default_workers(paths: Sequence[Path]) -> int:
    pdfs = sum(1 for path in paths if path.suffix.lower() == ".pdf")
    return min(os.cpu_count() or 1, pdfs) if pdfs > 1 else 1


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
