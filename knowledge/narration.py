"""Answers from the narrative: stated figures, definitions, reasons, year-on-year changes.

Each function takes the ``Operations`` object first (it is bound as a method there).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from knowledge import texts
from knowledge.answer import NOT_FOUND, Answer, Source
from knowledge.catalogue import Entry, canon
from knowledge.figures import MONEY, Choice, Figure, Resolver, format_amount, lcs, plain, subject_label
from knowledge.queries import NarrativeFactRecord, ProjectRecord
from knowledge.thresholds import FUZZY_THRESHOLD
from knowledge.understand import Intent

if TYPE_CHECKING:
    from knowledge.conversation import Conversation
    from knowledge.operations import Operations, Result


def facts(
    ops: Operations,
    documents: Sequence[int],
    core: str,
    *,
    kinds: Sequence[str] = (),
    units: Sequence[str] = (),
    whole: bool = False,
) -> list[NarrativeFactRecord]:
    """Narrative facts whose subject (or, with ``whole``, sentence) shares most of ``core``'s pairs."""
    pairs = {core[i : i + 2] for i in range(len(core) - 1)}
    if not pairs:
        return []
    scored = []
    candidates = [fact for document_id in documents for fact in ops.facts_by_document.get(document_id, [])]
    for fact in candidates:
        if kinds and fact.kind not in kinds:
            continue
        if units and fact.unit not in units:
            continue
        target = canon(fact.sentence) if whole else ops.subjects[id(fact)]
        shared = sum(1 for pair in pairs if pair in target)
        recall = shared / len(pairs)
        if shared < 1 or recall < 0.6 or (len(pairs) >= 2 and shared < 2):
            continue
        scored.append((-recall, -lcs(core, target), fact.position, fact))
    scored.sort(key=lambda item: item[:3])
    return [item[3] for item in scored]


def fact_answer(ops: Operations, intent: Intent, fact: NarrativeFactRecord) -> Result:
    figure = ops.resolver.narrative_figure(fact)
    shown = figure.in_unit(intent.unit) if intent.unit and figure.unit in MONEY else figure
    sentence = fact.sentence.strip().rstrip("；;。") + "。"
    text = f"{figure.label}：{format_amount(shown.amount, shown.unit)}。\n原文：{sentence}"
    return ops._answer(intent, text, shown, (figure.source,)), [figure], figure.document_id


def definition(ops: Operations, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
    entries: list[tuple[int, Entry]] = []
    for mention in intent.mentions:
        for entry in mention.entries:
            if entry.kind == "glossary" and entry.document_id in documents:
                entries.append((len(mention.alias), entry))
    if not entries:
        for score, _precision, alias in ops.catalogue.fuzzy(intent.core):
            if score < FUZZY_THRESHOLD:
                break
            entries += [
                (0, e)
                for e in ops.catalogue.by_alias[alias]
                if e.kind == "glossary" and e.document_id in documents
            ]
    if not entries:
        return ops._lookup(intent, documents, conversation)
    entries.sort(key=lambda item: -item[0])
    entry = entries[0][1]
    record = ops.db.glossary[int(entry.key)]
    source = Source(ops.resolver.titles[record.document_id], "名词解释", record.term, "", None, record.line)
    text = texts.DEFINITION.format(term=record.term, definition=record.definition)
    return ops._answer(intent, text, None, (source,)), [], record.document_id


def why(ops: Operations, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
    core = intent.core if len(intent.core) >= 2 else ""
    core = core or (canon(conversation.subjects[-1].label) if conversation.subjects else "")
    best = None
    for passage in ops.db.passages:
        if passage.document_id not in documents or "原因" not in passage.text:
            continue
        for sentence in re.split(r"(?<=。)", passage.text):
            if "原因" not in sentence:
                continue
            score = lcs(core, canon(passage.heading + sentence))
            if score >= 2 and (best is None or score > best[0]):
                best = (score, passage, sentence)
    if best is None:
        return ops._not_found(intent)
    _, passage, sentence = best
    sentences = [x for x in re.split(r"(?<=。)", passage.text) if x.strip()]
    index = next((i for i, x in enumerate(sentences) if x == sentence), 0)
    if index > 0 and re.search(r"增加|减少|增长|下降", sentences[index - 1]):
        sentence = sentences[index - 1] + sentence
    source = Source(
        ops.resolver.titles[passage.document_id], passage.heading, "", "", passage.page, passage.line
    )
    facts = [
        f
        for f in ops.db.narrative
        if f.passage_id == passage.id
        and f.sentence.strip() in sentence
        and f.kind in ("increase", "decrease")
    ]
    money = next((f for f in facts if f.unit in MONEY), None)
    text = sentence.strip()
    if money is not None:
        return (
            ops._answer(intent, text, ops.resolver.narrative_figure(money), (source,)),
            [],
            passage.document_id,
        )
    return ops._answer(intent, text, None, (source,)), [], passage.document_id


def change(ops: Operations, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
    core = re.sub(r"率|幅度|百分之几|百分比|百分点|几成", "", intent.core)
    if not core and conversation.subjects:
        core = canon(conversation.subjects[-1].label)
    facts = ops._facts(documents, core or "预算", kinds=("increase", "decrease"), whole=True)
    if not facts and intent.mentions:
        facts = ops._facts(
            documents, canon(intent.mentions[0].alias), kinds=("increase", "decrease"), whole=True
        )
    if not facts:
        return ops._not_found(intent)
    first = facts[0]
    siblings = [
        f
        for f in ops.db.narrative
        if f.sentence == first.sentence
        and f.kind in ("increase", "decrease")
        and f.passage_id == first.passage_id
    ]
    siblings = siblings or [first]
    wants_rate = bool(re.search(r"%|率|幅度|百分|几成", intent.text))
    money = next((f for f in siblings if f.unit in MONEY), None)
    rate = next((f for f in siblings if f.unit in ("%", "个百分点")), None)
    main = rate if wants_rate and rate else (money or rate or first)
    figure = ops.resolver.narrative_figure(main)
    subject = sentence_subject(first.sentence)
    parts = []
    for f in (money, rate):
        if f is not None:
            word = (
                "减少"
                if f.kind == "decrease" and f.unit in MONEY
                else ("下降" if f.kind == "decrease" else ("增加" if f.unit in MONEY else "增长"))
            )
            parts.append(f"{word}{format_amount(f.amount, f.unit)}")
    text = f"{subject}比上年" + "，".join(parts) + "。\n原文：" + first.sentence.strip()
    value = figure.amount
    return (
        ops._answer(intent, text, figure, (figure.source,), value=value, unit=figure.unit),
        [figure],
        figure.document_id,
    )


def previous_year(ops: Operations, intent: Intent, documents: list[int], choice: Choice) -> Result:
    figure = choice.figure
    document = next(d for d in ops.db.documents if d.id == figure.document_id)
    earlier = [
        d
        for d in ops.db.documents
        if d.body == document.body and d.year == document.year - 1 and d.phase == document.phase
    ]
    if earlier:
        mention_entries = [
            e for e in ops.catalogue.by_alias.get(canon(figure.label), []) if e.document_id == earlier[0].id
        ]
        for entry in mention_entries:
            other = ops._choice(entry, intent)
            if other is not None:
                return ops._figure_answer(intent, other)
    facts = ops._facts(
        [document.id], canon(figure.label), kinds=("increase", "decrease"), units=MONEY, whole=True
    )
    if facts:
        change = facts[0]
        current = next(
            (
                f
                for f in ops.db.narrative
                if f.sentence == change.sentence and f.kind == "amount" and f.unit == change.unit
            ),
            None,
        )
        if current is not None:
            delta = change.amount if change.kind == "increase" else -change.amount
            previous = current.amount - delta
            sign = "−" if delta >= 0 else "+"
            derivation = (
                f"{plain(current.amount)} {sign} {plain(abs(delta))} = {plain(previous)}{current.unit}"
            )
            label = subject_label(current.subject)
            text = f"{label}上年（{document.year - 1}年）：{format_amount(previous, current.unit)}，由本年数减去比上年的增加额得出：{derivation}。"
            sources = (ops.resolver.narrative_source(current), ops.resolver.narrative_source(change))
            result_figure = Figure(
                f"{label}（{document.year - 1}年）",
                previous,
                current.unit,
                sources[0],
                kind="derived",
                document_id=document.id,
            )
            return (
                ops._answer(intent, text, result_figure, sources, derivation=derivation),
                [result_figure],
                document.id,
            )
    text = texts.NOT_FOUND_PREVIOUS.format(what=figure.label) + texts.NOT_FOUND_YEAR.format(
        year=document.year - 1, documents=ops._document_list()
    )
    return Answer(intent.question, NOT_FOUND, text), [], None


def sentence_subject(sentence: str) -> str:
    head = re.split(r"[，,。；]", sentence)[0]
    head = re.sub(r"\d[\d,]*(\.\d+)?\s*(万元|元)?$", "", head)
    return subject_label(head)


def statements(projects: Sequence[ProjectRecord], resolver: Resolver) -> tuple[NarrativeFactRecord, ...]:
    """Counts stated in project texts (泽州县人大代表共有237名) as narrative-like facts."""
    found = []
    position = 100000
    for project in projects:
        for _field_name, value in project.fields:
            for match in re.finditer(
                r"([\u4e00-\u9fff]{2,12}?)(共有|现有|名额|有)[\u4e00-\u9fff]{0,4}?(\d+)\s*(名|人|个)", value
            ):
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
