"""How much an item rose or fell on the year, as the narrative states it: the statement of the
item asked (its own clause of a sentence stating several), its rate, or the rate computed from
the amount and its change; and last year's figure beside this year's."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from knowledge import texts
from knowledge.aliasing import canon
from knowledge.answer import NOT_FOUND, Answer
from knowledge.choices import choice as choice_of
from knowledge.context import Context
from knowledge.conversation import Conversation, Outcome, Turn
from knowledge.figures import CHANGE_REF, MONEY, Choice, Figure, format_amount, lcs, plain, subject_label
from knowledge.narration import facts, sentence_subject
from knowledge.phrasing import answered, figure_answer, not_found
from knowledge.plan import Intent
from knowledge.records import NarrativeFactRecord
from knowledge.units import item_name

DIRECTION = re.compile(r"少|减|降|多|增|涨|升")


DOWN = frozenset("少减降")
# the words of a rate asked (百分之几 · 百分比 · 率 · 幅度): what is left asks for an amount, if anything
AMOUNT_ASKED = re.compile(r"百分之[几多少]+|百分比|[%％]|[增长下降]*(?:率|幅度)")


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
    if CHANGE_OPENING.match(first.sentence.strip()) and conversation.subjects and not intent.change_core:
        subject = conversation.subjects[-1].label  # 与上年相比增加… names no item: the figure just given
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
    label = canon(item_name(last))
    stated = [
        (lcs(label, context.subjects[id(fact)]), fact)
        for fact in context.in_documents(documents)
        if fact.kind == "amount"
        and fact.unit in MONEY
        and _as_printed(last.in_unit(fact.unit).amount, fact.amount)
    ]
    # the same amount stated for another item (公务用车购置及运行维护费74.1 ≠ 运行维护费74.10) shares
    # fewer words with the figure: the statement sharing most first (公务用车运行费14.00 for 公务用车运行
    # 维护费, before 公务用车购置及运行费14.00)
    stated.sort(key=lambda item: -item[0])
    for shared, fact in stated:
        if shared < min(4, len(label)):
            continue
        same = [f for f in context.in_documents([fact.document_id]) if f.sentence == fact.sentence]
        after = [f for f in same if f.position > fact.position]
        # its own change: those right after it, before the next item's amount
        until = next((i for i, f in enumerate(after) if f.kind == "amount"), len(after))
        changes = [f for f in after[:until] if f.kind in ("increase", "decrease")]
        if not changes:
            # 项目支出预算数为4,968.34万元。与上年相比增加1,653.66万元: the next sentence, opening with
            # its change, is this amount's
            following = sorted(
                (
                    f
                    for f in context.in_documents([fact.document_id])
                    if f.passage_id == fact.passage_id and f.position > fact.position
                ),
                key=lambda f: f.position,
            )
            if following and CHANGE_OPENING.match(following[0].sentence.strip()):
                opening = following[0].sentence
                changes = [
                    f for f in following if f.sentence == opening and f.kind in ("increase", "decrease")
                ]
        if changes:
            return changes
    return []


def _as_printed(amount: Decimal, printed: Decimal) -> bool:
    """Whether ``amount`` is ``printed`` to its printed places (26,052元 is 2.61万元 as printed)."""
    places = printed.as_tuple().exponent
    if not isinstance(places, int):
        return False
    return amount.quantize(Decimal(1).scaleb(places), rounding=ROUND_HALF_UP) == printed


# a sentence opening with a change of the amount before it (与上年相比增加…, 比2025年减少…, 较上年…)
CHANGE_OPENING = re.compile(r"^(?:与|比|较|同)(?:上年|去年|上一年|\d{4}年)")


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
    # 减少了多少？降了百分之几: the amount asked too, stated before the rate
    amount = ""
    if "多少" in AMOUNT_ASKED.sub("", intent.text):
        amount = f"{'增加' if signed >= 0 else '减少'}{format_amount(abs(signed), delta.unit)}，"
    sources = (context.resolver.narrative_source(current), context.resolver.narrative_source(delta))
    # 降了百分之几 of a fall: by how much it fell (18.63), as the text would state it; 增长率 keeps its sign
    asked = set(DIRECTION.findall(AMOUNT_ASKED.sub("", intent.text).replace("多少", "")))
    if signed < 0 and asked and asked <= DOWN:
        rate, word = abs(rate), "下降"
        derivation = f"{plain(-signed)} ÷ ({plain(current.amount)} + {plain(-signed)}) × 100 = {plain(rate)}%"
    text = f"{subject}比上年{amount}{word}{plain(abs(rate))}%：{derivation}（上年数由本年数和变动额得出）。"
    label = f"{subject}{'下降' if word == '下降' and rate >= 0 else '增长'}率"
    result = Figure(label, rate, "%", sources[0], kind="derived", document_id=delta.document_id)
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
