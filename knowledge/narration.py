"""Answers from the narrative: stated figures, definitions, reasons, year-on-year changes.

Handlers take the ``Context`` first and return an ``Outcome``, or ``None`` when they do
not apply (the dispatcher then tries the next; see ``knowledge.dispatch``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from knowledge import texts
from knowledge.answer import NOT_FOUND, Answer, Source
from knowledge.catalogue import Entry, canon, one_side
from knowledge.choices import choice as choice_of
from knowledge.context import Context
from knowledge.conversation import Conversation, Outcome, Turn
from knowledge.figures import CHANGE_REF, MONEY, Choice, Figure, format_amount, lcs, plain, subject_label
from knowledge.phrasing import answered, figure_answer, not_found
from knowledge.plan import Intent
from knowledge.records import NarrativeFactRecord
from knowledge.thresholds import (
    FACT_MIN_PAIRS,
    FACT_MIN_RUN,
    FACT_RECALL,
    FACT_SCATTER_LENGTH,
    FUZZY_THRESHOLD,
    REASON_MIN_OVERLAP,
)
from knowledge.vocabulary import GENERIC_SUFFIX


def facts(
    context: Context,
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
    head = core  # the last word that names what is asked (涉密项目预算 → 涉密)
    while (shorter := GENERIC_SUFFIX.sub("", head)) != head and len(shorter) >= 2:
        head = shorter
    scored = []
    for fact in context.in_documents(documents):
        if kinds and fact.kind not in kinds:
            continue
        if units and fact.unit not in units:
            continue
        target = canon(REASON_TAIL.split(fact.sentence, 1)[0]) if whole else context.subjects[id(fact)]
        if _other_level(core, target) or one_side(target, core) or _other_organisation(core, target):
            continue
        if fact.kind == "amount" and len(head) >= 2 and head[-2:] not in target:
            continue  # 财政拨款收入 is not 财政拨款安排“三公”经费: the phrase's head must be the subject's
        shared = sum(1 for pair in pairs if pair in target)
        recall = shared / len(pairs)
        if shared < 1 or recall < FACT_RECALL or (len(pairs) >= 2 and shared < FACT_MIN_PAIRS):
            continue
        run = lcs(core, target)
        if not whole and run < min(len(core), FACT_MIN_RUN) and len(target) > FACT_SCATTER_LENGTH * len(core):
            continue  # a few pairs scattered over a long sentence taken for the subject
        scored.append((-recall, -run, fact.position, fact))
    scored.sort(key=lambda item: item[:3])
    return [item[3] for item in scored]


# where a sentence stating a change goes on to its reasons: items named there are not what changed
# (…支出总计比上年增加141.15万元，主要原因是…基本支出638.64万元…: 基本支出 did not rise 141.15)
# a sentence giving a reason: 主要原因是…, or a change followed by 主要是…/由于…
REASON = re.compile(r"原因|主要是|主要由于|主要因为|由于")
REASON_TAIL = re.compile(r"主要原因|原因是|原因为|主要是由于|主要用于")

ADMINISTRATIVE_LEVELS = "省市县区乡镇村"


# an organisation's name in a question (教育工程管理中心, 刑事侦查支队): its words before the kind tell
# it from its siblings (文体和水务工程管理中心), so a subject must hold the name whole
ORGANISATION_NAME = re.compile(
    r"[\u4e00-\u9fff]{2,16}?(中心|支队|大队|学校|医院|研究院|研究所|管理站|管理处)"
)
ORGANISATION_BEFORE = re.compile(r"^.*[的里中和及、]")  # words before the name (三公经费里刑事侦查支队)
OPENING_PLACES = re.compile(r"^(?:[\u4e00-\u9fff]{1,6}?[省市区县])+")


def _other_organisation(core: str, target: str) -> bool:
    """The question names an organisation the subject does not, where the subject names one of the
    same kind (教育工程管理中心 asked, 文体和水务工程管理中心 stated)."""
    for match in ORGANISATION_NAME.finditer(core):
        kind = match.group(1)
        name = ORGANISATION_BEFORE.sub("", match.group(0)[: -len(kind)]) + kind
        name = OPENING_PLACES.sub("", name)
        if len(name) > len(kind) + 1 and kind in target and name not in target:
            return True
    return False


def _other_level(core: str, target: str) -> bool:
    """The subject speaks of another administrative level than the question: 市人大代表 asked,
    县人大代表 stated (the words after the level are the same, the level differs)."""
    for i, level in enumerate(core[:-2]):
        word = core[i + 1 : i + 4]
        if level not in ADMINISTRATIVE_LEVELS or len(word) < 2 or level + word in target:
            continue
        start = target.find(word)
        while start > 0:
            if target[start - 1] in ADMINISTRATIVE_LEVELS and target[start - 1] != level:
                return True
            start = target.find(word, start + 1)
    return False


def fact_answer(
    context: Context,
    intent: Intent,
    fact: NarrativeFactRecord,
    *,
    beside: Figure | None = None,
    part: bool = True,
) -> Outcome:
    """An amount the narrative states, with its sentence (and ``beside``, a part a table prints)."""
    figure = context.resolver.narrative_figure(fact)
    shown = figure.in_unit(intent.unit) if intent.unit and figure.unit in MONEY else figure
    sentence = fact.sentence.strip().rstrip("；;。") + "。"
    text = f"{figure.label}：{format_amount(shown.amount, shown.unit)}。\n原文：{sentence}"
    sources: tuple[Source, ...] = (figure.source,)
    if beside is not None:
        shown_beside = format_amount(beside.amount, beside.unit)
        if part:
            text += "\n" + texts.BASIC_PART.format(table=beside.source.table, amount=shown_beside)
        else:
            added = " + ".join(plain(p.amount) for p in beside.parts)
            text += "\n" + texts.LINES_ADDED.format(
                table=beside.source.table, amount=shown_beside, added=added
            )
        sources += tuple(p.source for p in beside.parts) or (beside.source,)
    return Outcome(answered(intent, text, shown, sources), Turn((figure,), figure.document_id))


def definition(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | None:
    """A term of the document's glossary (名词解释); None when the document defines none asked."""
    entries: list[tuple[int, Entry]] = []
    for mention in intent.mentions:
        for entry in mention.entries:
            if entry.kind == "glossary" and entry.document_id in documents:
                entries.append((len(mention.alias), entry))
    if not entries:
        for score, _precision, alias in context.catalogue.fuzzy(intent.core):
            if score < FUZZY_THRESHOLD:
                break
            entries += [
                (0, e)
                for e in context.catalogue.by_alias[alias]
                if e.kind == "glossary" and e.document_id in documents
            ]
    if not entries:
        return None
    entries.sort(key=lambda item: -item[0])
    entry = entries[0][1]
    record = context.db.glossary[int(entry.key)]
    source = Source(
        context.resolver.titles[record.document_id], "名词解释", record.term, "", None, record.line
    )
    text = texts.DEFINITION.format(term=record.term, definition=record.definition)
    return Outcome(answered(intent, text, None, (source,)), Turn(document_id=record.document_id))


def why(context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation) -> Outcome:
    """The sentence giving the reason (原因) for the change asked about."""
    core = intent.core if len(intent.core) >= 2 else ""
    core = core or (canon(conversation.subjects[-1].label) if conversation.subjects else "")
    best = None
    for passage in context.db.passages:
        if passage.document_id not in documents or not REASON.search(passage.text):
            continue
        previous = ""
        for sentence in re.split(r"(?<=。)", passage.text):
            # the item may be named by the sentence before (1.因公出国（境）费用。2026年预算数…，主要是…)
            named_in = passage.heading + previous + sentence
            previous = sentence
            if not REASON.search(sentence):
                continue
            score = lcs(core, canon(named_in))
            if score >= REASON_MIN_OVERLAP and (best is None or score > best[0]):
                best = (score, passage, sentence)
    if best is None:
        return not_found(context, intent)
    _, passage, sentence = best
    sentences = [x for x in re.split(r"(?<=。)", passage.text) if x.strip()]
    index = next((i for i, x in enumerate(sentences) if x == sentence), 0)
    before = sentences[index - 1] if index > 0 else ""
    if re.search(r"增加|减少|增长|下降", before) or (len(before) <= 20 and not re.search(r"\d{3}", before)):
        sentence = before + sentence  # the change, or the item named alone (2.公务接待费。2026年预算数…)
    source = Source(
        context.resolver.titles[passage.document_id], passage.heading, "", "", passage.page, passage.line
    )
    changes = [
        f
        for f in context.db.narrative
        if f.passage_id == passage.id
        and f.sentence.strip() in sentence
        and f.kind in ("increase", "decrease")
    ]
    moneys = [f for f in changes if f.unit in MONEY]
    # the change of the item asked: the only one stated, else the one stated in a sentence naming
    # it; a sentence of several items' changes gives no figure (the first was another item's)
    named = [
        f for f in moneys if core and lcs(core, canon(f.sentence.split("原因")[0])) >= REASON_MIN_OVERLAP
    ]
    money = moneys[0] if len(moneys) == 1 else (named[0] if len(named) == 1 else None)
    figure = context.resolver.narrative_figure(money) if money is not None else None
    answer = answered(intent, sentence.strip(), figure, (source,))
    return Outcome(answer, Turn(document_id=passage.document_id))


DIRECTION = re.compile(r"少|减|降|多|增|涨|升")
DOWN = frozenset("少减降")


def change(context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation) -> Outcome:
    """How much an item rose or fell on the year, as the narrative states it."""
    core = intent.change_core
    if not core and conversation.subjects:
        core = canon(conversation.subjects[-1].label)
    # 比2025年减少了多少 after a figure the narrative states with its change in one sentence
    # (项目支出58,397.75万元,…比2025年减少12,131.16万元): that sentence's change, of that very figure
    found = [] if intent.change_core else _stated_with(context, documents, conversation)
    found = found or facts(context, documents, core or "预算", kinds=("increase", "decrease"), whole=True)
    if not found and intent.mentions:
        found = facts(
            context, documents, canon(intent.mentions[0].alias), kinds=("increase", "decrease"), whole=True
        )
    if not found:
        return not_found(context, intent)
    # 少了多少 asks a fall, 多了多少 a rise (比上年多还是少 either): the statement of that direction first
    asked = [] if "还是" in intent.text else DIRECTION.findall(intent.text.replace("多少", ""))
    if len(set(asked)) == 1:
        kind = "decrease" if asked[0] in DOWN else "increase"
        found = [f for f in found if f.kind == kind] + [f for f in found if f.kind != kind]
    first = found[0]
    siblings = [
        f
        for f in context.db.narrative
        if f.sentence == first.sentence
        and f.kind in ("increase", "decrease")
        and f.passage_id == first.passage_id
    ]
    siblings = siblings or [first]
    money = next((f for f in siblings if f.unit in MONEY), None)
    rate = next((f for f in siblings if f.unit in ("%", "个百分点")), None)
    subject = sentence_subject(first.sentence)
    # the phrase asked, else (two asked in one: 基本支出…增加多少？项目支出…) the first item it names
    clause = next(
        (
            named_clause
            for named in (core, *(canon(m.alias) for m in intent.mentions))
            if (named_clause := _clause_named(context, named, siblings)) is not None
        ),
        None,
    )
    if clause is not None:
        # 支出预算减少13,469.96万元，其中基本支出增加116.16万元，…: 基本支出 asked, its own clause (with the
        # rate right after it, if one is stated), not the sentence's first change
        money, rate = clause
        subject = subject_label(
            re.sub(r"^其中|(?:比上年|较上年)?(?:增加|减少|增长|下降|降低)$", "", money.subject)
        )
    if intent.wants_rate and rate is None and money is not None:
        # 增长了百分之几 where the sentence states the amount and its change only: the rate from them
        return _rate_of_change(context, intent, money, subject)
    main = rate if intent.wants_rate and rate else (money or rate or first)
    figure = context.resolver.narrative_figure(main)
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
    answer = answered(intent, text, figure, (figure.source,), value=figure.amount, unit=figure.unit)
    # kept marked as a change: 两个加起来 after 提租补贴, 比上年增加多少, 购房补贴呢 adds the two items
    return Outcome(answer, Turn((replace(figure, ref=CHANGE_REF),), figure.document_id))


# a phrase shorter than this (预算, 支出) names no one clause of a sentence
CLAUSE_SHORTEST = 4


def _clause_named(
    context: Context, core: str, siblings: Sequence[NarrativeFactRecord]
) -> tuple[NarrativeFactRecord, NarrativeFactRecord | None] | None:
    """The change of one sentence whose clause names ``core`` when the sentence's first change does
    not (with the rate stated right after it), else None."""
    ordered = sorted(siblings, key=lambda f: f.position)
    money = [f for f in ordered if f.unit in MONEY]
    if len(core) < CLAUSE_SHORTEST or not money or core in context.subjects[id(money[0])]:
        return None
    named = next((f for f in money if core in context.subjects[id(f)]), None)
    if named is None:
        return None
    after = ordered[ordered.index(named) + 1 :]
    rate = after[0] if after and after[0].unit in ("%", "个百分点") else None
    return named, rate


def _stated_with(
    context: Context, documents: Sequence[int], conversation: Conversation
) -> list[NarrativeFactRecord]:
    """The changes a sentence states right after the conversation's last figure (its amount, in its unit)."""
    last = next((f for f in reversed(conversation.subjects) if f.ref != CHANGE_REF), None)
    if last is None or last.unit not in MONEY:
        return []
    label = canon(last.label)
    for fact in context.in_documents(documents):
        if fact.kind != "amount" or fact.unit not in MONEY or last.in_unit(fact.unit).amount != fact.amount:
            continue
        if lcs(label, context.subjects[id(fact)]) < min(4, len(label)):
            continue  # the same amount stated for another item (公务用车购置及运行维护费74.1 ≠ 运行维护费74.10)
        same = [f for f in context.in_documents([fact.document_id]) if f.sentence == fact.sentence]
        after = [f for f in same if f.position > fact.position]
        # its own change: those right after it, before the next item's amount
        until = next((i for i, f in enumerate(after) if f.kind == "amount"), len(after))
        changes = [f for f in after[:until] if f.kind in ("increase", "decrease")]
        if changes:
            return changes
    return []


def _changed_amount(context: Context, delta: NarrativeFactRecord) -> NarrativeFactRecord | None:
    """This year's amount the sentence stating a change gives (…预算121.95万元，较…增加56.20万元)."""
    return next(
        (
            f
            for f in context.db.narrative
            if f.sentence == delta.sentence and f.kind == "amount" and f.unit == delta.unit
        ),
        None,
    )


def _signed(delta: NarrativeFactRecord) -> Decimal:
    """A stated change with its sign: a decrease is negative."""
    return delta.amount if delta.kind == "increase" else -delta.amount


def _rate_of_change(context: Context, intent: Intent, delta: NarrativeFactRecord, subject: str) -> Outcome:
    """The change as a rate of the year before: the change ÷ (this year's amount ∓ the change)."""
    current = _changed_amount(context, delta)
    signed = _signed(delta)
    if current is None or current.amount - signed <= 0:
        return not_found(context, intent)
    previous = current.amount - signed
    rate = (signed / previous * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "−" if signed >= 0 else "+"
    derivation = (
        f"{plain(signed)} ÷ ({plain(current.amount)} {sign} {plain(abs(signed))}) × 100 = {plain(rate)}%"
    )
    word = "增长" if signed >= 0 else "下降"
    text = f"{subject}比上年{word}{plain(abs(rate))}%：{derivation}（上年数由本年数和变动额得出）。"
    sources = (context.resolver.narrative_source(current), context.resolver.narrative_source(delta))
    result = Figure(f"{subject}增长率", rate, "%", sources[0], kind="derived", document_id=delta.document_id)
    answer = answered(intent, text, result, sources, derivation=derivation)
    return Outcome(answer, Turn((result,), delta.document_id))


def previous_year(context: Context, intent: Intent, documents: Sequence[int], chosen: Choice) -> Outcome:
    """The chosen item's figure a year earlier: the earlier document's, else this year's minus its change."""
    figure = chosen.figure
    document = context.documents[figure.document_id]
    earlier = [
        d
        for d in context.db.documents
        if d.body == document.body and d.year == document.year - 1 and d.phase == document.phase
    ]
    if earlier:
        entries = [
            e
            for e in context.catalogue.by_alias.get(canon(figure.label), [])
            if e.document_id == earlier[0].id
        ]
        for entry in entries:
            other = choice_of(context, entry, intent)
            if other is not None:
                return figure_answer(context, intent, other)
    changes = facts(
        context, [document.id], canon(figure.label), kinds=("increase", "decrease"), units=MONEY, whole=True
    )
    if changes:
        delta_fact = changes[0]
        current = _changed_amount(context, delta_fact)
        if current is not None:
            delta = _signed(delta_fact)
            previous = current.amount - delta
            sign = "−" if delta >= 0 else "+"
            derivation = (
                f"{plain(current.amount)} {sign} {plain(abs(delta))} = {plain(previous)}{current.unit}"
            )
            label = subject_label(current.subject)
            text = f"{label}上年（{document.year - 1}年）：{format_amount(previous, current.unit)}，由本年数减去比上年的增加额得出：{derivation}。"
            sources = (
                context.resolver.narrative_source(current),
                context.resolver.narrative_source(delta_fact),
            )
            result = Figure(
                f"{label}（{document.year - 1}年）",
                previous,
                current.unit,
                sources[0],
                kind="derived",
                document_id=document.id,
            )
            answer = answered(intent, text, result, sources, derivation=derivation)
            return Outcome(answer, Turn((result,), document.id))
    text = texts.NOT_FOUND_PREVIOUS.format(what=figure.label) + texts.NOT_FOUND_YEAR.format(
        year=document.year - 1, documents=context.document_list()
    )
    return Outcome(Answer(intent.question, NOT_FOUND, text))


def sentence_subject(sentence: str) -> str:
    """The subject of a sentence stating a change (its first clause, without the amount)."""
    head = re.split(r"[，,。；]", sentence)[0]
    head = re.sub(r"\d[\d,]*(\.\d+)?\s*(万元|元)?$", "", head)
    # 支出预算减少13,469.96万元: the subject without the direction its amount follows
    return subject_label(re.sub(r"(?<=[\u4e00-\u9fff]{2})(?:增加|减少|增长|下降|降低)$", "", head))
