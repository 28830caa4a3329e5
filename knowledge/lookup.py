"""The plain lookup: one figure the question names, the budget's total, or a stated amount.

``lookup`` always answers (a figure, a stated fact, or not found); it is the last
handler the dispatcher tries for every operation. ``named`` is its first half, shared
with the dispatcher's follow-up step: either an outcome already (the budget's total,
an ambiguous name, the previous figure) or the figures the question names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from knowledge import changes, narration
from knowledge.aliasing import canon
from knowledge.catalogue import Entry
from knowledge.choices import choice, pick_document, resolve, subjects
from knowledge.context import Context
from knowledge.conversation import Conversation, Outcome, Turn
from knowledge.figures import MONEY, Choice, Figure, format_amount, lcs
from knowledge.phrasing import answered, figure_answer, not_found
from knowledge.plan import Intent, Mention
from knowledge.records import NarrativeFactRecord
from knowledge.stated import (
    BASIC_TABLES,
    SUMMARY_TABLES,
    part_stated,
    stated_for_all_words,
    stated_in_projects,
    stated_none,
    stated_whole,
)
from knowledge.thresholds import SAME_STATEMENT_SHARED
from knowledge.units import (
    item_name,
    part_under_unit,
    unit_elsewhere,
    unit_of,
    unit_whole_line,
    units_of_parts,
)
from knowledge.vocabulary import IN_PART
from knowledge.wording import asks_another_item, headed, qualifier, unnamed


def lookup(context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation) -> Outcome:
    """The figure the question names, else the budget's total, else a stated amount, else not found."""
    stated_part = part_stated(context, intent, conversation)
    if stated_part is not None:
        return narration.fact_answer(context, intent, stated_part)
    under = part_under_unit(context, intent, conversation)
    if under is not None:
        return figure_answer(context, intent, Choice(under))
    phrase = headed(intent)
    found = named(context, phrase, documents, conversation)
    if isinstance(found, Outcome):
        return found
    if found:
        if intent.previous_year:
            return changes.previous_year(context, intent, documents, found[0])
        figure = found[0].figure
        codes = {m.alias for m in intent.mentions if m.alias.isdigit() and len(m.alias) >= 3}
        if codes and (figure.kind == "project" or _row_code(context, figure) not in (*codes, "")):
            # 2010505专项统计业务科目: the 科目 of that code, not a project of the same name (its line
            # of the 支出总表 unreadable, nothing else is that 科目) nor a line of another code
            return not_found(context, intent)
        units = units_of_parts(context, figure) if "本级" in intent.text else []
        if units:
            # 本级租赁费 where a table lists each unit's lines: the line under the 本级 unit, not every
            # unit's added up (1,639.22 + 9.60)
            own = [part for part, unit in zip(figure.parts, units, strict=True) if "本级" in unit]
            if len(own) != 1:
                return not_found(context, intent)
            return figure_answer(context, intent, Choice(replace(own[0], label=f"本级{own[0].label}")))
        whole_line = figure.kind in ("table", "column", "empty") or (
            figure.kind == "row" and figure.table_kind in SUMMARY_TABLES
        )
        left = unnamed(intent) or (qualifier(intent) if whole_line else "") or unit_of(phrase, figure)
        if left:
            # 湖州交通技师学院有多少在校学生: the school is named, the students are not: its budget
            # is not the answer. The whole phrase may still be a figure the text states
            # (机关运行经费财政拨款预算 3,383.98万元, where 财政拨款 alone is the table's total).
            amounts = ("amount",) if intent.money else ()
            return _stated_naming(context, intent, documents, left, amounts, replace(intent, core=left))
        if unit_elsewhere(intent, figure):
            # 陕西省西安公路管理局的预算收入: its line of the “三公” table is not its 收入; its line of
            # the 收入总表 is, else the text may state the unit's budget (深圳城市职业学院（深圳技师学院）
            # 预算79,748.16万元)
            unit_line = unit_whole_line(context, intent, figure)
            if unit_line is not None:
                return figure_answer(context, intent, Choice(unit_line))
            return _stated_naming(context, intent, documents, canon(item_name(figure)), ("amount",), intent)
        in_projects = stated_in_projects(context, intent, figure)
        if in_projects is not None:
            return narration.fact_answer(context, intent, in_projects)
        whole = stated_whole(context, intent, documents, figure)
        if whole is not None:
            part = figure.table_kind in BASIC_TABLES and not figure.parts
            return narration.fact_answer(context, intent, whole, beside=figure, part=part)
        return figure_answer(context, intent, stated_for_all_words(context, intent, documents, found[0]))
    total = default_total(context, intent, documents, conversation)
    if total is not None:
        return total
    kinds = ("amount",) if intent.amount_words else ("amount", "count")
    facts = narration.facts(context, documents, intent.core, kinds=kinds)
    if not facts and not intent.money and kinds == ("amount",):
        # 人员编制多少: 多少 alone asks no money; a count the text states answers
        facts = narration.facts(context, documents, intent.core, kinds=("count",))
    if facts:
        return narration.fact_answer(context, intent, facts[0])
    none = stated_none(context, intent, documents)
    if none is not None:
        return none
    return not_found(context, intent)


def named(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | list[Choice]:
    """An outcome already (total, ambiguous name, the previous figure), or the figures named."""
    # 那2024年呢 / 那左权县民政局呢: the previous item, in the year or body now named
    # (单位预算呢, 那决算呢: a scope or phase only, the same item there)
    bare_follow_up = (
        intent.follow_up
        and not intent.mentions
        and (not intent.core or (intent.generic_core and (intent.scope or intent.phase or intent.years)))
        and conversation.subjects
    )
    again = in_other_phase(context, intent, documents, conversation)
    if again is not None:
        return again
    if not intent.mentions and not bare_follow_up:
        total = default_total(context, intent, documents, conversation)
        if total is not None:
            return total
    choices, problem = (
        ([], None)
        if bare_follow_up
        else subjects(context, within_previous(intent, conversation), documents, conversation)
    )
    if problem is not None:
        return Outcome(problem)
    if (
        not choices
        and conversation.subjects
        and ((intent.follow_up and conversation.operation) or (not intent.core and not intent.mentions))
        and not asks_another_item(intent)
    ):
        last = conversation.subjects[-1]
        if last.document_id not in documents:  # the follow-up names another body: its same item
            same = same_item(context, intent, documents, last)
            if same is None:
                return not_found(context, replace(intent, core=intent.core or last.label))
            last = same.figure
        if intent.previous_year:
            return changes.previous_year(context, intent, documents, Choice(last))
        return figure_answer(context, intent, Choice(last))
    return choices


# a follow-up naming only a phase: 预算是多少 · 那决算呢 · 年初预算数呢
PHASE_ONLY = re.compile(r"(?:那|它的?|其)?(年初)?(预算|决算)数?(?:是|为)?(?:多少|几)?(?:钱)?(?:呢)?")


def in_other_phase(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | None:
    """预算是多少 after a 决算 figure: the same item of the same document, in the phase now named
    (the 预算数 line of a table printed across, the 预算数 column beside the 决算数)."""
    match = PHASE_ONLY.fullmatch(canon(intent.core)) if intent.core else None
    if match is None or intent.mentions or not conversation.subjects:
        return None
    last = conversation.subjects[-1]
    if last.document_id not in documents or last.kind not in ("row", "column", "table"):
        return None
    phase = match.group(2)
    asked = replace(intent, phase=phase)
    for entry in context.catalogue.by_alias.get(canon(last.label), []):
        if entry.document_id != last.document_id:
            continue
        if entry.kind == "table":
            table = context.catalogue.tables[int(entry.key)]
            found = context.resolver.table_choice(table, phase)
        elif entry.kind == "row":
            rows = context.resolver.rows_named([entry.document_id], entry.key)
            found = context.resolver.choose_rows(rows, (f"{phase}数", phase), asked.hinted)
        else:
            continue
        if (
            found is not None
            and found.figure.amount != last.amount
            and phase in found.figure.source.describe()
        ):
            figure = replace(found.figure, label=f"{last.label}（{match.group(1) or ''}{phase}数）")
            shown = figure.in_unit(intent.unit) if intent.unit and figure.unit in MONEY else figure
            text = f"{figure.label}：{format_amount(shown.amount, shown.unit)}。"
            answer = answered(intent, text, shown, (figure.source,))
            return Outcome(answer, Turn((figure,), figure.document_id))
    return None


def within_previous(intent: Intent, conversation: Conversation) -> Intent:
    """其中办公费多少, after 机关运行经费: the part is read from the table the whole came from."""
    # the latest figure read from a table (a change the text states may have come after it)
    last = next((f for f in reversed(conversation.subjects) if f.table_kind), None)
    if last is None:
        return intent
    if IN_PART.match(intent.text):
        kinds = {last.table_kind, *PART_TABLES.get(canon(last.label), ())}
        return replace(intent, hinted=intent.hinted | kinds)
    if (
        intent.follow_up
        and intent.mentions
        and intent.text.rstrip("？?。 ").endswith("呢")
        and not intent.hinted
    ):
        # 会议展览局呢 after 其中珠海市贸易服务中心: the sibling, from the same table (一般公共预算安排的
        # 项目支出呢 names a table of its own)
        return replace(intent, hinted=intent.hinted | {last.table_kind})
    return intent


# the tables that list the parts of a whole named by a column (其中珠海市贸易服务中心 after 基本支出)
PART_TABLES = {
    "基本支出": ("basic", "basic_by_economic", "fiscal_basic"),
    "项目支出": ("projects",),
}


def same_item(context: Context, intent: Intent, documents: Sequence[int], figure: Figure) -> Choice | None:
    """The item of ``figure`` (another document's) in ``documents``, chosen as any named item is."""
    for name in dict.fromkeys((figure.label, figure.source.row)):
        alias = canon(name)
        entries = [e for e in context.catalogue.by_alias.get(alias, []) if e.document_id in documents]
        holders = list(dict.fromkeys(e.document_id for e in entries))
        chosen, _, problem = pick_document(context, holders, intent, name)
        if chosen is None or problem is not None:
            continue
        # resolved as the name asked in a question is (the same ranking of its tables), preferring
        # the kind of table the figure came from
        mention = Mention(alias, 0, tuple(entries))
        found = resolve(context, mention, [chosen], intent)
        if found is not None and found.figure.table_kind != figure.table_kind:
            same_kind = [
                e for e in entries if e.document_id == chosen and _table_kind(context, e) == figure.table_kind
            ]
            found = next((c for e in same_kind if (c := choice(context, e, intent)) is not None), found)
        if found is not None:
            return found
    if figure.kind == "narrative":
        # a fact the text states: the same statement in the other document (机关运行经费预算为…), else
        # the one statement in its unit sharing most words with it, four at least (机构设置包括23个内设
        # 机构 in 2017, 本部门包括19个内设机构 in 2018)
        subject = canon(figure.source.row)
        near: list[tuple[int, NarrativeFactRecord]] = []
        for fact in context.in_documents(documents):
            if fact.unit != figure.unit:
                continue
            if canon(fact.subject) == subject:
                return Choice(context.resolver.narrative_figure(fact))
            near.append((lcs(subject, canon(fact.subject)), fact))
        near.sort(key=lambda item: -item[0])
        if near and near[0][0] >= SAME_STATEMENT_SHARED and (len(near) == 1 or near[1][0] < near[0][0]):
            return Choice(context.resolver.narrative_figure(near[0][1]))
    return None


def _table_kind(context: Context, entry: Entry) -> str:
    """The kind of table a row entry is read from ("" for other entries)."""
    rows = context.catalogue.rows_by_name.get((entry.document_id, entry.key), [])
    table = context.catalogue.tables.get(rows[0].table_id) if rows and entry.kind == "row" else None
    return table.kind if table is not None else ""


def default_total(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | None:
    """A question that names only a budget as a whole (万里街道2025年预算多少, 决算收入): its total."""
    if not intent.whole_budget or (not intent.core and not intent.bodies and not intent.years):
        return None
    wanted = intent.total_rows
    holders = [d for d in documents if any(total_entry(context, d, alias) for alias in wanted)]
    if (
        conversation.document_id is not None
        and conversation.document_id in holders
        and not (intent.bodies or intent.years)
    ):
        holders = [conversation.document_id]
    chosen, note, problem = pick_document(context, holders, intent, wanted[0])
    if problem is not None:
        return Outcome(problem)
    if chosen is None:
        return None
    for alias in wanted:
        entry = total_entry(context, chosen, alias)
        found = choice(context, entry, intent) if entry else None
        if found is not None:
            return figure_answer(context, intent, replace(found, note=note) if note else found)
    return None


def total_entry(context: Context, document_id: int, alias: str) -> Entry | None:
    """The table line named ``alias`` (收入总计 …) in one document."""
    return next(
        (
            e
            for e in context.catalogue.by_alias.get(alias, [])
            if e.document_id == document_id and e.kind == "row" and not (e.name == "总计" and e.key != "总计")
        ),
        None,
    )


def _stated_naming(
    context: Context,
    intent: Intent,
    documents: Sequence[int],
    words: str,
    kinds: Sequence[str],
    missing: Intent,
) -> Outcome:
    """The figure the text states for the question's words when its subject holds ``words``, else
    not found (said of ``missing``)."""
    stated = narration.facts(context, documents, intent.core, kinds=kinds)
    if stated and words in context.subjects[id(stated[0])]:
        return narration.fact_answer(context, intent, stated[0])
    return not_found(context, missing)


def _row_code(context: Context, figure: Figure) -> str:
    """The 科目 code of the line ``figure`` was read from ("" for none: a project, a sum, a text)."""
    if not figure.ref.isdigit() or figure.kind not in ("row", "column"):
        return ""
    row = context.catalogue.rows_by_id.get(int(figure.ref))
    return row.code if row is not None else ""
