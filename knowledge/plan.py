"""A question's plan: the operation it asks for and every slot a handler reads.

``understand`` fills an ``Intent`` from the question's words once; handlers read its
slots and never look at the question's text again. The slots, by what they serve:

    what       operation · mentions (names found) · core (the words left once cue and
               question words are gone) · bare_core (core without 经费/费用/支出 …)
    where      bodies · unknown_bodies · years · compare_years · phase · scope ·
               previous_year · next_year
    how shown  unit (元 / 万元 asked) · columns (column words named) · hinted (table kinds
               the wording points at) · money · amount_words
    share      ratio: numerator and denominator (names and words either side of 占)
    pair       sides: the two sides of 比 / 和 / 与 … (differences and sums)
    ranking    population (what is ranked or counted) · says_projects · carryover ·
               top · ascending · threshold · comparator
    totals     whole_budget · total_rows · compared_totals · generic_core
    across     every_year · both_phases · both_scopes · each · how_much
    change     change_core · wants_rate
    sheets     sheet_fields · fund_fields · quantity_units · yearly
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from decimal import Decimal
from enum import Enum

from knowledge.catalogue import Entry
from knowledge.vocabulary import COLUMN_WORDS


class Operation(Enum):
    """What a question asks for (the key of the dispatch table)."""

    HELP = "help"  # a greeting or an empty question: the engine's help
    CHITCHAT = "chitchat"  # beyond the documents (a poem, the weather)
    LOOKUP = "lookup"  # one figure: 代表培训经费多少
    DEFINITION = "definition"  # 什么是三公经费
    WHY = "why"  # 为什么减少
    CHANGE = "change"  # 比上年增加多少
    SHARE = "share"  # 占项目支出的比例
    DIFFERENCE = "difference"  # 人大会议比人大监督多多少
    SUM = "sum"  # 人大会议和人大监督合计
    EACH = "each"  # 基本支出和项目支出分别是多少
    RANKING = "ranking"  # 哪个项目最贵
    COUNT = "count"  # 有多少个项目
    LIST = "list"  # 有哪些项目
    THRESHOLD = "threshold"  # 超过50万元的项目
    TIME = "time"  # 什么时候开
    STANDARD = "standard"  # 培训标准
    PEOPLE = "people"  # 参会代表多少人
    QUANTITY = "quantity"  # 几辆车 · 多少平方米
    PER_UNIT = "per_unit"  # 每人一年多少钱
    FIELD = "field"  # 立项依据 · 绩效目标
    FUNDS = "funds"  # 实施期资金总额
    USE = "use"  # 主要用来干嘛 · 用途


class Population(Enum):
    """What a ranking, count or threshold runs over."""

    FUNCTIONAL = "功能科目"  # the 项 lines of the 支出总表
    ECONOMIC = "经济科目"  # the lines of the 基本支出 by 经济科目 table
    PROJECTS = "项目"  # the project table (else the performance sheets)
    UNITS = "单位"  # the units' lines of the 收入总表 (else 支出总表) of a 部门预算


@dataclass(frozen=True, slots=True)
class Mention:
    """A name found in the question and what it may refer to."""

    alias: str
    start: int
    entries: tuple[Entry, ...]
    fuzzy: float = 1.0  # 1.0 for a name typed in full; the match score otherwise

    @property
    def column_like(self) -> bool:
        """A name of a column of lines (项目支出, 一般公共预算拨款, a column the document prints), not of
        a line: 教育支出里一般公共预算拨款 asks that column of the line."""
        return any(word in self.alias for word, _ in COLUMN_WORDS) or (
            bool(self.entries) and all(entry.kind == "column" for entry in self.entries)
        )


@dataclass(frozen=True, slots=True)
class Side:
    """Part of a question read on its own: one side of 占 or of a comparison."""

    text: str
    core: str
    bare_core: str
    mentions: tuple[Mention, ...]
    hinted: frozenset[str]


@dataclass(frozen=True, slots=True)
class Ratio:
    """A share's two terms as the question puts them (代表培训经费 占 项目支出 的比例)."""

    numerator: tuple[Mention, ...] = ()  # names before 占 (every name when there is no 占)
    denominator: tuple[Mention, ...] = ()  # names after 占
    numerator_words: Side | None = None  # the words before 占, when at least two characters
    denominator_words: Side | None = None  # the words after 占, without 的比例/多少 …
    pronoun: bool = False  # 占 opens the question (占比多少, 它占): the share of the last figure
    before: str = ""  # the canonical words before 占 (to find a share the narrative states)


@dataclass(frozen=True, slots=True)
class Intent:
    """The plan of one question: its operation and every slot a handler needs."""

    question: str
    text: str  # normalized, corrected, with synonyms applied (shown, never re-parsed)
    core: str  # without cue and question words
    operation: Operation
    mentions: tuple[Mention, ...]
    bare_core: str = ""  # core without a generic suffix (经费, 费用, 支出 …)
    unit: str = ""  # 元 or 万元 when the question asks for one
    columns: tuple[str, ...] = ()  # column words named (基本支出, 上年结转 …)
    hinted: frozenset[str] = frozenset()  # table kinds the wording points at (一般公共预算 …)
    years: tuple[int, ...] = ()
    compare_years: tuple[int, ...] = ()  # years the question compares with (比2024年)
    bodies: tuple[str, ...] = ()
    unknown_bodies: tuple[str, ...] = ()
    phase: str = ""
    scope: str = ""
    follow_up: bool = False
    previous_year: bool = False
    next_year: bool = False  # 明年: beyond what a budget document states
    money: bool = False  # the question asks for an amount of money
    amount_words: bool = False  # 钱/经费/支出/元 … or 多少 at the end: a stated amount, not a count
    budget_words: bool = False  # any word of the budget genre (预算, 经费, 代表 …)
    ratio: Ratio = Ratio()
    sides: tuple[Side, ...] = ()  # the two sides of 比/和/与 …, when the question has them
    population: tuple[Population, ...] = (Population.PROJECTS,)  # tried in order
    says_projects: bool = False  # 项目 is said
    carryover: bool = False  # 结转 is said: carried-over projects count too
    carried_only: bool = False  # 结转的项目, 去年结转过来的: only the carried-over ones (not 含结转)
    threshold: Decimal | None = None  # in 元
    comparator: str = ""  # > >= < <=
    top: int = 1
    ascending: bool = False
    whole_budget: bool = False  # the core names only the budget as a whole (预算多少, 决算收入)
    total_rows: tuple[str, ...] = ()  # the total lines that answer it, best first
    compared_totals: tuple[str, ...] = ()  # the total lines compared across documents
    generic_core: bool = False  # the core is only words like 预算/支出/哪年 (no item)
    every_year: bool = False  # 哪年 · 历年 · 各年: every year of the body
    both_phases: bool = False  # 预算 and 决算 both said
    both_scopes: bool = False  # 部门 and 单位 both said
    each: bool = False  # 分别 · 各是: list each figure, no difference
    how_much: bool = False  # 多少 is said: a difference as a magnitude
    change_core: str = ""  # the core without rate words (率, 幅度 …)
    wants_rate: bool = False  # a rate of change (%, 率, 幅度) rather than an amount
    sheet_fields: tuple[str, ...] = ()  # performance-sheet fields named, in vocabulary order
    fund_fields: tuple[tuple[str, str], ...] = ()  # (period, source) of sheet funds named
    quantity_units: tuple[str, ...] = ()  # units a quantity is asked in (辆, 平方米 …)
    yearly: bool = False  # 一年 · 每年 · 全年: a per-unit rate for a whole year

    @property
    def leaves(self) -> tuple[str, ...]:
        """The column-path leaves the named column words select, and the columns named as printed."""
        words = {word for word, _ in COLUMN_WORDS}
        return tuple(
            leaf for word, leaves in COLUMN_WORDS if word in self.columns for leaf in leaves
        ) + tuple(column for column in self.columns if column not in words)

    def on(self, side: Side) -> Intent:
        """This plan about one side of it (its own words, names and hinted tables)."""
        return replace(
            self,
            text=side.text,
            core=side.core,
            bare_core=side.bare_core,
            mentions=side.mentions,
            hinted=side.hinted,
            # 基本支出里的办公费和项目支出里的办公费: a side naming a column asks that one
            columns=tuple(word for word, _ in COLUMN_WORDS if word in side.text) or self.columns,
        )

    def without_columns(self) -> Intent:
        """This plan with no column named (a share's denominator is read whole)."""
        return replace(self, columns=())

    def describe(self) -> str:
        """Every filled slot, for ``ask --explain``."""
        shown = []
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name in ("question", "text") or value == item.default:
                continue
            shown.append(f"{item.name}={_show(value)}")
        return "plan: " + " · ".join(shown)


def _show(value: object) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Mention):
        return value.alias
    if isinstance(value, Side):
        return repr(value.text)
    if isinstance(value, Ratio):
        parts = [
            f"numerator {[m.alias for m in value.numerator]}",
            f"denominator {[m.alias for m in value.denominator]}",
        ]
        if value.numerator_words is not None:
            parts.append(f"numerator words {value.numerator_words.text!r}")
        if value.denominator_words is not None:
            parts.append(f"denominator words {value.denominator_words.text!r}")
        if value.pronoun:
            parts.append("of the last figure")
        return "(" + ", ".join(parts) + ")"
    if isinstance(value, (tuple, frozenset)):
        items = sorted(value) if isinstance(value, frozenset) else value
        return "[" + ", ".join(_show(item) for item in items) + "]"
    if isinstance(value, str):
        return repr(value)
    return str(value)
