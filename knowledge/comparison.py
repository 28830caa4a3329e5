"""Questions across documents of one body: years, 预算 vs 决算, 部门 vs 单位.

Each function takes the ``Operations`` object first (it is bound as a method there).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from knowledge.arithmetic import percent
from knowledge.figures import Figure, format_amount, plain
from knowledge.understand import Intent

if TYPE_CHECKING:
    from knowledge.conversation import Conversation
    from knowledge.operations import Operations, Result


def label(ops: Operations, document_id: int) -> str:
    """A short name for a document in a list: 万里街道 2024年预算（部门）."""
    d = next(d for d in ops.db.documents if d.id == document_id)
    short = d.short_names[0] if d.short_names else d.body
    return f"{short} {d.year}年{d.phase}（{d.scope}）"


def across(ops: Operations, intent: Intent, conversation: Conversation) -> Result | None:
    """Questions that compare documents of one body: years, 预算 vs 决算, 部门 vs 单位."""
    if len(ops.db.documents) < 2:
        return None
    text = intent.text
    years = set(intent.years) | set(intent.compare_years)
    every_year = (
        bool(
            re.search(
                r"哪年|哪[一1]年|哪个年度|历年|各年|逐年|每年的?预算|\d年.{0,6}(分别|各)|(分别|各)是?多少",
                text,
            )
        )
        and not intent.years
    )
    phases = {"预算", "决算"} if ("决算" in text and re.search(r"(?<!决)预算", text)) else set()
    scopes = {"部门", "单位"} if re.search(r"部门.{0,6}单位|单位.{0,6}部门", text) else set()
    if len(years) < 2 and not every_year and not phases and not scopes:
        return None
    documents = list(ops.db.documents)
    if intent.bodies:
        documents = [d for d in documents if any(b == d.body or b in d.short_names for b in intent.bodies)]
    elif conversation.document_id is not None:
        body = next((d.body for d in documents if d.id == conversation.document_id), None)
        documents = [d for d in documents if d.body == body]
    if len({d.body for d in documents}) != 1:
        return None
    if len(years) >= 2:
        documents = [d for d in documents if d.year in years]
    elif intent.years:
        documents = [d for d in documents if d.year in intent.years]
    if intent.phase and not phases:
        documents = [d for d in documents if d.phase == intent.phase] or documents
    if intent.scope and not scopes:
        documents = [d for d in documents if d.scope == intent.scope] or documents
    if len(documents) < 2:
        return None
    figures: list[tuple[int, Figure]] = []
    for document in sorted(documents, key=lambda d: (d.year, d.phase != "预算", d.scope != "部门")):
        figure = ops._subject_in(intent, document.id)
        if figure is not None:
            figures.append((document.id, figure))
    if len(figures) < 2:
        return None
    # compare in the finest unit among them, so no figure is rounded (元 before 万元)
    units = [f.unit for _, f in figures]
    unit = "元" if "元" in units else units[0]
    values = [(doc, f.in_unit(unit)) for doc, f in figures]
    listing = "；".join(f"{ops._label(doc)} {format_amount(f.amount, f.unit)}" for doc, f in values)
    label = values[0][1].label
    sources = [f.source for _, f in values]
    if intent.operation == "ranking":
        ordered = sorted(values, key=lambda item: item[1].amount, reverse=not intent.ascending)
        doc, best = ordered[0]
        word = "最少" if intent.ascending else "最多"
        text_out = f"{label}{word}的是{ops._label(doc)}：{format_amount(best.amount, best.unit)}。\n各文件：{listing}。"
        answer = ops._answer(intent, text_out, best, sources)
        return answer, [best], doc
    if len(values) == 2 and not re.search(r"分别|各是|各多少|各自|都是", text):
        (first_doc, first), (second_doc, second) = values
        delta = second.amount - first.amount
        word = "增加" if delta >= 0 else "减少"
        derivation = f"{plain(second.amount)} − {plain(first.amount)} = {plain(delta)}{unit}"
        rate = (
            f"，{'增长' if delta >= 0 else '下降'}{percent(abs(delta), first.amount)}%"
            if first.amount
            else ""
        )
        text_out = (
            f"{label}：{ops._label(second_doc)} {format_amount(second.amount, unit)}，"
            f"比{ops._label(first_doc)} {format_amount(first.amount, unit)}{word}{format_amount(abs(delta), unit)}{rate}（{derivation}）。"
        )
        answer = ops._answer(
            intent,
            text_out,
            None,
            sources,
            derivation=derivation,
            value=abs(delta) if "多少" in text else delta,
            unit=unit,
        )
        return answer, [second], second_doc
    text_out = f"{label}：{listing}。"
    answer = ops._answer(intent, text_out, None, sources)
    return answer, [f for _, f in values], values[-1][0]


def subject_in(ops: Operations, intent: Intent, document_id: int) -> Figure | None:
    """The question's subject in one document; the document's total when it names none."""
    for mention in intent.mentions:
        choice = ops._resolve(mention, [document_id], intent)
        if choice is not None:
            return choice.figure
    if intent.mentions:
        return None
    loose = (
        ops._fuzzy(intent, [document_id])
        if len(intent.core) >= 2
        and not re.fullmatch(r"(预算|决算|部门|单位|总额|总数|收入|支出|多|少|哪年|比|的)+", intent.core)
        else None
    )
    if loose is not None:
        return loose.figure
    wanted = (
        ("支出总计", "本年支出合计") if "支出" in intent.text else ("收入总计", "本年收入合计", "支出总计")
    )
    for alias in wanted:
        for entry in ops.catalogue.by_alias.get(alias, []):
            if entry.document_id == document_id:
                choice = ops._choice(entry, intent)
                if choice is not None:
                    return choice.figure
    return None
