"""What the text states beside the tables: the whole of an item a table prints only in part, a
document saying it has none of an item, and a part its sentence names after a whole."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from knowledge import narration
from knowledge.aliasing import canon
from knowledge.answer import Source
from knowledge.choices import stated_exactly
from knowledge.context import Context
from knowledge.conversation import Conversation, Outcome, Turn
from knowledge.figures import MONEY, Choice, Figure
from knowledge.phrasing import answered
from knowledge.plan import Intent
from knowledge.records import NarrativeFactRecord
from knowledge.units import item_name
from knowledge.vocabulary import BASIC_WORDS, IN_PART
from knowledge.wording import GENERIC_TAIL

# tables whose lines are a budget's funds and totals (财政拨款, 一般公共预算拨款, 收入总计): wholes
SUMMARY_TABLES = ("summary", "fiscal_summary")


# tables of 基本支出 only: an economic class read there is the basic part of the item
BASIC_TABLES = ("basic", "basic_by_economic", "fiscal_basic")


def stated_whole(
    context: Context, intent: Intent, documents: Sequence[int], figure: Figure
) -> NarrativeFactRecord | None:
    """The amount the text states for an item whose table figure is only part of it or a sum made
    here: a table printing it only within 基本支出 (培训费 7.20 in the 基本支出表, 各单位培训费预算
    57.50万元 in the text: asked without 基本, the whole is meant), or printing it on several lines
    added up here (会议费 2.45 + 42.43 = 44.88, the text's 一般公共预算会议费预算支出 44.89万元: the
    document's own figure, within the rounding of the lines)."""
    basic_part = figure.table_kind in BASIC_TABLES and not any(word in intent.core for word in BASIC_WORDS)
    if not basic_part and len(figure.parts) < 2:
        return None
    item = canon(item_name(figure))
    for fact in narration.facts(context, documents, intent.core, kinds=("amount",))[:1]:
        subject = context.subjects[id(fact)]
        if (
            fact.document_id != figure.document_id
            or item not in subject
            or any(word in subject for word in BASIC_WORDS)
            or fact.unit != figure.unit
        ):
            continue
        if basic_part and fact.amount > figure.amount and subject != item:
            if not PART_LIST.search(fact.sentence):  # not one line of 项目支出…主要包括：…办公费53.11万元
                return fact
        if figure.parts and 0 < abs(fact.amount - figure.amount) <= ROUNDING * len(figure.parts):
            return fact
    return None


def stated_in_projects(context: Context, intent: Intent, figure: Figure) -> NarrativeFactRecord | None:
    """An economic class asked within 项目支出 (项目支出里的办公费) where the line found is of a 基本支出
    table: the amount the text lists for it among what 项目支出 consists of (项目支出560.78万元，主要
    包括：…办公费53.11万元), not the basic line (41.70)."""
    if figure.table_kind not in BASIC_TABLES or not any("项目" in column for column in intent.columns):
        return None
    item = canon(item_name(figure))
    for fact in context.facts_by_document.get(figure.document_id, ()):
        if fact.kind != "amount" or fact.unit != figure.unit or context.subjects[id(fact)] != item:
            continue
        listing = PART_LIST.search(fact.sentence)
        if listing is not None and listing.group(0).startswith("项目"):
            return fact
    return None


# a sentence listing what 基本支出 or 项目支出 consists of: its amounts are parts of those
PART_LIST = re.compile(r"(?:基本|项目)支出[^，。；]{0,16}[，,]?(?:主要)?(?:包括|用于|其中)")


ROUNDING = Decimal("0.01")  # a printed line's rounding, in its unit's last printed place


# 本单位无机关运行经费 · 本部门无因公出国（境）经费预算: a document saying it has none of an item
STATED_NONE = re.compile(
    r"(?:本|我)(?:部门|单位)(?:当年|本年|今年)?(?:均)?(?:无|没有)(?P<item>[^，。；、]{2,16}?)(?:预算|安排|支出)?[，。；]"
)


def stated_none(context: Context, intent: Intent, documents: Sequence[int]) -> Outcome | None:
    """The document says it has none of the item asked (本单位无机关运行经费): 无, read as 0."""
    core = GENERIC_TAIL.sub("", intent.core)
    if len(core) < 3 or not intent.money:
        return None
    for passage in (p for p in context.db.passages if p.document_id in documents):
        for match in STATED_NONE.finditer(passage.text):
            item = canon(match.group("item"))
            if GENERIC_TAIL.sub("", item) != core:
                continue
            sentence = passage.text[max(0, match.start() - 20) : match.end()]
            source = Source(
                context.resolver.titles[passage.document_id],
                passage.heading or passage.part,
                match.group("item"),
                "",
                passage.page,
                passage.line,
            )
            figure = Figure(
                match.group("item"),
                Decimal(0),
                "万元",
                source,
                kind="narrative",
                document_id=passage.document_id,
            )
            text = f"{match.group('item')}：无（文件说明：{sentence.strip()}），按0计。"
            answer = answered(intent, text, figure, (source,), headline="无")
            return Outcome(answer, Turn((figure,), passage.document_id))
    return None


def part_stated(context: Context, intent: Intent, conversation: Conversation) -> NarrativeFactRecord | None:
    """其中服务类呢 after a figure a sentence states with its parts (政府采购安排51,952.4万元，其中：…服务类
    采购预算47,362.27万元): the part that sentence names, before any name elsewhere."""
    last = conversation.subjects[-1] if conversation.subjects else None
    if last is None or last.kind != "narrative":
        return None
    if not IN_PART.match(intent.text) and not (intent.follow_up and SIBLING_ASKED.match(intent.text)):
        return None
    # 货物类 / 服务的: the class word and the possessive name no more than the part
    word = PART_TAIL.sub("", intent.core)
    if len(word) < 2:
        return None
    sentence = context.narrative_sentence(last)
    parts = [
        f
        for f in context.in_documents([last.document_id])
        if f.sentence == sentence
        and f.kind == "amount"
        and f.unit == last.unit
        and f.amount != last.amount
        and word in context.subjects[id(f)]
    ]
    return parts[0] if len(parts) == 1 else None


# a follow-up naming only another part (服务的呢, 那工程类呢) after a figure its sentence states with parts
SIBLING_ASKED = re.compile(r"^(?:那|那么)?[\u4e00-\u9fff]{2,12}(?:呢|是多少|多少)[?？]?$")
PART_TAIL = re.compile(r"(?:类|的|部分|这块|那块)+$")


SCOPE_OPENING = re.compile(r"^本?(?:部门|单位)(?=.{4})")


def stated_for_all_words(context: Context, intent: Intent, documents: Sequence[int], found: Choice) -> Choice:
    """The amount the text states under exactly the words asked (本部门预算收入94,386.49万元, its
    上年结转 included) before a line named by part of them (一、部门预算 936,647,884.33元), the line shown
    beside it; else ``found``."""
    figure = found.figure
    if figure.kind != "row" or figure.unit not in MONEY or len(intent.core) <= len(canon(item_name(figure))):
        return found
    # 部门预算收入 is what the text calls 本部门预算收入 (its subject read without 本部门)
    exact = stated_exactly(context, intent, documents) or stated_exactly(
        context, replace(intent, core=SCOPE_OPENING.sub("", intent.core), bare_core=""), documents
    )
    if exact is None or exact.figure.document_id != figure.document_id or exact.figure.unit not in MONEY:
        return found
    if exact.figure.in_unit(figure.unit).amount == figure.amount:
        return found
    return replace(exact, alternatives=(figure, *found.alternatives))
