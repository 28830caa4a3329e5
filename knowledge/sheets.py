"""Questions a performance sheet answers in words or funds: fields, funds, quantities, per-unit rates.

Handlers return ``None`` when no sheet answers (the dispatcher then tries the next;
see ``knowledge.dispatch``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from knowledge import narration
from knowledge.answer import Source
from knowledge.context import Context
from knowledge.conversation import Conversation, Outcome, Turn
from knowledge.figures import Figure, format_amount, lcs, names_every_char, plain
from knowledge.phrasing import answered
from knowledge.plan import Intent
from knowledge.projects import context_project, indicator_answer
from knowledge.records import NarrativeFactRecord

# A rate a sheet's text states per person per month or year (每人每月500元).
PER_PERSON = re.compile(r"每(人|位|名|个)每(月|年)(\d+(?:\.\d+)?)元")


def field(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | None:
    """A text field of a project's performance sheet (立项依据, 项目概况, 总体目标 …)."""
    project = context_project(context, intent, documents, conversation)
    if project is None:
        return None
    fields = dict(project.fields)
    for name in intent.sheet_fields:
        if fields.get(name):
            source = context.resolver.sheet_source(project, name)
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
            return Outcome(answered(intent, text, None, (source,)), Turn((figure,), project.document_id))
    return None


def funds(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | None:
    """实施期 / 年度 funds of a project's performance sheet, in 元."""
    project = context_project(context, intent, documents, conversation)
    if project is None:
        return None
    for period, source_name in intent.fund_fields:
        amount = next((a for p, src, a in project.funds if p == period and src == source_name), None)
        if amount is None:
            continue
        label = f"{period}{source_name}"
        source = Source(
            context.resolver.titles[project.document_id],
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
        return Outcome(answered(intent, text, shown, (source,)), Turn((figure,), project.document_id))
    return None


BUYING = re.compile(r"购置|购买|买|更新|计划|新增|采购|配备")
# words that name no holder of what is counted (公务用车 is 车)
HOLDER_FILLER = re.compile(r"现在|目前|名下|手里|手上|手头|全系统|年末|年底|末$|底$|[台辆]$|公务用$")
# the words for a body's internal departments, one kind whichever a document prints
DEPARTMENTS = re.compile(r"(?:内设|职能)?(?:机构|科室|处室)")
SELF = re.compile(r"^(?:本部门|本单位|本局|本级|全部门|全局|部门|单位)$")
# a total held, not one bought this year: in a count's subject, or asked (现有多少辆)
HOLDS = re.compile(r"共有|现有|实有|拥有|保有|目前有|总数|合计|总计")


ANY_THING = frozenset({"个", "项", "次"})  # units that count anything: the subject must name it
COUNT_TAIL = re.compile(r"(?:总数|个数|数量|数)$")  # 处室数量: the thing is 处室
COUNTED = re.compile(rf"(?:几|多少)[{''.join(sorted(ANY_THING))}]([\u4e00-\u9fff]{{2}})")  # 几个处室: 处室


def quantity(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | None:
    """How many vehicles, rooms, square metres …: narrative counts in the asked unit, else an indicator."""
    units = intent.quantity_units
    # the thing counted last, its holder before it (所属单位共有多少辆车); 本部门, 现在, 名下, 全系统, 年末
    # name no holder of their own; 台车 is 车 counted in 台
    thing, holder = intent.core[-1:], SELF.sub("", HOLDER_FILLER.sub("", intent.core[:-1]))

    def held_by(fact: NarrativeFactRecord) -> bool:
        """The fact's subject shares half the holder's words at least: 暂扣车辆报废处置 (a project's
        vehicles) is not the body's 共有车辆."""
        return lcs(holder, context.subjects[id(fact)]) >= max(min(2, len(holder)), (len(holder) + 1) // 2)

    facts = narration.facts(context, documents, intent.core, units=units)
    if not BUYING.search(intent.text):  # 有几辆公车: the cars held, not those bought (更新公务用车1辆)
        facts = [f for f in facts if not BUYING.search(f.subject)]
    if not facts and intent.core:
        # 有几辆车 (a one-character thing, counted in total), 所属单位共有多少辆车: the held counts naming
        # the thing, the one sharing most of the holder's words first
        named = [
            f
            for f in context.in_documents(documents)
            if f.unit in units and thing in context.subjects[id(f)] and HOLDS.search(f.subject)
        ]
        if holder:
            named = [f for f in named if held_by(f)]
        facts = sorted(named, key=lambda f: (-lcs(holder, context.subjects[id(f)]), f.position))[:1]
    # the only count stated in the unit asked (辆): a second unit (台, for vehicles) also counts
    # equipment, so it answers only through a subject that names the thing (设备23台 is no car)
    for unit in units[:1] if not facts else ():
        in_unit = [f for f in context.db.narrative if f.document_id in documents and f.unit == unit]
        if unit in ANY_THING:  # 个, 项, 次 count anything: 处室 asked is not 一级预算项目76个
            need = min(3, len(intent.core))  # a run of the question's words, not one pair of them
            # … and the thing counted among them (局本级…行政编制 is not 局本级内设处室29个)
            after = COUNTED.search(intent.text)  # 内设几个处室？分别叫什么: 处室
            core = DEPARTMENTS.sub("内设机构", intent.core)  # 内设科室 · 处室 · 内设机构: one kind
            counted = DEPARTMENTS.sub("内设机构", after.group(1) if after else COUNT_TAIL.sub("", core)[-2:])
            in_unit = [
                f
                for f in in_unit
                if (
                    lcs(core, subject := DEPARTMENTS.sub("内设机构", context.subjects[id(f)])) >= max(2, need)
                    or names_every_char(SELF.sub("", core), subject)
                )
                and counted in subject
            ]
        elif holder:
            in_unit = [f for f in in_unit if held_by(f)]
        if in_unit and len({f.sentence for f in in_unit}) == 1:
            facts = in_unit
            break
    if facts:
        first = facts[0]
        together = [f for f in context.db.narrative if f.sentence == first.sentence and f.unit == first.unit]
        figure = context.resolver.narrative_figure(first)
        # the figure asked first, then what the sentence states beside it (执法执勤用车242辆，共有车辆248辆…)
        shown = [first, *(f for f in together if f is not first)][:4]
        listed = "，".join(
            f"{context.resolver.narrative_figure(f).label}{format_amount(f.amount, f.unit)}" for f in shown
        )
        text = f"{listed}。\n原文：{first.sentence.strip()}"
        return Outcome(answered(intent, text, figure, (figure.source,)), Turn((figure,), figure.document_id))
    if HOLDS.search(intent.text):
        return None  # 现有多少辆: what is held, which no project's target (购车数量1辆) states
    return indicator_answer(context, intent, documents, conversation, r"数量|个数|面积|次数", units)


def per_unit(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | None:
    """A rate per person per month (or year) the sheet's text states, for a month or a year."""
    project = context_project(context, intent, documents, conversation)
    if project is None:
        return None
    for field_name, value in project.fields:
        match = PER_PERSON.search(value)
        if not match:
            continue
        rate = Decimal(match.group(3))
        per = match.group(2)
        if per == "月" and intent.yearly:
            total = rate * 12
            derivation = f"{plain(rate, 0)} × 12 = {plain(total, 0)}元"
        else:
            total = rate
            derivation = f"每{match.group(1)}每{per}{plain(rate, 0)}元"
        source = context.resolver.sheet_source(project, field_name)
        when = "一年" if intent.yearly else "每" + per
        text = f"{project.name}：每{match.group(1)}{when} {format_amount(total, '元')}（{derivation}）。"
        answer = answered(intent, text, None, (source,), derivation=derivation, value=total, unit="元")
        return Outcome(answer, Turn(document_id=project.document_id))
    return None
