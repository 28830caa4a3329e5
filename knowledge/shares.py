"""Shares: one figure as a percentage of another, with the derivation shown on cited figures.

The numerator and denominator come from the plan's ``ratio`` (the names and words either
side of 占); a denominator not named is implied by the figure (a project's is 项目支出, a
table line's is its table's total). When the narrative states the share itself, its own
figures answer and the table-based reading is named when it differs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from knowledge import narration, texts
from knowledge.aliasing import canon
from knowledge.answer import NOT_FOUND, Answer
from knowledge.arithmetic import last_money, percent
from knowledge.choices import fuzzy as loose_match
from knowledge.choices import resolve, stated_exactly
from knowledge.context import Context
from knowledge.conversation import Conversation, Outcome, Turn
from knowledge.figures import MONEY, Choice, Figure, format_amount, lcs, plain
from knowledge.given import GENERIC_WHOLE, IN_THE_LAST, last_two_together, part_just_given, said_before
from knowledge.phrasing import answered, not_found
from knowledge.plan import Intent, Mention, Operation, Side
from knowledge.thresholds import PARTLY_NAMED
from knowledge.vocabulary import FUND
from knowledge.wholes import implied_denominator, stated_share, stated_share_figures


def share(context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation) -> Outcome:
    """The share of the numerator in the denominator, named or implied."""
    ratio = intent.ratio
    numerator: Choice | None = None
    denominator: Choice | None = None
    stated_parts = within_statement(context, intent, documents)
    together = last_two_together(intent, conversation)
    just_given = part_just_given(intent, conversation)
    if just_given is not None:
        numerator, denominator = just_given
    elif together is not None:
        numerator = together
    elif stated_parts is not None:
        numerator, denominator = stated_parts
    elif ratio.numerator and not _partly_named(intent):
        numerator = resolve(context, ratio.numerator[0], documents, intent)
    elif ratio.numerator_words is not None and not intent.follow_up:
        side = intent.on(ratio.numerator_words)
        # a name found for part of the words is no reading of them: only the words stated exactly
        numerator = stated_exactly(context, side, documents) or (
            None if ratio.numerator else loose_match(context, side, documents)
        )
    elif conversation.subjects and (intent.follow_up or not intent.mentions or ratio.pronoun):
        numerator = Choice(last_money(conversation.subjects))
    elif intent.mentions and not ratio.denominator:
        numerator = resolve(context, intent.mentions[0], documents, intent)
    if denominator is None and ratio.denominator:
        whole = intent.without_columns()
        if ratio.denominator_words is not None:
            # the tables its own words point at: 财政拨款收入占收入总计, the fund qualifies the part; the
            # whole is of every fund (108,059,614, not the 财政拨款收支总表's 收入总计, the part again)
            whole = replace(whole, hinted=ratio.denominator_words.hinted)
        denominator = resolve(context, _head(ratio.denominator), documents, whole)
    elif denominator is None and ratio.denominator_words is not None:
        # a denominator the narrative states in words (政府采购预算总额), if any
        denominator = stated_exactly(context, intent.on(ratio.denominator_words), documents)
    if numerator is None or denominator is None:
        # 服务类占采购总额的百分之几 after 政府采购安排 and 其中服务类: the two figures just given, by their words
        said = said_before(intent, conversation)
        if said is not None:
            numerator, denominator = said
    if numerator is None and conversation.subjects and intent.follow_up:
        numerator = Choice(last_money(conversation.subjects))
    if numerator is None:
        return not_found(context, intent)
    if (
        denominator is None
        and conversation.operation == Operation.SHARE
        and intent.follow_up
        and conversation.denominator
    ):
        denominator = Choice(conversation.denominator)
    if (
        denominator is None
        and not ratio.denominator
        and ratio.denominator_words is None
        and IN_THE_LAST.match(intent.text)
        and conversation.subjects
    ):
        # 里面公务用车运行费占多少比例 after 三公经费 84.00: a share of the figure just given
        last = last_money(conversation.subjects)
        if last is not None and last != numerator.figure and last.document_id == numerator.figure.document_id:
            denominator = Choice(last)
    alternative = ""
    if denominator is None:
        implied = implied_denominator(context, numerator.figure)
        bodies = [name for i in documents for name in context.documents[i].names()]
        if implied is not None and not _names_whole(ratio.denominator_words, implied.figure, bodies):
            implied = None  # 占一般公共预算支出: not the 基本支出 table's total the part was read from
        stated_pair = stated_share_figures(context, numerator.figure, ratio.before)
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
        return not_found(context, intent)
    n = numerator.figure
    d = denominator.figure.in_unit(n.unit) if n.unit in MONEY else denominator.figure
    if not d.amount or n.source == d.source or (n.amount == d.amount and canon(n.label) == canon(d.label)):
        # one cell (or one item printed in two tables) read as both part and whole: no share
        return not_found(context, intent)
    quoted = _quoted_amount(ratio.denominator_words)
    if quoted is not None and d.unit in MONEY and d.in_unit(quoted[1]).amount != quoted[0]:
        # 占本年项目支出预算合计（557.20万元）的百分之几: the whole the question quotes is not the one found
        text = texts.QUOTED_WHOLE_DIFFERS.format(
            quoted=format_amount(quoted[0], quoted[1]), label=d.label, found=format_amount(d.amount, d.unit)
        )
        return Outcome(Answer(intent.question, NOT_FOUND, text))
    rate = percent(n.amount, d.amount)
    derivation = f"{plain(n.amount)} ÷ {plain(d.amount)} = {rate}%"
    if n.unit in MONEY and (n.amount < 0 < d.amount or n.amount > d.amount > 0):
        # a part larger than its whole: the two figures are not part and whole (another table,
        # another scope) — saying so beats a share over 100%
        text = (
            f"{n.label}（{plain(n.amount)}{n.unit}）大于{d.label}（{plain(d.amount)}{n.unit}），"
            "不是其中的一部分，无法计算占比。请说明要比较的两项。"
        )
        return Outcome(Answer(intent.question, NOT_FOUND, text))
    text = f"{n.label}占{d.label}的{rate}%：{derivation}（{n.unit}）。"
    sources = (n.source, *(p.source for p in n.parts[1:]), d.source)
    stated = stated_share(context, n)
    if stated is not None and stated.amount != rate:
        # the document states this item's share on another base than the one read from the tables:
        # its own figure answers (the base it means is its own), the tables' reading follows
        text = (
            f"{n.label}占比{stated.amount}%（文件说明）：{stated.sentence}\n"
            f"另：按表中数字计算，{n.label}占{d.label}的{derivation}（{n.unit}）。"
        )
        rate, derivation = stated.amount, ""
        sources = (replace(context.resolver.narrative_source(stated), row=n.label), *sources)
    elif stated is not None:
        text += "\n与文件说明中的占比一致。"
    text += alternative
    answer = answered(
        intent, text, None, sources, derivation=derivation, value=rate, unit="%", headline=f"{rate}%"
    )
    return Outcome(answer, Turn((n,), n.document_id, denominator=denominator.figure))


QUOTED = re.compile(r"(\d+(?:\.\d+)?)\s*(亿元|万元|元)")


def _quoted_amount(words: Side | None) -> tuple[Decimal, str] | None:
    """An amount the question quotes for the whole (合计（557.20万元）), in its unit."""
    match = QUOTED.search(words.text) if words is not None else None
    return (Decimal(match.group(1)), match.group(2)) if match else None


# 政府采购预算中，服务类 · 政府采购里服务类项目: the whole before 中/里, the part after it
WITHIN = re.compile(r"(.+?)(?:当中|里面|中|里)的?(.+)")
GENERIC_WORDS = re.compile(
    r"\d+年度?|的|经费|费用|资金|支出|预算数?|项目|总额|金额|安排|财政拨款|一般公共预算|部门|本级|本年|今年"
)
DATED = re.compile(r"^.*?(?:19|20)\d{2}年度?")
PART_TAIL = re.compile(r"(?:类|项目|部分|方面|的|支出|预算|资金)+$")
# the asking words of a part asked with its share (服务类多少钱，占几成)
ASKING = re.compile(r"是?(?:多少钱?|几成|几)|[,，。?？、]")


def _names_whole(words: Side | None, whole: Figure, bodies: Sequence[str] = ()) -> bool:
    """Whether the words the question calls the whole by (if any) fit the whole implied by the part:
    a fund they name is the whole's, and a whole of 基本支出 only is named so (占一般公共预算支出 is
    not the 一般公共预算基本支出表's total)."""
    if words is None:
        return True
    printed = canon(f"{whole.label}{whole.source.table}")
    funds = [match.group(0) for match in FUND.finditer(words.core)]
    if any(fund not in printed for fund in funds):
        return False
    # a whole named by words of its own (合同总额) that the implied whole shares none of: another whole
    own = words.core
    for name in sorted(
        bodies, key=len, reverse=True
    ):  # the body's own name says which document, not which whole
        own = own.replace(canon(name), "")
    own = GENERIC_WHOLE.sub("", own)
    if len(own) >= 2 and lcs(own, printed) < 2:
        return False
    return "基本" in words.core or "基本支出" not in printed


def _head(mentions: Sequence[Mention]) -> Mention:
    """The name a whole is called by: after the fund words that qualify it (一般公共预算财政拨款 | 基本支出
    is the 基本支出 of that fund, found in its table by the plan's fund words)."""
    for mention in mentions:
        if not FUND.fullmatch(mention.alias):
            return mention
    return mentions[0]


def _partly_named(intent: Intent) -> bool:
    """Whether the numerator's words name more than its names found (公务用车购置及运行维护费 holds
    公务用车购置 and four characters more): the name found is only part of the item."""
    words = intent.ratio.numerator_words
    if words is None:
        return False
    rest = words.core
    for mention in intent.ratio.numerator:
        # 政府采购里服务类: the whole it is a part of, said before it, is no more of the item
        rest = re.sub(rf"^.+?(?:当中|里面|之中|中|里)的?(?={re.escape(mention.alias)})", "", rest)
    for name in (*(m.alias for m in intent.ratio.numerator), *intent.bodies):
        rest = rest.replace(canon(name), "")
    rest = GENERIC_WORDS.sub("", rest)
    return len(re.findall(r"[\u4e00-\u9fff]", rest)) >= PARTLY_NAMED


def within_statement(
    context: Context, intent: Intent, documents: Sequence[int]
) -> tuple[Choice, Choice] | None:
    """A part and its whole that one sentence states (政府采购预算总额3,084.19万元，其中：…政府采购服务
    预算1,274.15万元), asked as the part's share within the whole (政府采购预算中服务类占比; 政府采购服务类
    占比, the whole's words then the part's; a class word found as a name, 服务类, is read so too)."""
    side, over = intent.ratio.numerator_words, intent.ratio.denominator_words
    if side is None:
        return None
    match = WITHIN.fullmatch(canon(side.text))
    if match is not None:
        splits = [(match.group(1), match.group(2))]
    elif over is not None:
        # 政府采购工程预算占政府采购预算: the part is what the numerator adds to the whole's words;
        # 基本支出中，人员经费占多大比例: the whole before 中, however many names it holds
        splits = [(canon(over.text), canon(side.text))]
    else:
        # 政府采购服务类占比: the longest words a whole is stated under, the rest the part
        words = context.without_bodies(documents, DATED.sub("", canon(side.text)))
        splits = [(words[:k], words[k:]) for k in range(len(words) - 1, 1, -1)]
    for whole_words, part_words in splits:
        found = _stated_part(context, documents, whole_words, part_words)
        if found is not None:
            return found
    return None


def _stated_part(
    context: Context, documents: Sequence[int], whole_words: str, part_words: str
) -> tuple[Choice, Choice] | None:
    """The one part of a whole stated under ``whole_words`` its sentence names with ``part_words``."""
    whole_words = context.without_bodies(documents, DATED.sub("", whole_words))
    part_words = ASKING.sub("", DATED.sub("", context.without_bodies(documents, part_words)))
    common = 0
    while common < min(len(whole_words), len(part_words)) and whole_words[common] == part_words[common]:
        common += 1
    part_words = PART_TAIL.sub("", part_words[common:])
    if len(whole_words) < 2 or not part_words:
        return None
    for whole in narration.facts(context, documents, whole_words, kinds=("amount",))[:3]:
        parts = [
            fact
            for fact in context.in_documents([whole.document_id])
            if fact.sentence == whole.sentence
            and fact is not whole
            and fact.kind == "amount"
            and fact.unit == whole.unit
            and part_words in context.subjects[id(fact)]
            and fact.amount <= whole.amount
        ]
        if len(parts) == 1:
            resolver = context.resolver
            return Choice(resolver.narrative_figure(parts[0])), Choice(resolver.narrative_figure(whole))
    return None
