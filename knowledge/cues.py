"""The operation a question asks, from its cue words (the first that matches wins: why, a field, a
definition, a change, a share, a threshold, a ranking, a count, a difference …)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge import vocabulary as v
from knowledge.plan import Operation

# two questions in one: 在职人员经费多少？公用经费多少？ (not 人员经费和公用经费一共多少？专项经费又是多少？)
TWO_ASKED = re.compile(r"^[^?和与及、比]*(?:多少|几)[^?]{0,6}\?\s*[^?\s][^?和与及、比]*(?:多少|几)")

RATE_OF_CHANGE = re.compile(r"(?:增长|下降|增加|减少|上升|降低|涨|降)了?(?:百分之|几个百分点|多少个?百分点)")


def operation(text: str, names: Sequence[str] = ()) -> Operation:
    """The operation the question's cue words ask for, first match wins."""
    if v.GREETING.match(text.strip()) or not text.strip():
        return Operation.HELP
    field_words = [word for word, _ in v.SHEET_FIELDS if len(word) >= 2 and word in text]
    if v.WHY.search(text) and not field_words:
        return Operation.WHY
    if v.USE.search(text):
        return Operation.USE
    if field_words and v.DEFINITION.search(text) and not text.startswith("什么是"):
        return Operation.FIELD
    if v.DEFINITION.search(text) and not re.search(r"多少|几", text):
        return Operation.DEFINITION
    if re.search(r"比上年|比去年|比上[一1]年|同比|较上年|较去年", text) and not re.search(
        r"占比|比重|比例", text
    ):
        return Operation.CHANGE
    if RATE_OF_CHANGE.search(text) and not re.search(r"占|比重|比例", text):
        return Operation.CHANGE  # 增长了百分之多少: a rate of change, no share
    if v.SHARE.search(text):
        return Operation.SHARE
    if v.THRESHOLD.search(text) and re.search(r"\d", text) and re.search(r"项目|哪些|几个|多少个", text):
        return Operation.THRESHOLD
    if v.RANKING.search(text):
        return Operation.RANKING
    if v.COUNT.search(text) and "项目" in text:
        return Operation.COUNT
    if (
        v.DIFFERENCE.search(text)
        and (
            re.search(r"比|和|与|跟|同|它们|两者|二者|两个|这两|2个|2项|两项", text)
            or (len(text) <= 6 and not v.CHANGE.search(text))
        )
        and not re.search(r"比(上|去)年|比20\d\d年", text)
    ):
        return Operation.DIFFERENCE  # (差多少 alone: the last two figures of the conversation)
    if v.CHANGE.search(text):
        return Operation.CHANGE
    # 和, 与 inside a name found (公务用车购置和运行维护费一共多少, 文化旅游体育与传媒支出总共多少) join
    # no two items
    joined = text.replace("及", "和").replace("的", "")  # (names are found without 的: 对个人和家庭补助)
    # … and inside a standard term the document may print only in its text (公务用车购置和运行维护费)
    for name in (*names, *(term for term in v.STANDARD_TERMS if "和" in term)):
        if re.search(r"和|与|、", name):
            joined = joined.replace(name, "#")
    if v.SUM.search(text) and re.search(r"和|与|跟|及|加|、|两|它们|2个|2项", joined):
        return Operation.SUM
    if (v.EACH.search(text) and re.search(r"和|与|跟|及|、", text)) or TWO_ASKED.search(text):
        return Operation.EACH  # 人员经费多少？公用经费多少？ asks each too
    if v.LIST.search(text) and "项目" in text:
        return Operation.LIST
    if v.PER_UNIT.search(text) and re.search(r"一年|1年|每年|全年|每月|一个月|1个月", text):
        return Operation.PER_UNIT
    if v.PER_UNIT.search(text) and re.search(r"多少钱|多少元|标准", text):
        return Operation.STANDARD
    if any(word in text for word, _ in v.SHEET_FIELDS if len(word) >= 2) and not re.search(
        r"多少钱|多少万|金额", text
    ):
        if not v.TIME.search(text) or re.search(r"计划|依据|概况", text):
            return Operation.FIELD
    if any(word in text for word, _, _ in v.FUND_FIELDS):
        return Operation.FUNDS
    if v.TIME.search(text):
        return Operation.TIME
    if v.PEOPLE.search(text):
        return Operation.PEOPLE
    if v.QUANTITY.search(text):
        return Operation.QUANTITY
    if v.STANDARD.search(text):
        return Operation.STANDARD
    off = v.OFF_TOPIC.search(text)
    if off and not any(off.group(0) in name for name in names):  # 游戏电竞产业扶持资金 is a project
        return Operation.CHITCHAT
    return Operation.LOOKUP
