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
from decimal import Decimal

from knowledge import narration
from knowledge.answer import Source
from knowledge.catalogue import ORDINAL, Entry, canon
from knowledge.choices import choice, pick_document, resolve, subjects
from knowledge.context import Context
from knowledge.conversation import Conversation, Outcome, Turn
from knowledge.figures import MONEY, Choice, Figure, format_amount
from knowledge.phrasing import answered, figure_answer, not_found
from knowledge.plan import Intent, Mention
from knowledge.records import NarrativeFactRecord
from knowledge.vocabulary import AMOUNT_FILLER, BASIC_WORDS, COLUMN_WORDS, IN_PART, PREVIOUS_YEAR, TITLE_HINTS


def lookup(context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation) -> Outcome:
    """The figure the question names, else the budget's total, else a stated amount, else not found."""
    stated_part = _part_stated(context, intent, conversation)
    if stated_part is not None:
        return narration.fact_answer(context, intent, stated_part)
    under = _part_under_unit(context, intent, conversation)
    if under is not None:
        return figure_answer(context, intent, Choice(under))
    phrase = headed(intent)
    found = named(context, phrase, documents, conversation)
    if isinstance(found, Outcome):
        return found
    if found:
        if intent.previous_year:
            return narration.previous_year(context, intent, documents, found[0])
        figure = found[0].figure
        units = _units_of_parts(context, figure)
        if units and "本级" in intent.text:
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
            stated = narration.facts(
                context, documents, intent.core, kinds=("amount",) if intent.money else ()
            )
            if stated and left in context.subjects[id(stated[0])]:
                return narration.fact_answer(context, intent, stated[0])
            return not_found(context, replace(intent, core=left))
        if unit_elsewhere(intent, figure):
            # 陕西省西安公路管理局的预算收入: its line of the “三公” table is not its 收入
            return not_found(context, intent)
        whole = stated_whole(context, intent, documents, figure)
        if whole is not None:
            part = figure.table_kind in BASIC_TABLES and not figure.parts
            return narration.fact_answer(context, intent, whole, beside=figure, part=part)
        return figure_answer(context, intent, found[0])
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


ORGANISATION_LINE = re.compile(r"(?:局|署|院|所|中心|站|队|馆|处|室|会|校|办)(?:（本级）|\(本级\)|本级)?$")
# the table a 收入 question means: a unit's 收入 is its line there, not its line of another table
INCOME_TABLES = frozenset({"income", "summary", "fiscal_summary", "gov_fund_income"})


# the tables where a unit's line is its whole budget (or one fund's whole): not the “三公”, project,
# procurement or 专项业务经费 tables, where its line is one part of its spending
WHOLE_TABLES = INCOME_TABLES | {"expenditure", "general_budget"}


def unit_elsewhere(intent: Intent, figure: Figure) -> bool:
    """A unit's line asked for its 收入 but read from a table that is not of income; or asked for its
    budget alone (刑事侦查支队预算总共多少) but read from a table of one part of its spending."""
    if figure.kind != "row" or not ORGANISATION_LINE.search(item_name(figure)):
        return False
    if "income" in intent.hinted:
        return figure.table_kind not in INCOME_TABLES
    alone = not intent.follow_up and not intent.hinted and not intent.columns and len(intent.mentions) == 1
    return alone and figure.table_kind not in WHOLE_TABLES


# tables whose lines are a budget's funds and totals (财政拨款, 一般公共预算拨款, 收入总计): wholes
SUMMARY_TABLES = ("summary", "fiscal_summary")
# tables of 基本支出 only: an economic class read there is the basic part of the item
BASIC_TABLES = ("basic", "basic_by_economic", "fiscal_basic")


def stated_whole(
    context: Context, intent: Intent, documents: Sequence[int], figure: Figure
) -> NarrativeFactRecord | None:
    """The amount the text states for an item whose table figure is only part of it or a sum made
    here: a table printing it only within 基本支出 (培训费 7.20 in the 基本支出表, 各单位培训费预算
    57.50万元 in the text: asked without 基本, the whole is meant), or printing it on several lines
    added up here (会议费 2.45 + 42.43 = 44.88, the text's 一般公共预算会议费预算支出 44.89万元: the
    document's own figure, within the rounding of the lines)."""
    basic_part = figure.table_kind in BASIC_TABLES and not any(word in intent.core for word in BASIC_WORDS)
    if not basic_part and len(figure.parts) < 2:
        return None
    item = canon(item_name(figure))
    for fact in narration.facts(context, documents, intent.core, kinds=("amount",))[:1]:
        subject = context.subjects[id(fact)]
        if (
            fact.document_id != figure.document_id
            or item not in subject
            or any(word in subject for word in BASIC_WORDS)
            or fact.unit != figure.unit
        ):
            continue
        if basic_part and fact.amount > figure.amount and subject != item:
            if not PART_LIST.search(fact.sentence):  # not one line of 项目支出…主要包括：…办公费53.11万元
                return fact
        if figure.parts and 0 < abs(fact.amount - figure.amount) <= ROUNDING * len(figure.parts):
            return fact
    return None


PRINTED_ASIDE = re.compile(r"（[^）]*）|\([^)]*\)")  # 会议费（会议费）: a line's second name beside it


def item_name(figure: Figure) -> str:
    """A figure's label without what is printed beside it in brackets (会议费（会议费） → 会议费)."""
    return PRINTED_ASIDE.sub("", figure.label)


# a sentence listing what 基本支出 or 项目支出 consists of: its amounts are parts of those
PART_LIST = re.compile(r"(?:基本|项目)支出[^，。；]{0,16}[，,]?(?:主要)?(?:包括|用于|其中)")
ROUNDING = Decimal("0.01")  # a printed line's rounding, in its unit's last printed place


# 本单位无机关运行经费 · 本部门无因公出国（境）经费预算: a document saying it has none of an item
STATED_NONE = re.compile(
    r"(?:本|我)(?:部门|单位)(?:当年|本年|今年)?(?:均)?(?:无|没有)(?P<item>[^，。；、]{2,16}?)(?:预算|安排|支出)?[，。；]"
)


def stated_none(context: Context, intent: Intent, documents: Sequence[int]) -> Outcome | None:
    """The document says it has none of the item asked (本单位无机关运行经费): 无, read as 0."""
    core = GENERIC_TAIL.sub("", intent.core)
    if len(core) < 3 or not intent.money:
        return None
    for passage in (p for p in context.db.passages if p.document_id in documents):
        for match in STATED_NONE.finditer(passage.text):
            item = canon(match.group("item"))
            if GENERIC_TAIL.sub("", item) != core:
                continue
            sentence = passage.text[max(0, match.start() - 20) : match.end()]
            source = Source(
                context.resolver.titles[passage.document_id],
                passage.heading or passage.part,
                match.group("item"),
                "",
                passage.page,
                passage.line,
            )
            figure = Figure(
                match.group("item"),
                Decimal(0),
                "万元",
                source,
                kind="narrative",
                document_id=passage.document_id,
            )
            text = f"{match.group('item')}：无（文件说明：{sentence.strip()}），按0计。"
            answer = answered(intent, text, figure, (source,), headline="无")
            return Outcome(answer, Turn((figure,), passage.document_id))
    return None


GENERIC_TAIL = re.compile(r"(经费|费用|资金|支出|预算)+$")


def named(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | list[Choice]:
    """An outcome already (total, ambiguous name, the previous figure), or the figures named."""
    # 那2024年呢 / 那左权县民政局呢: the previous item, in the year or body now named
    # (单位预算呢, 那决算呢: a scope or phase only, the same item there)
    bare_follow_up = (
        intent.follow_up
        and not intent.mentions
        and (not intent.core or (intent.generic_core and (intent.scope or intent.phase)))
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
        and not _asks_another_item(intent)
    ):
        last = conversation.subjects[-1]
        if last.document_id not in documents:  # the follow-up names another body: its same item
            same = same_item(context, intent, documents, last)
            if same is None:
                return not_found(context, replace(intent, core=intent.core or last.label))
            last = same.figure
        if intent.previous_year:
            return narration.previous_year(context, intent, documents, Choice(last))
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


def _part_stated(context: Context, intent: Intent, conversation: Conversation) -> NarrativeFactRecord | None:
    """其中服务类呢 after a figure a sentence states with its parts (政府采购安排51,952.4万元，其中：…服务类
    采购预算47,362.27万元): the part that sentence names, before any name elsewhere."""
    last = conversation.subjects[-1] if conversation.subjects else None
    if last is None or last.kind != "narrative" or len(intent.core) < 2 or not IN_PART.match(intent.text):
        return None
    sentence = context.narrative_sentence(last)
    parts = [
        f
        for f in context.in_documents([last.document_id])
        if f.sentence == sentence
        and f.kind == "amount"
        and f.unit == last.unit
        and f.amount != last.amount
        and intent.core in context.subjects[id(f)]
    ]
    return parts[0] if len(parts) == 1 else None


def _part_under_unit(context: Context, intent: Intent, conversation: Conversation) -> Figure | None:
    """其中工资福利支出呢 after a unit's line (广州市土地开发中心（本级） of a 基本支出 table listing each
    unit's classes under it): the line of that name under the unit, before the next unit's line —
    not the same-named lines of every unit added up."""
    last = conversation.subjects[-1] if conversation.subjects else None
    if (
        last is None
        or last.kind != "row"
        or not last.ref.isdigit()
        or not IN_PART.match(intent.text)
        or not intent.mentions
        or not ORGANISATION_LINE.search(item_name(last))
    ):
        return None
    catalogue = context.catalogue
    unit = next((r for rows in catalogue.rows_by_table.values() for r in rows if r.id == int(last.ref)), None)
    if unit is None:
        return None
    rows = catalogue.rows_by_table[unit.table_id]
    wanted = intent.mentions[0].alias
    for row in rows[rows.index(unit) + 1 :]:
        if ORGANISATION_LINE.search(ORDINAL.sub("", row.name)) and row.cells:
            return None  # the next unit's line: nothing of that name under this one
        if canon(row.name) == wanted:
            figure = context.resolver.row_figure([row])
            return None if figure is None else replace(figure, label=f"{item_name(last)}的{figure.label}")
    return None


def _units_of_parts(context: Context, figure: Figure) -> list[str]:
    """For a figure added up from lines of one table each under another unit's line (预算单位 |
    科目名称 …: the unit's name, then its lines), the unit of each part; else []."""
    if len(figure.parts) < 2 or not all(part.ref.isdigit() for part in figure.parts):
        return []
    wanted = {int(part.ref) for part in figure.parts}
    units: dict[int, str] = {}
    for rows in context.catalogue.rows_by_table.values():
        unit = ""
        for row in rows:
            if not row.code and ORGANISATION_LINE.search(ORDINAL.sub("", row.name)):
                unit = row.name
            elif row.id in wanted:
                units[row.id] = unit
        if units:
            break
    named = [units.get(int(part.ref), "") for part in figure.parts]
    return named if all(named) and len(set(named)) == len(named) else []


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


def _asks_another_item(intent: Intent) -> bool:
    """The follow-up names an item of its own (那会议费呢) that no name matched: not the previous one."""
    words = GENERIC_TAIL.sub("", PREVIOUS_YEAR.sub("", intent.core))
    return len(words) >= 2 and not intent.generic_core


# a numbered kind right before a name (一类会议费, 二级指标, 第三批): another item than the name alone
NUMBERED = re.compile(r"(?:第)?[一二三四五六七八九十\d]+[类级号次期批档]$")


QUALIFYING_WORDS = frozenset(word for word, _ in (*COLUMN_WORDS, *TITLE_HINTS))


def headed(intent: Intent) -> Intent:
    """Names printed one after another (湖州市公路与运输管理中心公路综合建设养护项目, 三公经费公务接待费)
    form one phrase whose head is the last: it is the item asked, the others qualify it."""
    mentions = intent.mentions
    if len(mentions) < 2 or mentions[-1].alias in QUALIFYING_WORDS:
        return intent  # 代表培训经费财政拨款: a column or scope word after an item asks for the item's part
    for before, after in zip(mentions, mentions[1:], strict=False):
        joined = before.alias + after.alias in intent.core or f"{before.alias}的{after.alias}" in intent.core
        if after.start - (before.start + len(before.alias)) > 1 and not joined:
            return intent  # at most one joining character (的), a year aside (…中心2026年三公经费)
    return replace(intent, mentions=(mentions[-1], *mentions[:-1]))


# a name that is an organisation's: a unit of the body (苏州市港航事业发展中心, 交通管理支队)
ORGANISATION = re.compile(r"(中心|局|委员会|办公室|支队|大队|队|院|所|站|馆|学校|协会)$")


def unit_of(phrase: Intent, figure: Figure) -> str:
    """A unit named before the item (苏州市港航事业发展中心的三公经费) when the figure found is the
    whole table's (the body's 三公经费) or a total line (the body's 收入总计): that is not the unit's,
    which the table does not print."""
    whole = figure.kind in ("column", "table") or (
        figure.kind == "row" and figure.table_kind in INCOME_TABLES
    )
    if len(phrase.mentions) < 2 or not whole:
        return ""
    unit = next((m.alias for m in phrase.mentions[1:] if ORGANISATION.search(m.alias)), "")
    if not unit or unit in canon(item_name(figure)):  # the unit's own line of the table: its figure
        return ""
    return f"{unit}的{phrase.mentions[0].alias}"


def qualifier(intent: Intent) -> str:
    """Words before the first name that no name explains (规划和自然资源综合管理项目 before 财政拨款):
    beside a whole table's total they ask for part of it, which that total is not."""
    if not _typed_in_full(intent):
        return ""
    at = intent.core.find(intent.mentions[0].alias)
    if at <= 0:
        return ""
    before = SCOPE_WORDS.sub(" ", intent.core[:at])
    for word in FUND_AND_COLUMN_WORDS:  # 一般公共预算(安排的)项目支出: a fund or column qualifies the total
        before = before.replace(word, " ")
    return _first_word(before.replace("安排", " "))


# words naming a fund, a column or a table, longest first: they qualify a total, name no other item
FUND_AND_COLUMN_WORDS = sorted(QUALIFYING_WORDS, key=len, reverse=True)
# words of a document's scope and phase, not of an item (单位预算（本级）收入总计)
SCOPE_WORDS = re.compile(r"(?:本级|单位|部门|汇总)(?:预算|决算)?|[(（]?本级[)）]?")


def unnamed(intent: Intent) -> str:
    """What the question asks about beyond the names found in it: the words (two characters or
    more, amount words aside) after the last name — the head of the phrase, as 在校学生 in
    湖州交通技师学院在校学生 — when every name was typed in full; else "". Words before a name
    qualify it (公务用车购置费) and are left to the resolver."""
    if not _typed_in_full(intent):
        return ""
    core = intent.core
    end = 0
    for mention in intent.mentions:
        at = core.find(mention.alias, end)
        if at < 0:
            return ""  # a name the core holds otherwise (2023年… without its year): nothing to tell
        if NUMBERED.search(core[max(0, at - 3) : at]):
            return core[max(0, at - 3) : at] + mention.alias  # 一类会议费 is not the 会议费 found
        end = at + len(mention.alias)
    return _first_word(core[end:])


def _typed_in_full(intent: Intent) -> bool:
    """A question of its own (no follow-up) whose every name was found as typed."""
    return not intent.follow_up and bool(intent.mentions) and all(m.fuzzy >= 1 for m in intent.mentions)


def _first_word(text: str) -> str:
    """The first run of two Han characters or more in ``text`` once amount words are taken out."""
    words = re.findall(r"[\u4e00-\u9fff]{2,}", AMOUNT_FILLER.sub(" ", text))
    return words[0] if words else ""


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
        # a fact the text states: the same statement in the other document (机关运行经费预算为…)
        subject = canon(figure.source.row)
        for fact in context.in_documents(documents):
            if fact.unit == figure.unit and canon(fact.subject) == subject:
                return Choice(context.resolver.narrative_figure(fact))
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
