"""Shares of figures the conversation has just given: the last two added up (这两项加起来占…), the part just given of the figure before it (服务类占比 after 其中服务类呢), the two figures named by the question's words."""

from __future__ import annotations

import re

from knowledge.aliasing import canon
from knowledge.conversation import Conversation
from knowledge.figures import CHANGE_REF, MONEY, Choice, Figure, lcs, plain
from knowledge.plan import Intent

# a question opening with “in it” (里面…, 其中…, 这当中…): the figure just given is its whole
IN_THE_LAST = re.compile(r"^那?(?:这|它)?(?:里面|里头|其中|当中)")


def amounts_given(conversation: Conversation) -> list[Figure]:
    """The amounts of money the conversation has given, latest first (not changes from the year before)."""
    return [f for f in reversed(conversation.subjects) if f.ref != CHANGE_REF and f.unit in MONEY]


# 这两项加起来占三公经费多少: the conversation's last two items, added, over the whole named
TWO_TOGETHER = re.compile(r"^(?:这|那)?(?:两|二|2)(?:项|个|者|笔|样)|^它们|^二者")


def last_two_together(intent: Intent, conversation: Conversation) -> Choice | None:
    if not TWO_TOGETHER.match(intent.ratio.before):
        return None
    items = amounts_given(conversation)
    if len(items) < 2:
        return None
    first, second = items[1], items[0].in_unit(items[1].unit)
    total = first.amount + second.amount
    label = f"{first.label}、{second.label}合计（{plain(first.amount)} + {plain(second.amount)}）"
    return Choice(
        Figure(
            label, total, first.unit, first.source, (first, second), "derived", document_id=first.document_id
        )
    )


# words of a whole that name no particular one (占总支出, 占本年支出的比例, 占全部的多少)
GENERIC_WHOLE = re.compile(
    r"总额|合计|总计|总数|全部|整体|全年|本年|当年|部门|单位|本级|支出|收入|预算|总|的|比例|比重|多少|百分之几|几成|是"
)


def part_just_given(intent: Intent, conversation: Conversation) -> tuple[Choice, Choice] | None:
    """服务类占比多少 after 政府采购项目共有62,615.54万元 and 其中服务类呢 (59,465.00): the part just given
    (its label holds the question's words) of the larger figure given before it, in one document."""
    ratio = intent.ratio
    if ratio.denominator or ratio.denominator_words is not None or intent.bodies:
        return None
    words = ratio.numerator_words.core if ratio.numerator_words is not None else intent.core
    own = GENERIC_WHOLE.sub("", words)
    figures = amounts_given(conversation)
    # 那占比呢 naming nothing: the part just given, of the figure before it
    bare = intent.follow_up and not intent.mentions and not own
    if len(figures) < 2 or not (bare or (len(own) >= 2 and own in canon(figures[0].label))):
        return None
    part, whole = figures[0], figures[1]
    if part.document_id != whole.document_id or part.unit != whole.unit or not 0 < part.amount < whole.amount:
        return None
    return Choice(part), Choice(whole)


def said_before(intent: Intent, conversation: Conversation) -> tuple[Choice, Choice] | None:
    """The numerator and the denominator as two figures of the conversation whose labels share a
    run of two characters with each side's words (the part no larger than the whole), else None."""
    ratio = intent.ratio
    if ratio.numerator_words is None or ratio.denominator_words is None:
        return None
    figures = amounts_given(conversation)
    found = []
    for words in (ratio.numerator_words.core, ratio.denominator_words.core):
        own = GENERIC_WHOLE.sub("", words)
        match = next(
            (f for f in figures if f not in found and len(own) >= 2 and lcs(own, canon(f.label)) >= 2), None
        )
        if match is None:
            return None
        found.append(match)
    part, whole = found
    if part.unit != whole.unit or part.amount > whole.amount:
        return None
    return Choice(part), Choice(whole)
