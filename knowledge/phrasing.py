"""How an answer is put: its text with the sources line, a figure's sentence, not found.

Every handler composes its ``Answer`` with ``answered`` (the sources line appended,
the headline filled) or returns ``not_found``; ``figure_answer`` states one figure
with its other columns, the narrative's own wording and the other tables that print it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from ingest.crosscuts import cuts_across
from knowledge import texts
from knowledge.aliasing import canon
from knowledge.answer import ANSWERED, NOT_FOUND, Answer, Source
from knowledge.citations import unreadable
from knowledge.context import Context
from knowledge.conversation import Outcome, Turn
from knowledge.figures import MONEY, Choice, Figure, format_amount, plain
from knowledge.plan import Intent


def answered(
    intent: Intent,
    text: str,
    figure: Figure | None,
    sources: Sequence[Source],
    *,
    derivation: str = "",
    headline: str = "",
    value: Decimal | None = None,
    unit: str | None = None,
    suggestions: Sequence[str] = (),
) -> Answer:
    """An answered ``Answer``: ``text`` with its sources line; the value from ``figure`` unless given."""
    unique = tuple(dict.fromkeys(sources))
    source_line = texts.SOURCE + "；".join(s.describe() for s in unique)
    full = f"{text}\n{source_line}" if unique else text
    if figure is not None and value is None:
        value = figure.amount
        unit = figure.unit
        headline = headline or format_amount(figure.amount, figure.unit)
    return Answer(
        intent.question,
        ANSWERED,
        full,
        value=value,
        unit=unit or "",
        sources=unique,
        derivation=derivation,
        headline=headline or (format_amount(value, unit or "") if value is not None else ""),
        suggestions=tuple(suggestions),
    )


def not_found(context: Context, intent: Intent) -> Outcome:
    """The item asked is not in the documents: say so, and suggest three questions."""
    what = intent.core or intent.text
    hint = texts.HINT_ITEMS.format(examples=context.examples())
    return Outcome(Answer(intent.question, NOT_FOUND, texts.NOT_FOUND.format(what=what, hint=hint)))


def figure_answer(context: Context, intent: Intent, choice: Choice) -> Outcome:
    """One figure stated and cited, with what a reader should know beside it."""
    figure = choice.figure
    if figure.kind == "empty":
        return _empty_answer(context, intent, choice)
    shown = figure.in_unit(intent.unit) if intent.unit and figure.unit in MONEY else figure
    label = figure.label
    leaf = figure.source.column.rsplit("/", 1)[-1]
    if leaf in intent.leaves and leaf not in label and figure.kind == "row":
        label = f"{label}（{leaf}）"
    lines = [f"{label}：{context.phrase(figure)}{format_amount(shown.amount, shown.unit)}"]
    if shown is not figure and shown.unit != figure.unit:
        lines[0] += f"（{format_amount(figure.amount, figure.unit)}）"
    if figure.parts:
        parts = " + ".join(plain(p.amount) for p in figure.parts)
        lines[0] += f"，为{len(figure.parts)}行之和：{parts} = {plain(figure.amount)}"
    if choice.fuzzy:
        lines[0] = texts.FUZZY.format(name=choice.fuzzy) + lines[0]
    lines[0] += "。"
    extra = details(context, figure)
    if extra:
        lines.append(extra)
    if choice.note:
        lines.append(choice.note)
    if figure.kind == "narrative":
        sentence = context.narrative_sentence(figure)
        if sentence:
            lines.append("原文：" + sentence.strip())
    narrated: list[Source] = []
    if figure.kind == "row" and figure.unit in MONEY:
        # the narrative may state the same item elsewhere (办公费 in 项目支出 by 经济科目)
        stated = [
            fact
            for fact in context.by_subject.get(canon(figure.label.split("（")[0]), ())
            if fact.document_id == figure.document_id
            and fact.kind == "amount"
            and fact.unit == figure.unit
            and fact.amount != figure.amount
        ]
        for fact in stated[:1]:
            lines.append(
                f"另：文件说明中另有{fact.subject}{format_amount(fact.amount, fact.unit)}（{fact.sentence[:24]}…）。"
            )
            narrated.append(context.resolver.narrative_source(fact))
    # another reading from a table whose identities mostly fail is no reading (a misread 三公 table);
    # with a column asked and answered, a line of a table without that column is no other reading
    asked = leaf in intent.leaves
    others = [
        other
        for other in choice.alternatives
        if not any(unreadable(doubt) for _, doubt in context.resolver.doubts([other.source]))
        and not (asked and other.source.column.rsplit("/", 1)[-1] not in intent.leaves)
        and not _published_empty(context, other)
    ][:2]
    for other in others:
        lines.append(
            texts.SEE_ALSO.format(
                table=other.source.table,
                value=format_amount(other.amount, other.unit),
                column=other.source.column or other.source.row,
            )
        )
    sources = [
        figure.source,
        *(p.source for p in figure.parts[1:]),
        *(o.source for o in others),
        *narrated,
    ]
    answer = answered(intent, "\n".join(lines), shown, tuple(sources), suggestions=suggestions(figure))
    return Outcome(answer, Turn((figure,), figure.document_id))


def _empty_answer(context: Context, intent: Intent, choice: Choice) -> Outcome:
    """A table or line published empty: 无, read as 0."""
    figure = choice.figure
    table = figure.source.table
    if figure.label == table:
        document = context.documents[figure.document_id]
        text = texts.EMPTY_TABLE.format(
            name=table_subject(table),
            table=table,
            note=choice.note or "本表无数据",
            year=document.year,
            what="发生这项支出" if document.phase == "决算" else "安排这项预算",
        )
    else:
        text = texts.EMPTY_ROW.format(name=figure.label, table=table)
    answer = answered(intent, text, figure, (figure.source,), headline="无")
    return Outcome(answer, Turn((figure,), figure.document_id))


def details(context: Context, figure: Figure) -> str:
    """Other columns of the row (基本支出 / 项目支出 split …) in one line."""
    if figure.kind != "row" or not figure.ref or figure.parts:
        return ""
    row = context.catalogue.rows_by_id.get(int(figure.ref)) if figure.ref.isdigit() else None
    if row is None or len(row.cells) < 2 or row.cells[0].column != figure.source.column:
        return ""  # the other columns are parts of the line's first (its total), not of another one
    # not the columns cutting across the line's parts (its 政府采购 小计 is no part of 行政运行)
    # … of the figure's own side of a table printed in halves (收入/预算数 | 支出/…/预算数)
    side = (
        figure.source.column.split("/", 1)[0] + "/"
        if figure.source.column.startswith(("收入/", "支出/"))
        else ""
    )
    others = [
        c
        for c in row.cells
        if c.column != figure.source.column
        and c.amount
        and not cuts_across(c.column)
        and c.column.startswith(side)
    ]
    if not others:
        return ""
    return "其中：" + "，".join(f"{_column_name(c.column)} {c.printed}" for c in others[:4]) + "。"


def _column_name(path: str) -> str:
    """A column by its leaf, a group's 小计 by the group's name (基本支出/小计 → 基本支出)."""
    parts = path.split("/")
    return parts[-2] if parts[-1] in ("小计", "合计") and len(parts) > 1 else parts[-1]


def suggestions(figure: Figure) -> tuple[str, ...]:
    """Follow-up questions worth a button after an answer about ``figure``."""
    if figure.kind in ("project", "sheet"):
        return ("它占项目支出的比例是多少", "它的绩效目标是什么", "哪个项目最贵")
    if figure.kind == "column" and figure.label in ("基本支出", "项目支出"):
        return ("占比多少", "其中人员经费呢" if figure.label == "基本支出" else "哪个项目最贵")
    if figure.kind == "row" and figure.unit in MONEY:
        return ("它占比多少",)
    return ()


def table_subject(title: str) -> str:
    """What a table is about, from its title (2024年“三公”经费支出预算表 → “三公”经费支出)."""
    match = re.search(r"安排(.+?)(支出)?预算表|年(.+?)预算.*表", title)
    if match:
        return (match.group(1) or match.group(3) or title).strip('“”"')
    return title


def _published_empty(context: Context, figure: Figure) -> bool:
    """Whether ``figure`` is a line of a table published empty (its 0.00 lines are no reading)."""
    return any(
        table.empty and table.document_id == figure.document_id and table.title == figure.source.table
        for table in context.catalogue.tables.values()
    )
