"""Arithmetic on two or more cited figures: differences and sums, with the derivation shown.

The two figures are the plan's names (``subjects``), else the names of each of its
``sides`` (比 / 和 / 与 …), else the conversation's last figures (两个加起来多少).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from knowledge import texts
from knowledge.aliasing import canon
from knowledge.answer import NOT_FOUND, Answer
from knowledge.choices import subjects
from knowledge.context import Context
from knowledge.conversation import Conversation, Outcome, Turn
from knowledge.figures import CHANGE_REF, MONEY, Choice, Figure, format_amount, lcs, plain
from knowledge.phrasing import answered
from knowledge.plan import Intent, Operation, Side
from knowledge.stated import stated_in_projects, stated_whole
from knowledge.units import item_name, unit_in_part, unit_whole_line
from knowledge.wording import unnamed

HUNDRED = Decimal(100)
WITHIN = re.compile(r"中的?|里面?的?|当中的?")


def pair(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> tuple[list[Choice], Answer | None]:
    """The figures a difference or a sum is about (two or more when found), each as lookup
    answers it alone (the whole the text states for an item a table prints within 基本支出)."""
    choices, problem = _pair(context, intent, documents, conversation)
    return [_as_alone(context, intent, documents, c) for c in choices], problem


def _as_alone(context: Context, intent: Intent, documents: Sequence[int], choice: Choice) -> Choice:
    if not intent.follow_up and not intent.columns and not intent.hinted and unit_in_part(choice.figure):
        # 工程管理中心的预算比工程设计管理中心多多少: each unit's budget (its 收入总表 line), not its
        # line of the project table
        line = unit_whole_line(context, intent, choice.figure)
        if line is not None:
            return Choice(line)
    alone = replace(intent, core=canon(item_name(choice.figure)))
    whole = stated_whole(context, alone, documents, choice.figure)
    return Choice(context.resolver.narrative_figure(whole)) if whole is not None else choice


def _named(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation, sides: int
) -> tuple[list[Choice], Answer | None]:
    """The figures the question names, else one for each of its ``sides`` (when it has that many)."""
    choices, problem = subjects(context, intent, documents, conversation, keep_columns=True)
    if problem is not None:
        return [], problem
    # more names than the two sides (基本支出里的办公费和项目支出里的办公费: 办公费, 项目支出, 办公费): each
    # side read on its own
    too_many = sides == 2 and len(choices) > 2 and len(intent.sides) == 2
    if (
        (len(choices) < max(2, sides) or too_many)
        and len(intent.sides) >= 2
        and (sides == 0 or len(intent.sides) == sides)
    ):
        found: list[Choice] = []
        missing: list[str] = []  # the sides no name answers
        for side in intent.sides:
            alone = intent.on(side)
            # each asked on its own (财政拨款结转资金有多少？其中…): a side naming more than its names found
            # (结转资金 after 财政拨款) is not answered by those names
            if sides == 0 and unnamed(alone):
                continue
            side_choices = subjects(context, alone, documents, conversation)[0]
            if not side_choices:
                missing.append(alone.core)
            # nor by a name read loosely that says more than the side (事业单位 is not 事业单位医疗)
            elif not _says_more(context, side_choices[0], alone.core):
                in_projects = stated_in_projects(context, alone, side_choices[0].figure)
                found.append(
                    Choice(context.resolver.narrative_figure(in_projects)) if in_projects else side_choices[0]
                )
        if len(found) == sides or (sides == 0 and len(found) >= 2):
            return found, None
        if sides > 2:  # a sum of every item listed: one of them not found is no sum of the others
            text = texts.SUM_ITEM_MISSING.format(count=sides, what=missing[0] if missing else "其中一项")
            return [], Answer(intent.question, NOT_FOUND, text)
    return choices, None


def _says_more(context: Context, choice: Choice, core: str) -> bool:
    """A name matched loosely that holds the words said and more, when other names hold them too
    (事业单位 → 事业单位医疗, among 事业单位离退休 …; not 智慧人大, the one name holding it, nor
    基本养老保险缴费, held only by 机关事业单位基本养老保险缴费 and its 科目's …缴费支出)."""
    name, said = canon(choice.fuzzy), re.sub(r"[()（）]", "", canon(core))
    if not name or len(said) < 2 or said not in name or len(name) <= len(said):
        return False
    catalogue = context.catalogue
    # the names holding every character said (the catalogue's character index), then the words in order
    held = frozenset.intersection(*(frozenset(catalogue.char_index.get(char, ())) for char in set(said)))
    holding = {
        entry.key
        for alias in held
        if said in alias
        for entry in catalogue.by_alias[alias]
        if entry.kind in ("row", "row2", "project", "column")  # lines and columns, not a sheet's indicators
    }
    # names holding the one found (its 科目's …支出 beside the economic class) are the same item
    return any(name not in key and key not in name for key in holding)


def _pair(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> tuple[list[Choice], Answer | None]:
    # a sum of three or more listed (A、B、C一共) needs every one of them
    listed = len(intent.sides) if intent.operation is Operation.SUM and len(intent.sides) > 2 else 2
    choices, problem = _named(context, intent, documents, conversation, sides=listed)
    if problem is not None or len(choices) >= 2:
        return choices, problem
    if conversation.subjects:
        previous = [Choice(f) for f in conversation.subjects if f.ref != CHANGE_REF]  # items, not changes
        named = _named_before(intent, previous) if len(intent.sides) == 2 else []
        if len(named) == 2:  # 编制和实有差多少: the two figures of the conversation the sides name
            return named, None
        if (
            not choices
            and len(previous) >= 2
            and not (len(intent.sides) == 2 and all(_words(intent, s) for s in intent.sides))
        ):
            return previous[-2:], None
        if choices:
            return [previous[-1], *choices], None
    return choices, None


def _words(intent: Intent, side: Side) -> str:
    """What a side names, amount and question words aside (实有差多少 → 实有)."""
    return SIDE_FILLER.sub("", intent.on(side).core)


def _named_before(intent: Intent, previous: Sequence[Choice]) -> list[Choice]:
    """For each side, the latest figure of the conversation whose label shares two characters with it."""
    found: list[Choice] = []
    for side in intent.sides:
        words = _words(intent, side)
        match = next(
            (
                c
                for c in reversed(previous)
                if c not in found and words and lcs(words, canon(c.figure.label)) >= 2
            ),
            None,
        )
        if match is None:
            return []
        found.append(match)
    return found


SIDE_FILLER = re.compile(r"相差|差距|加起来|一共|合计|之和|总共|差|多|少|是|呢|吗")


def difference(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | None:
    """How much more one figure is than the other; None when fewer than two are found."""
    choices, problem = pair(context, intent, documents, conversation)
    if problem is not None:
        return Outcome(problem)
    if len(choices) < 2:
        return None
    a, b = choices[0].figure, choices[1].figure
    b = b.in_unit(a.unit) if a.unit in MONEY else b
    gap = a.amount - b.amount
    bigger, smaller = (a, b) if gap >= 0 else (b, a)
    size = abs(gap)
    derivation = f"{plain(bigger.amount)} − {plain(smaller.amount)} = {plain(size)}{a.unit}"
    text = f"{a.label}比{b.label}{'多' if gap >= 0 else '少'}{format_amount(size, a.unit)}：{derivation}。"
    answer = answered(
        intent,
        text,
        None,
        (a.source, b.source),
        derivation=derivation,
        value=size,
        unit=a.unit,
        headline=format_amount(size, a.unit),
    )
    return Outcome(answer, Turn((choices[0].figure, choices[1].figure), a.document_id))


def sum_figures(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | None:
    """The figures added up; None when fewer than two are found."""
    choices, problem = pair(context, intent, documents, conversation)
    if problem is not None:
        return Outcome(problem)
    if len(choices) < 2:
        return None
    figures = [choices[0].figure] + [c.figure.in_unit(choices[0].figure.unit) for c in choices[1:]]
    unit = figures[0].unit
    total = sum((f.amount for f in figures), Decimal(0))
    shown_unit = intent.unit if intent.unit and unit in MONEY else unit
    factor = Decimal(10000) if unit == "万元" and shown_unit == "元" else Decimal(1)
    derivation = " + ".join(plain(f.amount) for f in figures) + f" = {plain(total)}{unit}"
    labels = "、".join(f.label for f in figures)
    text = f"{labels}合计{format_amount(total * factor, shown_unit)}：{derivation}。"
    answer = answered(
        intent,
        text,
        None,
        [f.source for f in figures],
        derivation=derivation,
        value=total * factor,
        unit=shown_unit,
    )
    return Outcome(answer, Turn(tuple(figures), figures[0].document_id))


def each_figure(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | None:
    """Each of two or more named figures in turn (分别是多少); None when fewer than two are named."""
    core = intent.core
    at = {m.alias: core.find(m.alias) for m in intent.mentions}
    for within in WITHIN.finditer(core):
        # 基本支出中人员经费和公用经费各多少: the items after 中, not the whole before it
        if any(0 <= at[m.alias] <= within.start() < at[m.alias] + len(m.alias) for m in intent.mentions):
            continue  # 中 inside a name (中小学)
        after = tuple(m for m in intent.mentions if at[m.alias] >= within.end())
        if len(after) >= 2:
            intent = replace(intent, mentions=after)
        break
    choices, problem = _named(context, intent, documents, conversation, sides=0)
    if problem is not None:
        return Outcome(problem)
    if len(choices) < 2:
        return None
    figures = [c.figure for c in choices]
    shown = [f.in_unit(intent.unit) if intent.unit and f.unit in MONEY else f for f in figures]
    text = "；".join(f"{f.label}：{format_amount(f.amount, f.unit)}" for f in shown) + "。"
    answer = answered(intent, text, shown[0], [f.source for f in figures])
    return Outcome(answer, Turn(tuple(figures), figures[0].document_id))


def percent(numerator: Decimal, denominator: Decimal) -> Decimal:
    """numerator ÷ denominator in percent, rounded half up to 0.01."""
    return (numerator / denominator * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def last_money(figures: Sequence[Figure]) -> Figure:
    """The most recent figure that is an item's amount of money (not a change from the year
    before: 它占三公经费的比例 after 比上年减少多少 is the item's share), else the most recent."""
    items = [f for f in figures if f.ref != CHANGE_REF] or list(figures)
    return next((f for f in reversed(items) if f.unit in MONEY), items[-1])


def compare(amount: Decimal, comparator: str, limit: Decimal) -> bool:
    """``amount`` against ``limit`` by the plan's comparator (> >= < <=)."""
    if comparator == ">":
        return amount > limit
    if comparator == ">=":
        return amount >= limit
    if comparator == "<":
        return amount < limit
    return amount <= limit
