"""Questions across documents of one body: years, 预算 vs 决算, 部门 vs 单位.

``across`` runs before any handler: when the plan compares two or more documents of one
body (two years, 哪年, both phases or both scopes), it answers with each document's figure;
otherwise it returns ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from knowledge import changes, lookup, narration
from knowledge.aliasing import canon
from knowledge.arithmetic import percent
from knowledge.choices import choice, resolve
from knowledge.choices import fuzzy as loose_match
from knowledge.context import Context
from knowledge.conversation import Conversation, Outcome, Turn
from knowledge.figures import MONEY, Choice, Figure, format_amount, plain
from knowledge.phrasing import answered
from knowledge.plan import Intent, Operation


def across(context: Context, intent: Intent, conversation: Conversation) -> Outcome | None:
    """Each document's figure, and how they compare, when the plan compares documents of one body."""
    if len(context.db.documents) < 2:
        return None
    years = set(intent.years) | set(intent.compare_years)
    every_year = intent.every_year and not intent.years
    if len(years) < 2 and not every_year and not intent.both_phases and not intent.both_scopes:
        return None
    documents = list(context.db.documents)
    if intent.bodies:
        documents = [d for d in documents if any(b in d.names() for b in intent.bodies)]
    elif conversation.document_id is not None:
        body = next((d.body for d in documents if d.id == conversation.document_id), None)
        documents = [d for d in documents if d.body == body]
    if len({d.body for d in documents}) != 1:
        return None
    if len(years) >= 2:
        documents = [d for d in documents if d.year in years]
    elif intent.years:
        documents = [d for d in documents if d.year in intent.years]
    if intent.phase and not intent.both_phases:
        documents = [d for d in documents if d.phase == intent.phase] or documents
    if intent.scope and not intent.both_scopes:
        documents = [d for d in documents if d.scope == intent.scope] or documents
    if len(documents) < 2:
        return None
    if (
        len(years) >= 2
        and len({d.year for d in documents}) < 2
        and not (intent.both_phases or intent.both_scopes)
    ):
        # 26年…比25年执行数涨了多少 with no 2025 document: the 2026 部门 and 单位 documents are no change
        # between years (the text states it, if anything does)
        return None
    figures: list[tuple[int, Figure]] = []
    for document in sorted(documents, key=lambda d: (d.year, d.phase != "预算", d.scope != "部门")):
        figure = subject_in(context, intent, document.id)
        if figure is not None:
            figures.append((document.id, figure))
    if len(figures) < 2:
        return None
    # compare in the finest unit among them, so no figure is rounded (元 before 万元)
    units = [f.unit for _, f in figures]
    unit = "元" if "元" in units else units[0]
    values = [(doc, f.in_unit(unit)) for doc, f in figures]
    listing = "；".join(f"{context.label(doc)} {format_amount(f.amount, f.unit)}" for doc, f in values)
    label = values[0][1].label
    sources = [f.source for _, f in values]
    if intent.operation == Operation.RANKING:
        ordered = sorted(values, key=lambda item: item[1].amount, reverse=not intent.ascending)
        doc, best = ordered[0]
        word = "最少" if intent.ascending else "最多"
        text = f"{label}{word}的是{context.label(doc)}：{format_amount(best.amount, best.unit)}。\n各文件：{listing}。"
        return Outcome(answered(intent, text, best, sources), Turn((best,), doc))
    if len(values) == 2 and not intent.each:
        return _between(context, intent, label, values[0], values[1], unit)
    text = f"{label}：{listing}。"
    return Outcome(answered(intent, text, None, sources), Turn(tuple(f for _, f in values), values[-1][0]))


def _between(
    context: Context,
    intent: Intent,
    label: str,
    earlier: tuple[int, Figure],
    later: tuple[int, Figure],
    unit: str,
) -> Outcome:
    """How ``label`` changed from one document's figure to another's (both in ``unit``)."""
    (first_doc, first), (second_doc, second) = earlier, later
    delta = second.amount - first.amount
    word = "增加" if delta >= 0 else "减少"
    derivation = f"{plain(second.amount)} − {plain(first.amount)} = {plain(delta)}{unit}"
    rate = f"，{'增长' if delta >= 0 else '下降'}{percent(abs(delta), first.amount)}%" if first.amount else ""
    text = (
        f"{label}：{context.label(second_doc)} {format_amount(second.amount, unit)}，"
        f"比{context.label(first_doc)} {format_amount(first.amount, unit)}{word}{format_amount(abs(delta), unit)}{rate}（{derivation}）。"
    )
    value, shown_unit = (abs(delta) if intent.how_much else delta), unit
    if intent.wants_rate and first.amount:  # 增长了百分之几: the rate is the answer, its sum shown
        value, shown_unit = percent(abs(delta), first.amount), "%"
        derivation += f"；{plain(abs(delta))} ÷ {plain(first.amount)} = {value}%"
        text = text[: text.rindex("（")] + f"（{derivation}）。"
    answer = answered(
        intent,
        text,
        None,
        (first.source, second.source),
        derivation=derivation,
        value=value,
        unit=shown_unit,
    )
    return Outcome(answer, Turn((second,), second_doc))


def change(context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation) -> Outcome:
    """How much an item rose or fell: between the conversation's last two figures of it (2017年基本支出,
    2018年呢, 增长了多少), else as the narrative states it."""
    between = conversation_change(context, intent, conversation) or against_year(
        context, intent, conversation
    )
    return between if between is not None else changes.change(context, intent, documents, conversation)


def against_year(context: Context, intent: Intent, conversation: Conversation) -> Outcome | None:
    """The conversation's last figure against the same item in its body's document of the year named
    (万里街道2025年机关运行经费多少, 比24年多了多少); both figures kept for a rate asked next."""
    if intent.mentions or (intent.change_core and not PHASE_ONLY.fullmatch(intent.change_core)):
        return None
    if len(intent.compare_years) != 1 or not conversation.subjects:
        return None
    last = conversation.subjects[-1]
    documents = context.documents
    if last.document_id not in documents or last.unit not in MONEY:
        return None
    own = documents[last.document_id]
    earlier = [
        d.id
        for d in documents.values()
        if d.body == own.body and d.year == intent.compare_years[0] and d.year != own.year
    ]
    found = lookup.same_item(context, intent, earlier, last) if earlier else None
    if found is None and earlier:
        # a table column of one year (机关运行经费预算数) the other year's text states (机关运行经费…万元)
        item = re.sub(r"(?:预算|决算)数?$", "", canon(last.label))
        stated = narration.facts(context, earlier, item, kinds=("amount",)) if len(item) >= 4 else []
        found = Choice(context.resolver.narrative_figure(stated[0])) if stated else None
    if found is None or found.figure.unit not in MONEY:
        return None
    unit = "元" if "元" in (last.unit, found.figure.unit) else last.unit
    pair = sorted(
        ((found.figure.document_id, found.figure.in_unit(unit)), (last.document_id, last.in_unit(unit))),
        key=lambda item: documents[item[0]].year,
    )
    outcome = _between(context, intent, last.label, pair[0], pair[1], unit)
    # (one label for both: 增长率是多少 next compares them as one item of two documents)
    kept = tuple(replace(figure, label=last.label) for _, figure in pair)
    return replace(outcome, turn=replace(outcome.turn, figures=kept))


PHASE_ONLY = re.compile(r"(?:预算|决算)数?|(?:增长|增加|下降|减少)?率|幅度")  # (增长率是多少: no item)


def conversation_change(context: Context, intent: Intent, conversation: Conversation) -> Outcome | None:
    """The change between the last two figures of the conversation, when they are one item of one
    body in two documents and the question names no item of its own."""
    if intent.mentions or len(conversation.subjects) < 2:
        return None
    if intent.change_core and not PHASE_ONLY.fullmatch(intent.change_core):
        return None  # 比24年决算多多少 names the phase compared with, no item of its own
    first, second = conversation.subjects[-2:]
    documents = context.documents
    if (
        canon(first.label) != canon(second.label)
        or first.document_id == second.document_id
        or first.document_id not in documents
        or second.document_id not in documents
        or documents[first.document_id].body != documents[second.document_id].body
        or first.unit not in MONEY
        or second.unit not in MONEY
    ):
        return None
    ordered = sorted((first, second), key=lambda f: documents[f.document_id].year)
    unit = "元" if "元" in (first.unit, second.unit) else first.unit
    values = [(f.document_id, f.in_unit(unit)) for f in ordered]
    return _between(context, intent, ordered[-1].label, values[0], values[1], unit)


def subject_in(context: Context, intent: Intent, document_id: int) -> Figure | None:
    """The question's subject in one document; the document's total when it names none."""
    for mention in intent.mentions:
        found = resolve(context, mention, [document_id], intent)
        if found is not None:
            return found.figure
    if intent.mentions:
        return None
    loose = (
        loose_match(context, intent, [document_id])
        if len(intent.core) >= 2 and not intent.generic_core
        else None
    )
    if loose is not None:
        return loose.figure
    for alias in intent.compared_totals:
        for entry in context.catalogue.by_alias.get(alias, []):
            if entry.document_id == document_id:
                found = choice(context, entry, intent)
                if found is not None:
                    return found.figure
    return None
