"""The short names people use for a body, derived from its full name by general rules.

泽州县人民代表大会常务委员会办公室 → 泽州县人大常委会办公室, 泽州县人大常委会, 泽州县人大, 县人大 …
上海市普陀区人民政府万里街道办事处 → 普陀区万里街道办事处, 万里街道, 万里街道办 …
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
    ("人民法院", "法院"),
    ("人民政府", "政府"),
    ("委员会办公厅", "办公厅"),
    ("街道办事处", "街道"),
)
REGION = re.compile(r"^(?:[\u4e00-\u9fff]{1,6}?(?:省|自治区|市))?(?:[\u4e00-\u9fff]{1,6}?(?:区|县|市))?")


def short_names(body: str) -> tuple[str, ...]:
    """Names a citizen might type for ``body``, longest first, the full name excluded."""
    names: list[str] = []
    short = re.sub(r"人民政府(?=[\u4e00-\u9fff]+街道办事处$)", "", body)
    for long, abbreviation in ABBREVIATIONS:
        short = short.replace(long, abbreviation)
    candidates = [short]
    # without the province / city prefix: 上海市普陀区财政局 → 普陀区财政局 → 财政局 (kept only with a place)
    region = REGION.match(short)
    prefix = region.group(0) if region else ""
    if prefix:
        rest = short[len(prefix) :]
        parts = re.findall(r"[\u4e00-\u9fff]{1,6}?(?:省|自治区|市|区|县)", prefix)
        if parts:
            last = parts[-1]
            candidates.append(last + rest)
            level = last[-1]
            if level in "县区" and rest:
                candidates.append(level + rest)
        if len(rest) >= 3:
            candidates.append(rest)
    # drop trailing office words: 人大常委会办公室 → 人大常委会 → 人大
    more: list[str] = []
    for name in candidates:
        trimmed = re.sub(r"(办公室|办公厅|办事处|机关)$", "", name)
        if trimmed != name and len(trimmed) >= 2:
            more.append(trimmed)
        core = re.sub(r"常委会$", "", trimmed)
        if core != trimmed and len(core) >= 2:
            more.append(core)
        if name.endswith("街道"):
            more.append(name + "办")
    for name in candidates + more:
        if name != body and name not in names and len(name) >= 2:
            names.append(name)
    return tuple(sorted(names, key=len, reverse=True))
