"""The engine facade: one object the shells hold, opened once on a database.

    engine = Engine.open(Path("budget.db"))
    conversation = Conversation()
    answer = engine.ask("代表培训经费多少", conversation)
    answer = engine.ask("那常委会会议费呢", conversation)   # follows the context

Opening reads only the document list. A question is first routed to the
documents it is about (the bodies it names, else the conversation's body, else
every document when there are few, else the full-text index); their records are
then read with indexed look-ups and kept in a small cache of recently asked
bodies. A connection is opened per thread; documents an ingest commits while
the engine is open are seen by the next question (SQLite's data_version).
Nothing here knows about Telegram or the terminal.
"""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from knowledge import queries, texts, views
from knowledge.answer import AMBIGUOUS, ANSWERED, HELP, NOT_FOUND, Answer, Candidate
from knowledge.bodyindex import question_tokens
from knowledge.conversation import Conversation
from knowledge.listing import Listing, Route, body_names, loaded_bodies, named_year_document, placed_bodies
from knowledge.operations import Operations
from knowledge.queries import DatabaseError, Reader
from knowledge.routing import Bodies, Found
from knowledge.thresholds import BODY_CANDIDATES
from knowledge.twoinone import one_of_two
from knowledge.views import DocumentInfo, Slice, Structure, TableInfo, TableView
from textnorm.normalize import normalize

__all__ = [
    "Conversation",
    "DatabaseError",
    "DocumentInfo",
    "Engine",
    "Slice",
    "Structure",
    "TableInfo",
    "TableView",
]

# Questions naming no body, with no conversation, are answered from every document
# when there are at most this many (reading and indexing one reference-size document
# takes ~20 ms, so 60 documents ~1 s once, then cached); above it the body must be named
# or is found through the full-text index.
ALL_DOCUMENTS_LIMIT = 60
# Recently asked document families kept indexed (~0.5 MB each for a reference-size document).
SCOPE_CACHE = 48
SEARCH_HITS = 400


class Engine:
    """Answers questions about the documents of one database."""

    def __init__(self, path: Path, *, all_documents_limit: int = ALL_DOCUMENTS_LIMIT) -> None:
        self.path = Path(path)
        self.all_documents_limit = all_documents_limit
        self._local = threading.local()
        self._lock = threading.RLock()
        self._scopes: OrderedDict[tuple[int, ...], Operations] = OrderedDict()
        self._listing = self._read_listing(self._reader())

    @classmethod
    def open(cls, path: Path, *, all_documents_limit: int = ALL_DOCUMENTS_LIMIT) -> Engine:
        """Open the database at ``path``; DatabaseError (one line) when it cannot be read."""
        return cls(Path(path), all_documents_limit=all_documents_limit)

    def close(self) -> None:
        """Close this thread's connection (others close when their threads end)."""
        reader: Reader | None = getattr(self._local, "reader", None)
        if reader is not None:
            reader.connection.close()
            self._local.reader = None

    # --- reading --------------------------------------------------------------------------------

    def _reader(self) -> Reader:
        reader: Reader | None = getattr(self._local, "reader", None)
        if reader is None:
            reader = Reader(queries.connect(self.path))
            self._local.reader = reader
        return reader

    def _read_listing(self, reader: Reader) -> Listing:
        documents = queries.document_list(reader)
        families: dict[str, list[int]] = {}
        for document in documents:
            families.setdefault(document.body, []).append(document.id)
        reader.seen_version = reader.data_version()
        return Listing(
            documents,
            {d.id: d for d in documents},
            {body: tuple(ids) for body, ids in families.items()},
            Bodies.build(documents),
            queries.homophones(reader),
            queries.signature(reader),
        )

    def _current(self, reader: Reader) -> Listing:
        """The listing, re-read when an ingest has committed since it was read."""
        version = reader.data_version()  # per connection: compared with this connection's last look
        if version == reader.seen_version:
            return self._listing
        with self._lock:
            reader.seen_version = version
            if queries.signature(reader) != self._listing.signature:
                self._listing = self._read_listing(reader)
                self._scopes.clear()
            return self._listing

    def _scope(self, ids: Sequence[int], reader: Reader) -> Operations:
        key = tuple(sorted(set(ids)))
        with self._lock:
            operations = self._scopes.get(key)
            if operations is not None:
                self._scopes.move_to_end(key)
                return operations
        database = queries.documents_database(
            reader, self.path, key, self._listing.homophones, with_checks=False
        )
        operations = Operations.build(database)
        # The scope's records live until evicted and hold no cycles (records, indexes): the cyclic
        # collector need not traverse them again. Without this, with dozens of scopes cached, a
        # full collection every few questions took ~250 ms (p99 of a question 270 ms against 40).
        # Frozen objects are still freed by reference counting when their scope is evicted.
        gc.freeze()
        with self._lock:
            self._scopes[key] = operations
            while len(self._scopes) > SCOPE_CACHE:
                self._scopes.popitem(last=False)
        return operations

    # --- asking ---------------------------------------------------------------------------------

    def ask(
        self, question: str, conversation: Conversation | None = None, *, trace: list[str] | None = None
    ) -> Answer:
        """Answer one question, following ``conversation`` when given.

        ``trace``, when given, receives the plan and every SQL look-up made (``ask --explain``).
        """
        conversation = conversation if conversation is not None else Conversation()
        question = (question if isinstance(question, str) else str(question))[:500]
        if not question.strip():
            return self.help(question)
        answer = self._ask(question, conversation, trace)
        if answer.status == ANSWERED or answer.candidates:
            return answer
        return one_of_two(self._ask, question, conversation, answer, trace)

    def _ask(self, question: str, conversation: Conversation, trace: list[str] | None) -> Answer:
        reader = self._reader()
        reader.trace = trace
        try:
            listing = self._current(reader)
            route = self._route(question, conversation, listing, reader)
            if trace is not None:
                trace.append(f"route: documents {list(route.documents)}")
            if route.answer is not None:
                return route.answer
            operations = self._scope(route.documents, reader)
            names = {i: body_names(listing.by_id[i]) for i in route.documents}
            with self._lock:  # an Operations object is not shared between threads mid-question
                answer = operations.answer(route.question, names, conversation, trace)
            if answer is None:
                return self.help(question)
            if route.guessed and answer.status == ANSWERED:
                return self._which_body(question, listing)
            if route.named and answer.status != ANSWERED:
                # 那介休市自然资源局呢, not found there: the next follow-up is about that body all the same,
                # in the year the question named (else the one it was about, else its latest)
                conversation.document_id = named_year_document(
                    question, route.documents, listing, conversation.document_id
                )
            return self._name_body(answer, route, listing)
        finally:
            reader.trace = None

    @staticmethod
    def _name_body(answer: Answer, route: Route, listing: Listing) -> Answer:
        """With several bodies loaded, an answer from one body's documents starts with its full name."""
        prefix = route.note
        if answer.status == ANSWERED and len(listing.families) > 1:
            # a source names its document by its title, with the body added when the title lacks it
            documents = [listing.by_id[i] for i in route.documents]
            titles = {d.title: d.body for d in documents} | {
                f"{d.title}（{d.body}）": d.body for d in documents
            }
            bodies = {titles[s.document] for s in answer.sources if s.document in titles}
            said = answer.text.split("\n", 1)[0]  # the answer's own sentence, before its sources
            if len(bodies) == 1 and (body := bodies.pop()) not in said and body not in prefix:
                prefix += texts.ANSWER_BODY.format(body=body)
        return replace(answer, text=prefix + answer.text) if prefix else answer

    def _route(self, question: str, conversation: Conversation, listing: Listing, reader: Reader) -> Route:
        found = listing.bodies.find(question)
        if found.unknown:
            return Route((), question, self._unknown_body(question, found.unknown, listing))
        current = listing.by_id.get(conversation.document_id or -1)
        if found.candidates and current is not None and current.body in found.candidates and not found.bodies:
            # 人大立法呢 in a conversation about one of the bodies 人大 may mean: that one
            return Route(listing.families[current.body], question)
        if found.candidates:
            return Route((), question, self._ambiguous_body(question, found, listing))
        if found.bodies:
            ids = tuple(i for body in found.bodies for i in listing.families.get(body, ()))
            if found.fuzzy:  # the question as the engine reads it names the body in full
                question = normalize(question).replace(found.typed[0], found.bodies[0], 1)
                return Route(ids, question, note=texts.BODY_MATCHED.format(body=found.bodies[0]), named=True)
            return Route(ids, question, named=True)
        placed, unloaded = placed_bodies(question, listing)
        if unloaded:  # 广州市气象台 with only 广州市气象局 loaded: another body, not loaded
            return Route((), question, self._unknown_body(question, unloaded, listing))
        if placed and (current is None or current.body not in placed):
            # 深圳市第四次全国农业普查项目: no body named, but a loaded place: that place's bodies
            ids = tuple(i for body in placed for i in listing.families[body])
            return Route(ids, question, named=len(placed) == 1)
        if current is not None:  # a follow-up stays with the body of the conversation
            return Route(listing.families[current.body], question)
        if len(listing.documents) <= self.all_documents_limit:
            return Route(tuple(d.id for d in listing.documents), question)
        return self._search(question, listing, reader)

    def _search(self, question: str, listing: Listing, reader: Reader) -> Route:
        """No body named in a large database: the bodies whose documents hold the question's words."""
        hits = queries.search_documents(reader, question_tokens(question), SEARCH_HITS)
        bodies = list(dict.fromkeys(listing.by_id[d].body for d, _ in hits if d in listing.by_id))
        if len(bodies) == 1:
            return Route(listing.families[bodies[0]], question)
        if bodies:
            return Route((), question, self._ambiguous_body(question, bodies, listing))
        # nothing in the index: the question is read in the latest family, for what needs no body
        # (chitchat, help); a figure from that family would be a guess, and is asked back instead
        latest = listing.documents[-1]
        return Route(listing.families[latest.body], question, guessed=True)

    def _which_body(self, question: str, listing: Listing) -> Answer:
        return Answer(question, NOT_FOUND, texts.NAME_THE_BODY.format(bodies=loaded_bodies(listing)))

    def _unknown_body(self, question: str, what: str, listing: Listing) -> Answer:
        loaded = loaded_bodies(listing)
        return Answer(question, NOT_FOUND, texts.NOT_FOUND_BODY.format(what=what, documents=loaded))

    def _ambiguous_body(self, question: str, found: Found | Sequence[str], listing: Listing) -> Answer:
        """One candidate per body (its latest document), whose question names the body in full."""
        bodies = found.candidates if isinstance(found, Found) else tuple(found)
        typed = found.typed_ambiguous if isinstance(found, Found) else ""
        candidates = []
        for body in bodies[:BODY_CANDIDATES]:
            latest = max((listing.by_id[i] for i in listing.families[body]), key=lambda d: d.year)
            # the candidate's question: the body in full, then what the question asks after its name
            rest = question.split(typed, 1)[1] if typed and typed in question else question
            asked = f"{body}{rest}"
            candidates.append(Candidate(f"{body}（{latest.year}年{latest.phase}）", asked))
        what = typed or "、".join(bodies[:3]) + ("等" if len(bodies) > 3 else "")
        return Answer(
            question, AMBIGUOUS, texts.AMBIGUOUS_BODY.format(what=what), candidates=tuple(candidates)
        )

    def help(self, question: str) -> Answer:
        documents = self._listing.documents
        listing = "；".join(d.title for d in documents[-20:]) or "（尚无文件）"
        if len(documents) > 20:
            listing += texts.MORE_DOCUMENTS.format(count=len(documents))
        return Answer(question, HELP, texts.HELP.format(documents=listing))

    # --- what the shells list and draw ------------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        reader = self._reader()
        listing = self._current(reader)
        counts = queries.table_counts(reader)
        return [
            DocumentInfo(d.id, d.title, d.body, d.short_names, d.year, d.phase, d.scope, counts.get(d.id, 0))
            for d in listing.documents
        ]

    def _document_scope(self, document_id: int | None) -> tuple[int | None, Operations | None]:
        reader = self._reader()
        listing = self._current(reader)
        if document_id is None:
            document_id = listing.documents[-1].id if listing.documents else None
        if document_id is None or document_id not in listing.by_id:
            return None, None
        return document_id, self._scope((document_id,), reader)

    def tables(self, document_id: int | None = None) -> list[TableInfo]:
        document_id, operations = self._document_scope(document_id)
        return [] if operations is None or document_id is None else views.tables(operations, document_id)

    def table(self, number: int, document_id: int | None = None) -> TableView | None:
        document_id, operations = self._document_scope(document_id)
        return (
            None
            if operations is None or document_id is None
            else views.table(operations, document_id, number)
        )

    def structure(self, document_id: int | None = None) -> Structure | None:
        document_id, operations = self._document_scope(document_id)
        return None if operations is None or document_id is None else views.structure(operations, document_id)
