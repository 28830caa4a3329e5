"""From a plan's names to figures: which entry, in which document, a question means.

``subjects`` is the way in: the plan's mentions resolved in the selected documents
(asking which document when several bodies hold the name), else an amount the
narrative states under exactly the words asked, else a loose match past a measured
threshold (``knowledge.thresholds``), said as such.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from knowledge import texts
from knowledge.aliasing import canon
from knowledge.answer import AMBIGUOUS, Answer, Candidate
from knowledge.catalogue import Entry
from knowledge.context import Context
from knowledge.conversation import Conversation
from knowledge.figures import FACTORS, MONEY, Choice, Figure, entry_rank
from knowledge.likeness import one_side, other_numbers, other_place
from knowledge.plan import Intent, Mention
from knowledge.records import DocumentRecord, TableRecord
from knowledge.thresholds import (
    CHAR_PRECISION,
    CHAR_PRECISION_FLOOR,
    CHAR_RECALL_FLOOR,
    CHAR_THRESHOLD,
    FUZZY_THRESHOLD,
)
from knowledge.vocabulary import COLUMN_WORDS, THREE_PUBLIC_ITEM

# the column concepts every disclosure prints under these words (基本支出, 项目支出, 人员经费 …)
CONCEPTS = frozenset(word for word, _ in COLUMN_WORDS if len(word) >= 4) | frozenset(
    ("机关运行经费", "三公经费", "政府性基金", "国有资本经营预算", "政府采购")
)

COLUMN_NAMES = {word for word, _ in COLUMN_WORDS}


def resolve(context: Context, mention: Mention, documents: Sequence[int], intent: Intent) -> Choice | None:
    """The figure ``mention`` means in the first of ``documents`` that has the name."""
    entries = [e for e in mention.entries if e.document_id in documents]
    if not entries:
        return None
    first_doc = next(d for d in documents if any(e.document_id == d for e in entries))
    entries = [e for e in entries if e.document_id == first_doc]
    entries.sort(key=lambda e: entry_rank(e, intent.operation))
    rows = [e for e in entries if e.kind == "row"]
    if THREE_PUBLIC_ITEM.search(mention.alias) and len({e.key for e in rows}) > 1:
        # a “三公” item printed under several words (因公出国（境）费用 in the 经济科目 tables, 因公出国（境）
        # 支出 in the “三公” table): one item, its lines weighed together, the “三公” table's first
        resolver = context.resolver
        lines = [row for e in rows for row in resolver.rows_named([first_doc], e.key)]
        found = resolver.choose_rows(lines, intent.leaves, intent.hinted)
        if found is not None:
            return found
    for entry in entries:
        found = choice(context, entry, intent)
        if found is not None:
            return found
    return None


def choice(context: Context, entry: Entry, intent: Intent) -> Choice | None:
    """The figure one catalogue entry stands for (a row, column, project, table, indicator)."""
    resolver = context.resolver
    if entry.kind == "row":
        rows = resolver.rows_named([entry.document_id], entry.key)
        if not re.search(r"结转|结余", intent.text):  # a fund's carry-over is not the fund asked
            rows = [row for row in rows if row.id not in resolver.catalogue.carried]
        chosen = resolver.choose_rows(rows, intent.leaves, intent.hinted)
        if (
            chosen is not None
            and chosen.figure.label in ("合计", "总计")
            and entry.key != chosen.figure.label
        ):
            # a side's 合计 found as 收入合计: called so, cited by the line as printed
            label = entry.key if entry.name in ("合计", "总计") else entry.name
            return replace(chosen, figure=replace(chosen.figure, label=label))
        return chosen
    if entry.kind == "row2":
        rows = resolver.catalogue.rows_by_name2.get((entry.document_id, entry.key), [])
        leaves = intent.leaves
        if leaves:  # 基本支出里的物业管理费: the lines with a figure in that column, not every line
            rows = [
                row
                for row in rows
                if any(cell.amount and cell.column.split("/")[-1] in leaves for cell in row.cells)
            ] or rows
        first_table = [row for row in rows if row.table_id == rows[0].table_id] if rows else []
        total = resolver.row_figure(first_table)
        if total is None:
            return None
        # cited by the label it was found by (差旅费), the row's other label (办公经费) beside it
        source = replace(total.source, row=f"{entry.name}（{total.source.row}）")
        return Choice(replace(total, label=entry.name, source=source))
    if entry.kind == "column":
        return resolver.column_choice([entry.document_id], entry.name, intent.hinted, intent.phase)
    if entry.kind == "project":
        return resolver.project_choice([entry.document_id], entry.key, canon(intent.text))
    if entry.kind == "table":
        table = resolver.catalogue.tables[int(entry.key)]
        whole = resolver.table_choice(table, intent.phase)
        if whole is None:
            return None
        stated = _stated_otherwise(context, table, whole.figure, intent.phase)
        if stated is not None:
            return stated
        if whole.figure.kind != "empty":
            named = replace(whole.figure, label=entry_label(entry, intent), kind="table")
            return Choice(named, whole.alternatives)
        return whole
    if entry.kind == "indicator":
        found = resolver.indicator(entry.key)
        if found is None:
            return None
        project, item = found
        figure = resolver.indicator_figure(project, item)
        return Choice(figure) if figure.unit else None
    return None


def entry_label(entry: Entry, intent: Intent) -> str:
    """What to call a whole table's figure: the words the question used for it."""
    for mention in intent.mentions:
        if entry in mention.entries:
            return mention.alias
    return entry.name


def pick_document(
    context: Context, holders: Sequence[int], intent: Intent, what: str
) -> tuple[int | None, str, Answer | None]:
    """Which of several documents holding a name the question means.

    One body: its latest 预算 (部门) document, saying which and naming the others;
    several bodies: an ambiguous answer with one candidate per document.
    """
    if len(holders) <= 1:
        return (holders[0] if holders else None), "", None
    records = sorted((context.documents[h] for h in holders), key=lambda d: d.id)  # the same order every run
    if len({d.body for d in records}) == 1:
        best = max(
            records,
            key=lambda d: (
                d.year,
                d.phase == (intent.phase or "预算"),
                d.scope == (intent.scope or "部门"),
            ),
        )
        others = "、".join(context.label(d.id) for d in records if d.id != best.id)
        return best.id, f"（按{context.label(best.id)}回答；另有{others}，可在问题中指明。）", None
    latest: dict[str, DocumentRecord] = {}
    for d in records:  # one candidate per body: its latest document
        if d.body not in latest or d.year > latest[d.body].year:
            latest[d.body] = d
    candidates = []
    for d in list(latest.values())[:8]:
        name = context.body_name(d.id)
        candidates.append(Candidate(context.label(d.id), f"{name}{d.year}年{d.scope}{d.phase}{what}多少"))
    answer = Answer(
        intent.question, AMBIGUOUS, texts.AMBIGUOUS.format(what=what), candidates=tuple(candidates)
    )
    return None, "", answer


def subjects(
    context: Context,
    intent: Intent,
    documents: Sequence[int],
    conversation: Conversation,
    *,
    keep_columns: bool = False,
) -> tuple[list[Choice], Answer | None]:
    """The figures the question is about: its mentions, else a stated amount, else a loose match."""
    mentions = list(intent.mentions)
    if not keep_columns and len(mentions) > 1:
        named = [m for m in mentions if not (m.alias in COLUMN_NAMES and m.alias in intent.columns)]
        # column words only (一般公共预算安排的项目支出): the last is the head, the others qualify it
        mentions = named or mentions[-1:]
    several = len(context.db.documents) > 1 and conversation.document_id not in documents
    choices: list[Choice] = []
    for mention in mentions:
        scope = documents
        note = ""
        if several:
            holders = [d for d in documents if any(e.document_id == d for e in mention.entries)]
            chosen, note, problem = pick_document(context, holders, intent, mention.alias)
            if problem is not None:
                return [], problem
            scope = [chosen] if chosen is not None else documents
        found = resolve(context, mention, scope, intent)
        if found is not None:
            choices.append(replace(found, note=note) if note else found)
    if choices:
        return choices, None
    stated = stated_exactly(context, intent, documents)
    if stated is not None:
        return [stated], None
    loose = fuzzy(context, intent, documents)
    if loose is not None and several:
        alias = loose.fuzzy
        holders = [
            d
            for d in documents
            if any(
                canon(e.name) == canon(alias)
                for e in context.catalogue.by_alias.get(canon(alias), [])
                if e.document_id == d
            )
        ]
        chosen, note, problem = pick_document(context, holders, intent, alias)
        if problem is not None:
            return [], problem
        if chosen is not None and chosen != loose.figure.document_id:
            loose = fuzzy(context, intent, [chosen]) or loose
        if note:
            loose = replace(loose, note=note)
    if loose is not None:
        return [loose], None
    return [], None


def stated_exactly(context: Context, intent: Intent, documents: Sequence[int]) -> Choice | None:
    """An amount the narrative states under exactly the words asked (会议费105万元, 设备购置157.3万元)."""
    for core in (intent.core, intent.bare_core):
        for fact in context.by_subject.get(core, ()) if core else ():
            if fact.document_id in documents and fact.kind == "amount":
                return Choice(context.resolver.narrative_figure(fact))
    return None


SCOPE_ONLY = re.compile(r"本级|单位|部门|汇总|预算|决算|年初|全年|本年|今年|数")


def fuzzy(context: Context, intent: Intent, documents: Sequence[int]) -> Choice | None:
    """A loose match past a measured threshold: shared character pairs, else rare characters in any order."""
    catalogue = context.catalogue
    # 基本支出 not found as such is not 基本工资: a known concept is read loosely only as itself
    concept = next((c for c in (intent.core, intent.bare_core) if c in CONCEPTS), "")
    # words of a scope or a phase only (本级预算) name nothing to match loosely (a unit's （本级） line)
    cores = [
        c
        for c in dict.fromkeys((intent.core, intent.bare_core))
        if len(c) >= 2 and len(SCOPE_ONLY.sub("", c)) >= 2
    ]
    ordered: list[Entry] = []
    for by_chars, threshold in ((False, FUZZY_THRESHOLD), (True, CHAR_THRESHOLD)):
        ranked = []
        for core in cores:
            scored = catalogue.fuzzy_chars(core) if by_chars else catalogue.fuzzy(core)
            for recall, precision, alias in scored:
                if recall < threshold and not (
                    by_chars and recall >= CHAR_RECALL_FLOOR and precision >= CHAR_PRECISION
                ):
                    continue
                if by_chars and recall < 1 and precision < CHAR_PRECISION_FLOOR:
                    continue
                if (
                    one_side(alias, core)
                    or other_numbers(alias, core)
                    or other_place(alias, core)
                    or (concept and concept not in alias)
                ):
                    continue
                for entry in catalogue.by_alias[alias]:
                    if entry.document_id in documents and entry.kind != "glossary":
                        ranked.append(
                            (-round(recall, 2), entry_rank(entry, intent.operation), -precision, entry)
                        )
        ranked.sort(key=lambda item: item[:3])
        ordered += [item[3] for item in ranked]
    for entry in ordered:
        found = choice(context, entry, intent)
        if found is None:
            continue
        if intent.money and found.figure.unit not in MONEY and found.figure.kind != "empty":
            continue
        return Choice(found.figure, found.alternatives, fuzzy=entry.name)
    return None


def _stated_otherwise(context: Context, table: TableRecord, figure: Figure, phase: str = "") -> Choice | None:
    """The document's own sentence, when it states the “三公” total (本部门…“三公”经费预算支出10.20万元)
    and the table's total read does not agree with it: the table was misread (Xi'an's 表13 of
    forty columns); the sentence answers and the table's reading follows as another."""
    if table.kind != "three_public" or figure.unit not in MONEY:
        return None
    stated = [
        fact
        for fact in context.facts_by_document.get(figure.document_id, ())
        if fact.kind == "amount" and fact.unit in MONEY and "三公" in fact.subject and fact.amount > 0
    ]
    phase = phase or context.resolver.phases.get(figure.document_id, "")
    other = {"预算": "决算", "决算": "预算"}.get(phase, "")
    # a 决算's sentence states the 预算 beside the 决算 (预算593.46万元，决算587.55万元): its phase's only
    stated = [f for f in stated if not (other and other in f.subject and phase not in f.subject)]
    if not stated:
        return None
    read = figure.amount * FACTORS[figure.unit]
    for fact in stated:
        if abs(fact.amount * FACTORS[fact.unit] - read) <= FACTORS[fact.unit] / 100:
            return None  # one statement agrees (to its printed cent): the table is read right
    first = context.resolver.narrative_figure(stated[0])
    return Choice(first, (figure,), note="表中读数与文字说明不一致，按文字说明")
