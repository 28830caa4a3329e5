"""Places in bodies' names and in questions: the region words of a body (山西省晋城市阳城县教育局 →
阳城县, 阳城, 晋城市 …), the place typed right before a name, and whether a typed place is a region."""

from __future__ import annotations

import re

PLACE = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:省|自治区|市|区|县|旗)")


QUALIFIED = re.compile(r"^(?P<place>[\u4e00-\u9fff]{1,6}?[省市区县旗])[\u4e00-\u9fff]{1,3}$")


LEVELS = "省市区县旗"


# words people put before a body's name that are not part of a place (请问县教育局 …)
LEAD_IN = re.compile(
    r"^.*(请问|我想知道|我想问|帮我查|查一下|查查|看看|说说|那么|那|其中|查|问|我们|咱们|我|咱|本|全|各|该)"
)
# after a body-like word, words making it part of a works project's name (市中医院迁建工程, 市一院红旗路
# 院区改建项目): no body asked about
WORKS_AFTER = r"(?!迁建|改建|扩建|新建|建设|工程|改造|区)"


# characters of everyday words that no place name typed before a body is made of (今年, 一下, 给 …):
# a run holding one is not read as a region
NOT_PLACE = re.compile(
    r"[年月日的了给在与及今本咱我你他她它这那个一下些么什怎多少请问想知道查看说要是有为对把被从向往到就都也还又再]"
)


def in_order(typed: str, name: str) -> bool:
    """Whether every character of ``typed`` is in ``name``, in the same order."""
    rest = iter(name)
    return all(char in rest for char in typed)


def typed_region(text: str, start: int, after: int = 0) -> str:
    """The place typed right before a name starting at ``start`` (海淀 + 区财政局 → 海淀区), from
    ``after`` on (武乡县财政局 + 县人大常委会…: the body named before is no place)."""
    run = re.search(r"[\u4e00-\u9fff]{1,8}$", text[after:start].removesuffix("的"))
    if run is None:
        return ""
    place = LEAD_IN.sub("", run.group(0))
    if NOT_PLACE.search(place):
        return ""
    if text[start : start + 1] in LEVELS:
        place += text[start]
    if len(place) >= 2 and place[-1] in LEVELS:
        return place
    qualified = QUALIFIED.match(place)  # 南京市 + 中级 + 人民法院: the place before a qualifier of the body
    return qualified.group("place") if qualified else ""


def same_place(typed: str, region: str) -> bool:
    """阳城县 typed for the region 阳城县 (or 阳城, or 晋城市阳城县 ending with it)."""
    return len(region) >= 2 and (typed == region or typed.endswith(region) or region.endswith(typed))


def region_words(body: str) -> tuple[str, ...]:
    """The region words of a body's name: 山西省晋城市阳城县教育局 → 阳城县, 阳城, 晋城市 …"""
    words: list[str] = []
    rest = re.sub(r"^(?:中共|中国共产党)", "", body)  # 中共烟台市委宣传部 is of 烟台市
    while match := PLACE.match(rest):
        place = match.group(0)
        words.append(place)
        if len(place) >= 3:
            words.append(place[:-1])  # 阳城县 → 阳城
        rest = rest[match.end() :]
    return tuple(words)
