"""How a loosely matched name may differ from the words asked, and must not: one side of a pair
joined by 及 (公务用车购置 of 公务用车购置及运行维护费), other numbers (一类 · 三类会议费), another place
opening the name (广州市… · 深圳市…)."""

from __future__ import annotations

import re


def one_side(name: str, core: str) -> bool:
    """Whether ``core`` names only the first of the two things ``name`` joins with 及: 公务用车购置
    asks for the 购置, not for 公务用车购置及运行维护费 (the two together)."""
    left, joined, right = name.partition("和")  # canonical names write 及 as 和
    if not joined:
        return False
    # what the second thing is called by, without the words any item ends in (运行费预算支出 → 运行费)
    right, core = BUDGET_TAIL.sub("", right), BUDGET_TAIL.sub("", core)
    return left in core and not any(right[i : i + 2] in core for i in range(len(right) - 1))


BUDGET_TAIL = re.compile(r"预算数?|决算数?|支出|资金|经费")


NUMERALS = re.compile(r"[0-9零〇一二两三四五六七八九十百千]+")


def other_numbers(name: str, core: str) -> bool:
    """Whether ``name`` and ``core`` both carry numbers and not the same ones: 一类会议费 is not
    三类会议费, 七届六次人代会 not 七届五次 — a loose match may differ in words, never in numbers."""
    mine, theirs = NUMERALS.findall(core), NUMERALS.findall(name)
    return bool(mine and theirs) and mine != theirs


# a place opening a name: 深圳市 · 广州市 · 泽州县 (two to four characters before its level)
OPENING_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,4}?[省市县区]")


def other_place(name: str, core: str) -> bool:
    """Whether ``name`` and ``core`` each open with a place and not the same one: 广州市第四次全国农业
    普查经费 is not 深圳市第四次全国农业普查项目 — a loose match may differ in words, never in place."""
    mine, theirs = _places(core), _places(name)
    # 城六区甲醇… against 西安市城六区甲醇…: the same place, one level named above it
    return bool(mine) and bool(theirs) and not (set(mine) & set(theirs))


def _places(text: str) -> list[str]:
    """The places ``text`` opens with, level by level (西安市城六区 → 西安市, 城六区)."""
    places: list[str] = []
    while (match := OPENING_PLACE.match(text)) and len(places) < 3:
        places.append(match.group(0))
        text = text[match.end() :]
    return places
