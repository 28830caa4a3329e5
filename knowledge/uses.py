"""What an item is used for (主要用来干嘛, 用途): its figure, with the sentence of the text stating what
it is 主要用于, found by the item's name in the figure's own document.

    uses(context, intent, documents, conversation) → Outcome | None
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from knowledge import lookup, sheets
from knowledge.aliasing import canon
from knowledge.answer import ANSWERED, Source
from knowledge.context import Context
from knowledge.conversation import Conversation, Outcome, Turn
from knowledge.figures import MONEY, Figure, format_amount
from knowledge.phrasing import answered
from knowledge.plan import Intent
from knowledge.records import NarrativeFactRecord
from knowledge.thresholds import USE_LINE_REACH, USE_NAME_SHARE, USE_NAME_SHORTEST

USED_FOR = re.compile(r"主要用于[:：]?\s*([^。；;]+)")


def uses(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | None:
    """The item's figure and what the text says it is used for; None when the text says nothing."""
    outcome = lookup.lookup(context, intent, documents, conversation) if intent.core else None
    if outcome is not None and outcome.answer.status == ANSWERED and outcome.turn.figures:
        figure: Figure | None = outcome.turn.figures[0]
    else:
        outcome = None
        figure = conversation.subjects[-1] if conversation.subjects and not intent.core else None
    if figure is None:
        return None
    found = used_for(context, figure)
    if found is None:
        if figure.kind not in ("project", "sheet"):
            return outcome
        # no 主要用于 sentence: a project's sheet says what it is for in its 项目概况
        described = sheets.field(
            context, replace(intent, sheet_fields=("项目概况",)), documents, conversation
        )
        return described if described is not None else outcome
    clause, source = found
    if outcome is not None:
        said, cited = (
            outcome.answer.text.rsplit("\n来源：", 1)
            if "\n来源：" in outcome.answer.text
            else (outcome.answer.text, "")
        )
        where = f"《{source.document}》{source.table}" + (f"，第{source.page}页" if source.page else "")
        text = f"{said}\n主要用于：{clause}（{where}）。" + (f"\n来源：{cited}" if cited else "")
        answer = replace(outcome.answer, sources=(*outcome.answer.sources, source))
        return replace(outcome, answer=replace(answer, text=text))
    text = f"{figure.label}主要用于：{clause}。"
    return Outcome(answered(intent, text, None, (source,)), Turn(document_id=figure.document_id))


def used_for(context: Context, figure: Figure) -> tuple[str, Source] | None:
    """The 主要用于 clause of the first sentence of the figure's document naming its item (in it, or in
    the sentence before it: 基层司法业务（04项）2170.39万元。主要用于：人民调解…)."""
    name = canon(figure.label)
    if len(name) < 2:
        return None
    for passage in context.db.passages:
        if passage.document_id != figure.document_id or "主要用于" not in passage.text:
            continue
        before = passage.heading  # the line is named in the sentence itself or the one before it
        for sentence in re.split(r"(?<=。)", passage.text):
            match = USED_FOR.search(sentence)
            said = before + sentence[: match.start()] if match else ""
            before = (before + sentence)[-USE_LINE_REACH:]
            if match and name in canon(said):
                heading = passage.heading or passage.part
                title = context.resolver.titles[figure.document_id]
                return match.group(1).strip(), Source(
                    title, heading, figure.label, "", passage.page, passage.line
                )
    return None


def named_as_use(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | None:
    """An item the text names only as what a line is 主要用于 (国债电梯补贴: “其他住房保障支出（项）”
    2026年度预算30万元，2025年度预算0万元，主要用于：国债电梯补贴。): that line's amount of the
    document's own year; None unless exactly one sentence's 主要用于 holds the words asked."""
    core = intent.core
    if len(core) < USE_NAME_SHORTEST:
        return None
    found: list[tuple[bool, NarrativeFactRecord]] = []
    for fact in context.in_documents(documents):
        match = USED_FOR.search(fact.sentence)
        if match is None or core not in canon(match.group(1)) or fact.unit not in MONEY:
            continue
        if len(core) < USE_NAME_SHARE * len(canon(match.group(1))):
            continue  # one of several uses (人员经费、公用经费…以及会计考试专项经费…): not the line's amount
        year = str(context.documents[fact.document_id].year)
        if year in fact.subject or (not found and fact.kind == "amount"):
            found.append((year in fact.subject, fact))
    sentences = {fact.sentence for _, fact in found}
    if len(sentences) != 1:
        return None
    best = max(found, key=lambda pair: pair[0])[1]
    figure = context.resolver.narrative_figure(best)
    quoted = QUOTED_LINE.search(best.sentence)
    line = quoted.group(1).split("-")[-1] if quoted else ""
    figure = replace(figure, label=f"{core}（{line}）" if line else core)
    sentence = best.sentence.strip().rstrip("；;。") + "。"
    text = f"{figure.label}：{format_amount(figure.amount, figure.unit)}。\n原文：{sentence}"
    return Outcome(answered(intent, text, figure, (figure.source,)), Turn((figure,), figure.document_id))


QUOTED_LINE = re.compile(r"[“\"]([^”\"]{4,60})[”\"]")  # “住房保障支出(类）-…-其他住房保障支出（项）”
