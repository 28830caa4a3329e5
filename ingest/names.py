"""The short names people use for a body, derived from its full name by general rules.

泽州县人民代表大会常务委员会办公室 → 泽州县人大常委会办公室, 县人大常委会, 泽州县人大, 县人大 …
江苏省人大常委会办公厅 → 省人大常委会办公厅, 江苏省人大办公厅, 省人大办公厅, 省人大 …
江苏省高级人民法院 → 江苏省高院, 省高院, 江苏高院, 省高级法院 …
中共江苏省委办公厅 → 江苏省委办公厅, 省委办公厅
上海市普陀区人民政府万里街道办事处 → 普陀区万里街道, 万里街道, 万里街道办, 万里街道办事处 …

The rules: the usual abbreviations (人民代表大会 → 人大, 人民检察院 → 检察院 …);
the place prefix kept whole, cut to its last level (普陀区财政局), to the
level's character (区财政局, 省人大) or left out when what remains is still a
name (财政局); a congress's office also goes by the congress (人大常委会办公厅 →
人大常委会, 人大办公厅), a 委员会 by its 委 (普陀区商务委).
"""

from __future__ import annotations

import re

ABBREVIATIONS = (
    ("人民代表大会常务委员会", "人大常委会"),
    ("人民代表大会", "人大"),
    ("中国人民政治协商会议", "政协"),
    ("政治协商会议", "政协"),
    ("中国共产党", "中共"),
    ("人民检察院", "检察院"),
    ("高级人民法院", "高级法院"),
    ("人民法院", "法院"),
    ("人民政府", "政府"),
)
# what people call a department in speech and in the press, nationwide (福州医保局, 无锡应急局);
# names are formed with and without them
COLLOQUIAL = (
    ("医疗保障局", "医保局"),
    ("应急管理局", "应急局"),
    ("交通运输局", "交通局"),
    ("人力资源和社会保障局", "人社局"),
    ("住房和城乡建设局", "住建局"),
    ("市场监督管理局", "市场监管局"),
    ("卫生健康委员会", "卫健委"),
    ("发展和改革委员会", "发改委"),
    ("文化广电旅游局", "文旅局"),
    ("文化和旅游局", "文旅局"),
    ("工业和信息化局", "工信局"),
    ("科学技术局", "科技局"),
    ("退役军人事务局", "退役军人局"),
    ("国有资产监督管理委员会", "国资委"),
    ("机关事务管理局", "机关事务局"),
    ("生态环境局", "环保局"),
    ("信访办公室", "信访办"),
    ("政府办公厅", "政府办"),
    ("政府办公室", "政府办"),
)
# a place, level by level: 江苏省 · 上海市普陀区 · 泽州县
PLACE = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:省|自治区|市|区|县)")
CONGRESS = re.compile(r"(人大常委会|人大|政协)(办公厅|办公室|机关)$")
# a body printed with its second name in brackets (one office, two names): either name is the body's
SECOND_NAME = re.compile(
    r"([\u4e00-\u9fff]{4,})[（(]([\u4e00-\u9fff]{2,}(?:所|院|局|委|会|中心|室|厅|办|站|馆|部|处))[）)]"
)
# a branch named after its parent body (市场监督管理局 | 深汕监管局, 规划和自然资源局 | 宝安管理局)
BRANCH = re.compile(r"(.{2,}?(?:局|委员会|委))([\u4e00-\u9fff]{2,6}(?:分局|管理局|监管局|局|支队|大队))")
TOO_VAGUE = {"政府", "办公室", "办公厅", "委员会", "街道", "办事处"}


def short_names(body: str) -> tuple[str, ...]:
    """Names a citizen might type for ``body``, longest first, the full name excluded."""
    forms = _forms(body)
    second = SECOND_NAME.fullmatch(body)
    if second:  # 上海市财务会计综合管理事务中心（上海市财政科学研究所）: one body under either name
        forms += _forms(second.group(1)) + _forms(second.group(2))
    names: list[str] = []
    for name in forms:
        if name != body and name not in names and len(name) >= 2 and name not in TOO_VAGUE:
            names.append(name)
    return tuple(sorted(names, key=len, reverse=True))


def _forms(body: str) -> list[str]:
    base = re.sub(
        r"人民政府(?=[\u4e00-\u9fff]+街道办事处$)", "", body
    )  # 街道办事处 is named without 人民政府
    base = re.sub(r"^中国共产党(.+?)委员会", r"中共\1委", base)
    for long, short in ABBREVIATIONS:
        base = base.replace(long, short)
    spoken = base
    for long, short in COLLOQUIAL:
        spoken = spoken.replace(long, short)
    bases = list(dict.fromkeys([base, re.sub(r"^中共", "", base), spoken]))
    if "人民政府" in body:  # as printed too: 普陀区人民政府办公室 is typed so as often as 普陀区政府办公室
        bases.append(body)
        agency = re.fullmatch(r"(.+?)人民政府(.{3,})", body)
        if agency and agency.group(2) not in ("办公厅", "办公室"):
            # an agency of the government goes by its place alone: 广州市人民政府国有资产监督管理委员会 →
            # 广州市国资委 (the government's own office, 西安市人民政府办公厅, keeps 政府)
            bases += [agency.group(1) + agency.group(2), spoken.replace("政府", "", 1)]
    if base.endswith("街道办事处"):
        bases.append(base.removesuffix("办事处"))
    forms: list[str] = []
    for name in bases:
        forms += _placed(name)
    more: list[str] = []
    for name in forms:
        congress = CONGRESS.search(name)
        if congress:
            organ = name[: congress.end(1)]
            more += [organ, re.sub(r"常委会$", "", organ)]
            if organ.endswith("常委会"):
                more.append(organ.removesuffix("常委会") + congress.group(2))  # 省人大办公厅
        if name.endswith("街道"):
            more.append(name + "办")
        office = re.fullmatch(r"(.*?)(?:人民)?政府(.{2,6}?)办公[室厅]", name)
        if (
            office
        ):  # 深圳市人民政府口岸办公室 → 深圳市口岸办公室, 深圳市口岸办 (a government's office for a matter)
            more += [office.group(1) + office.group(2) + "办公室", office.group(1) + office.group(2) + "办"]
        matter = re.fullmatch(r"(.{2,}?)(?:委员会|领导小组)办公室", name)
        if matter and not congress:  # 首都绿化委员会办公室 → 首都绿化办, 扶贫开发领导小组办公室 → 扶贫开发办
            more.append(matter.group(1) + "办")
        branch = BRANCH.fullmatch(name)
        if branch:  # 市场监管局深汕监管局 → 深汕监管局: a branch goes by its own name
            more.append(branch.group(2))
        if name.endswith("委员会") and len(name) >= 5:
            more.append(name.removesuffix("员会"))  # 商务委员会 → 商务委
        if name.endswith("高级法院"):
            more += [name.removesuffix("高级法院") + "高院", re.sub(r"^(.+?)省(?=高级法院$)", r"\1", name)]
            more.append(re.sub(r"^(.+?)省高级法院$", r"\1高院", name))
    return forms + more


def _placed(name: str) -> list[str]:
    """The name with its whole place, its last level, the level's character, and none."""
    places = []
    position = 0
    while match := PLACE.match(name, position):
        places.append(match.group(0))
        position = match.end()
    if not places:
        return [name]
    rest = name[position:]
    last = places[-1]
    forms = [name, last + rest]
    level = re.sub(r"^.*?(省|自治区|市|区|县)$", r"\1", last)
    if rest:
        forms.append(level + rest)
        if len(last) >= 3 and last[-1] in "省市区县":
            forms.append(last[:-1] + rest)  # 长沙市信访局 typed 长沙信访局, 泽州县人大 泽州人大
    if len(rest) >= 3 and not rest.startswith("委"):
        forms.append(rest)
    return forms
