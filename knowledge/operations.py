"""The operations a question can ask for, each composing an ``Answer`` from figures.

lookup · definition · why · change · share · difference · sum · ranking · count ·
threshold · list · time · standard · people · per_unit. Every figure in an
answer is a stored cell (cited) or arithmetic shown on cited figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from knowledge import texts
from knowledge.answer import AMBIGUOUS, ANSWERED, NOT_FOUND, OUT_OF_SCOPE, Answer, Candidate, Source
from knowledge.catalogue import Entry, canon
from knowledge.figures import (
    MONEY,
    Choice,
    Figure,
    Resolver,
    entry_rank,
    format_amount,
    lcs,
    plain,
    subject_label,
)
from knowledge.queries import NarrativeFactRecord, ProjectRecord
from knowledge.understand import Intent, Mention
from knowledge.vocabulary import BUDGET_WORDS, COLUMN_WORDS, FUND_FIELDS, GENERIC_SUFFIX, SHEET_FIELDS

if TYPE_CHECKING:
    from knowledge.engine import Conversation

Result = tuple[Answer, list[Figure], int | None]
HUNDRED = Decimal(100)
COLUMN_NAMES = {word for word, _ in COLUMN_WORDS}
FUZZY_THRESHOLD = 0.74  # share of the question's character pairs a name must hold (measured, see README)
CHAR_THRESHOLD = 0.80  # share of the question's rarity-weighted characters, in any order


def percent(numerator: Decimal, denominator: Decimal) -> Decimal:
    return (numerator / denominator * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class Operations:
    """Runs an ``Intent`` against the resolver."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.catalogue = resolver.catalogue
        self.db = resolver.catalogue.db
        self.statements = _statements(self.db.projects, resolver)
        bodies = {d.id: d.body for d in self.db.documents}
        self.subjects = {
            id(fact): canon(fact.subject.replace(bodies.get(fact.document_id, "\x00"), ""))
            for fact in (*self.db.narrative, *self.statements)
        }

    # --- entry point ------------------------------------------------------------------------------

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
        if intent.unknown_bodies and not intent.bodies:
            what = intent.unknown_bodies[0]
            text = texts.NOT_FOUND_BODY.format(what=what, documents=self._document_list())
            return [], Answer(intent.question, NOT_FOUND, text)
        if intent.bodies:
            documents = [d for d in documents if any(b == d.body or b in d.short_names for b in intent.bodies)]
        if intent.years:
            matching = [d for d in documents if d.year in intent.years]
            if not matching:
                year = "、".join(str(y) for y in intent.years)
                return [], Answer(intent.question, NOT_FOUND, texts.NOT_FOUND_YEAR.format(year=year, documents=self._document_list()))
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

    def _label(self, document_id: int) -> str:
        """A short name for a document in a list: 万里街道 2024年预算（部门）."""
        d = next(d for d in self.db.documents if d.id == document_id)
        short = d.short_names[0] if d.short_names else d.body
        return f"{short} {d.year}年{d.phase}（{d.scope}）"

    def _across(self, intent: Intent, conversation: Conversation) -> Result | None:
        """Questions that compare documents of one body: years, 预算 vs 决算, 部门 vs 单位."""
        if len(self.db.documents) < 2:
            return None
        text = intent.text
        years = set(intent.years) | set(intent.compare_years)
        every_year = bool(re.search(r"哪年|哪一年|哪个年度|历年|各年|逐年|每年的?预算", text)) and not intent.years
        phases = {"预算", "决算"} if ("决算" in text and re.search(r"(?<!决)预算", text)) else set()
        scopes = {"部门", "单位"} if re.search(r"部门.{0,6}单位|单位.{0,6}部门", text) else set()
        if len(years) < 2 and not every_year and not phases and not scopes:
            return None
        documents = list(self.db.documents)
        if intent.bodies:
            documents = [d for d in documents if any(b == d.body or b in d.short_names for b in intent.bodies)]
        elif conversation.document_id is not None:
            body = next((d.body for d in documents if d.id == conversation.document_id), None)
            documents = [d for d in documents if d.body == body]
        if len({d.body for d in documents}) != 1:
            return None
        if len(years) >= 2:
            documents = [d for d in documents if d.year in years]
        elif intent.years:
            documents = [d for d in documents if d.year in intent.years]
        if intent.phase and not phases:
            documents = [d for d in documents if d.phase == intent.phase] or documents
        if intent.scope and not scopes:
            documents = [d for d in documents if d.scope == intent.scope] or documents
        if len(documents) < 2:
            return None
        figures: list[tuple[int, Figure]] = []
        for document in sorted(documents, key=lambda d: (d.year, d.phase != "预算", d.scope != "部门")):
            figure = self._subject_in(intent, document.id)
            if figure is not None:
                figures.append((document.id, figure))
        if len(figures) < 2:
            return None
        unit = figures[0][1].unit
        values = [(doc, f.in_unit(unit)) for doc, f in figures]
        listing = "；".join(f"{self._label(doc)} {format_amount(f.amount, f.unit)}" for doc, f in values)
        label = values[0][1].label
        sources = [f.source for _, f in values]
        if intent.operation == "ranking" or every_year:
            ordered = sorted(values, key=lambda item: item[1].amount, reverse=not intent.ascending)
            doc, best = ordered[0]
            word = "最少" if intent.ascending else "最多"
            text_out = f"{label}{word}的是{self._label(doc)}：{format_amount(best.amount, best.unit)}。\n各文件：{listing}。"
            answer = self._answer(intent, text_out, best, sources)
            return answer, [best], doc
        if len(values) == 2:
            (first_doc, first), (second_doc, second) = values
            delta = second.amount - first.amount
            word = "增加" if delta >= 0 else "减少"
            derivation = f"{plain(second.amount)} − {plain(first.amount)} = {plain(delta)}{unit}"
            rate = f"，{'增长' if delta >= 0 else '下降'}{percent(abs(delta), first.amount)}%" if first.amount else ""
            text_out = (
                f"{label}：{self._label(second_doc)} {format_amount(second.amount, unit)}，"
                f"比{self._label(first_doc)} {format_amount(first.amount, unit)}{word}{format_amount(abs(delta), unit)}{rate}（{derivation}）。"
            )
            answer = self._answer(intent, text_out, None, sources, derivation=derivation, value=abs(delta) if "多少" in text else delta, unit=unit)
            return answer, [second], second_doc
        text_out = f"{label}：{listing}。"
        answer = self._answer(intent, text_out, None, sources)
        return answer, [f for _, f in values], values[-1][0]

    def _subject_in(self, intent: Intent, document_id: int) -> Figure | None:
        """The question's subject in one document; the document's total when it names none."""
        for mention in intent.mentions:
            choice = self._resolve(mention, [document_id], intent)
            if choice is not None:
                return choice.figure
        if intent.mentions:
            return None
        loose = self._fuzzy(intent, [document_id]) if len(intent.core) >= 2 and not re.fullmatch(r"(预算|决算|部门|单位|总额|总数|收入|支出|多|少|哪年|比|的)+", intent.core) else None
        if loose is not None:
            return loose.figure
        wanted = ("支出总计", "本年支出合计") if "支出" in intent.text else ("收入总计", "本年收入合计", "支出总计")
        for alias in wanted:
            for entry in self.catalogue.by_alias.get(alias, []):
                if entry.document_id == document_id:
                    choice = self._choice(entry, intent)
                    if choice is not None:
                        return choice.figure
        return None

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
        if entry.kind == "column":
            return resolver.column_choice([entry.document_id], entry.name, intent.text)
        if entry.kind == "project":
            return resolver.project_choice([entry.document_id], entry.key)
        if entry.kind == "table":
            table = resolver.catalogue.tables[int(entry.key)]
            choice = resolver.table_choice(table)
            if choice.figure.kind != "empty":
                f = choice.figure
                named = Figure(entry_label(entry, intent), f.amount, f.unit, f.source, f.parts, "table", f.table_kind, f.document_id, f.ref)
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

    def _ambiguous_documents(self, mention: Mention, documents: Sequence[int], intent: Intent) -> Answer | None:
        """Several documents hold the name and nothing in the question picks one."""
        holders = [d for d in documents if any(e.document_id == d for e in mention.entries)]
        if len(holders) <= 1 or intent.bodies or intent.years:
            return None
        by_id = {d.id: d for d in self.db.documents}
        candidates = []
        for document_id in holders[:8]:
            d = by_id[document_id]
            short = d.short_names[0] if d.short_names else d.body
            label = f"{short} {d.year}年{d.phase}（{d.scope}）"
            candidates.append(Candidate(label, f"{short}{d.year}年{d.scope}{d.phase}{mention.alias}多少"))
        return Answer(intent.question, AMBIGUOUS, texts.AMBIGUOUS.format(what=mention.alias), candidates=tuple(candidates))

    def _subjects(
        self, intent: Intent, documents: Sequence[int], conversation: Conversation, *, keep_columns: bool = False
    ) -> tuple[list[Choice], Answer | None]:
        """The figures the question is about: its mentions, else a loose match, else the context."""
        mentions = list(intent.mentions)
        if not keep_columns and len(mentions) > 1:
            named = [m for m in mentions if not (m.alias in COLUMN_NAMES and m.alias in intent.columns)]
            mentions = named or mentions
        choices: list[Choice] = []
        for mention in mentions:
            if len(self.db.documents) > 1 and not conversation.document_id:
                problem = self._ambiguous_documents(mention, documents, intent)
                if problem is not None:
                    return [], problem
            choice = self._resolve(mention, documents, intent)
            if choice is not None:
                choices.append(choice)
        if choices:
            return choices, None
        loose = self._fuzzy(intent, documents)
        if loose is not None:
            return [loose], None
        return [], None

    def _fuzzy(self, intent: Intent, documents: Sequence[int]) -> Choice | None:
        """A loose match past a measured threshold: shared character pairs, else rare characters in any order."""
        cores = [c for c in dict.fromkeys((intent.core, GENERIC_SUFFIX.sub("", intent.core))) if len(c) >= 2]
        ordered: list[Entry] = []
        for scorer, threshold in ((self.catalogue.fuzzy, FUZZY_THRESHOLD), (self.catalogue.fuzzy_chars, CHAR_THRESHOLD)):
            ranked = []
            for core in cores:
                for recall, precision, alias in scorer(core):
                    if recall < threshold and not (scorer == self.catalogue.fuzzy_chars and recall >= 0.7 and precision >= 0.8):
                        continue
                    for entry in self.catalogue.by_alias[alias]:
                        if entry.document_id in documents and entry.kind != "glossary":
                            ranked.append((-round(recall, 2), entry_rank(entry, intent.operation), -precision, entry))
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

    def _facts(
        self, documents: Sequence[int], core: str, *, kinds: Sequence[str] = (), units: Sequence[str] = (), whole: bool = False
    ) -> list[NarrativeFactRecord]:
        """Narrative facts whose subject (or, with ``whole``, sentence) shares most of ``core``'s pairs."""
        pairs = {core[i : i + 2] for i in range(len(core) - 1)}
        if not pairs:
            return []
        scored = []
        for fact in (*self.db.narrative, *self.statements):
            if fact.document_id not in documents:
                continue
            if kinds and fact.kind not in kinds:
                continue
            if units and fact.unit not in units:
                continue
            target = canon(fact.sentence) if whole else self.subjects[id(fact)]
            shared = sum(1 for pair in pairs if pair in target)
            recall = shared / len(pairs)
            if shared < 1 or recall < 0.6 or (len(pairs) >= 2 and shared < 2):
                continue
            scored.append((-recall, -lcs(core, target), fact.position, fact))
        scored.sort(key=lambda item: item[:3])
        return [item[3] for item in scored]

    # --- operations ---------------------------------------------------------------------------------

    def _lookup(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        choices, problem = self._subjects(intent, documents, conversation)
        if problem is not None:
            return problem, [], None
        if not choices and intent.follow_up and conversation.subjects and conversation.operation:
            return self._follow_previous(intent, documents, conversation)
        if choices:
            if intent.follow_up and conversation.operation in ("share", "change", "people", "time", "standard"):
                op = getattr(self, f"_{conversation.operation}")
                result: Result = op(intent, documents, conversation)
                if result[0].status == ANSWERED:
                    return result
            if intent.previous_year:
                return self._previous_year(intent, documents, choices[0])
            return self._figure_answer(intent, choices[0])
        money = bool(re.search(r"钱|经费|费|资金|预算|支出|收入|元|金额|多少$", intent.text))
        facts = self._facts(documents, intent.core, kinds=("amount",) if money else ("amount", "count"))
        if facts:
            return self._fact_answer(intent, facts[0])
        return self._not_found(intent)

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
                text = texts.EMPTY_TABLE.format(name=_table_subject(table), table=table, note=choice.note or "本表无数据", year=self._year(figure))
            else:
                text = texts.EMPTY_ROW.format(name=name, table=table)
            return self._answer(intent, text, figure, (figure.source,), headline="无"), [figure], figure.document_id
        shown = figure.in_unit(intent.unit) if intent.unit and figure.unit in MONEY else figure
        label = figure.label
        leaf = figure.source.column.rsplit("/", 1)[-1]
        if intent.columns and leaf and leaf not in label and figure.kind == "row" and not re.match(r"\d{4}", leaf):
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
        for other in choice.alternatives[:2]:
            lines.append(texts.SEE_ALSO.format(table=other.source.table, value=format_amount(other.amount, other.unit), column=other.source.column or other.source.row))
        sources = [figure.source, *(p.source for p in figure.parts[1:]), *(o.source for o in choice.alternatives[:2])]
        answer = self._answer(intent, "\n".join(lines), shown, tuple(sources), suggestions=_suggestions(figure))
        return answer, [figure], figure.document_id

    def _phrase(self, figure: Figure) -> str:
        if figure.unit in MONEY and figure.kind in ("row", "column", "project", "sheet"):
            document = next(d for d in self.db.documents if d.id == figure.document_id)
            return f"{document.year}年{document.phase}"
        return ""

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

    def _fact_answer(self, intent: Intent, fact: NarrativeFactRecord) -> Result:
        figure = self.resolver.narrative_figure(fact)
        shown = figure.in_unit(intent.unit) if intent.unit and figure.unit in MONEY else figure
        sentence = fact.sentence.strip().rstrip("；;。") + "。"
        text = f"{figure.label}：{format_amount(shown.amount, shown.unit)}。\n原文：{sentence}"
        return self._answer(intent, text, shown, (figure.source,)), [figure], figure.document_id

    # definitions
    def _definition(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        entries: list[tuple[int, Entry]] = []
        for mention in intent.mentions:
            for entry in mention.entries:
                if entry.kind == "glossary" and entry.document_id in documents:
                    entries.append((len(mention.alias), entry))
        if not entries:
            for score, _precision, alias in self.catalogue.fuzzy(intent.core):
                if score < FUZZY_THRESHOLD:
                    break
                entries += [(0, e) for e in self.catalogue.by_alias[alias] if e.kind == "glossary" and e.document_id in documents]
        if not entries:
            return self._lookup(intent, documents, conversation)
        entries.sort(key=lambda item: -item[0])
        entry = entries[0][1]
        record = self.db.glossary[int(entry.key)]
        source = Source(self.resolver.titles[record.document_id], "名词解释", record.term, "", None, record.line)
        text = texts.DEFINITION.format(term=record.term, definition=record.definition)
        return self._answer(intent, text, None, (source,)), [], record.document_id

    # reasons
    def _why(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        core = intent.core if len(intent.core) >= 2 else ""
        core = core or (canon(conversation.subjects[-1].label) if conversation.subjects else "")
        best = None
        for passage in self.db.passages:
            if passage.document_id not in documents or "原因" not in passage.text:
                continue
            for sentence in re.split(r"(?<=。)", passage.text):
                if "原因" not in sentence:
                    continue
                score = lcs(core, canon(passage.heading + sentence))
                if score >= 2 and (best is None or score > best[0]):
                    best = (score, passage, sentence)
        if best is None:
            return self._not_found(intent)
        _, passage, sentence = best
        sentences = [x for x in re.split(r"(?<=。)", passage.text) if x.strip()]
        index = next((i for i, x in enumerate(sentences) if x == sentence), 0)
        if index > 0 and re.search(r"增加|减少|增长|下降", sentences[index - 1]):
            sentence = sentences[index - 1] + sentence
        source = Source(self.resolver.titles[passage.document_id], passage.heading, "", "", passage.page, passage.line)
        facts = [f for f in self.db.narrative if f.passage_id == passage.id and f.sentence.strip() in sentence and f.kind in ("increase", "decrease")]
        money = next((f for f in facts if f.unit in MONEY), None)
        text = sentence.strip()
        if money is not None:
            return self._answer(intent, text, self.resolver.narrative_figure(money), (source,)), [], passage.document_id
        return self._answer(intent, text, None, (source,)), [], passage.document_id

    # year-on-year change
    def _change(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        core = re.sub(r"率|幅度|百分之几|百分比|百分点|几成", "", intent.core)
        if not core and conversation.subjects:
            core = canon(conversation.subjects[-1].label)
        facts = self._facts(documents, core or "预算", kinds=("increase", "decrease"), whole=True)
        if not facts and intent.mentions:
            facts = self._facts(documents, canon(intent.mentions[0].alias), kinds=("increase", "decrease"), whole=True)
        if not facts:
            return self._not_found(intent)
        first = facts[0]
        siblings = [f for f in self.db.narrative if f.sentence == first.sentence and f.kind in ("increase", "decrease") and f.passage_id == first.passage_id]
        siblings = siblings or [first]
        wants_rate = bool(re.search(r"%|率|幅度|百分|几成", intent.text))
        money = next((f for f in siblings if f.unit in MONEY), None)
        rate = next((f for f in siblings if f.unit in ("%", "个百分点")), None)
        main = rate if wants_rate and rate else (money or rate or first)
        figure = self.resolver.narrative_figure(main)
        subject = _sentence_subject(first.sentence)
        parts = []
        for f in (money, rate):
            if f is not None:
                word = "减少" if f.kind == "decrease" and f.unit in MONEY else ("下降" if f.kind == "decrease" else ("增加" if f.unit in MONEY else "增长"))
                parts.append(f"{word}{format_amount(f.amount, f.unit)}")
        text = f"{subject}比上年" + "，".join(parts) + "。\n原文：" + first.sentence.strip()
        value = figure.amount
        return self._answer(intent, text, figure, (figure.source,), value=value, unit=figure.unit), [figure], figure.document_id

    def _previous_year(self, intent: Intent, documents: list[int], choice: Choice) -> Result:
        figure = choice.figure
        document = next(d for d in self.db.documents if d.id == figure.document_id)
        earlier = [d for d in self.db.documents if d.body == document.body and d.year == document.year - 1 and d.phase == document.phase]
        if earlier:
            mention_entries = [e for e in self.catalogue.by_alias.get(canon(figure.label), []) if e.document_id == earlier[0].id]
            for entry in mention_entries:
                other = self._choice(entry, intent)
                if other is not None:
                    return self._figure_answer(intent, other)
        facts = self._facts([document.id], canon(figure.label), kinds=("increase", "decrease"), units=MONEY, whole=True)
        if facts:
            change = facts[0]
            current = next((f for f in self.db.narrative if f.sentence == change.sentence and f.kind == "amount" and f.unit == change.unit), None)
            if current is not None:
                delta = change.amount if change.kind == "increase" else -change.amount
                previous = current.amount - delta
                sign = "−" if delta >= 0 else "+"
                derivation = f"{plain(current.amount)} {sign} {plain(abs(delta))} = {plain(previous)}{current.unit}"
                label = subject_label(current.subject)
                text = f"{label}上年（{document.year - 1}年）：{format_amount(previous, current.unit)}，由本年数减去比上年的增加额得出：{derivation}。"
                sources = (self.resolver.narrative_source(current), self.resolver.narrative_source(change))
                result_figure = Figure(f"{label}（{document.year - 1}年）", previous, current.unit, sources[0], kind="derived", document_id=document.id)
                return self._answer(intent, text, result_figure, sources, derivation=derivation), [result_figure], document.id
        text = texts.NOT_FOUND_PREVIOUS.format(what=figure.label) + texts.NOT_FOUND_YEAR.format(year=document.year - 1, documents=self._document_list())
        return Answer(intent.question, NOT_FOUND, text), [], None

    # share
    def _share(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        text = intent.text
        split = re.search(r"占", text)
        mentions = list(intent.mentions)
        numerator: Choice | None = None
        denominator: Choice | None = None
        before = [m for m in mentions if split is None or m.start < len(canon(text[: split.start()]))]
        after = [m for m in mentions if m not in before]
        if before:
            numerator = self._resolve(before[0], documents, intent)
        elif split is not None and split.start() >= 2 and not intent.follow_up:
            side = replace_intent(intent, text[: split.start()], self.catalogue)
            loose = self._fuzzy(side, documents)
            numerator = loose
        elif conversation.subjects and (intent.follow_up or not mentions or split is not None and split.start() <= 1):
            numerator = Choice(_last_money(conversation.subjects))
        elif mentions and not after:
            numerator = self._resolve(mentions[0], documents, intent)
        if after:
            after_intent = _without_columns(intent)
            denominator = self._resolve(after[0], documents, after_intent)
        if numerator is None and conversation.subjects and intent.follow_up:
            numerator = Choice(_last_money(conversation.subjects))
        if numerator is None:
            return self._not_found(intent)
        if denominator is None and conversation.operation == "share" and intent.follow_up and conversation.denominator:
            denominator = Choice(conversation.denominator)
        if denominator is None:
            denominator = self._implied_denominator(numerator.figure, documents, intent)
        if denominator is None:
            return self._not_found(intent)
        n = numerator.figure
        d = denominator.figure.in_unit(n.unit) if n.unit in MONEY else denominator.figure
        if not d.amount:
            return self._not_found(intent)
        rate = percent(n.amount, d.amount)
        derivation = f"{plain(n.amount)} ÷ {plain(d.amount)} = {rate}%"
        text_out = f"{n.label}占{d.label}的{rate}%：{derivation}（{n.unit}）。"
        stated = self._stated_share(n, documents)
        if stated is not None and stated != rate:
            text_out += f"\n（文件说明中写作{stated}%。）"
        elif stated is not None:
            text_out += "\n与文件说明中的占比一致。"
        conversation.denominator = denominator.figure
        sources = (n.source, *(p.source for p in n.parts[1:]), d.source)
        answer = self._answer(intent, text_out, None, sources, derivation=derivation, value=rate, unit="%", headline=f"{rate}%")
        return answer, [n], n.document_id

    def _implied_denominator(self, figure: Figure, documents: list[int], intent: Intent) -> Choice | None:
        resolver = self.resolver
        if figure.kind in ("project", "sheet"):
            return resolver.column_choice([figure.document_id], "项目支出", "")
        if figure.table_kind == "basic_by_economic" and figure.kind == "row":
            return resolver.column_choice([figure.document_id], "合计", "经济科目")
        if figure.kind == "column":
            # 基本支出 / 项目支出 → the total of the same table row
            row = next((r for r in self.db.rows if figure.source.table == resolver.catalogue.tables[r.table_id].title and r.name == figure.source.row and r.document_id == figure.document_id), None)
            if row and row.cells:
                first = row.cells[0]
                return Choice(Figure(f"{resolver.table_of(row).title}合计", first.amount, figure.unit, resolver.source_for_row(row, first.column), kind="column", document_id=row.document_id))
        if figure.kind == "row" and figure.ref:
            row = next((r for r in self.db.rows if str(r.id) == figure.ref), None)
            if row is not None:
                rows = resolver.catalogue.rows_by_table.get(row.table_id, [])
                total = next((r for r in rows if r.name in ("合计", "总计") and r.cells), None)
                if total is None and row.section:
                    total = next((r for r in rows if r.section == row.section and r.name.endswith("总计") and r.cells), None)
                if total is not None:
                    column = figure.source.column
                    cell = next((c for c in total.cells if c.column == column), total.cells[0])
                    return Choice(Figure(f"{resolver.table_of(row).title}合计", cell.amount, figure.unit, resolver.source_for_row(total, cell.column), kind="row", document_id=row.document_id))
        if figure.kind == "narrative":
            return resolver.column_choice([figure.document_id], "合计", "")
        return None

    def _stated_share(self, figure: Figure, documents: list[int]) -> Decimal | None:
        label = canon(figure.label)
        narrative = [f for f in self.db.narrative if f.document_id == figure.document_id]
        for index, fact in enumerate(narrative):
            if fact.kind == "share" and index > 0:
                previous = narrative[index - 1]
                if previous.sentence == fact.sentence and canon(previous.subject).endswith(label) and previous.amount == figure.in_unit(previous.unit).amount:
                    return fact.amount
        return None

    # arithmetic on two or more figures
    def _pair(self, intent: Intent, documents: list[int], conversation: Conversation) -> tuple[list[Choice], Answer | None]:
        choices, problem = self._subjects(intent, documents, conversation, keep_columns=True)
        if problem is not None:
            return [], problem
        if len(choices) < 2:
            sides = re.split(r"比|和|与|跟|同|及|加上|、", intent.text, maxsplit=1)
            if len(sides) == 2:
                found = []
                for side in sides:
                    side_intent = replace_intent(intent, side, self.catalogue)
                    side_choices, _ = self._subjects(side_intent, documents, conversation)
                    if side_choices:
                        found.append(side_choices[0])
                if len(found) == 2:
                    return found, None
        if len(choices) < 2 and conversation.subjects:
            previous = [Choice(f) for f in conversation.subjects]
            if not choices and len(previous) >= 2:
                return previous[-2:], None
            if choices:
                return [previous[-1], *choices], None
        return choices, None

    def _difference(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        choices, problem = self._pair(intent, documents, conversation)
        if problem is not None:
            return problem, [], None
        if len(choices) < 2:
            return self._lookup(intent, documents, conversation)
        a, b = choices[0].figure, choices[1].figure
        b = b.in_unit(a.unit) if a.unit in MONEY else b
        difference = a.amount - b.amount
        bigger, smaller = (a, b) if difference >= 0 else (b, a)
        gap = abs(difference)
        derivation = f"{plain(bigger.amount)} − {plain(smaller.amount)} = {plain(gap)}{a.unit}"
        text = f"{a.label}比{b.label}{'多' if difference >= 0 else '少'}{format_amount(gap, a.unit)}：{derivation}。"
        answer = self._answer(intent, text, None, (a.source, b.source), derivation=derivation, value=gap, unit=a.unit, headline=format_amount(gap, a.unit))
        return answer, [choices[0].figure, choices[1].figure], a.document_id

    def _sum(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        choices, problem = self._pair(intent, documents, conversation)
        if problem is not None:
            return problem, [], None
        if len(choices) < 2:
            return self._lookup(intent, documents, conversation)
        figures = [choices[0].figure] + [c.figure.in_unit(choices[0].figure.unit) for c in choices[1:]]
        unit = figures[0].unit
        total = sum((f.amount for f in figures), Decimal(0))
        shown_unit = intent.unit if intent.unit and unit in MONEY else unit
        factor = (Decimal(10000) if unit == "万元" and shown_unit == "元" else Decimal(1))
        derivation = " + ".join(plain(f.amount) for f in figures) + f" = {plain(total)}{unit}"
        labels = "、".join(f.label for f in figures)
        text = f"{labels}合计{format_amount(total * factor, shown_unit)}：{derivation}。"
        answer = self._answer(intent, text, None, [f.source for f in figures], derivation=derivation, value=total * factor, unit=shown_unit)
        return answer, figures, figures[0].document_id

    # rankings, counts, lists over projects (or 科目 when asked)
    def _population(self, intent: Intent, documents: list[int]) -> tuple[str, list[Figure]]:
        resolver = self.resolver
        document_id = documents[0] if documents else None
        if document_id is None:
            return "", []
        if re.search(r"功能科目|科目|支出功能", intent.text) and "项目" not in intent.text:
            table = next((t for t in self.db.tables if t.document_id == document_id and t.kind == "expenditure"), None)
            if table:
                rows = [r for r in resolver.catalogue.rows_by_table.get(table.id, []) if r.level == 3 and r.cells]
                return "功能科目（项级）", [f for r in rows if (f := resolver.row_figure([r])) is not None]
        if re.search(r"经济科目|基本支出", intent.text):
            table = next((t for t in self.db.tables if t.document_id == document_id and t.kind == "basic_by_economic"), None)
            if table:
                rows = [r for r in resolver.catalogue.rows_by_table.get(table.id, []) if r.group and r.cells]
                return "基本支出经济科目", [f for r in rows if (f := resolver.row_figure([r])) is not None]
        rows = resolver.projects_of([document_id], carryover="结转" in intent.text)
        figures = []
        for row in rows:
            figure = resolver.row_figure([row])
            if figure is not None:
                figures.append(Figure(figure.label, figure.amount, figure.unit, figure.source, (), "project", figure.table_kind, figure.document_id, figure.ref))
        return "项目", figures

    def _ranking(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        label, figures = self._population(intent, documents)
        if not figures:
            return self._not_found(intent)
        ordered = sorted(figures, key=lambda f: f.amount, reverse=not intent.ascending)
        top = ordered[: max(1, min(intent.top, 10))]
        items = "；".join(f"{i + 1}. {f.label} {format_amount(f.amount, f.unit)}" for i, f in enumerate(top))
        word = "最少" if intent.ascending else "最多"
        heading = f"{label}中金额{word}的" + (f"前{len(top)}个" if len(top) > 1 else "是")
        text = f"{heading}：{items}（共{len(figures)}个{label}）。"
        first = top[0]
        answer = self._answer(intent, text, first, [f.source for f in top])
        return answer, top, first.document_id

    def _count(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        label, figures = self._population(intent, documents)
        if not figures:
            return self._not_found(intent)
        total = sum((f.amount for f in figures), Decimal(0))
        names = "、".join(f.label for f in figures)
        text = f"{figures[0].source.table}共列{len(figures)}个{label}，合计{format_amount(total, figures[0].unit)}：{names}。"
        carry = [r for r in self.resolver.projects_of(documents[:1], carryover=True) if self.resolver.table_of(r).kind == "projects_carryover"]
        if carry and label == "项目" and "结转" not in intent.text:
            text += f"\n另有上年结转项目{len(carry)}个。"
        answer = self._answer(intent, text, None, (figures[0].source,), value=Decimal(len(figures)), unit="个", headline=f"{len(figures)}个")
        return answer, [], figures[0].document_id

    def _list(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        return self._count(intent, documents, conversation)

    def _threshold(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        label, figures = self._population(intent, documents)
        if not figures or intent.threshold is None:
            return self._not_found(intent)
        limit = intent.threshold
        chosen = [f for f in figures if _compare(f.in_unit("元").amount, intent.comparator, limit)]
        limit_text = format_amount(limit / 10000, "万元") if limit >= 10000 else format_amount(limit, "元")
        word = {">": "超过", ">=": "不少于", "<": "低于", "<=": "不超过"}[intent.comparator]
        if not chosen:
            text = texts.THRESHOLD_NONE.format(label=label, comparator=word, limit=limit_text)
            return self._answer(intent, text, None, (figures[0].source,), value=Decimal(0), unit="个", headline="0个"), [], figures[0].document_id
        items = "；".join(f"{f.label} {format_amount(f.amount, f.unit)}" for f in sorted(chosen, key=lambda f: -f.amount))
        text = texts.THRESHOLD.format(label=label, comparator=word, limit=limit_text, count=len(chosen), items=items)
        answer = self._answer(intent, text, None, [f.source for f in chosen], value=Decimal(len(chosen)), unit="个", headline=f"{len(chosen)}个")
        return answer, chosen, figures[0].document_id

    # performance sheets: time, standard, people, per-unit
    def _context_project(self, intent: Intent, documents: list[int], conversation: Conversation) -> ProjectRecord | None:
        for mention in intent.mentions:
            for entry in mention.entries:
                if entry.document_id not in documents:
                    continue
                if entry.kind == "project":
                    project = self.resolver.project_named(entry.document_id, entry.key)
                    if project:
                        return project
        best = None
        pairs = {intent.core[i : i + 2] for i in range(len(intent.core) - 1)}
        for project in self.catalogue.projects.values():
            if project.document_id not in documents:
                continue
            name = canon(project.name)
            score = sum(1 for pair in pairs if pair in name)
            if score >= 2 and (best is None or score > best[0]):
                best = (score, project)
        if best:
            return best[1]
        for figure in reversed(conversation.subjects):
            project = self.resolver.project_of_figure(figure)
            if project is None and figure.kind == "project":
                project = self.resolver.project_named(figure.document_id, canon(figure.label))
            if project is not None:
                return project
        return None

    def _indicator_answer(self, intent: Intent, documents: list[int], conversation: Conversation, pattern: str, units: Sequence[str]) -> Result | None:
        project = self._context_project(intent, documents, conversation)
        candidates = []
        pool = [project] if project else [p for p in self.catalogue.projects.values() if p.document_id in documents]
        for candidate in pool:
            items = [i for i in candidate.indicators if i.period == "年度"] or list(candidate.indicators)
            for item in items:
                if not re.search(pattern, item.level3 + item.level2 + (item.value if "/" in item.value else "")):
                    continue
                amount, unit = _indicator_value(item)
                if units and unit not in units and not (amount is None and "time" in units):
                    continue
                core = intent.core.replace(canon(candidate.name), "") if project else intent.core
                score = lcs(core, canon(item.level3)) + (lcs(intent.core, canon(candidate.name)) if not project else 0)
                candidates.append((score, candidate, item))
        if not candidates:
            return None
        candidates.sort(key=lambda c: -c[0])
        _, chosen_project, item = candidates[0]
        figure = self.resolver.indicator_figure(chosen_project, item)
        text = f"{chosen_project.name} · {item.level3}：{item.value}。"
        if figure.unit:
            answer = self._answer(intent, text, figure, (figure.source,), headline=item.value)
        else:
            answer = self._answer(intent, text, None, (figure.source,), headline=item.value)
        return answer, [figure], chosen_project.document_id

    def _time(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        result = self._indicator_answer(intent, documents, conversation, r"时间|日期|时限", ("time",))
        if result is not None:
            return result
        project = self._context_project(intent, documents, conversation)
        if project is not None:
            plan = dict(project.fields).get("项目实施计划")
            if plan:
                source = self.resolver.sheet_source(project, "项目实施计划")
                return self._answer(intent, f"{project.name} · 项目实施计划：{plan}", None, (source,)), [], project.document_id
        return self._lookup(intent, documents, conversation)

    def _standard(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        for mention in intent.mentions:
            if any(e.kind == "indicator" for e in mention.entries):
                break
        else:
            mention = None
        if mention is not None:
            entries = [e for e in mention.entries if e.kind == "indicator" and e.document_id in documents]
            best = None
            for entry in entries:
                found = self.resolver.indicator(entry.key)
                if found is None:
                    continue
                project, item = found
                score = lcs(intent.core, canon(project.name))
                if best is None or score > best[0]:
                    best = (score, project, item)
            if best is not None:
                _, project, item = best
                figure = self.resolver.indicator_figure(project, item)
                text = f"{project.name} · {item.level3}：{item.value}。"
                return self._answer(intent, text, figure, (figure.source,), headline=item.value), [figure], project.document_id
        result = self._indicator_answer(intent, documents, conversation, r"标准|单价|每名|每人|每个|每位|/", ())
        if result is not None:
            return result
        return self._lookup(intent, documents, conversation)

    def _people(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        """How many people: a count stated in the text, or a sheet indicator, whichever names more of the question."""
        named = any(e.kind == "project" for m in intent.mentions for e in m.entries)
        project = self._context_project(intent, documents, conversation)
        if project is not None and (named or intent.follow_up or len(intent.core) < 2):
            result = self._indicator_answer(intent, documents, conversation, r"人数|人员|数量|代表", ("人",))
            if result is not None:
                return result
        core = intent.core
        pairs = {core[i : i + 2] for i in range(len(core) - 1)}

        def recall(text: str) -> float:
            return sum(1 for pair in pairs if pair in text) / len(pairs) if pairs else 0.0

        facts = self._facts(documents, core, units=("人", "名"))
        fact_score = recall(self.subjects[id(facts[0])]) if facts else 0.0
        best_indicator = None
        for candidate in self.catalogue.projects.values():
            if candidate.document_id not in documents:
                continue
            for item in candidate.indicators:
                if item.period != "年度" or not re.search(r"人数|人员|数量|代表", item.level3):
                    continue
                amount, unit = _indicator_value(item)
                if unit != "人" or amount is None:
                    continue
                score = recall(canon(item.level3))
                if best_indicator is None or score > best_indicator[0]:
                    best_indicator = (score, candidate, item)
        if best_indicator is not None and best_indicator[0] > fact_score and best_indicator[0] >= 0.6:
            _, chosen, item = best_indicator
            figure = self.resolver.indicator_figure(chosen, item)
            text = f"{chosen.name} · {item.level3}：{item.value}。"
            return self._answer(intent, text, figure, (figure.source,), headline=item.value), [figure], chosen.document_id
        if facts:
            return self._fact_answer(intent, facts[0])
        return self._lookup(intent, documents, conversation)

    def _field(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        """A text field of a project's performance sheet (立项依据, 项目概况, 总体目标 …)."""
        project = self._context_project(intent, documents, conversation)
        if project is None:
            return self._lookup(intent, documents, conversation)
        fields = dict(project.fields)
        for word, name in SHEET_FIELDS:
            if word in intent.text and fields.get(name):
                source = self.resolver.sheet_source(project, name)
                text = f"{project.name} · {name}：{fields[name]}"
                figure = Figure(project.name, Decimal(0), "", source, kind="sheet", document_id=project.document_id, ref=str(project.id))
                return self._answer(intent, text, None, (source,)), [figure], project.document_id
        return self._lookup(intent, documents, conversation)

    def _funds(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        """实施期 / 年度 funds of a project's performance sheet, in 元."""
        project = self._context_project(intent, documents, conversation)
        if project is None:
            return self._lookup(intent, documents, conversation)
        for word, period, source_name in FUND_FIELDS:
            if word not in intent.text:
                continue
            amount = next((a for p, src, a in project.funds if p == period and src == source_name), None)
            if amount is None:
                continue
            label = f"{period}{source_name}"
            source = Source(self.resolver.titles[project.document_id], f"项目支出绩效目标表（{project.name}）", "项目资金（元）", label, project.page, project.line)
            figure = Figure(f"{project.name}{label}", amount, "元", source, kind="sheet", document_id=project.document_id, ref=str(project.id))
            shown = figure.in_unit(intent.unit) if intent.unit else figure
            annual = next((a for p, src, a in project.funds if p == "年度" and src == "资金总额"), None)
            extra = f"（其中本年度{format_amount(annual, '元')}）" if period == "实施期" and annual is not None and annual != amount else ""
            text = f"{project.name} · {label}：{format_amount(shown.amount, shown.unit)}{extra}。"
            return self._answer(intent, text, shown, (source,)), [figure], project.document_id
        return self._lookup(intent, documents, conversation)

    def _quantity(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        """How many vehicles, rooms, square metres …: narrative counts in the asked unit."""
        match = re.search(r"(?:几|多少)(辆|台|套|间|平方米|平米|座|处|次|个)", intent.text)
        unit = match.group(1) if match else "平方米"
        units = ("平方米",) if unit == "平米" else ((unit, "台（套）") if unit in ("台", "套") else (unit,))
        facts = self._facts(documents, intent.core, units=units)
        if not facts:
            in_unit = [f for f in self.db.narrative if f.document_id in documents and f.unit in units]
            if in_unit and len({f.sentence for f in in_unit}) == 1:
                facts = in_unit
        if facts:
            first = facts[0]
            together = [f for f in self.db.narrative if f.sentence == first.sentence and f.unit == first.unit]
            figure = self.resolver.narrative_figure(first)
            listed = "，".join(f"{subject_label(f.subject)}{format_amount(f.amount, f.unit)}" for f in together[:4])
            text = f"{listed}。\n原文：{first.sentence.strip()}"
            return self._answer(intent, text, figure, (figure.source,)), [figure], figure.document_id
        result = self._indicator_answer(intent, documents, conversation, r"数量|个数|面积|次数", units)
        if result is not None:
            return result
        return self._lookup(intent, documents, conversation)

    def _per_unit(self, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
        project = self._context_project(intent, documents, conversation)
        if project is None:
            return self._lookup(intent, documents, conversation)
        for field_name, value in project.fields:
            match = re.search(r"每(人|位|名|个)每(月|年)(\d+(?:\.\d+)?)元", value)
            if not match:
                continue
            rate = Decimal(match.group(3))
            per = match.group(2)
            yearly = bool(re.search(r"一年|1年|每年|全年", intent.text))
            if per == "月" and yearly:
                total = rate * 12
                derivation = f"{plain(rate, 0)} × 12 = {plain(total, 0)}元"
            else:
                total = rate
                derivation = f"每{match.group(1)}每{per}{plain(rate, 0)}元"
            source = self.resolver.sheet_source(project, field_name)
            text = f"{project.name}：每{match.group(1)}{'一年' if yearly else '每' + per} {format_amount(total, '元')}（{derivation}）。"
            return self._answer(intent, text, None, (source,), derivation=derivation, value=total, unit="元"), [], project.document_id
        return self._lookup(intent, documents, conversation)


def _last_money(subjects: Sequence[Figure]) -> Figure:
    """The most recent figure that is an amount of money (else the most recent)."""
    return next((f for f in reversed(subjects) if f.unit in MONEY), subjects[-1])


def _suggestions(figure: Figure) -> tuple[str, ...]:
    """Follow-up questions worth a button after an answer about ``figure``."""
    if figure.kind in ("project", "sheet"):
        return ("它占项目支出的比例是多少", "它的绩效目标是什么", "哪个项目最贵")
    if figure.kind == "column" and figure.label in ("基本支出", "项目支出"):
        return ("占比多少", "其中人员经费呢" if figure.label == "基本支出" else "哪个项目最贵")
    if figure.kind == "row" and figure.unit in MONEY:
        return ("它占比多少",)
    return ()


def _compare(amount: Decimal, comparator: str, limit: Decimal) -> bool:
    if comparator == ">":
        return amount > limit
    if comparator == ">=":
        return amount >= limit
    if comparator == "<":
        return amount < limit
    return amount <= limit


def entry_label(entry: Entry, intent: Intent) -> str:
    """What to call a whole table's figure: the words the question used for it."""
    for mention in intent.mentions:
        if entry in mention.entries:
            return mention.alias
    return entry.name


def replace_intent(intent: Intent, text: str, catalogue: object) -> Intent:
    """The intent of one side of a comparison (its own names and core)."""
    from dataclasses import replace

    from knowledge.understand import _core, _mentions

    compact = canon(text)
    return replace(intent, text=text, core=_core(text), mentions=_mentions(compact, catalogue))  # type: ignore[arg-type]


def plain_number(amount: Decimal) -> str:
    return f"{amount}"


def _indicator_value(item: object) -> tuple[Decimal | None, str]:
    from knowledge.figures import indicator_amount

    amount, unit = indicator_amount(item)  # type: ignore[arg-type]
    if amount is None or re.search(r"月|日|年|下旬|上旬|中旬|季度|每", getattr(item, "value", "")) and not unit:
        return None, "time"
    return amount, unit


def _without_columns(intent: Intent) -> Intent:
    from dataclasses import replace

    return replace(intent, columns=())


def _sentence_subject(sentence: str) -> str:
    head = re.split(r"[，,。；]", sentence)[0]
    head = re.sub(r"\d[\d,]*(\.\d+)?\s*(万元|元)?$", "", head)
    return subject_label(head)


def _table_subject(title: str) -> str:
    match = re.search(r"安排(.+?)(支出)?预算表|年(.+?)预算.*表", title)
    if match:
        return (match.group(1) or match.group(3) or title).strip("“”\"")
    return title


def _statements(projects: Sequence[ProjectRecord], resolver: Resolver) -> tuple[NarrativeFactRecord, ...]:
    """Counts stated in project texts (泽州县人大代表共有237名) as narrative-like facts."""
    found = []
    position = 100000
    for project in projects:
        for _field_name, value in project.fields:
            for match in re.finditer(r"([\u4e00-\u9fff]{2,12}?)(共有|现有|名额|有)[\u4e00-\u9fff]{0,4}?(\d+)\s*(名|人|个)", value):
                subject = match.group(1) + match.group(2)
                unit = "人" if match.group(4) in ("名", "人") else match.group(4)
                sentence = value[max(0, match.start() - 10) : match.end() + 10]
                found.append(NarrativeFactRecord(-project.id, project.document_id, subject, Decimal(match.group(3)), unit, "count", sentence, position))
                position += 1
    return tuple(found)
