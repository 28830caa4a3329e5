"""Arithmetic on cited figures: shares, sums, differences, rankings, counts and thresholds.

Each function takes the ``Operations`` object first (it is bound as a method there) and
shows its derivation on the figures it cites (``55.00 ÷ 560.78 = 9.81%``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from knowledge import texts
from knowledge.catalogue import canon
from knowledge.figures import MONEY, Choice, Figure, format_amount, plain
from knowledge.queries import CellRecord, RowRecord
from knowledge.understand import Intent, _core, _mentions

if TYPE_CHECKING:
    from knowledge.answer import Answer
    from knowledge.conversation import Conversation
    from knowledge.operations import Operations, Result

HUNDRED = Decimal(100)


def share(ops: Operations, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
    text = intent.text
    split = re.search(r"占", text)
    mentions = list(intent.mentions)
    numerator: Choice | None = None
    denominator: Choice | None = None
    before = [m for m in mentions if split is None or m.start < len(canon(text[: split.start()]))]
    after = [m for m in mentions if m not in before]
    if before:
        numerator = ops._resolve(before[0], documents, intent)
    elif split is not None and split.start() >= 2 and not intent.follow_up:
        side = replace_intent(intent, text[: split.start()], ops.catalogue)
        numerator = ops._stated_exactly(side, documents) or ops._fuzzy(side, documents)
    elif conversation.subjects and (
        intent.follow_up or not mentions or split is not None and split.start() <= 1
    ):
        numerator = Choice(_last_money(conversation.subjects))
    elif mentions and not after:
        numerator = ops._resolve(mentions[0], documents, intent)
    if after:
        after_intent = _without_columns(intent)
        denominator = ops._resolve(after[0], documents, after_intent)
    elif split is not None:
        # a denominator the narrative states in words (政府采购预算总额), if any
        rest = re.sub(r"的?(比例|比重|占比|百分比|多少|几成|份额|是|%).*$", "", text[split.end() :])
        if len(rest) >= 2:
            denominator = ops._stated_exactly(replace_intent(intent, rest, ops.catalogue), documents)
    if numerator is None and conversation.subjects and intent.follow_up:
        numerator = Choice(_last_money(conversation.subjects))
    if numerator is None:
        return ops._not_found(intent)
    if (
        denominator is None
        and conversation.operation == "share"
        and intent.follow_up
        and conversation.denominator
    ):
        denominator = Choice(conversation.denominator)
    alternative = ""
    if denominator is None:
        implied = ops._implied_denominator(numerator.figure, documents, intent)
        words = canon(text[: split.start()]) if split is not None else ""
        stated_pair = _stated_share_figures(ops, numerator.figure, words)
        if stated_pair is not None:
            # the document states this share itself (一般公共服务支出963.83万元，占80.60%): answer it,
            # with its own figures, and name the table-based reading when it differs
            stated_numerator, stated_total = stated_pair
            stated_rate = percent(stated_numerator.amount, stated_total.amount)
            other = None
            if implied is not None and implied.figure.amount:
                other = percent(numerator.figure.amount, implied.figure.in_unit(numerator.figure.unit).amount)
            if other == stated_rate:
                denominator = implied  # the tables give the same share: cite the table cells
            else:
                if other is not None and implied is not None:
                    alternative = (
                        f"\n另：按{implied.figure.label}计算为{plain(numerator.figure.amount)} ÷ "
                        f"{plain(implied.figure.in_unit(numerator.figure.unit).amount)} = {other}%。"
                    )
                numerator, denominator = Choice(stated_numerator), Choice(stated_total)
        else:
            denominator = implied
    if denominator is None:
        return ops._not_found(intent)
    n = numerator.figure
    d = denominator.figure.in_unit(n.unit) if n.unit in MONEY else denominator.figure
    if not d.amount:
        return ops._not_found(intent)
    rate = percent(n.amount, d.amount)
    derivation = f"{plain(n.amount)} ÷ {plain(d.amount)} = {rate}%"
    text_out = f"{n.label}占{d.label}的{rate}%：{derivation}（{n.unit}）。"
    stated = ops._stated_share(n, documents)
    if stated is not None and stated != rate:
        text_out += f"\n（文件说明中写作{stated}%。）"
    elif stated is not None:
        text_out += "\n与文件说明中的占比一致。"
    text_out += alternative
    conversation.denominator = denominator.figure
    sources = (n.source, *(p.source for p in n.parts[1:]), d.source)
    answer = ops._answer(
        intent, text_out, None, sources, derivation=derivation, value=rate, unit="%", headline=f"{rate}%"
    )
    return answer, [n], n.document_id


def implied_denominator(
    ops: Operations, figure: Figure, documents: list[int], intent: Intent
) -> Choice | None:
    resolver = ops.resolver
    if figure.kind in ("project", "sheet"):
        return resolver.column_choice([figure.document_id], "项目支出", "")
    if figure.table_kind == "basic_by_economic" and figure.kind == "row":
        return resolver.column_choice([figure.document_id], "合计", "经济科目")
    if figure.kind == "column":
        # 基本支出 / 项目支出 → the total of the same table row
        row = next(
            (
                r
                for r in ops.db.rows
                if figure.source.table == resolver.catalogue.tables[r.table_id].title
                and r.name == figure.source.row
                and r.document_id == figure.document_id
            ),
            None,
        )
        if row and row.cells:
            return _table_total(ops, row, row.cells[0], figure.unit, "column")
    if figure.kind == "row" and figure.ref:
        row = next((r for r in ops.db.rows if str(r.id) == figure.ref), None)
        if row is not None:
            rows = resolver.catalogue.rows_by_table.get(row.table_id, [])
            total = next((r for r in rows if r.name in ("合计", "总计") and r.cells), None)
            if total is None and row.section:
                total = next(
                    (r for r in rows if r.section == row.section and r.name.endswith("总计") and r.cells),
                    None,
                )
            if total is not None:
                column = figure.source.column
                cell = next((c for c in total.cells if c.column == column), total.cells[0])
                return _table_total(ops, total, cell, figure.unit, "row")
    if figure.kind == "narrative":
        return resolver.column_choice([figure.document_id], "合计", "")
    return None


def _table_total(ops: Operations, row: RowRecord, cell: CellRecord, unit: str, kind: str) -> Choice:
    """A table's total cell as the denominator of a share, labelled by its table."""
    resolver = ops.resolver
    label = f"{resolver.table_of(row).title}合计"
    source = resolver.source_for_row(row, cell.column)
    return Choice(Figure(label, cell.amount, unit, source, kind=kind, document_id=row.document_id))


def _stated_share_figures(ops: Operations, figure: Figure, words: str = "") -> tuple[Figure, Figure] | None:
    """(the item's amount, the total it is a share of) where the narrative states the item's share.

    The total is the passage's first amount of another subject; the pair is used only when
    dividing them gives the stated percentage (so the reading is the document's own).
    """
    label = canon(figure.label)
    if len(label) < 2:
        return None
    narrative = [f for f in ops.facts_by_document.get(figure.document_id, []) if f.passage_id > 0]
    for index, fact in enumerate(narrative):
        if fact.kind != "share" or index == 0:
            continue
        amount = narrative[index - 1]
        subject = ops.subjects[id(amount)]
        named = subject == label or (len(words) >= 4 and subject.endswith(words))
        if amount.sentence != fact.sentence or amount.unit not in MONEY or not named:
            continue
        total = next(
            (
                f
                for f in narrative
                if f.passage_id == fact.passage_id
                and f.kind == "amount"
                and f.unit == amount.unit
                and f is not amount
            ),
            None,
        )
        if total is None or not total.amount:
            continue
        if percent(amount.amount, total.amount) == fact.amount.quantize(Decimal("0.01")):
            return ops.resolver.narrative_figure(amount), ops.resolver.narrative_figure(total)
    return None


def stated_share(ops: Operations, figure: Figure, documents: list[int]) -> Decimal | None:
    label = canon(figure.label)
    narrative = [f for f in ops.db.narrative if f.document_id == figure.document_id]
    for index, fact in enumerate(narrative):
        if fact.kind == "share" and index > 0:
            previous = narrative[index - 1]
            if (
                previous.sentence == fact.sentence
                and canon(previous.subject).endswith(label)
                and previous.amount == figure.in_unit(previous.unit).amount
            ):
                return fact.amount
    return None


def pair(
    ops: Operations, intent: Intent, documents: list[int], conversation: Conversation
) -> tuple[list[Choice], Answer | None]:
    choices, problem = ops._subjects(intent, documents, conversation, keep_columns=True)
    if problem is not None:
        return [], problem
    if len(choices) < 2:
        sides = re.split(r"比|和|与|跟|同|及|加上|、", intent.text, maxsplit=1)
        if len(sides) == 2:
            found = []
            for side in sides:
                side_intent = replace_intent(intent, side, ops.catalogue)
                side_choices, _ = ops._subjects(side_intent, documents, conversation)
                if side_choices:
                    found.append(side_choices[0])
            if len(found) == 2:
                return found, None
    if len(choices) < 2 and conversation.subjects:
        previous = [Choice(f) for f in conversation.subjects]
        if not choices and len(previous) >= 2:
            return previous[-2:], None
        if choices:
            return [previous[-1], *choices], None
    return choices, None


def difference(ops: Operations, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
    choices, problem = ops._pair(intent, documents, conversation)
    if problem is not None:
        return problem, [], None
    if len(choices) < 2:
        return ops._lookup(intent, documents, conversation)
    a, b = choices[0].figure, choices[1].figure
    b = b.in_unit(a.unit) if a.unit in MONEY else b
    difference = a.amount - b.amount
    bigger, smaller = (a, b) if difference >= 0 else (b, a)
    gap = abs(difference)
    derivation = f"{plain(bigger.amount)} − {plain(smaller.amount)} = {plain(gap)}{a.unit}"
    text = (
        f"{a.label}比{b.label}{'多' if difference >= 0 else '少'}{format_amount(gap, a.unit)}：{derivation}。"
    )
    answer = ops._answer(
        intent,
        text,
        None,
        (a.source, b.source),
        derivation=derivation,
        value=gap,
        unit=a.unit,
        headline=format_amount(gap, a.unit),
    )
    return answer, [choices[0].figure, choices[1].figure], a.document_id


def sum_figures(ops: Operations, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
    choices, problem = ops._pair(intent, documents, conversation)
    if problem is not None:
        return problem, [], None
    if len(choices) < 2:
        return ops._lookup(intent, documents, conversation)
    figures = [choices[0].figure] + [c.figure.in_unit(choices[0].figure.unit) for c in choices[1:]]
    unit = figures[0].unit
    total = sum((f.amount for f in figures), Decimal(0))
    shown_unit = intent.unit if intent.unit and unit in MONEY else unit
    factor = Decimal(10000) if unit == "万元" and shown_unit == "元" else Decimal(1)
    derivation = " + ".join(plain(f.amount) for f in figures) + f" = {plain(total)}{unit}"
    labels = "、".join(f.label for f in figures)
    text = f"{labels}合计{format_amount(total * factor, shown_unit)}：{derivation}。"
    answer = ops._answer(
        intent,
        text,
        None,
        [f.source for f in figures],
        derivation=derivation,
        value=total * factor,
        unit=shown_unit,
    )
    return answer, figures, figures[0].document_id


def population(ops: Operations, intent: Intent, documents: list[int]) -> tuple[str, list[Figure]]:
    resolver = ops.resolver
    document_id = documents[0] if documents else None
    if document_id is None:
        return "", []
    if re.search(r"功能科目|科目|支出功能", intent.text) and "项目" not in intent.text:
        table = next(
            (t for t in ops.db.tables if t.document_id == document_id and t.kind == "expenditure"), None
        )
        if table:
            rows = [r for r in resolver.catalogue.rows_by_table.get(table.id, []) if r.level == 3 and r.cells]
            return "功能科目（项级）", [f for r in rows if (f := resolver.row_figure([r])) is not None]
    if re.search(r"经济科目|基本支出", intent.text):
        table = next(
            (t for t in ops.db.tables if t.document_id == document_id and t.kind == "basic_by_economic"), None
        )
        if table:
            rows = [r for r in resolver.catalogue.rows_by_table.get(table.id, []) if r.group and r.cells]
            return "基本支出经济科目", [f for r in rows if (f := resolver.row_figure([r])) is not None]
    rows = resolver.projects_of([document_id], carryover="结转" in intent.text)
    figures = []
    for row in rows:
        figure = resolver.row_figure([row])
        if figure is not None:
            figures.append(replace(figure, parts=(), kind="project"))
    if not figures:  # no project table: the projects of the performance sheets
        sheets = [p for p in resolver.catalogue.projects.values() if p.document_id == document_id]
        figures = [f for p in sheets if (f := resolver.sheet_figure(p)) is not None]
        return "绩效目标表所列项目", figures
    return "项目", figures


def ranking(ops: Operations, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
    if not intent.mentions and "项目" not in intent.text and len(conversation.subjects) >= 2:
        # 哪个多 after two answers compares those two
        pair_ = [f for f in conversation.subjects[-2:]]
        if all(f.unit == pair_[0].unit for f in pair_):
            best = (
                min(pair_, key=lambda f: f.amount) if intent.ascending else max(pair_, key=lambda f: f.amount)
            )
            other = pair_[0] if best is pair_[1] else pair_[1]
            word = "少" if intent.ascending else "多"
            text = (
                f"{best.label}{word}：{format_amount(best.amount, best.unit)}，"
                f"{other.label} {format_amount(other.amount, other.unit)}。"
            )
            return ops._answer(intent, text, best, (best.source, other.source)), [best], best.document_id
    label, figures = ops._population(intent, documents)
    if not figures:
        return ops._not_found(intent)
    ordered = sorted(figures, key=lambda f: f.amount, reverse=not intent.ascending)
    top = ordered[: max(1, min(intent.top, 10))]
    items = "；".join(f"{i + 1}. {f.label} {format_amount(f.amount, f.unit)}" for i, f in enumerate(top))
    word = "最少" if intent.ascending else "最多"
    heading = f"{label}中金额{word}的" + (f"前{len(top)}个" if len(top) > 1 else "是")
    text = f"{heading}：{items}（共{len(figures)}个{label}）。"
    first = top[0]
    answer = ops._answer(intent, text, first, [f.source for f in top])
    return answer, top, first.document_id


def count_items(ops: Operations, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
    label, figures = ops._population(intent, documents)
    if not figures:
        return ops._not_found(intent)
    total = sum((f.amount for f in figures), Decimal(0))
    names = "、".join(f.label for f in figures)
    text = f"{figures[0].source.table}共列{len(figures)}个{label}，合计{format_amount(total, figures[0].unit)}：{names}。"
    carry = [
        r
        for r in ops.resolver.projects_of(documents[:1], carryover=True)
        if ops.resolver.table_of(r).kind == "projects_carryover"
    ]
    if carry and label == "项目" and "结转" not in intent.text:
        text += f"\n另有上年结转项目{len(carry)}个。"
    answer = ops._answer(
        intent,
        text,
        None,
        (figures[0].source,),
        value=Decimal(len(figures)),
        unit="个",
        headline=f"{len(figures)}个",
    )
    return answer, [], figures[0].document_id


def list_items(ops: Operations, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
    return ops._count(intent, documents, conversation)


def threshold(ops: Operations, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
    label, figures = ops._population(intent, documents)
    if not figures or intent.threshold is None:
        return ops._not_found(intent)
    limit = intent.threshold
    chosen = [f for f in figures if _compare(f.in_unit("元").amount, intent.comparator, limit)]
    limit_text = format_amount(limit / 10000, "万元") if limit >= 10000 else format_amount(limit, "元")
    word = {">": "超过", ">=": "不少于", "<": "低于", "<=": "不超过"}[intent.comparator]
    if not chosen:
        text = texts.THRESHOLD_NONE.format(label=label, comparator=word, limit=limit_text)
        return (
            ops._answer(
                intent, text, None, (figures[0].source,), value=Decimal(0), unit="个", headline="0个"
            ),
            [],
            figures[0].document_id,
        )
    items = "；".join(
        f"{f.label} {format_amount(f.amount, f.unit)}" for f in sorted(chosen, key=lambda f: -f.amount)
    )
    text = texts.THRESHOLD.format(
        label=label, comparator=word, limit=limit_text, count=len(chosen), items=items
    )
    answer = ops._answer(
        intent,
        text,
        None,
        [f.source for f in chosen],
        value=Decimal(len(chosen)),
        unit="个",
        headline=f"{len(chosen)}个",
    )
    return answer, chosen, figures[0].document_id


def percent(numerator: Decimal, denominator: Decimal) -> Decimal:
    return (numerator / denominator * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _last_money(subjects: Sequence[Figure]) -> Figure:
    """The most recent figure that is an amount of money (else the most recent)."""
    return next((f for f in reversed(subjects) if f.unit in MONEY), subjects[-1])


def _compare(amount: Decimal, comparator: str, limit: Decimal) -> bool:
    if comparator == ">":
        return amount > limit
    if comparator == ">=":
        return amount >= limit
    if comparator == "<":
        return amount < limit
    return amount <= limit


def replace_intent(intent: Intent, text: str, catalogue: object) -> Intent:
    """The intent of one side of a comparison (its own names and core)."""

    compact = canon(text)
    return replace(intent, text=text, core=_core(text), mentions=_mentions(compact, catalogue))  # type: ignore[arg-type]


def _without_columns(intent: Intent) -> Intent:

    return replace(intent, columns=())
