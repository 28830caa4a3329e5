"""A document's search index entries, and the homophone table merged into what is stored.

Search entries: the FTS5 table ``search`` (kind, ref_id, document_id, tokens) holds one
entry per row, project, indicator, passage, glossary term and project description,
segmented by a jieba tokenizer that knows the shipped lexicon and that document's own
names. A document's entries have the rowids ``document_id * SEARCH_SPAN + n`` (n = 0,
1, …), so replacing a document deletes one rowid range, which FTS5 finds through its
rowid b-tree, instead of scanning the whole index for an UNINDEXED document_id.

Homophones (variant → candidates, a string of characters most likely first, as
``textnorm.homophones.build_homophones`` makes and the engine reads with ``SELECT
variant, candidates FROM homophones``): one transaction builds them over the
distinct names of every document it wrote, then merges them into the stored table:
a variant keeps its stored candidates in their order and gains the new ones after
them. On a new database that is exactly the global build; later documents only add.
Candidates left by a replaced document stay; the engine corrects a character only
where the candidate forms a pair found in the current names, so they are inert.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

import jieba
import sqlite_utils

from ingest.lexicon import search_tokens, with_names
from ingest.model import GlossaryEntry, Indicator, ParsedDocument, Passage, ProjectSheet, TableRow
from ingest.schema import SEARCH_SPAN
from textnorm.homophones import build_homophones

Entry = tuple[str, int, str]  # kind, ref_id, text


def names(document: ParsedDocument) -> list[list[str]]:
    """The document's distinct item, project, indicator and glossary names (four lists, in order)."""
    rows = [row.name for table in document.tables for row in table.rows]
    projects = [sheet.name for sheet in document.projects]
    indicators = [item.level3 for sheet in document.projects for item in sheet.indicators]
    terms = [entry.term for entry in document.glossary]
    return [[name for name in dict.fromkeys(group) if name] for group in (rows, projects, indicators, terms)]


def row_text(row: TableRow) -> str:
    return f"{row.name} {row.name2} {row.code}"


def indicator_text(item: Indicator) -> str:
    return f"{item.level3} {item.value}"


def passage_text(passage: Passage) -> str:
    return f"{passage.heading} {passage.text}"


def glossary_text(entry: GlossaryEntry) -> str:
    return f"{entry.term} {entry.definition}"


def project_text(sheet: ProjectSheet) -> str:
    return " ".join(sheet.fields.values())


def entry_texts(document: ParsedDocument) -> Iterator[str]:
    """The text of every search entry the store writes for ``document`` (in no particular order)."""
    for table in document.tables:
        yield from (row_text(row) for row in table.rows)
    for sheet in document.projects:
        yield sheet.name
        yield project_text(sheet)
        yield from (indicator_text(item) for item in sheet.indicators)
    yield from (passage_text(passage) for passage in document.passages)
    yield from (glossary_text(entry) for entry in document.glossary)


def segment(document: ParsedDocument, base: jieba.Tokenizer) -> ParsedDocument:
    """``document`` with the search tokens of its entries, segmented as the writer would.

    Run in the worker that parsed it, so that the single writer does not spend most of its
    time in jieba; the tokenizer is ``base`` plus the document's own names, as in the writer.
    """
    tokenizer = with_names(base, [name for group in names(document) for name in group])
    tokens = {text: search_tokens(tokenizer, text) for text in dict.fromkeys(entry_texts(document))}
    return replace(document, tokens=tokens)


def insert_entries(
    db: sqlite_utils.Database,
    tokenizer: jieba.Tokenizer | Callable[[], jieba.Tokenizer],
    document_id: int,
    entries: Sequence[Entry],
    tokens: Mapping[str, str] | None = None,
) -> None:
    """Index ``entries`` of one document under its rowid range.

    ``tokens`` holds texts already segmented (``segment``); the others are segmented with
    ``tokenizer`` (or the one it makes, made only when needed).
    """
    tokens = tokens or {}
    made: list[jieba.Tokenizer] = []

    def tokens_of(text: str) -> str:
        if text in tokens:
            return tokens[text]
        if not made:
            made.append(tokenizer if isinstance(tokenizer, jieba.Tokenizer) else tokenizer())
        return search_tokens(made[0], text)

    if len(entries) >= SEARCH_SPAN:
        raise ValueError(f"document {document_id} has {len(entries)} search entries, more than {SEARCH_SPAN}")
    base = document_id * SEARCH_SPAN
    db.conn.executemany(
        "INSERT INTO search (rowid, kind, ref_id, document_id, tokens) VALUES (?, ?, ?, ?, ?)",
        (
            (base + n, kind, ref_id, document_id, tokens_of(text))
            for n, (kind, ref_id, text) in enumerate(entries)
        ),
    )


def delete_entries(db: sqlite_utils.Database, document_id: int) -> None:
    """Remove one document's entries (a rowid range: no scan of the index)."""
    base = document_id * SEARCH_SPAN
    db.execute("DELETE FROM search WHERE rowid >= ? AND rowid < ?", [base, base + SEARCH_SPAN])


def document_entries(db: sqlite_utils.Database, document_id: int) -> Iterator[tuple[int, str, int, str]]:
    """(n, kind, ref_id, tokens) of one document's stored entries, in rowid order."""
    base = document_id * SEARCH_SPAN
    for rowid, kind, ref_id, tokens in db.execute(
        "SELECT rowid, kind, ref_id, tokens FROM search WHERE rowid >= ? AND rowid < ? ORDER BY rowid",
        [base, base + SEARCH_SPAN],
    ):
        yield rowid - base, kind, ref_id, tokens


class HomophoneMerge:
    """The names one transaction wrote, and candidates to merge; ``write`` merges them into the table."""

    def __init__(self) -> None:
        self._names: list[dict[str, None]] = [{}, {}, {}, {}]
        self._mappings: list[Mapping[str, str]] = []

    def add_names(self, groups: Sequence[Iterable[str]]) -> None:
        for seen, group in zip(self._names, groups, strict=True):
            seen.update(dict.fromkeys(group))

    def add_mapping(self, mapping: Mapping[str, str]) -> None:
        """Candidates built elsewhere (a shard being merged), merged in as they are."""
        self._mappings.append(mapping)

    def write(self, db: sqlite_utils.Database) -> None:
        names = [name for seen in self._names for name in seen]
        mappings = [build_homophones(names), *self._mappings] if names else self._mappings
        if not any(mappings):
            return
        stored: dict[str, str] = dict(db.execute("SELECT variant, candidates FROM homophones").fetchall())
        changed: dict[str, str] = {}
        for mapping in mappings:
            for variant, candidates in mapping.items():
                before = changed.get(variant, stored.get(variant, ""))
                after = before + "".join(dict.fromkeys(c for c in candidates if c not in before))
                if after != before:
                    changed[variant] = after
        db.conn.executemany(
            "INSERT INTO homophones (variant, candidates) VALUES (?, ?) "
            "ON CONFLICT (variant) DO UPDATE SET candidates = excluded.candidates",
            sorted(changed.items()),
        )
