"""The operations a question can ask for, each composing an ``Answer`` from figures.

This module holds the dispatcher, document selection, name resolution and the plain
lookup; the other operations live by subject and are bound here as methods:

    arithmetic   share · difference · sum · ranking · count · threshold · list
    narration    stated figures · definition · why · change · last year
    projects     time · standard · people · quantity · per-unit · sheet fields and funds
    comparison   across the documents of one body (years, 预算/决算, 部门/单位)

Every figure in an answer is a stored cell (cited) or arithmetic shown on cited figures.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from knowledge import arithmetic, comparison, narration, projects, texts
from knowledge.answer import AMBIGUOUS, ANSWERED, NOT_FOUND, OUT_OF_SCOPE, Answer, Candidate, Source
from knowledge.catalogue import Catalogue, Entry, canon
from knowledge.figures import (
    MONEY,
    Choice,
    Figure,
    Resolver,
    entry_rank,
    format_amount,
    plain,
    subject_label,
)
from knowledge.queries import Database, DocumentRecord, NarrativeFactRecord
from knowledge.thresholds import CHAR_THRESHOLD, FUZZY_THRESHOLD
from knowledge.understand import Intent, Mention, understand
from knowledge.vocabulary import BUDGET_WORDS, COLUMN_WORDS, GENERIC_SUFFIX

if TYPE_CHECKING:
    from knowledge.conversation import Conversation

Result = tuple[Answer, list[Figure], int | None]
COLUMN_NAMES = {word for word, _ in COLUMN_WORDS}
# A core that names only the budget as a whole, and the rows that state its total.
TOTAL_ONLY = re.compile(
    r"(预算|决算|部门|单位|总|收入|支出|总额|总数|总计|合计|全年|年度|本年|多少|钱|金额|规模)*"
)
TOTAL_INCOME = ("收入总计", "本年收入合计", "支出总计", "本年支出合计")
TOTAL_SPENDING = ("支出总计", "本年支出合计", "收入总计", "本年收入合计")


class Operations:
    """Runs an ``Intent`` against the resolver."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.catalogue = resolver.catalogue
        self.db = resolver.catalogue.db
        self._following = False  # a follow-up is repeating the previous operation (no re-entry)
        self.statements = narration.statements(self.db.projects, resolver)
        bodies = {d.id: d.body for d in self.db.documents}
        self.subjects = {
            id(fact): canon(subject_label(fact.subject, bodies.get(fact.document_id, "")))
            for fact in (*self.db.narrative, *self.statements)
        }
        self.facts_by_document: dict[int, list[NarrativeFactRecord]] = {}
        for fact in (*self.db.narrative, *self.statements):
            self.facts_by_document.setdefault(fact.document_id, []).append(fact)
        self.by_subject: dict[str, list[NarrativeFactRecord]] = {}
        for fact in self.db.narrative:
            self.by_subject.setdefault(self.subjects[id(fact)], []).append(fact)

    # operations that live in their own modules (functions taking this object first)
    _share = arithmetic.share
    _implied_denominator = arithmetic.implied_denominator
    _stated_share = arithmetic.stated_share
    _pair = arithmetic.pair
    _difference = arithmetic.difference
    _sum = arithmetic.sum_figures
    _population = arithmetic.population
    _ranking = arithmetic.ranking
    _count = arithmetic.count_items
    _list = arithmetic.list_items
    _threshold = arithmetic.threshold
    _context_project = projects.context_project
    _indicator_answer = projects.indicator_answer
    _time = projects.time
    _standard = projects.standard
    _people = projects.people
    _field = projects.field
    _funds = projects.funds
    _quantity = projects.quantity
    _per_unit = projects.per_unit
    _facts = narration.facts
    _fact_answer = narration.fact_answer
    _definition = narration.definition
    _why = narration.why
    _change = narration.change
    _previous_year = narration.previous_year
    _label = comparison.label
    _across = comparison.across
    _subject_in = comparison.subject_in

    # --- entry point ------------------------------------------------------------------------------

    @classmethod
    def build(cls, database: Database) -> Operations:
        """Index ``database`` (the documents a question may be answered from) for answering."""
        return cls(Resolver(Catalogue.build(database)))

    def answer(
        self,
        question: str,
        names: Mapping[int, tuple[str, ...]],
        conversation: Conversation,
        trace: list[str] | None = None,
    ) -> Answer | None:
        """Answer ``question`` from this object's documents; None when the question asks for help.

        ``names`` maps each document id to the names its body answers to; the plan and the
        handler that answered are appended to ``trace`` when given.
        """
        intent = understand(question, self.catalogue, dict(names))
        if trace is not None:
            trace.append(
                f"plan: {intent.operation} · mentions {[m.alias for m in intent.mentions]}"
                f" · core {intent.core!r} · bodies {list(intent.bodies)} · years {list(intent.years)}"
                f" · phase {intent.phase!r} · scope {intent.scope!r} · columns {list(intent.columns)}"
            )
        if intent.operation == "help":
            return None
        answer, figures, document_id = self.run(intent, conversation)
        conversation.remember(answer, figures, intent.operation if figures else "", document_id)
        return answer

    def run(self, intent: Intent, conversation: Conversation) -> Result:
        if intent.operation == "chitchat" or (
            intent.operation in ("lookup", "definition")
            and not intent.follow_up
            and not intent.mentions
            and not BUDGET_WORDS.search(intent.text)
            and not intent.follow_up
            and self._fuzzy(intent, [d.id for d in self.db.documents]) is None
        ):
            hint = texts.HINT_ITEMS.format(examples=self._examples())
            return Answer(intent.question, OUT_OF_SCOPE, texts.OUT_OF_SCOPE.format(hint=hint)), [], None
        documents, problem = self._select(intent, conversation)
        if problem is not None:
            return problem, [], None
        across = self._across(intent, conversation)
        if across is not None:
            return across
        handler = getattr(self, f"_{intent.operation}", self._lookup)
        result: Result = handler(intent, documents, conversation)
        return result

    # --- documents --------------------------------------------------------------------------------

    def _document_list(self) -> str:
        return "；".join(f"{d.title}" for d in self.db.documents) or "无"

    def _select(self, intent: Intent, conversation: Conversation) -> tuple[list[int], Answer | None]:
        documents = list(self.db.documents)
        if intent.next_year and not intent.years:
            text = texts.NOT_FOUND_NEXT_YEAR.format(documents=self._document_list())
            return [], Answer(intent.question, NOT_FOUND, text)
        if intent.unknown_bodies and not intent.bodies:
            what = intent.unknown_bodies[0]
            text = texts.NOT_FOUND_BODY.format(what=what, documents=self._document_list())
            return [], Answer(intent.question, NOT_FOUND, text)
        if intent.bodies:
            documents = [
                d for d in documents if any(b == d.body or b in d.short_names for b in intent.bodies)
            ]
        if intent.years:
            matching = [d for d in documents if d.year in intent.years]
            if not matching:
                year = "、".join(str(y) for y in intent.years)
                return [], Answer(
                    intent.question,
                    NOT_FOUND,
                    texts.NOT_FOUND_YEAR.format(year=year, documents=self._document_list()),
                )
            documents = matching
        for attribute, wanted in (("phase", intent.phase), ("scope", intent.scope)):
            if wanted:
                narrowed = [d for d in documents if getattr(d, attribute) == wanted]
                if narrowed:
                    documents = narrowed
        ids = [d.id for d in documents]
        explicit = intent.bodies or intent.years or intent.phase or intent.scope
        if not explicit and conversation.document_id in ids and len(ids) > 1:
            ids = [conversation.document_id] + [i for i in ids if i != conversation.document_id]
        return ids, None

    def _examples(self) -> str:
        rows = [row for rows in self.catalogue.project_rows.values() for row in rows if row.cells]
        rows.sort(key=lambda row: -row.cells[0].amount)
        names = [row.name for row in rows[:3]]
        return "、".join(f"“{name}”多少" for name in names) or "“基本支出多少”"

    # --- resolving mentions -----------------------------------------------------------------------

    def _resolve(self, mention: Mention, documents: Sequence[int], intent: Intent) -> Choice | None:
        entries = [e for e in mention.entries if e.document_id in documents]
        if not entries:
            return None
        # one document: the first that has the name, in selection order
        first_doc = next(d for d in documents if any(e.document_id == d for e in entries))
        entries = [e for e in entries if e.document_id == first_doc]
        entries.sort(key=lambda e: entry_rank(e, intent.operation))
        for entry in entries:
            choice = self._choice(entry, intent)
            if choice is not None:
                return choice
        return None

    def _choice(self, entry: Entry, intent: Intent) -> Choice | None:
        resolver = self.resolver
        columns = tuple(leaf for word, leaves in COLUMN_WORDS if word in intent.columns for leaf in leaves)
        if entry.kind == "row":
            rows = resolver.rows_named([entry.document_id], entry.key)
            return resolver.choose_rows(rows, columns, intent.text)
        if entry.kind == "row2":
            rows = resolver.catalogue.rows_by_name2.get((entry.document_id, entry.key), [])
            first_table = [row for row in rows if row.table_id == rows[0].table_id] if rows else []
            total = resolver.row_figure(first_table)
            return Choice(replace(total, label=entry.name)) if total is not None else None
        if entry.kind == "column":
            return resolver.column_choice([entry.document_id], entry.name, intent.text)
        if entry.kind == "project":
            return resolver.project_choice([entry.document_id], entry.key)
        if entry.kind == "table":
            table = resolver.catalogue.tables[int(entry.key)]
            choice = resolver.table_choice(table)
            if choice.figure.kind != "empty":
                named = replace(choice.figure, label=entry_label(entry, intent), kind="table")
                return Choice(named, choice.alternatives)
            return choice
        if entry.kind == "indicator":
            found = resolver.indicator(entry.key)
            if found is None:
                return None
            project, item = found
            figure = resolver.indicator_figure(project, item)
            return Choice(figure) if figure.unit else None
        return None

    def _pick_document(
        self, holders: Sequence[int], intent: Intent, what: str
    ) -> tuple[int | None, str, Answer | None]:
        """Which of several documents holding a name the question means.

        One body: its latest 预算 (部门) document, saying which and naming the others;
        several bodies: an ambiguous answer with one candidate per document.
        """
        if len(holders) <= 1:
            return (holders[0] if holders else None), "", None
        by_id = {d.id: d for d in self.db.documents}
        records = [by_id[h] for h in holders]
        if len({d.body for d in records}) == 1:
            best = max(
                records,
                key=lambda d: (
                    d.year,
                    d.phase == (intent.phase or "预算"),
                    d.scope == (intent.scope or "部门"),
                ),
            )
            others = "、".join(self._label(d.id) for d in records if d.id != best.id)
            return best.id, f"（按{self._label(best.id)}回答；另有{others}，可在问题中指明。）", None
        latest: dict[str, DocumentRecord] = {}
        for d in records:  # one candidate per body: its latest document
            if d.body not in latest or d.year > latest[d.body].year:
                latest[d.body] = d
        candidates = []
        for d in list(latest.values())[:8]:
            short = d.short_names[0] if d.short_names else d.body
            candidates.append(Candidate(self._label(d.id), f"{short}{d.year}年{d.scope}{d.phase}{what}多少"))
        answer = Answer(
            intent.question, AMBIGUOUS, texts.AMBIGUOUS.format(what=what), candidates=tuple(candidates)
        )
        return None, "", answer

    def _subjects(
        self,
        intent: Intent,
        documents: Sequence[int],
        conversation: Conversation,
        *,
        keep_columns: bool = False,
    ) -> tuple[list[Choice], Answer | None]:
        """The figures the question is about: its mentions, else a loose match, else the context."""
        mentions = list(intent.mentions)
        if not keep_columns and len(mentions) > 1:
            named = [m for m in mentions if not (m.alias in COLUMN_NAMES and m.alias in intent.columns)]
            mentions = named or mentions
        choices: list[Choice] = []
        settled = conversation.document_id in documents
        for mention in mentions:
            scope = documents
            note = ""
            if len(self.db.documents) > 1 and not settled:
                holders = [d for d in documents if any(e.document_id == d for e in mention.entries)]
                chosen, note, problem = self._pick_document(holders, intent, mention.alias)
                if problem is not None:
                    return [], problem
                scope = [chosen] if chosen is not None else documents
            choice = self._resolve(mention, scope, intent)
            if choice is not None:
                choices.append(replace(choice, note=note) if note else choice)
        if choices:
            return choices, None
        stated = self._stated_exactly(intent, documents)
        if stated is not None:
            return [stated], None
        loose = self._fuzzy(intent, documents)
        if loose is not None and len(self.db.documents) > 1 and not settled:
            alias = loose.fuzzy
            holders = [
                d
                for d in documents
                if any(
                    canon(e.name) == canon(alias)
                    for e in self.catalogue.by_alias.get(canon(alias), [])
                    if e.document_id == d
                )
            ]
            chosen, note, problem = self._pick_document(holders, intent, alias)
            if problem is not None:
                return [], problem
            if chosen is not None and chosen != loose.figure.document_id:
                loose = self._fuzzy(intent, [chosen]) or loose
            if note:
                loose = replace(loose, note=note)
        if loose is not None:
            return [loose], None
        return [], None

    def _stated_exactly(self, intent: Intent, documents: Sequence[int]) -> Choice | None:
        """An amount the narrative states under exactly the words asked (会议费105万元, 设备购置157.3万元)."""
        for core in (intent.core, GENERIC_SUFFIX.sub("", intent.core)):
            for fact in self.by_subject.get(core, []) if core else []:
                if fact.document_id in documents and fact.kind == "amount":
                    return Choice(self.resolver.narrative_figure(fact))
        return None

    def _fuzzy(self, intent: Intent, documents: Sequence[int]) -> Choice | None:
        """A loose match past a measured threshold: shared character pairs, else rare characters in any order."""
        cores = [c for c in dict.fromkeys((intent.core, GENERIC_SUFFIX.sub("", intent.core))) if len(c) >= 2]
        ordered: list[Entry] = []
        for scorer, threshold in (
            (self.catalogue.fuzzy, FUZZY_THRESHOLD),
            (self.catalogue.fuzzy_chars, CHAR_THRESHOLD),
        ):
            ranked = []
            for core in cores:
                for recall, precision, alias in scorer(core):
                    if recall < threshold and not (
                        scorer == self.catalogue.fuzzy_chars and recall >= 0.7 and precision >= 0.8
                    ):
                        continue
                    for entry in self.catalogue.by_alias[alias]:
                        if entry.document_id in documents and entry.kind != "glossary":
                            ranked.append(
                                (-round(recall, 2), entry_rank(entry, intent.operation), -precision, entry)
                            )
            ranked.sort(key=lambda item: item[:3])
            ordered += [item[3] for item in ranked]
        for entry in ordered:
            choice = self._choice(entry, intent)
            if choice is None:
                continue
            if intent.money and choice.figure.unit not in MONEY and choice.figure.kind != "empty":
                continue
            return Choice(choice.figure, choice.alternatives, fuzzy=entry.name)
        return None

    # --- narrative --------------------------------------------------------------------------------

    # --- operations ---------------------------------------------------------------------------------

    def _lookup(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        if not intent.mentions:
            total = self._default_total(intent, documents, conversation)
            if total is not None:
                return total
        choices, problem = self._subjects(intent, documents, conversation)
        if problem is not None:
            return problem, [], None
        if (
            not choices
            and conversation.subjects
            and ((intent.follow_up and conversation.operation) or (not intent.core and not intent.mentions))
        ):
            return self._follow_previous(intent, documents, conversation)
        if choices:
            if (
                intent.follow_up
                and not self._following
                and conversation.operation in ("share", "change", "people", "time", "standard")
            ):
                # 那常委会会议费呢 after a share asks the same share of another item; the repeated
                # operation may fall back to a lookup, which must not repeat it again
                op = getattr(self, f"_{conversation.operation}")
                self._following = True
                try:
                    result: Result = op(intent, documents, conversation)
                finally:
                    self._following = False
                if result[0].status == ANSWERED:
                    return result
            if intent.previous_year:
                return self._previous_year(intent, documents, choices[0])
            return self._figure_answer(intent, choices[0])
        total = self._default_total(intent, documents, conversation)
        if total is not None:
            return total
        money = bool(re.search(r"钱|经费|费|资金|预算|支出|收入|元|金额|多少$", intent.text))
        facts = self._facts(documents, intent.core, kinds=("amount",) if money else ("amount", "count"))
        if facts:
            return self._fact_answer(intent, facts[0])
        return self._not_found(intent)

    def _default_total(
        self, intent: Intent, documents: list[int], conversation: Conversation
    ) -> Result | None:
        """A question that names only a budget as a whole (万里街道2025年预算多少, 决算收入): its total."""
        if not TOTAL_ONLY.fullmatch(intent.core) or (
            not intent.core and not intent.bodies and not intent.years
        ):
            return None
        wanted = TOTAL_SPENDING if "支出" in intent.core else TOTAL_INCOME
        holders = [d for d in documents if any(self._total_entry(d, alias) for alias in wanted)]
        if conversation.document_id in holders and not (intent.bodies or intent.years):
            holders = [conversation.document_id]
        chosen, note, problem = self._pick_document(holders, intent, wanted[0])
        if problem is not None:
            return problem, [], None
        if chosen is None:
            return None
        for alias in wanted:
            entry = self._total_entry(chosen, alias)
            choice = self._choice(entry, intent) if entry else None
            if choice is not None:
                return self._figure_answer(intent, replace(choice, note=note) if note else choice)
        return None

    def _total_entry(self, document_id: int, alias: str) -> Entry | None:
        return next(
            (
                e
                for e in self.catalogue.by_alias.get(alias, [])
                if e.document_id == document_id and e.kind == "row"
            ),
            None,
        )

    def _follow_previous(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        last = conversation.subjects[-1]
        if intent.previous_year:
            return self._previous_year(intent, documents, Choice(last))
        return self._figure_answer(intent, Choice(last))

    def _not_found(self, intent: Intent) -> Result:
        what = intent.core or intent.text
        hint = texts.HINT_ITEMS.format(examples=self._examples())
        return Answer(intent.question, NOT_FOUND, texts.NOT_FOUND.format(what=what, hint=hint)), [], None

    def _figure_answer(self, intent: Intent, choice: Choice) -> Result:
        figure = choice.figure
        if figure.kind == "empty":
            table = figure.source.table
            name = figure.label
            if figure.label == table:
                text = texts.EMPTY_TABLE.format(
                    name=_table_subject(table),
                    table=table,
                    note=choice.note or "本表无数据",
                    year=self._year(figure),
                    what="发生这项支出" if self._phase(figure) == "决算" else "安排这项预算",
                )
            else:
                text = texts.EMPTY_ROW.format(name=name, table=table)
            return (
                self._answer(intent, text, figure, (figure.source,), headline="无"),
                [figure],
                figure.document_id,
            )
        shown = figure.in_unit(intent.unit) if intent.unit and figure.unit in MONEY else figure
        label = figure.label
        leaf = figure.source.column.rsplit("/", 1)[-1]
        hinted = {leaf for word, leaves in COLUMN_WORDS if word in intent.columns for leaf in leaves}
        if leaf in hinted and leaf not in label and figure.kind == "row":
            label = f"{label}（{leaf}）"
        lines = [f"{label}：{self._phrase(figure)}{format_amount(shown.amount, shown.unit)}"]
        if shown is not figure and shown.unit != figure.unit:
            lines[0] += f"（{format_amount(figure.amount, figure.unit)}）"
        if figure.parts:
            parts = " + ".join(plain(p.amount) for p in figure.parts)
            lines[0] += f"，为{len(figure.parts)}行之和：{parts} = {plain(figure.amount)}"
        if choice.fuzzy:
            lines[0] = texts.FUZZY.format(name=choice.fuzzy) + lines[0]
        lines[0] += "。"
        extra = self._details(figure)
        if extra:
            lines.append(extra)
        if choice.note:
            lines.append(choice.note)
        if figure.kind == "narrative":
            sentence = next(
                (
                    f.sentence
                    for f in self.db.narrative
                    if f.document_id == figure.document_id
                    and f.subject == figure.source.row
                    and f.amount == figure.amount
                ),
                "",
            )
            if sentence:
                lines.append("原文：" + sentence.strip())
        narrated: list[Source] = []
        if figure.kind == "row" and figure.unit in MONEY:
            # the narrative may state the same item elsewhere (办公费 in 项目支出 by 经济科目)
            stated = [
                fact
                for fact in self.by_subject.get(canon(figure.label.split("（")[0]), [])
                if fact.document_id == figure.document_id
                and fact.kind == "amount"
                and fact.unit == figure.unit
                and fact.amount != figure.amount
            ]
            for fact in stated[:1]:
                lines.append(
                    f"另：文件说明中另有{fact.subject}{format_amount(fact.amount, fact.unit)}（{fact.sentence[:24]}…）。"
                )
                narrated.append(self.resolver.narrative_source(fact))
        for other in choice.alternatives[:2]:
            lines.append(
                texts.SEE_ALSO.format(
                    table=other.source.table,
                    value=format_amount(other.amount, other.unit),
                    column=other.source.column or other.source.row,
                )
            )
        sources = [
            figure.source,
            *(p.source for p in figure.parts[1:]),
            *(o.source for o in choice.alternatives[:2]),
            *narrated,
        ]
        answer = self._answer(
            intent, "\n".join(lines), shown, tuple(sources), suggestions=_suggestions(figure)
        )
        return answer, [figure], figure.document_id

    def _phrase(self, figure: Figure) -> str:
        """ "2024年预算", preceded by the body's name when several bodies are loaded."""
        if figure.unit in MONEY and figure.kind in ("row", "column", "project", "sheet", "table"):
            document = next(d for d in self.db.documents if d.id == figure.document_id)
            several = len({d.body for d in self.db.documents}) > 1
            who = (document.short_names[0] if document.short_names else document.body) if several else ""
            return f"{who}{document.year}年{document.phase}"
        return ""

    def _phase(self, figure: Figure) -> str:
        return next(d.phase for d in self.db.documents if d.id == figure.document_id)

    def _year(self, figure: Figure) -> int:
        return next(d.year for d in self.db.documents if d.id == figure.document_id)

    def _details(self, figure: Figure) -> str:
        """Other columns of the row (基本支出 / 项目支出 split …) in one line."""
        if figure.kind != "row" or not figure.ref or figure.parts:
            return ""
        row = next((r for r in self.db.rows if str(r.id) == figure.ref), None)
        if row is None or len(row.cells) < 2:
            return ""
        others = [c for c in row.cells if c.column != figure.source.column and c.amount]
        if not others:
            return ""
        return "其中：" + "，".join(f"{c.column.rsplit('/', 1)[-1]} {c.printed}" for c in others[:4]) + "。"

    def _answer(
        self,
        intent: Intent,
        text: str,
        figure: Figure | None,
        sources: Sequence[Source],
        *,
        derivation: str = "",
        headline: str = "",
        value: Decimal | None = None,
        unit: str | None = None,
        suggestions: Sequence[str] = (),
    ) -> Answer:
        unique = tuple(dict.fromkeys(sources))
        source_line = texts.SOURCE + "；".join(s.describe() for s in unique)
        full = f"{text}\n{source_line}" if unique else text
        if figure is not None and value is None:
            value = figure.amount
            unit = figure.unit
            headline = headline or format_amount(figure.amount, figure.unit)
        if value is not None and unit is not None and unit not in MONEY and unit != "%":
            pass
        return Answer(
            intent.question,
            ANSWERED,
            full,
            value=value,
            unit=unit or "",
            sources=unique,
            derivation=derivation,
            headline=headline or (format_amount(value, unit or "") if value is not None else ""),
            suggestions=tuple(suggestions),
        )

    # definitions

    # reasons

    # year-on-year change

    # share

    # arithmetic on two or more figures

    # rankings, counts, lists over projects (or 科目 when asked)

    # performance sheets: time, standard, people, per-unit


def _suggestions(figure: Figure) -> tuple[str, ...]:
    """Follow-up questions worth a button after an answer about ``figure``."""
    if figure.kind in ("project", "sheet"):
        return ("它占项目支出的比例是多少", "它的绩效目标是什么", "哪个项目最贵")
    if figure.kind == "column" and figure.label in ("基本支出", "项目支出"):
        return ("占比多少", "其中人员经费呢" if figure.label == "基本支出" else "哪个项目最贵")
    if figure.kind == "row" and figure.unit in MONEY:
        return ("它占比多少",)
    return ()


def entry_label(entry: Entry, intent: Intent) -> str:
    """What to call a whole table's figure: the words the question used for it."""
    for mention in intent.mentions:
        if entry in mention.entries:
            return mention.alias
    return entry.name


def _table_subject(title: str) -> str:
    match = re.search(r"安排(.+?)(支出)?预算表|年(.+?)预算.*表", title)
    if match:
        return (match.group(1) or match.group(3) or title).strip('“”"')
    return title
