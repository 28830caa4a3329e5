"""Questions a project's performance sheet answers with an indicator: times, standards, people.

The project is the one the question names, else the one whose name shares most of its
words, else the conversation's last project. Handlers return ``None`` when no sheet
answers (the dispatcher then tries the next; see ``knowledge.dispatch``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from knowledge import narration
from knowledge.aliasing import canon
from knowledge.context import Context
from knowledge.conversation import Conversation, Outcome, Turn
from knowledge.figures import indicator_amount, lcs
from knowledge.phrasing import answered, not_found
from knowledge.plan import Intent
from knowledge.records import IndicatorRecord, ProjectRecord
from knowledge.thresholds import (
    INDICATOR_MIN_SHARE,
    INDICATOR_WORDS_HELD,
    PEOPLE_INDICATOR_RECALL,
    PROJECT_MIN_PAIRS,
)
from knowledge.vocabulary import AMOUNT_FILLER
from knowledge.wording import unexplained

PEOPLE_INDICATOR = r"人数|人员|数量|代表"


def names_other_item(intent: Intent) -> bool:
    """The question names a table line or total, not a project (人大监督)."""
    kinds = {entry.kind for mention in intent.mentions for entry in mention.entries}
    return bool(kinds) and "project" not in kinds and "indicator" not in kinds


def context_project(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> ProjectRecord | None:
    """The project the question is about: named, else sharing its words, else the last one answered."""
    for mention in intent.mentions:
        for entry in mention.entries:
            if entry.document_id not in documents:
                continue
            if entry.kind == "project":
                project = context.resolver.project_named(entry.document_id, entry.key)
                if project:
                    return project
    best = None
    pairs = {intent.core[i : i + 2] for i in range(len(intent.core) - 1)}
    for project in context.catalogue.projects.values():
        if project.document_id not in documents:
            continue
        name = canon(project.name)
        score = sum(1 for pair in pairs if pair in name)
        if score >= PROJECT_MIN_PAIRS and (best is None or score > best[0]):
            best = (score, project)
    if best:
        return best[1]
    if names_other_item(intent):
        return None  # the question names another item (那人大监督呢): not the last project
    for figure in reversed(conversation.subjects):
        project = context.resolver.project_of_figure(figure)
        if project is None and figure.kind == "project":
            project = context.resolver.project_named(figure.document_id, canon(figure.label))
        if project is not None:
            return project
    return None


# units that count anything (个, 项, 次): the unit asked alone does not say the indicator counts the thing
ANY_COUNT = frozenset({"个", "项", "次", "个数", "次数"})


def indicator_answer(
    context: Context,
    intent: Intent,
    documents: Sequence[int],
    conversation: Conversation,
    pattern: str,
    units: Sequence[str],
    *,
    every_word: bool = False,
) -> Outcome | None:
    """The indicator of the question's project (else of any project) matching ``pattern`` and ``units``;
    ``every_word``: none whose names leave words of the question unexplained (standards: many read
    alike, 居民医保个人缴费标准 is not 居民医保人均财政补助标准)."""
    project = context_project(context, intent, documents, conversation)
    if project is None and names_other_item(intent):
        return None
    candidates = []
    pool = (
        [project]
        if project
        else [p for p in context.catalogue.projects.values() if p.document_id in documents]
    )
    for candidate in pool:
        items = [i for i in candidate.indicators if i.period == "年度"] or list(candidate.indicators)
        for item in items:
            amount, unit = indicator_value(item)
            # a count by its words (数量, 个数 …), or by the unit asked (续建大中型水库 ≥26座, asked in 座)
            if not re.search(
                pattern, item.level3 + item.level2 + (item.value if "/" in item.value else "")
            ) and not (units and unit in units and unit not in ANY_COUNT):
                continue
            if units and unit not in units and not (amount is None and "time" in units):
                continue
            core = intent.core.replace(canon(candidate.name), "") if project else intent.core
            name = canon(item.level3)
            own = lcs(core, name)
            if (
                len(core) >= 2
                and own < max(2, min(len(core), len(name)) * INDICATOR_MIN_SHARE)
                and not project
            ):
                continue  # the indicator counts something else than what is asked
            score = own + (lcs(intent.core, canon(candidate.name)) if not project else 0)
            candidates.append((score, candidate, item))
    if not candidates:
        return None
    candidates.sort(key=lambda c: -c[0])
    _, chosen_project, item = candidates[0]
    asked = SHEET_FILLER.sub(" ", INDICATOR_FILLER.sub(" ", intent.core))
    if every_word and unexplained(
        asked, canon(chosen_project.name), canon(item.level2 + item.level3), item.value
    ):
        return None  # the question says more (个人缴费) than the indicator found holds
    return indicator_result(context, intent, chosen_project, item)


# words naming the sheet or how a value is reckoned, not the indicator (绩效目标表里, 按…算, 每人每个月)
SHEET_FILLER = re.compile(r"绩效目标表?|绩效表|目标表|绩效|每[人个位名月年天次]*|[按算里中个]")


def named_indicator(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | None:
    """An indicator asked by its project's words and its own (代表培训的满意度: 代表培训经费's
    代表满意度): the one indicator of the project holding the words the project's name lacks."""
    project = context_project(context, intent, documents, conversation)
    if project is None:
        return None
    name = set(canon(project.name))
    rest = [
        char
        # (amount words name no indicator: 当年预算 is the project's funds, not 年度预算执行率)
        for char in AMOUNT_FILLER.sub("", INDICATOR_FILLER.sub("", intent.core))
        if char not in name and "\u4e00" <= char <= "\u9fff"
    ]
    if len(rest) < 2:
        return None
    items = [i for i in project.indicators if i.period == "年度"] or list(project.indicators)
    # the measure asked (多少株) held by a value (41865株) breaks a tie of words (现有古树名木定位与调查 ·
    # 全市古树名木每木定位和调查 … 2026年9月底前)
    asked = MEASURE_ASKED.search(intent.text)
    measure = asked.group(1) if asked else ""
    scored = sorted(
        (
            (
                sum(1 for char in rest if char in canon(item.level2 + item.level3)),
                bool(measure) and re.search(rf"\d\s*{re.escape(measure)}", item.value) is not None,
                index,
            )
            for index, item in enumerate(items)
        ),
        reverse=True,
    )
    # the indicator holding most of the words the project's name lacks, and most of them (参加会议人员满意度:
    # 服务对象满意度 · 县人大常委会参会人员), no other as near
    if (
        not scored
        or scored[0][0] < INDICATOR_WORDS_HELD * len(rest)
        or (len(scored) > 1 and scored[1][:2] == scored[0][:2])
    ):
        return None
    return indicator_result(context, intent, project, items[scored[0][2]])


# the measure word a count asks in (多少株, 几张, 多少人次)
MEASURE_ASKED = re.compile(r"(?:多少|几)\s*([\u4e00-\u9fff]{1,2}?)(?=[\u4e00-\u9fff]|[?？]|$)")


# words asking for an indicator's value that name no indicator (满意度目标是多少, 要达到多少)
INDICATOR_FILLER = re.compile(r"目标值?|指标值?|要求|要达到|达到|计划|预计|项目|至少|不少于|不低于|起码|要")


def indicator_result(
    context: Context, intent: Intent, project: ProjectRecord, item: IndicatorRecord
) -> Outcome:
    """An indicator's value as the answer ("七届六次人代会 · 参加会议的代表人数：230人"), cited."""
    figure = context.resolver.indicator_figure(project, item)
    text = f"{project.name} · {item.level3}：{item.value}。"
    shown = figure if figure.unit else None  # a date or a word has no figure
    answer = answered(intent, text, shown, (figure.source,), headline=item.value)
    return Outcome(answer, Turn((figure,), project.document_id))


def time(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | None:
    """When: a time indicator of the sheet, else the project's 实施计划."""
    result = indicator_answer(context, intent, documents, conversation, r"时间|日期|时限", ("time",))
    if result is not None:
        return result
    project = context_project(context, intent, documents, conversation)
    if project is not None:
        plan = dict(project.fields).get("项目实施计划")
        if plan:
            source = context.resolver.sheet_source(project, "项目实施计划")
            answer = answered(intent, f"{project.name} · 项目实施计划：{plan}", None, (source,))
            return Outcome(answer, Turn(document_id=project.document_id))
    return None


def standard(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | None:
    """A rate (培训标准 400元/人/天): the indicator named, else one matching 标准/每人 …"""
    mention = next((m for m in intent.mentions if any(e.kind == "indicator" for e in m.entries)), None)
    if mention is not None:
        entries = [e for e in mention.entries if e.kind == "indicator" and e.document_id in documents]
        best = None
        for entry in entries:
            found = context.resolver.indicator(entry.key)
            if found is None:
                continue
            project, item = found
            score = lcs(intent.core, canon(project.name))
            if best is None or score > best[0]:
                best = (score, project, item)
        if best is not None:
            _, project, item = best
            if unexplained(intent.core, canon(project.name), canon(item.level3), item.value):
                # 误工补贴标准 is not 人大代表通讯、交通补贴经费's 补贴标准: no line of the document
                # holds what the question says beyond it (the lookup would read the 补贴标准 alone)
                return not_found(context, intent)
            return indicator_result(context, intent, project, item)
    return indicator_answer(
        context, intent, documents, conversation, r"标准|单价|每名|每人|每个|每位|/", (), every_word=True
    )


def people(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | None:
    """How many people: a count stated in the text, or a sheet indicator, whichever names more of the question."""
    named = any(e.kind == "project" for m in intent.mentions for e in m.entries)
    project = context_project(context, intent, documents, conversation)
    if project is not None and (named or intent.follow_up or len(intent.core) < 2):
        result = indicator_answer(context, intent, documents, conversation, PEOPLE_INDICATOR, ("人",))
        if result is not None:
            return result
    core = intent.core
    pairs = {core[i : i + 2] for i in range(len(core) - 1)}

    def recall(text: str) -> float:
        return sum(1 for pair in pairs if pair in text) / len(pairs) if pairs else 0.0

    facts = narration.facts(context, documents, core, units=("人", "名"))
    fact_score = recall(context.subjects[id(facts[0])]) if facts else 0.0
    best_indicator = None
    for candidate in context.catalogue.projects.values():
        if candidate.document_id not in documents:
            continue
        for item in candidate.indicators:
            if item.period != "年度" or not re.search(PEOPLE_INDICATOR, item.level3):
                continue
            amount, unit = indicator_value(item)
            if unit != "人" or amount is None:
                continue
            score = recall(canon(item.level3))
            if best_indicator is None or score > best_indicator[0]:
                best_indicator = (score, candidate, item)
    if (
        best_indicator is not None
        and best_indicator[0] > fact_score
        and best_indicator[0] >= PEOPLE_INDICATOR_RECALL
    ):
        _, chosen, item = best_indicator
        return indicator_result(context, intent, chosen, item)
    if facts:
        return narration.fact_answer(context, intent, facts[0])
    return None


def indicator_value(item: IndicatorRecord) -> tuple[Decimal | None, str]:
    """An indicator's number and unit; (None, "time") for a date or a period (6月 · 上旬)."""
    amount, unit = indicator_amount(item)
    if amount is None or re.search(r"月|日|年|下旬|上旬|中旬|季度|每", item.value) and not unit:
        return None, "time"
    return amount, unit
