"""One question's plan run against a context: documents selected, then one handler table.

    run(context, intent, conversation) → Outcome

In order:
1. Out of scope: CHITCHAT, or a lookup or definition naming nothing of the budget.
2. Documents: the plan's bodies, years, phase and scope select them (a year or body not
   loaded, or 明年, is answered as not found); the conversation's document comes first.
3. Across documents: a plan comparing documents of one body (``comparison.across``).
4. The handler chain, each handler returning an ``Outcome`` or ``None`` (does not apply):
   a. ``HANDLERS[intent.operation]`` (LOOKUP has no own step: it is the last),
   b. on a follow-up naming an item, the previous answer's operation when it is one of
      ``REPEATABLE`` (那常委会会议费呢 after a share asks the same share); used only when it
      answers,
   c. ``lookup.lookup``, which always answers (a figure, a stated fact, or not found).
HELP never reaches here (the engine answers it). Handlers never call one another's
fall-backs, so no handler runs twice for one question and nothing re-enters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace

from knowledge import (
    arithmetic,
    comparison,
    lookup,
    narration,
    populations,
    projects,
    shares,
    sheets,
    texts,
    uses,
)
from knowledge.answer import ANSWERED, NOT_FOUND, OUT_OF_SCOPE, Answer
from knowledge.choices import fuzzy
from knowledge.context import Context
from knowledge.conversation import Conversation, Outcome
from knowledge.figures import MONEY, Figure
from knowledge.phrasing import not_found
from knowledge.plan import Intent, Operation
from knowledge.vocabulary import ASKS_NUMBER, IN_PART, QUANTITY

Handler = Callable[[Context, Intent, Sequence[int], Conversation], Outcome | None]

HANDLERS: Mapping[Operation, Handler] = {
    Operation.LOOKUP: lookup.lookup,
    Operation.DEFINITION: narration.definition,
    Operation.WHY: narration.why,
    Operation.CHANGE: comparison.change,
    Operation.SHARE: shares.share,
    Operation.DIFFERENCE: arithmetic.difference,
    Operation.SUM: arithmetic.sum_figures,
    Operation.EACH: arithmetic.each_figure,
    Operation.RANKING: populations.ranking,
    Operation.COUNT: populations.count_items,
    Operation.LIST: populations.count_items,  # the count names every item
    Operation.THRESHOLD: populations.threshold,
    Operation.TIME: projects.time,
    Operation.STANDARD: projects.standard,
    Operation.PEOPLE: projects.people,
    Operation.QUANTITY: sheets.quantity,
    Operation.PER_UNIT: sheets.per_unit,
    Operation.FIELD: sheets.field,
    Operation.FUNDS: sheets.funds,
    Operation.USE: uses.uses,
}
# Operations a follow-up naming another item repeats (那常委会会议费呢 after a share). Not a change:
# after 比上年减少多少, 那公务用车购置费呢 asks its amount (three helpers' conversations expected so),
# and its change is asked in words of its own
REPEATABLE = frozenset({Operation.SHARE, Operation.PEOPLE, Operation.TIME, Operation.STANDARD})


# operations that ask how many (vehicles, people, projects): answered by a count, never by money
COUNTED = frozenset({Operation.COUNT, Operation.PEOPLE, Operation.QUANTITY})
# operations on two figures: one figure is never their answer
PAIRED = frozenset({Operation.SUM, Operation.DIFFERENCE})


def run(
    context: Context, intent: Intent, conversation: Conversation, trace: list[str] | None = None
) -> Outcome:
    """The outcome of the plan: the first handler in the documented order that applies."""
    scope = out_of_scope(context, intent)
    if scope is not None:
        _note(trace, "out of scope")
        return scope
    intent = _year_before_loaded(context, intent)
    documents, problem = select(context, intent, conversation)
    if problem is not None:
        _note(trace, f"documents: none ({problem.status})")
        return Outcome(problem)
    _note(trace, f"documents: {documents}")
    conversation = rebased(context, intent, documents, conversation)
    compared = comparison.across(context, intent, conversation)
    if compared is not None:
        _note(trace, f"handler across documents → {compared.answer.status}")
        return compared
    for name, handler in chain(intent, conversation):
        outcome = handler(context, intent, documents, conversation)
        _note(trace, f"handler {name} → {'does not apply' if outcome is None else outcome.answer.status}")
        if (
            outcome is not None
            and name == Operation.LOOKUP.value
            and intent.operation in PAIRED
            and len(intent.mentions) < 2
            and outcome.answer.status == ANSWERED
        ):
            # 两个加起来多少 with one figure in the conversation, 信息化建设年初预算和决算差多少 with one
            # line and no 年初预算 column: that figure is not the sum or difference asked
            _note(trace, "one figure for a sum or difference of two: not given")
            return Outcome(Answer(intent.question, NOT_FOUND, texts.NEED_TWO))
        counted = intent.operation in COUNTED or QUANTITY.search(intent.text) is not None
        if outcome is not None and counted and outcome.answer.unit in MONEY:
            # 公务用车有几辆 answered with 公务用车运行维护费 in 万元: a count is never an amount of money
            _note(trace, "an amount of money for a count: not given")
            return not_found(context, intent)
        if outcome is not None and _final_for_budget(context, intent, outcome.answer):
            # 全年预算多少 in a 决算 document answered with its 决算数: not the column asked
            _note(trace, "a 决算 figure for a budget column asked: not given")
            return not_found(context, intent)
        if outcome is not None:
            return outcome
    raise AssertionError("lookup always answers")  # pragma: no cover


# a budget column of a 决算 document (全年预算数, 年初预算数, 调整预算数): its 决算数 is another figure
BUDGET_COLUMN = re.compile(r"(?:全年|年初|调整后?的?)预算")


def _final_for_budget(context: Context, intent: Intent, answer: Answer) -> bool:
    """Whether ``answer`` gives 决算 figures for a question asking a 决算 document's budget column."""
    if answer.status != ANSWERED or not answer.value or answer.unit not in MONEY:
        return False  # (0: a table published empty has no budget column either)
    if not BUDGET_COLUMN.search(intent.text) or not answer.sources:
        return False
    phases = {context.resolver.titles[i]: d.phase for i, d in context.documents.items()}  # (as cited)
    return all(
        phases.get(source.document) == "决算"
        and "预算" not in source.column
        and not BUDGET_COLUMN.search(source.row)
        for source in answer.sources
    )


def rebased(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Conversation:
    """The conversation as handlers in this scope read it: a figure answered from a document outside
    the scope (another body's, before 那五台县能源局呢) becomes the same item here, or is dropped when
    this scope has none or it is already there; the original is left as it is."""
    here = context.documents
    foreign = [
        f for f in (*conversation.subjects, conversation.denominator) if f and f.document_id not in here
    ]
    if not foreign and (conversation.document_id is None or conversation.document_id in here):
        return conversation

    subjects: list[Figure] = []
    for figure in conversation.subjects:
        kept = _moved(context, intent, documents, figure, here)
        if kept is not None and kept not in subjects:
            subjects.append(kept)
    denominator = _moved(context, intent, documents, conversation.denominator, here)
    document_id = conversation.document_id if conversation.document_id in here else None
    return replace(conversation, subjects=subjects, denominator=denominator, document_id=document_id)


def chain(intent: Intent, conversation: Conversation) -> list[tuple[str, Handler]]:
    """The handlers tried for ``intent``, in order (see the module's docstring)."""
    steps: list[tuple[str, Handler]] = []
    if (
        intent.operation in (Operation.LOOKUP, Operation.FIELD, Operation.QUANTITY)
        and _names_a_sheet_or_nothing(intent)
        and ASKS_NUMBER.search(intent.text)
    ):
        # 代表培训的满意度目标是多少: an indicator of the project its words name, before a field or a line
        steps.append(("indicator named with its project", projects.named_indicator))
    if intent.operation is not Operation.LOOKUP:
        steps.append((intent.operation.value, HANDLERS[intent.operation]))
    previous = conversation.operation
    # 其中公务接待费呢: a part of the item just answered, asked for itself, not the operation again
    part = IN_PART.match(intent.text) is not None
    if intent.follow_up and previous in REPEATABLE and not part:
        steps.append((f"follow-up repeating {previous.value}", repeat_previous))
    if not intent.mentions and intent.operation is Operation.LOOKUP:
        steps.append(("item named only as a line's use", uses.named_as_use))
    steps.append((Operation.LOOKUP.value, lookup.lookup))
    return steps


def _names_a_sheet_or_nothing(intent: Intent) -> bool:
    """No name found, or a project's or an indicator's among them (水利专项资金 … 续建大中型水库)."""
    kinds = {entry.kind for mention in intent.mentions for entry in mention.entries}
    return not kinds or bool(kinds & {"project", "indicator"})


def repeat_previous(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | None:
    """A follow-up naming an item, asked as the previous answer's operation; None unless it answers."""
    previous = conversation.operation
    if previous is None or previous not in REPEATABLE:
        return None
    # a follow-up naming only another year or body (那2023年呢, 那阳城县教育局呢) asks the same again
    bare = not intent.mentions and not intent.core
    found = lookup.named(context, intent, documents, conversation)
    if not bare and (isinstance(found, Outcome) or not found):
        return None
    if bare:
        conversation = _moved_to(context, intent, documents, conversation)
    outcome = HANDLERS[previous](context, intent, documents, conversation)
    return outcome if outcome is not None and outcome.answer.status == ANSWERED else None


def _moved_to(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Conversation:
    """The conversation's figures as the same items of ``documents`` (占三公经费的比例 then 2018年呢: the
    2018 document's 因公出国（境）费 and “三公” total), those it has none of dropped; as it is when
    every figure is of ``documents`` already."""
    figures = [f for f in (*conversation.subjects, conversation.denominator) if f is not None]
    if not figures or all(f.document_id in documents for f in figures):
        return conversation
    subjects = [m for f in conversation.subjects if (m := _moved(context, intent, documents, f, documents))]
    denominator = _moved(context, intent, documents, conversation.denominator, documents)
    return replace(conversation, subjects=subjects, denominator=denominator)


def _moved(
    context: Context, intent: Intent, documents: Sequence[int], figure: Figure | None, here: Collection[int]
) -> Figure | None:
    """``figure`` when its document is ``here``, else the same item in ``documents`` (None: none)."""
    if figure is None or figure.document_id in here:
        return figure
    same = lookup.same_item(context, intent, documents, figure)
    return same.figure if same is not None else None


def out_of_scope(context: Context, intent: Intent) -> Outcome | None:
    """Chitchat, or a question naming nothing of the budget (no name, no budget word, no loose match)."""
    if intent.operation is Operation.CHITCHAT or (
        intent.operation in (Operation.LOOKUP, Operation.DEFINITION)
        and not intent.follow_up
        and not intent.mentions
        and not intent.bodies  # a question about a loaded body is about its documents (预计办理多少件提案)
        and not intent.budget_words
        and fuzzy(context, intent, [d.id for d in context.db.documents]) is None
    ):
        hint = texts.HINT_ITEMS.format(examples=context.examples())
        return Outcome(Answer(intent.question, OUT_OF_SCOPE, texts.OUT_OF_SCOPE.format(hint=hint)))
    return None


def _year_before_loaded(context: Context, intent: Intent) -> Intent:
    """机关运行经费2023年的预算 where the body's 2024 document is loaded and its 2023 one is not: the
    previous year's figure asked of the 2024 document (its own column, else its figure less the change
    it states), never the 2023 figure of nothing."""
    if (
        intent.operation is not Operation.LOOKUP
        or not intent.mentions  # (a total is read by another path, which knows no previous year)
        or intent.follow_up  # (a follow-up repeats the operation before, which knows none either)
        or len(intent.years) != 1
        or intent.compare_years
    ):
        return intent
    (year,) = intent.years
    records = [
        d for d in context.db.documents if not intent.bodies or any(b in d.names() for b in intent.bodies)
    ]
    if not records or any(d.year == year for d in records) or not any(d.year == year + 1 for d in records):
        return intent
    return replace(intent, years=(year + 1,), previous_year=True)


def select(context: Context, intent: Intent, conversation: Conversation) -> tuple[list[int], Answer | None]:
    """The documents the plan selects, the conversation's first; or why none is."""
    documents = list(context.db.documents)
    if intent.next_year and not intent.years:
        text = texts.NOT_FOUND_NEXT_YEAR.format(documents=context.document_list())
        return [], Answer(intent.question, NOT_FOUND, text)
    if intent.unknown_bodies and not intent.bodies:
        what = intent.unknown_bodies[0]
        text = texts.NOT_FOUND_BODY.format(what=what, documents=context.document_list())
        return [], Answer(intent.question, NOT_FOUND, text)
    if intent.bodies:
        documents = [d for d in documents if any(b in d.names() for b in intent.bodies)]
    if intent.years:
        matching = [d for d in documents if d.year in intent.years]
        if not matching:
            year = "、".join(str(y) for y in intent.years)
            text = texts.NOT_FOUND_YEAR.format(year=year, documents=context.document_list())
            return [], Answer(intent.question, NOT_FOUND, text)
        documents = matching
    if intent.phase:
        phased = [d for d in documents if d.phase == intent.phase]
        if not phased and intent.phase == "决算" and (intent.bodies or intent.years):
            # 西安市交通运输局2022年决算支出 with only its 2022 预算 loaded: the 预算 is no 决算
            what = "、".join(dict.fromkeys(f"{d.body}{d.year}年" for d in documents))
            text = texts.NOT_FOUND_PHASE.format(what=what, phase="决算", documents=context.document_list())
            return [], Answer(intent.question, NOT_FOUND, text)
        documents = phased or documents
    if intent.scope:
        documents = [d for d in documents if d.scope == intent.scope] or documents
    ids = [d.id for d in documents]
    explicit = intent.bodies or intent.years or intent.phase or intent.scope
    current = conversation.document_id
    if not explicit and current is not None and current in ids and len(ids) > 1:
        # a follow-up naming no body, year or phase is about the conversation's document alone,
        # unless it asks across years (去年, 历年, 比上年): an item the document does not print
        # is not looked for in another year's (收入总计 after 普陀区财政局2024年… was answered from
        # its 2025 budget; a 2017 sentence answered 人员经费 after a 2018 question)
        across = intent.previous_year or intent.every_year or intent.both_phases or intent.both_scopes
        if across or intent.operation in (Operation.CHANGE, Operation.WHY):
            ids = [current] + [i for i in ids if i != current]
        else:
            ids = [current]
    return ids, None


def _note(trace: list[str] | None, line: str) -> None:
    if trace is not None:
        trace.append(line)
