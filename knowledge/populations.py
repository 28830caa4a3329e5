"""Rankings, counts, lists and thresholds over a population: projects, 功能科目 or 经济科目 lines.

The plan's ``population`` names what is ranked or counted, in the order tried (projects
last: the project table, else the projects of the performance sheets).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from knowledge import narration, sheets, texts
from knowledge.aliasing import canon
from knowledge.arithmetic import compare
from knowledge.context import Context
from knowledge.conversation import Conversation, Outcome, Turn
from knowledge.figures import Figure, format_amount, names_every_char
from knowledge.phrasing import answered, not_found
from knowledge.plan import Intent, Population
from knowledge.slots import CARRIED, WITH_CARRIED
from knowledge.units import is_unit_line
from knowledge.vocabulary import AMOUNT_FILLER, RANKING

# the 部门预算经济分类 类 of 人员经费 (工资福利支出, 对个人和家庭的补助) and of 公用经费 (商品和服务支出,
# 资本性支出) in a 基本支出 table printing no column for either
PERSONNEL_CLASSES = frozenset({"301", "303"})
PUBLIC_CLASSES = frozenset({"302", "310"})

COMPARATOR_WORDS = {">": "超过", ">=": "不少于", "<": "低于", "<=": "不超过"}


def population(context: Context, intent: Intent, documents: Sequence[int]) -> tuple[str, list[Figure]]:
    """(what the figures are, the figures) of the first document's population asked."""
    resolver = context.resolver
    document_id = documents[0] if documents else None
    if document_id is None:
        return "", []
    within = _children_of_named(context, intent, document_id)
    if within is not None:
        return within
    for wanted in intent.population:
        if wanted is Population.UNITS:
            return "下属单位", _unit_lines(context, document_id)
        if wanted is Population.FUNCTIONAL:
            table = next(
                (t for t in context.db.tables if t.document_id == document_id and t.kind == "expenditure"),
                None,
            )
            if table:
                rows = [
                    r for r in resolver.catalogue.rows_by_table.get(table.id, []) if r.level == 3 and r.cells
                ]
                return "功能科目（项级）", [f for r in rows if (f := resolver.row_figure([r])) is not None]
        elif wanted is Population.ECONOMIC:
            table = next(
                (
                    t
                    for t in context.db.tables
                    if t.document_id == document_id and t.kind == "basic_by_economic"
                ),
                None,
            )
            if table:
                rows = [
                    r
                    for r in resolver.catalogue.rows_by_table.get(table.id, [])
                    if (r.group or r.parent_code) and r.cells
                ]
                # 公用经费里哪一项最多: the classes by their 公用经费 column, those with none left out;
                # where no column splits them, the classes of its 类 (302, 310 for 公用经费)
                named = [c for c in ("人员经费", "公用经费") if c in intent.columns]
                figures = [f for r in rows if (f := resolver.row_figure([r], named)) is not None]
                if named:
                    split = [f for f in figures if f.amount and named[0] in f.source.column]
                    if not split:
                        classes = PERSONNEL_CLASSES if named[0] == "人员经费" else PUBLIC_CLASSES
                        split = [
                            f
                            for r in rows
                            if r.parent_code in classes and (f := resolver.row_figure([r])) is not None
                        ]
                    return f"基本支出经济科目（{named[0]}）", split
                return "基本支出经济科目", figures
    figures = []
    for row in resolver.projects_of([document_id], carryover=intent.carryover):
        if intent.carried_only and resolver.table_of(row).kind != "projects_carryover":
            continue  # 去年结转过来的项目: only those the carry-over table lists
        figure = resolver.row_figure([row])
        if figure is not None:
            figures.append(replace(figure, parts=(), kind="project"))
    if intent.carried_only:
        return ("上年结转项目", figures) if figures else ("", [])
    if not figures:  # no project table: the projects of the performance sheets
        sheets = [p for p in resolver.catalogue.projects.values() if p.document_id == document_id]
        return "绩效目标表所列项目", [f for p in sheets if (f := resolver.sheet_figure(p)) is not None]
    return "项目", figures


# 除了行政运行 / 除去…: a line left out of the ranking
LEFT_OUT = re.compile(
    r"(?:除了|除去|除开|不算|不含|除)(?P<names>[^，,。？?]{2,30}?)(?:以外|之外|外)?(?=[，,]|哪|$)"
)


def _children_of_named(context: Context, intent: Intent, document_id: int) -> tuple[str, list[Figure]] | None:
    """A ranking within a line named (对个人和家庭的补助里哪项最多, 检察里除了行政运行哪项最多): the
    lines under it in its table (by 科目 code, or by the class a line names), those left out named
    after 除了 excepted; None when no line named has lines under it."""
    resolver = context.resolver
    catalogue = resolver.catalogue
    left_out = LEFT_OUT.search(intent.text)
    excepted = canon(left_out.group("names")) if left_out else ""
    for mention in intent.mentions:
        if mention.column_like or (excepted and mention.alias in excepted):
            continue
        keys = {e.key for e in mention.entries if e.kind == "row" and e.document_id == document_id}
        for key in keys:
            for parent in resolver.rows_named([document_id], key):
                lines = catalogue.rows_by_table.get(parent.table_id, [])
                children = [
                    r
                    for r in lines
                    if r.cells
                    and r.id != parent.id
                    and (
                        (parent.code and r.parent_code == parent.code) or (r.group and r.group == parent.name)
                    )
                    and not (excepted and canon(r.name) in excepted)
                ]
                figures = [f for r in children if (f := resolver.row_figure([r])) is not None]
                if len(figures) >= 2:
                    return f"{parent.name}下的科目", figures
    return None


def _unit_lines(context: Context, document_id: int) -> list[Figure]:
    """Each unit's whole budget: its line of the 收入总表 (else of the 支出总表), the body's own line
    and the totals aside; none when the document lists no unit."""
    resolver = context.resolver
    body = canon(context.documents[document_id].body)
    for kind in ("income", "expenditure"):
        for table in context.db.tables:
            if table.document_id != document_id or table.kind != kind:
                continue
            rows = [
                r
                for r in resolver.catalogue.rows_by_table.get(table.id, [])
                if r.cells and is_unit_line(r) and canon(r.name) != body and "本级" not in r.name
            ]
            figures = [f for r in rows if (f := resolver.row_figure([r])) is not None]
            if len(figures) >= 2:
                return figures
    return []


def ranking(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome:
    """The largest (or smallest) of the population; of the last two figures when none is named."""
    if not intent.mentions and not intent.says_projects and len(conversation.subjects) >= 2:
        # 哪个多 after two answers compares those two
        last_two = conversation.subjects[-2:]
        if all(f.unit == last_two[0].unit for f in last_two):
            pick = min if intent.ascending else max
            best = pick(last_two, key=lambda f: f.amount)
            other = last_two[0] if best is last_two[1] else last_two[1]
            word = "少" if intent.ascending else "多"
            text = (
                f"{best.label}{word}：{format_amount(best.amount, best.unit)}，"
                f"{other.label} {format_amount(other.amount, other.unit)}。"
            )
            answer = answered(intent, text, best, (best.source, other.source))
            return Outcome(answer, Turn((best,), best.document_id))
    label, figures = population(context, intent, documents)
    if not figures or (label.endswith("项目") and _ranking_qualifier(intent)):
        # 重点项目里哪个最大, 一般性项目中哪个: some of the projects, which a ranking of all does not answer
        return not_found(context, intent)
    ordered = sorted(figures, key=lambda f: f.amount, reverse=not intent.ascending)
    top = ordered[: max(1, min(intent.top, 10))]
    items = "；".join(f"{i + 1}. {f.label} {format_amount(f.amount, f.unit)}" for i, f in enumerate(top))
    word = "最少" if intent.ascending else "最多"
    heading = f"{label}中金额{word}的" + (f"前{len(top)}个" if len(top) > 1 else "是")
    text = f"{heading}：{items}（共{len(figures)}个{label}）。"
    first = top[0]
    answer = answered(intent, text, first, [f.source for f in top])
    return Outcome(answer, Turn(tuple(top), first.document_id))


def count_items(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome:
    """How many items the population holds, with their total and names (a list too); a count the
    narrative states under the words asked first (设置并编报10个项目绩效目标, where the project table
    lists 12 projects: not every project has a 绩效目标)."""
    stated = narration.facts(context, documents, intent.core, kinds=("count",), units=("个", "项", "家"))
    qualified = _qualifier(intent)
    if stated and (
        names_every_char(context.without_bodies(documents, intent.core), context.subjects[id(stated[0])])
        or (qualified and qualified in context.subjects[id(stated[0])])
    ):
        outcome = sheets.quantity(
            context, replace(intent, quantity_units=(stated[0].unit,)), documents, conversation
        )
        if outcome is not None:
            return outcome
    label, figures = population(context, intent, documents)
    if not figures or qualified:
        # 在建项目, 纳入绩效目标管理的一级项目, 计划扶持的项目: some of the projects, which the table's
        # count of all of them does not answer
        return not_found(context, intent)
    total = sum((f.amount for f in figures), Decimal(0))
    names = "、".join(f.label for f in figures)
    text = f"{figures[0].source.table}共列{len(figures)}个{label}，合计{format_amount(total, figures[0].unit)}：{names}。"
    resolver = context.resolver
    carry = [
        r
        for r in resolver.projects_of(documents[:1], carryover=True)
        if resolver.table_of(r).kind == "projects_carryover"
    ]
    if carry and label == "项目" and not intent.carryover:
        text += f"\n另有上年结转项目{len(carry)}个。"
    answer = answered(
        intent,
        text,
        None,
        (figures[0].source,),
        value=Decimal(len(figures)),
        unit="个",
        headline=f"{len(figures)}个",
    )
    return Outcome(answer, Turn(document_id=figures[0].document_id))


def threshold(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome:
    """The items above (or below) the plan's limit."""
    label, figures = population(context, intent, documents)
    if not figures or intent.threshold is None:
        return not_found(context, intent)
    limit = intent.threshold
    chosen = [f for f in figures if compare(f.in_unit("元").amount, intent.comparator, limit)]
    limit_text = format_amount(limit / 10000, "万元") if limit >= 10000 else format_amount(limit, "元")
    word = COMPARATOR_WORDS[intent.comparator]
    if not chosen:
        text = texts.THRESHOLD_NONE.format(label=label, comparator=word, limit=limit_text)
        answer = answered(
            intent, text, None, (figures[0].source,), value=Decimal(0), unit="个", headline="0个"
        )
        return Outcome(answer, Turn(document_id=figures[0].document_id))
    items = "；".join(
        f"{f.label} {format_amount(f.amount, f.unit)}" for f in sorted(chosen, key=lambda f: -f.amount)
    )
    text = texts.THRESHOLD.format(
        label=label, comparator=word, limit=limit_text, count=len(chosen), items=items
    )
    answer = answered(
        intent,
        text,
        None,
        [f.source for f in chosen],
        value=Decimal(len(chosen)),
        unit="个",
        headline=f"{len(chosen)}个",
    )
    return Outcome(answer, Turn(tuple(chosen), figures[0].document_id))


# words that name the whole population, not a part of it (预算项目, 项目支出的项目, 部门列了几个项目)
WHOLE_POPULATION = re.compile(
    r"项目支出|项目|支出|预算|部门|单位|本级|列出|列了|列|安排|共|一共|总共|总数|数量|个数|本年|今年|年度|财政|的"
)


def _ranking_qualifier(intent: Intent) -> str:
    """Words restricting the projects ranked, said right before 项目 (重点项目, 市级一般性项目), amount and
    ranking words aside; "" for other words (专项业务经费里面哪个具体项目, 哪个项目资金盘子最大)."""
    words = _qualifier(replace(intent, bare_core=AMOUNT_FILLER.sub(" ", RANKING.sub(" ", intent.bare_core))))
    # (a classification asked, 按经济分类哪一类, restricts them too)
    return words if words and ("类" in words or re.search(f"{re.escape(words)}的?项目", intent.text)) else ""


def _qualifier(intent: Intent) -> str:
    """Words restricting a counted population of projects to some of them (在建, 绩效目标), else ""."""
    if Population.PROJECTS not in intent.population or intent.population[0] is not Population.PROJECTS:
        return ""
    # 结转 said names which projects (含结转 · 结转的), no restriction of them
    bare = CARRIED.sub(" ", WITH_CARRIED.sub(" ", intent.bare_core)) if intent.carryover else intent.bare_core
    words = re.findall(r"[\u4e00-\u9fff]{2,}", WHOLE_POPULATION.sub(" ", bare))
    return words[-1] if words else ""
