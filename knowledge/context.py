"""What every handler reads: the documents of one scope, indexed once and never changed after.

``Context.build(database)`` indexes the names (``Catalogue``), the way to figures
(``Resolver``) and the narrative's facts by document and by subject. Handlers are plain
functions taking the context first; nothing in it changes while questions are answered,
so threads may share it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from knowledge.aliasing import canon
from knowledge.catalogue import Catalogue
from knowledge.figures import MONEY, Figure, subject_label
from knowledge.records import Database, DocumentRecord, NarrativeFactRecord, ProjectRecord
from knowledge.resolver import Resolver

# A count stated in a project's text: 泽州县人大代表共有237名 · 现有在职人员12人.
STATED_COUNT = re.compile(
    r"([\u4e00-\u9fff]{2,12}?)(共有|现有|名额|有)[\u4e00-\u9fff]{0,4}?(\d+)\s*(名|人|个)"
)
# a project name worth suggesting: it starts with a character and holds a word of its own
EXAMPLE_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z].*[\u4e00-\u9fff]{2}.*")


@dataclass(frozen=True, slots=True)
class Context:
    """The indexed documents of one scope (a body's family, or a few)."""

    resolver: Resolver
    catalogue: Catalogue
    db: Database
    documents: Mapping[int, DocumentRecord]  # by id
    statements: tuple[NarrativeFactRecord, ...]  # counts stated in performance sheets
    subjects: Mapping[int, str]  # id(fact) → its canonical subject, without the body's name
    facts_by_document: Mapping[int, tuple[NarrativeFactRecord, ...]]  # narrative, then statements
    by_subject: Mapping[str, tuple[NarrativeFactRecord, ...]]  # narrative facts by canonical subject

    @classmethod
    def build(cls, database: Database) -> Context:
        """Index ``database`` (the documents a question may be answered from)."""
        resolver = Resolver(Catalogue.build(database))
        stated = statements(database.projects)
        bodies = {d.id: d.body for d in database.documents}
        subjects = {
            id(fact): canon(subject_label(fact.subject, bodies.get(fact.document_id, "")))
            for fact in (*database.narrative, *stated)
        }
        by_document: dict[int, list[NarrativeFactRecord]] = {}
        for fact in (*database.narrative, *stated):
            by_document.setdefault(fact.document_id, []).append(fact)
        by_subject: dict[str, list[NarrativeFactRecord]] = {}
        for fact in database.narrative:
            by_subject.setdefault(subjects[id(fact)], []).append(fact)
        return cls(
            resolver,
            resolver.catalogue,
            database,
            {d.id: d for d in database.documents},
            stated,
            subjects,
            {key: tuple(facts) for key, facts in by_document.items()},
            {key: tuple(facts) for key, facts in by_subject.items()},
        )

    def without_bodies(self, documents: Sequence[int], words: str) -> str:
        """``words`` (canonical) without the names of the bodies of ``documents`` (县人大下属单位 → 下属单位)."""
        names = {name for d in documents for name in self.documents[d].names()}
        for name in sorted(names, key=len, reverse=True):
            words = words.replace(canon(name), "")
        return words

    def label(self, document_id: int) -> str:
        """A short name for a document in a list: 万里街道 2024年预算（部门）."""
        d = self.documents[document_id]
        return f"{self.body_name(document_id)} {d.year}年{d.phase}（{d.scope}）"

    def body_name(self, document_id: int) -> str:
        """The document's body by its longest short name that keeps the body's place (its first two
        characters) and that no other loaded body answers to, else in full: 泽州县人大常委会办公室,
        but 五台县能源局 (not 县能源局)."""
        d = self.documents[document_id]
        others = {
            name
            for other in self.db.documents
            if other.body != d.body
            for name in (other.body, *other.short_names)
        }
        return next((name for name in d.short_names if name[:2] == d.body[:2] and name not in others), d.body)

    def document_list(self) -> str:
        """Every document's title, for a not-found answer."""
        return "；".join(f"{d.title}" for d in self.db.documents) or "无"

    def examples(self) -> str:
        """Three questions worth asking: the three largest projects."""
        rows = [
            row
            for rows in self.catalogue.project_rows.values()
            for row in rows
            if row.cells and EXAMPLE_NAME.fullmatch(row.name)  # not a wrapped fragment: （本级）, ,105.03
        ]
        rows.sort(key=lambda row: -row.cells[0].amount)
        names = [row.name for row in rows[:3]]
        return "、".join(f"“{name}”多少" for name in names) or "“基本支出多少”"

    def phrase(self, figure: Figure) -> str:
        """ "2024年预算", preceded by the body's name when several bodies are loaded."""
        if figure.unit in MONEY and figure.kind in ("row", "column", "project", "sheet", "table"):
            document = self.documents[figure.document_id]
            several = len({d.body for d in self.db.documents}) > 1
            who = self.body_name(document.id) if several else ""
            return f"{who}{document.year}年{document.phase}"
        return ""

    def holds(self, figure: Figure) -> bool:
        """The figure was read from one of this scope's documents (not a previous scope's)."""
        return figure.document_id in self.documents

    def narrative_sentence(self, figure: Figure) -> str:
        """The sentence a narrative figure was read from."""
        return next(
            (
                f.sentence
                for f in self.db.narrative
                if f.document_id == figure.document_id
                and f.subject == figure.source.row
                and f.amount == figure.amount
            ),
            "",
        )

    def in_documents(self, documents: Sequence[int]) -> list[NarrativeFactRecord]:
        """The narrative facts and statements of ``documents``, in document order."""
        return [fact for document_id in documents for fact in self.facts_by_document.get(document_id, ())]


def statements(projects: Sequence[ProjectRecord]) -> tuple[NarrativeFactRecord, ...]:
    """Counts stated in project texts (泽州县人大代表共有237名) as narrative-like facts."""
    found = []
    position = 100000
    for project in projects:
        for _field_name, value in project.fields:
            for match in STATED_COUNT.finditer(value):
                subject = match.group(1) + match.group(2)
                unit = "人" if match.group(4) in ("名", "人") else match.group(4)
                sentence = value[max(0, match.start() - 10) : match.end() + 10]
                found.append(
                    NarrativeFactRecord(
                        -project.id,
                        project.document_id,
                        subject,
                        Decimal(match.group(3)),
                        unit,
                        "count",
                        sentence,
                        position,
                    )
                )
                position += 1
    return tuple(found)
