"""What a question's words say beyond the names found in it: the head of a phrase of names, the
words before or after them that qualify it or name something else."""

from __future__ import annotations

import re
from dataclasses import replace

from knowledge.plan import Intent
from knowledge.vocabulary import AMOUNT_FILLER, COLUMN_WORDS, PREVIOUS_YEAR, TITLE_HINTS

GENERIC_TAIL = re.compile(r"(经费|费用|资金|支出|预算)+$")


def asks_another_item(intent: Intent) -> bool:
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
    rest = core[end:]
    if not intent.mentions[-1].column_like and any(
        WITHIN.sub("", rest).startswith(column) for column in intent.columns
    ):
        # 教育支出里一般公共预算拨款: a column of the line named, nothing left unnamed (基本支出里人员经费
        # names a part of a column, which its figure does not give)
        return ""
    return _first_word(rest)


WITHIN = re.compile(r"^(?:中的|里面?的?|其中的?|当中的?|中(?=[^心]))")


def unexplained(core: str, *names: str) -> str:
    """The first run of two Han characters or more of ``core`` (amount words aside) that none of
    ``names`` holds any character of: what the question says that the item found does not (误工 in
    代表误工补贴标准, answered from 人大代表通讯、交通补贴经费's 补贴标准); "" when nothing is left."""
    held = set("".join(names))
    run = ""
    for char in AMOUNT_FILLER.sub(" ", core) + " ":
        if "\u4e00" <= char <= "\u9fff" and char not in held:
            run += char
            continue
        if len(run) >= 2:
            return run
        run = ""
    return ""


def _typed_in_full(intent: Intent) -> bool:
    """A question of its own (no follow-up) whose every name was found as typed."""
    return not intent.follow_up and bool(intent.mentions) and all(m.fuzzy >= 1 for m in intent.mentions)


def _first_word(text: str) -> str:
    """The first run of two Han characters or more in ``text`` once amount words are taken out."""
    words = re.findall(r"[\u4e00-\u9fff]{2,}", AMOUNT_FILLER.sub(" ", text))
    return words[0] if words else ""
