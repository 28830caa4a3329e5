"""The document list an engine answers over (replaced whole when an ingest commits) and what a
question's route through it is: the documents, the question as read, an answer routing gives
itself; the bodies of a place typed without a body, the document of the year named."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge import texts
from knowledge.answer import Answer
from knowledge.records import DocumentRecord
from knowledge.routing import Bodies
from textnorm.normalize import normalize


@dataclass(frozen=True, slots=True)
class Route:
    """The documents a question is routed to, or the answer that routing itself gives."""

    documents: tuple[int, ...]
    question: str
    answer: Answer | None = None
    note: str = ""  # said before the answer: how a loosely typed body was read
    guessed: bool = False  # nothing tied the question to these documents: a figure from them is not given
    named: bool = False  # the question named the bodies of these documents


@dataclass(frozen=True, slots=True)
class Listing:
    """The document list and what is derived from it, replaced whole when an ingest commits."""

    documents: tuple[DocumentRecord, ...]
    by_id: dict[int, DocumentRecord]
    families: dict[str, tuple[int, ...]]  # body → its documents
    bodies: Bodies
    homophones: dict[str, str]
    signature: tuple[int, int]


def placed_bodies(question: str, listing: Listing) -> tuple[tuple[str, ...], str]:
    """(the bodies of the longest loaded place the question names, three characters at least as
    深圳市 — 深圳 alone may be part of a name — by look-ups of its substrings; or, when an
    organisation's name follows the place, that name: a body of the place that is not loaded)."""
    text = normalize(question)
    by_place = listing.bodies.by_place
    for length in range(min(7, len(text)), 2, -1):
        for start in range(len(text) - length + 1):
            bodies = by_place.get(text[start : start + length])
            if bodies and text[start + length - 1] in "省市县区旗":
                organisation = ORGANISATION_AFTER.match(text, start + length)
                if organisation is not None:
                    return (), text[start : organisation.end()]
                return bodies, ""
    return (), ""


# a body's name right after a place (气象台, 统计局, 政协, 人民法院): a body of its own, not the place alone. Units a
# department lists in its own document (…中心, …支队, …医院, …所) are left to the place's bodies.
ORGANISATION_AFTER = re.compile(
    r"(?:[\u4e00-\u9fff]{1,8}?(?:局|委员会|委|办公室|办公厅|办|厅|部|政府|馆|台)|[\u4e00-\u9fff]{0,4}?(?:政协|法院|检察院))"
    r"(?![\u4e00-\u9fff]{0,2}(?:中心|队|院|所|站|校))"
)


def named_year_document(
    question: str, documents: Sequence[int], listing: Listing, current: int | None
) -> int:
    """Of a body's documents, the one of the year the question names, else ``current`` when it is
    one of them, else the latest."""
    text = normalize(question)
    named = [
        i
        for i in documents
        if f"{listing.by_id[i].year}年" in text
        or re.search(rf"(?<!\d){listing.by_id[i].year % 100:02d}年", text)
    ]
    if not named and current is not None and current in documents:
        return current
    return max(named or documents, key=lambda i: listing.by_id[i].year)


def body_names(document: DocumentRecord) -> tuple[str, ...]:
    """The names of a document's body as a question is read (normalize: 五台县 is 5台县 there)."""
    names = tuple(dict.fromkeys(normalize(name) for name in (document.body, *document.short_names)))
    if "本级" in document.title:
        # 无锡市教育局（本级）单位预算, 深圳市财政局（本级）部门预算: "教育局本级" is the body itself,
        # not its line in the 收入总表
        names += tuple(f"{name}{scope}" for scope in ("本级", "（本级）", "(本级)") for name in names)
    return tuple(dict.fromkeys(names))


def loaded_bodies(listing: Listing, shown: int = 12) -> str:
    """The loaded bodies for a reply: the first ``shown``, then how many in all."""
    bodies = list(listing.families)
    more = texts.MORE_BODIES.format(count=len(bodies)) if len(bodies) > shown else ""
    return "、".join(bodies[:shown]) + more
