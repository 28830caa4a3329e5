"""The forms names are compared and typed in: ``canon`` (代表培训的经费 is 代表培训经费) and a name's
``aliases`` (without brackets, without its place, a “三公” item under any ending word)."""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.likeness import OPENING_PLACE
from knowledge.vocabulary import GENERIC_NAMES, THREE_PUBLIC_ITEM
from textnorm.normalize import normalize

PUNCTUATION = re.compile(r"[\s“”\"'‘’《》〈〉<>「」『』,，.。:：;；!！?？、·•…\-—_/\\|]")


_NUMBERED = (  # … and A-货物 (the letter of a 政府采购 category, normalized to lower case)
    r"[一二三四五六七八九十]+、|[①②③④⑤⑥⑦⑧⑨⑩]|\(?[一二三四五六七八九十\d]+\)|\d+[、.]|[a-z][-.、](?=[\u4e00-\u9fff])"
)


# 一、 · (二) · 1. before a name, and 其中： before one (其中：（一）因公出国（境）支出 is 因公出国(境)支出)
ORDINAL = re.compile(rf"^(?:其中[:：]?(?:{_NUMBERED})?|{_NUMBERED})")


PARENTHESES = re.compile(r"\([^)]*\)")


LEVEL_MARK = re.compile(r"[(（][类款项][)）]")


@lru_cache(maxsize=1 << 16)
def canon(text: str) -> str:
    """The form names are compared in: 「“智慧人大”系统建设」 → 智慧人大系统建设."""
    text = LEVEL_MARK.sub("", normalize(text))  # 公立医院（款）综合医院（项）: the levels of the 科目 named
    text = ORDINAL.sub("", text)
    # 代表培训的经费 is 代表培训经费; 购置及运行维护费 is 购置和运行维护费
    return PUNCTUATION.sub("", text).replace("的", "").replace("及", "和")


@lru_cache(maxsize=1 << 16)
def aliases(name: str) -> tuple[str, ...]:
    """Canonical forms a user may type for ``name``: as printed, without brackets' content, without brackets."""
    base = canon(name)
    forms = [base]
    without = canon(PARENTHESES.sub("", normalize(name))) if "(" in base or "（" in name else base
    bare = base.replace("(", "").replace(")", "")
    for form in (bare, without):
        if form and form not in forms:
            forms.append(form)
    # 中共西安市委理论讲师团: the place's party committee opens it (理论讲师团 within its department)
    place = PARTY_PLACE.match(base) or OPENING_PLACE.match(base)
    if place and len(base) - place.end() >= 3 and base.endswith(UNIT_ENDINGS + FUND_ENDINGS):
        # 珠海市会议展览局, called 会议展览局 within its department; 重庆市水利专项资金, 水利专项资金
        forms.append(base[place.end() :])
    if THREE_PUBLIC_ITEM.search(base):
        # a “三公” item is one concept whatever word ends it: 因公出国（境）费 · 费用 · 经费 · 支出
        for form in list(forms):
            stem = EXPENSE_WORD.sub("", form)
            forms += [stem + word for word in EXPENSE_WORDS if stem + word not in forms]
        # 公务用车运行费 is printed for 公务用车运行维护费 (and 购置及运行费 for 购置及运行维护费)
        for form in list(forms):
            other = (
                form.replace("运行维护", "运行") if "运行维护" in form else form.replace("运行", "运行维护")
            )
            if other != form and other not in forms:
                forms.append(other)
    kind = PROCUREMENT_KIND.fullmatch(base)
    if kind:
        # 一、货物A · 三、服务C · A-货物: a class of the 政府采购品目分类 by its code letter (A 货物, B 工程, C 服务),
        # called 货物, 货物类 and 货物采购
        forms += [
            kind.group(1) + tail for tail in ("", "类", "采购", "类采购") if kind.group(1) + tail not in forms
        ]
    return tuple(form for form in forms if len(form) >= 2 and form not in GENERIC_NAMES)


PROCUREMENT_KIND = re.compile(
    r"(?:[一二三四五六七八九十]+[、.．])?(?:[A-Ca-c][-－—]?)?(货物|工程|服务)(?:类)?[A-Ca-c]?"
)

EXPENSE_WORDS = ("费", "费用", "经费", "支出")


FUND_ENDINGS = ("专项资金", "专项", "资金")
UNIT_ENDINGS = ("局", "中心", "院", "所", "站", "队", "馆", "委员会", "办公室", "学校", "团")


PARTY_PLACE = re.compile(r"^(?:中共)?[\u4e00-\u9fff]{2,4}?[省市县区]委(?!员)")


EXPENSE_WORD = re.compile(r"(?:费支出|费用|经费|支出|费)$")
