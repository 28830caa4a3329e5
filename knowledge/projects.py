"""Questions about a project's performance sheet: times, standards, people, fields, funds, rates.

Each function takes the ``Operations`` object first (it is bound as a method there).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from knowledge.answer import Source
from knowledge.catalogue import canon
from knowledge.figures import Figure, format_amount, indicator_amount, lcs, plain
from knowledge.queries import IndicatorRecord, ProjectRecord
from knowledge.understand import Intent
from knowledge.vocabulary import FUND_FIELDS, SHEET_FIELDS

if TYPE_CHECKING:
    from knowledge.conversation import Conversation
    from knowledge.operations import Operations, Result


def _names_other_item(intent: Intent) -> bool:
    """The question names a table line or total, not a project (人大监督)."""
    kinds = {entry.kind for mention in intent.mentions for entry in mention.entries}
    return bool(kinds) and "project" not in kinds and "indicator" not in kinds


def context_project(
    ops: Operations, intent: Intent, documents: list[int], conversation: Conversation
) -> ProjectRecord | None:
    for mention in intent.mentions:
        for entry in mention.entries:
            if entry.document_id not in documents:
                continue
            if entry.kind == "project":
                project = ops.resolver.project_named(entry.document_id, entry.key)
                if project:
                    return project
    best = None
    pairs = {intent.core[i : i + 2] for i in range(len(intent.core) - 1)}
    for project in ops.catalogue.projects.values():
        if project.document_id not in documents:
            continue
        name = canon(project.name)
        score = sum(1 for pair in pairs if pair in name)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, project)
    if best:
        return best[1]
    if _names_other_item(intent):
        return None  # the question names another item (那人大监督呢): not the last project
    for figure in reversed(conversation.subjects):
        project = ops.resolver.project_of_figure(figure)
        if project is None and figure.kind == "project":
            project = ops.resolver.project_named(figure.document_id, canon(figure.label))
        if project is not None:
            return project
    return None


def indicator_answer(
    ops: Operations,
    intent: Intent,
    documents: list[int],
    conversation: Conversation,
    pattern: str,
    units: Sequence[str],
) -> Result | None:
    project = ops._context_project(intent, documents, conversation)
    if project is None and _names_other_item(intent):
        return None
    candidates = []
    pool = (
        [project] if project else [p for p in ops.catalogue.projects.values() if p.document_id in documents]
    )
    for candidate in pool:
        items = [i for i in candidate.indicators if i.period == "年度"] or list(candidate.indicators)
        for item in items:
            if not re.search(pattern, item.level3 + item.level2 + (item.value if "/" in item.value else "")):
                continue
            amount, unit = _indicator_value(item)
            if units and unit not in units and not (amount is None and "time" in units):
                continue
            core = intent.core.replace(canon(candidate.name), "") if project else intent.core
            score = lcs(core, canon(item.level3)) + (
                lcs(intent.core, canon(candidate.name)) if not project else 0
            )
            candidates.append((score, candidate, item))
    if not candidates:
        return None
    candidates.sort(key=lambda c: -c[0])
    _, chosen_project, item = candidates[0]
    return _indicator_result(ops, intent, chosen_project, item)


def _indicator_result(
    ops: Operations, intent: Intent, project: ProjectRecord, item: IndicatorRecord
) -> Result:
    """An indicator's value as the answer ("七届六次人代会 · 参加会议的代表人数：230人"), cited."""
    figure = ops.resolver.indicator_figure(project, item)
    text = f"{project.name} · {item.level3}：{item.value}。"
    shown = figure if figure.unit else None  # a date or a word has no figure
    answer = ops._answer(intent, text, shown, (figure.source,), headline=item.value)
    return answer, [figure], project.document_id


def time(ops: Operations, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
    result = ops._indicator_answer(intent, documents, conversation, r"时间|日期|时限", ("time",))
    if result is not None:
        return result
    project = ops._context_project(intent, documents, conversation)
    if project is not None:
        plan = dict(project.fields).get("项目实施计划")
        if plan:
            source = ops.resolver.sheet_source(project, "项目实施计划")
            return (
                ops._answer(intent, f"{project.name} · 项目实施计划：{plan}", None, (source,)),
                [],
                project.document_id,
            )
    return ops._lookup(intent, documents, conversation)


def standard(ops: Operations, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
    for mention in intent.mentions:
        if any(e.kind == "indicator" for e in mention.entries):
            break
    else:
        mention = None
    if mention is not None:
        entries = [e for e in mention.entries if e.kind == "indicator" and e.document_id in documents]
        best = None
        for entry in entries:
            found = ops.resolver.indicator(entry.key)
            if found is None:
                continue
            project, item = found
            score = lcs(intent.core, canon(project.name))
            if best is None or score > best[0]:
                best = (score, project, item)
        if best is not None:
            _, project, item = best
            return _indicator_result(ops, intent, project, item)
    result = ops._indicator_answer(intent, documents, conversation, r"标准|单价|每名|每人|每个|每位|/", ())
    if result is not None:
        return result
    return ops._lookup(intent, documents, conversation)


def people(ops: Operations, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
    """How many people: a count stated in the text, or a sheet indicator, whichever names more of the question."""
    named = any(e.kind == "project" for m in intent.mentions for e in m.entries)
    project = ops._context_project(intent, documents, conversation)
    if project is not None and (named or intent.follow_up or len(intent.core) < 2):
        result = ops._indicator_answer(intent, documents, conversation, r"人数|人员|数量|代表", ("人",))
        if result is not None:
            return result
    core = intent.core
    pairs = {core[i : i + 2] for i in range(len(core) - 1)}

    def recall(text: str) -> float:
        return sum(1 for pair in pairs if pair in text) / len(pairs) if pairs else 0.0

    facts = ops._facts(documents, core, units=("人", "名"))
    fact_score = recall(ops.subjects[id(facts[0])]) if facts else 0.0
    best_indicator = None
    for candidate in ops.catalogue.projects.values():
        if candidate.document_id not in documents:
            continue
        for item in candidate.indicators:
            if item.period != "年度" or not re.search(r"人数|人员|数量|代表", item.level3):
                continue
            amount, unit = _indicator_value(item)
            if unit != "人" or amount is None:
                continue
            score = recall(canon(item.level3))
            if best_indicator is None or score > best_indicator[0]:
                best_indicator = (score, candidate, item)
    if best_indicator is not None and best_indicator[0] > fact_score and best_indicator[0] >= 0.6:
        _, chosen, item = best_indicator
        return _indicator_result(ops, intent, chosen, item)
    if facts:
        return ops._fact_answer(intent, facts[0])
    return ops._lookup(intent, documents, conversation)


def field(ops: Operations, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
    """A text field of a project's performance sheet (立项依据, 项目概况, 总体目标 …)."""
    project = ops._context_project(intent, documents, conversation)
    if project is None:
        return ops._lookup(intent, documents, conversation)
    fields = dict(project.fields)
    for word, name in SHEET_FIELDS:
        if word in intent.text and fields.get(name):
            source = ops.resolver.sheet_source(project, name)
            text = f"{project.name} · {name}：{fields[name]}"
            figure = Figure(
                project.name,
                Decimal(0),
                "",
                source,
                kind="sheet",
                document_id=project.document_id,
                ref=str(project.id),
            )
            return ops._answer(intent, text, None, (source,)), [figure], project.document_id
    return ops._lookup(intent, documents, conversation)


def funds(ops: Operations, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
    """实施期 / 年度 funds of a project's performance sheet, in 元."""
    project = ops._context_project(intent, documents, conversation)
    if project is None:
        return ops._lookup(intent, documents, conversation)
    for word, period, source_name in FUND_FIELDS:
        if word not in intent.text:
            continue
        amount = next((a for p, src, a in project.funds if p == period and src == source_name), None)
        if amount is None:
            continue
        label = f"{period}{source_name}"
        source = Source(
            ops.resolver.titles[project.document_id],
            f"项目支出绩效目标表（{project.name}）",
            "项目资金（元）",
            label,
            project.page,
            project.line,
        )
        figure = Figure(
            f"{project.name}{label}",
            amount,
            "元",
            source,
            kind="sheet",
            document_id=project.document_id,
            ref=str(project.id),
        )
        shown = figure.in_unit(intent.unit) if intent.unit else figure
        annual = next((a for p, src, a in project.funds if p == "年度" and src == "资金总额"), None)
        extra = (
            f"（其中本年度{format_amount(annual, '元')}）"
            if period == "实施期" and annual is not None and annual != amount
            else ""
        )
        text = f"{project.name} · {label}：{format_amount(shown.amount, shown.unit)}{extra}。"
        return ops._answer(intent, text, shown, (source,)), [figure], project.document_id
    return ops._lookup(intent, documents, conversation)


def quantity(ops: Operations, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
    """How many vehicles, rooms, square metres …: narrative counts in the asked unit."""
    match = re.search(r"(?:几|多少)(辆|台|套|间|平方米|平米|座|处|次|个)", intent.text)
    unit = match.group(1) if match else "平方米"
    units = ("平方米",) if unit == "平米" else ((unit, "台（套）") if unit in ("台", "套") else (unit,))
    facts = ops._facts(documents, intent.core, units=units)
    if not facts:
        in_unit = [f for f in ops.db.narrative if f.document_id in documents and f.unit in units]
        if in_unit and len({f.sentence for f in in_unit}) == 1:
            facts = in_unit
    if facts:
        first = facts[0]
        together = [f for f in ops.db.narrative if f.sentence == first.sentence and f.unit == first.unit]
        figure = ops.resolver.narrative_figure(first)
        listed = "，".join(
            f"{ops.resolver.narrative_figure(f).label}{format_amount(f.amount, f.unit)}" for f in together[:4]
        )
        text = f"{listed}。\n原文：{first.sentence.strip()}"
        return ops._answer(intent, text, figure, (figure.source,)), [figure], figure.document_id
    result = ops._indicator_answer(intent, documents, conversation, r"数量|个数|面积|次数", units)
    if result is not None:
        return result
    return ops._lookup(intent, documents, conversation)


def per_unit(ops: Operations, intent: Intent, documents: list[int], conversation: Conversation) -> Result:
    project = ops._context_project(intent, documents, conversation)
    if project is None:
        return ops._lookup(intent, documents, conversation)
    for field_name, value in project.fields:
        match = re.search(r"每(人|位|名|个)每(月|年)(\d+(?:\.\d+)?)元", value)
        if not match:
            continue
        rate = Decimal(match.group(3))
        per = match.group(2)
        yearly = bool(re.search(r"一年|1年|每年|全年", intent.text))
        if per == "月" and yearly:
            total = rate * 12
            derivation = f"{plain(rate, 0)} × 12 = {plain(total, 0)}元"
        else:
            total = rate
            derivation = f"每{match.group(1)}每{per}{plain(rate, 0)}元"
        source = ops.resolver.sheet_source(project, field_name)
        text = f"{project.name}：每{match.group(1)}{'一年' if yearly else '每' + per} {format_amount(total, '元')}（{derivation}）。"
        return (
            ops._answer(intent, text, None, (source,), derivation=derivation, value=total, unit="元"),
            [],
            project.document_id,
        )
    return ops._lookup(intent, documents, conversation)


def _indicator_value(item: object) -> tuple[Decimal | None, str]:

    amount, unit = indicator_amount(item)  # type: ignore[arg-type]
    if (
        amount is None
        or re.search(r"月|日|年|下旬|上旬|中旬|季度|每", getattr(item, "value", ""))
        and not unit
    ):
        return None, "time"
    return amount, unit
