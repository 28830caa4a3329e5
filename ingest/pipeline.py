"""Ingest many files: parse them in worker processes while this process stores each document as it arrives.

A file that cannot be read or is not a disclosure is reported (one line) and
skipped; the others still go in. All documents are written in one transaction
(``ingest.store.transaction``), opened when the first document has parsed: an
exception or Ctrl-C anywhere rolls it back and terminates the workers. Nothing is
written when none parsed.

Parsing runs in ``workers`` processes (default: the core count; reading a PDF is the
slow part and each file is independent; ``ingest.workers``), one file per worker in
flight, so a slow writer never lets parsed documents pile up in memory; a worker that
dies (killed, out of memory) costs only the file it held, which is parsed once more. Files that belong to
the same body, year, phase and scope — a document published as a narrative PDF and a
tables PDF — become one document: the first to arrive is stored at once; when another
part arrives, the parts are combined and the combined document replaces the stored
one (the earlier parts are read again unless ``keep_documents`` kept them).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Generator, Sequence
from contextlib import ExitStack, closing
from dataclasses import dataclass, field, replace
from pathlib import Path

import jieba

from ingest.errors import IngestError
from ingest.lexicon import base_tokenizer
from ingest.meta import body_key
from ingest.model import ParsedDocument
from ingest.parse import combine, parse_document
from ingest.read import read_document
from ingest.report import describe, headline
from ingest.schema import check_path
from ingest.search import segment
from ingest.store import Writer, store, transaction
from ingest.workers import parallel


@dataclass(frozen=True, slots=True)
class Stored:
    """A document as written: its id, and what the person running the ingest is told about it."""

    document_id: int
    source: str  # the first file's name
    headline: str  # ingest.report.headline
    details: tuple[str, ...]  # ingest.report.describe
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one file (its document and summary are shared with the other files of the same document)."""

    path: Path
    document: ParsedDocument | None
    error: str = ""
    stored: Stored | None = None


def parse_file(path: Path, encoding: str | None = None) -> Outcome:
    """Read and parse one file; an ingest error, or any other exception (a fault of the reader
    on this file, not of the others), becomes the outcome's one-line error."""
    try:
        return Outcome(path, parse_document(read_document(Path(path), encoding=encoding)))
    except IngestError as error:
        return Outcome(path, None, str(error))
    except (MemoryError, RecursionError):
        raise
    except Exception as error:  # noqa: BLE001 - one file's fault must not lose the batch
        return Outcome(path, None, f"{Path(path).name}: {READ_FAULT.format(error=_one_line(error))}")


READ_FAULT = "could not be read ({error}); the other files go on — please report this file"
WORKER_DIED = "the process parsing it died (killed, or out of memory); the other files go on"
STORE_FAULT = "could not be stored ({error}); the other files go on — please report this file"


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text[:200]}" if text else type(error).__name__


def parse_and_segment(path: Path, encoding: str | None = None) -> Outcome:
    """``parse_file``, and the document's search tokens segmented here (a worker process) rather than
    in the single writer, where jieba would otherwise take most of the ingest's time."""
    outcome = parse_file(path, encoding)
    if outcome.document is None:
        return outcome
    global _BASE_TOKENIZER
    if _BASE_TOKENIZER is None:
        _BASE_TOKENIZER = base_tokenizer()
    return replace(outcome, document=segment(outcome.document, _BASE_TOKENIZER))


_BASE_TOKENIZER: jieba.Tokenizer | None = None  # one per worker process, loaded by its first document


def ingest(
    db_path: Path,
    paths: Sequence[Path],
    *,
    encoding: str | None = None,
    progress: Callable[[Path], None] | None = None,
    workers: int | None = None,
    keep_documents: bool = True,
) -> list[Outcome]:
    """Parse ``paths`` and store every document that parsed; returns one outcome per file, in order.

    ``progress`` is called with each file's path as it is done. With ``keep_documents=False``
    the outcomes carry only the ``stored`` summary, not the parsed document (for thousands of
    files). With no paths, only brings the database's schema up to date.
    """
    paths = [Path(path) for path in paths]
    if not paths:
        store(db_path, [])
        return []
    check_path(db_path)  # a wrong --db is told before minutes of parsing
    batch = _Batch(paths, encoding, keep_documents)
    with ExitStack() as stack:
        parsed = stack.enter_context(
            closing(_parse(paths, encoding, _workers(workers, paths), segmenting=True))
        )
        for index, outcome in parsed:
            if outcome.document is not None and batch.writer is None:
                batch.writer = stack.enter_context(transaction(db_path))
            batch.add(index, outcome)
            if progress:
                progress(paths[index])
    return batch.outcomes()


def parse_files(
    paths: Sequence[Path],
    *,
    encoding: str | None = None,
    progress: Callable[[Path], None] | None = None,
    workers: int | None = None,
) -> list[Outcome]:
    """Read and parse every file (in ``workers`` processes); errors become outcomes. Nothing is stored."""
    paths = [Path(path) for path in paths]
    outcomes: dict[int, Outcome] = {}
    with closing(_parse(paths, encoding, _workers(workers, paths))) as parsed:
        for index, outcome in parsed:
            outcomes[index] = outcome
            if progress:
                progress(paths[index])
    return merge_outcomes([outcomes[i] for i in range(len(paths))])


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


def summaries(outcomes: Sequence[Outcome]) -> list[Stored]:
    """The distinct stored documents of the outcomes, in the order their first file was given."""
    seen: dict[int, Stored] = {}
    for outcome in outcomes:
        if outcome.stored is not None:
            seen.setdefault(outcome.stored.document_id, outcome.stored)
    return list(seen.values())


@dataclass(slots=True)
class _Group:
    """The files of one document seen so far, and the document last written for them."""

    indexes: list[int] = field(default_factory=list)  # every file, in arrival order
    files: dict[str, int] = field(default_factory=dict)  # sha256 → index of its first file
    parts: list[ParsedDocument] = field(default_factory=list)  # kept only with keep_documents
    document: ParsedDocument | None = None  # kept only with keep_documents
    stored: Stored | None = None


class _Batch:
    """The writer's side of an ingest: documents grouped as they arrive, each written when complete so far."""

    def __init__(self, paths: Sequence[Path], encoding: str | None, keep: bool) -> None:
        self.paths = paths
        self.encoding = encoding
        self.keep = keep
        self.writer: Writer | None = None
        self.failed: dict[int, Outcome] = {}
        self.groups: dict[tuple[str, int, str, str], _Group] = {}

    def add(self, index: int, outcome: Outcome) -> None:
        document = outcome.document
        if document is None:
            self.failed[index] = outcome
            return
        assert self.writer is not None
        key = _key(document)
        group = self.groups.setdefault(key, _Group())
        group.indexes.append(index)
        if document.source.sha256 in group.files:  # the same file given twice counts once
            return
        parts = [*(group.parts if self.keep else self._read_again(group, key)), document]
        combined = combine(parts)
        try:
            document_id = self.writer.write(combined)  # replaces the document of the earlier parts
        except (sqlite3.OperationalError, OSError, MemoryError):
            raise  # the database or the machine (locked, disk full): not this file's fault
        except Exception as error:  # noqa: BLE001 - this document could not be stored; the others go on
            group.indexes.pop()
            if not group.indexes:
                del self.groups[key]
            message = STORE_FAULT.format(error=_one_line(error))
            self.failed[index] = Outcome(outcome.path, None, f"{outcome.path.name}: {message}")
            return
        group.files[document.source.sha256] = index
        group.stored = Stored(
            document_id,
            combined.source.source,
            headline(combined),
            tuple(describe(combined)),
            combined.warnings,
        )
        if self.keep:
            group.parts, group.document = parts, combined

    def _read_again(self, group: _Group, key: tuple[str, int, str, str]) -> list[ParsedDocument]:
        """The earlier parts of a document, parsed again (they were not kept in memory)."""
        parts = [parse_file(self.paths[i], self.encoding).document for i in group.files.values()]
        return [part for part in parts if part is not None and _key(part) == key]

    def outcomes(self) -> list[Outcome]:
        results: dict[int, Outcome] = dict(self.failed)
        for group in self.groups.values():
            for index in group.indexes:
                results[index] = Outcome(self.paths[index], group.document, stored=group.stored)
        return [results[index] for index in range(len(self.paths))]


def _parse(
    paths: Sequence[Path], encoding: str | None, workers: int, *, segmenting: bool = False
) -> Generator[tuple[int, Outcome], None, None]:
    """(input index, outcome) of every file, as each is parsed; closing it terminates the workers.

    With ``segmenting``, worker processes also segment each document's search entries (in one
    process the writer does it: the same work either way).
    """
    if workers <= 1:
        for index, path in enumerate(paths):
            yield index, parse_file(path, encoding)
        return
    # largest first, so that the last file to finish is a small one
    order = sorted(range(len(paths)), key=lambda i: -_size(paths[i]))
    work = parse_and_segment if segmenting else parse_file
    arguments = [(path, encoding) for path in paths]
    for index, outcome in parallel(work, arguments, workers, order):
        yield index, outcome or Outcome(paths[index], None, f"{paths[index].name}: {WORKER_DIED}")


def _key(document: ParsedDocument) -> tuple[str, int, str, str]:
    meta = document.meta
    return body_key(meta.body), meta.year, meta.phase, meta.scope


def _workers(workers: int | None, paths: Sequence[Path]) -> int:
    return max(1, min(workers if workers is not None else os.cpu_count() or 1, len(paths)))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
