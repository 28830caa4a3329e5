"""Canonical text for matching questions against budget names: normalize, padding, follow-ups.

    normalize("請問一下，咱們縣的代表培訓經費大概五十萬元嗎？")
        == "请问一下,咱们县的代表培训经费大概50万元吗?"
    strip_padding("请问一下，咱们县的代表培训经费大概多少钱呀？") == "代表培训经费多少钱"
    is_follow_up("那常委会会议费呢") is True
    (input-method typos are corrected by textnorm.homophones)

`normalize` steps, in order (each idempotent, so the whole is):
  1. drop control and format characters (zero-width spaces, BOM, bidi marks, lone surrogates);
  2. Unicode NFKC, then lower-case: full-width ASCII becomes ASCII ("１２３"→"123", "（"→"(",
     "，？！：；"→",?!:;"); the ideographic full stop "。" becomes "." like its full-width twin
     (so "3。5万" typed in Chinese punctuation mode reads "3.5万"); "、" stays, since it marks
     enumerations and ordinals ("一、");
  3. traditional → simplified, one character at a time (textnorm/data/t2s.json, frozen from
     zhconv by textnorm/data/make_t2s.py);
  4. white space: removed next to a CJK character (U+2E80 on: Han, "、" …; "代表 培训" → "代表培训"),
     collapsed to one space elsewhere, stripped at both ends;
  5. Chinese numerals → Arabic, only where they are quantities (see `_numeral`).

Import cost is the standard library only; the t2s table is read on the first call. Nothing here
raises on any str.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = ["is_follow_up", "normalize", "strip_padding"]

_CONTROL = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


@cache
def _traditional_table() -> dict[int, str]:
    """Load the traditional → simplified character table (once, on first use)."""
    import json
    from importlib.resources import files  # ~10 ms with json: paid on first use, not at import

    text = files("textnorm").joinpath("data/t2s.json").read_text(encoding="utf-8")
    data = json.loads(text)
    table = {ord(t): s for t, s in zip(data["traditional"], data["simplified"], strict=True)}
    table[ord("。")] = "."
    return table


def normalize(text: str) -> str:
    """Return the canonical form of a question or a budget name (see the module docstring)."""
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFKC", text).lower()
    if not unicodedata.is_normalized("NFKC", text):  # lower() can un-normalize a few letters
        text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return " ".join(text.split())
    text = _join_words(text.translate(_traditional_table()).split())
    if text.isascii():
        return text
    text = _PERCENT.sub(_percent, text)
    return _RUN.sub(_numeral, text)


def _join_words(words: list[str]) -> str:
    """Join with one space, or none where either side is CJK (U+2E80 on: Han, 、, kana …)."""
    if not words:
        return ""
    joined = [words[0]]
    for word in words[1:]:
        joined.append(word if joined[-1][-1] >= "\u2e80" or word[0] >= "\u2e80" else " " + word)
    return "".join(joined)


# --- Chinese numerals -------------------------------------------------------------------------
#
# A run of numeral characters is rewritten only when it is a well-formed number AND reads as a
# quantity or a year:
#   * "百分之" + number → "N%" ("百分之十" → "10%", "百分之百" → "100%", "百分之五" → "5%");
#   * a year spelt digit by digit: four digits containing 〇/零 or followed by 年
#     ("二〇二四年" → "2024年", "二零二三" → "2023"), or its last two, of 2000–2029, before 年
#     ("一七年" → "17年", "二五年" → "25年");
#   * a place-value number of two or more characters ("一百二十" → "120", "五十五万" → "55万",
#     "三点五" → "3.5"): a final 万/亿 is kept as the unit ("一亿五千万" → "15000万");
#   * a single numeral followed by a measure word (_UNITS: 个 人 元 年 …: "两个" → "2个"), by a
#     range whose end has one ("三至五年" → "3至5年"), or preceded by 前 ("前三" → "前3").
# Never: after 第/几/数/初 (ordinals, "几十万"); before 届, 般, 、, 分之 or 次 + 性/会/全/人/代/
# 常/主/党 ("七届六次人代会", "一般公共预算", "一、", "三分之一", "一次性"); digit strings that
# are not years ("三四年", "五一", "两三年"); ill-formed runs ("十四五", "千万", "万一"); lone numerals
# without a measure word ("统一", "一下", "三公经费", "第一部分", "十分"). A "百分之" whose
# number is ill-formed or runs on ("百分之五十万") is left as typed.

_DIGIT = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_DECIMAL_DIGITS = "零〇一二三四五六七八九"
_RUN = re.compile(f"[{''.join(_DIGIT)}十百千万亿]+(?:点[{_DECIMAL_DIGITS}]+[万亿]?)?")
_PERCENT = re.compile(
    rf"百分之((?>[{''.join(_DIGIT)}十百千]+(?:点[{_DECIMAL_DIGITS}]+)?|\d+(?:\.\d+)?))"
    r"(?![\d万亿]|\.\d)"  # the whole number or nothing: not "5%十万"
)
_UNITS = tuple(
    "元 块 角 毛 人 个 名 位 次 年 月 日 号 天 周 季 辆 台 套 项 件 家 所 座 场 期 批 户 岁 倍 % 笔 张 份 "
    "篇 页 本 间 栋 处 种 轮 遍 小时 分钟 秒 公里 米 平方 亩 吨".split()
)
_RANGE_TAIL = re.compile(rf"[至到~-](?:\d+(?:\.\d+)?|{_RUN.pattern})")  # "三至五年": 三 counts too
_NUMERAL_CHARS = frozenset(_DIGIT.keys() | _SMALL.keys() | _BIG.keys())
_BLOCKING_BEFORE = frozenset("第几数初")
_NEXT_TO_DIGITS = re.compile(r"\.?\d")
_BLOCKING_AFTER = ("届", "般", "、", "分之", "次性", "次会", "次全", "次人", "次代", "次常", "次主", "次党")


def _section(text: str, *, leading: bool) -> int | None:
    """Value of a place-value section below 10 000 ("一千零五十" → 1050), None if ill-formed."""
    value, last, zero, i = 0, 10_000, False, 0
    if leading and text.startswith("十"):
        value, last, i = 10, 10, 1
    if i == len(text):
        return value or None
    while i < len(text):
        char = text[i]
        if char in "零〇":
            if zero or last == 10_000:
                return None
            zero, i = True, i + 1
            continue
        digit = _DIGIT.get(char)
        if digit is None:
            return None
        i += 1
        if i == len(text):  # a final digit: units, or the colloquial "一百五" = 150
            if zero or last in (10, 10_000):
                return value + digit
            return value + digit * last // 10
        multiplier = _SMALL.get(text[i])
        if multiplier is None or multiplier >= last:
            return None
        value, last, zero, i = value + digit * multiplier, multiplier, False, i + 1
    return None if zero else value


def _below(text: str, big: int, *, leading: bool) -> int | None:
    """Value of a number below `big` (10 000 or 10⁸), split at 万 when big is 10⁸."""
    if big == 10_000:
        return _section(text, leading=leading)
    high, sep, rest = text.partition("万")
    if not sep:
        return _section(text, leading=leading)
    top = _section(high, leading=leading)
    tail = _tail(rest, 10_000)
    return None if top is None or tail is None else top * 10_000 + tail


def _tail(rest: str, big: int) -> int | None:
    """Value after a 万/亿: "" → 0, "五" → colloquial 5·big/10, "零五" → 5, else a full part."""
    if not rest:
        return 0
    if rest[0] in "零〇":
        return _below(rest[1:], big, leading=False) if len(rest) > 1 else None
    if len(rest) == 1 and rest in _DIGIT:
        return _DIGIT[rest] * big // 10
    return _below(rest, big, leading=False)


def _integer(text: str) -> int | None:
    """Value of a place-value numeral ("五十五万" → 550000), None if ill-formed."""
    high, sep, rest = text.partition("亿")
    if not sep:
        return _below(text, 100_000_000, leading=True)
    top = _section(high, leading=True)
    tail = _tail(rest, 100_000_000)
    return None if top is None or tail is None else top * 100_000_000 + tail


def _arabic(run: str) -> str | None:
    """Arabic spelling of a well-formed place-value or decimal numeral run, else None."""
    whole, point, fraction = run.partition("点")
    suffix = ""
    if point:
        if fraction[-1] in _BIG:
            fraction, suffix = fraction[:-1], fraction[-1]
        if len(whole) == 1 and whole in _DIGIT:
            value: int | None = _DIGIT[whole]
        else:
            value = _integer(whole)
        if value is None:
            return None
        return f"{value}.{''.join(str(_DIGIT[c]) for c in fraction)}{suffix}"
    if run in _DIGIT:
        return str(_DIGIT[run])
    value = _integer(run)
    if value is None:
        return None
    if run[-1] in _BIG:
        return f"{value // _BIG[run[-1]]}{run[-1]}"
    return str(value)


def _percent(match: re.Match[str]) -> str:
    amount = match.group(1)
    if amount[0].isascii():
        return f"{amount}%"
    value = "100" if amount == "百" else _arabic(amount)
    return match.group(0) if value is None else f"{value}%"


def _numeral(match: re.Match[str]) -> str:
    run, text, start = match.group(0), match.string, match.start()
    after = text[match.end() :]
    before = text[start - 1] if start else ""
    if before in _BLOCKING_BEFORE or after.startswith(_BLOCKING_AFTER) or text.endswith("百分之", 0, start):
        return run  # a number after 百分之 is converted as a percentage or not at all
    if _NEXT_TO_DIGITS.match(after) or _NEXT_TO_DIGITS.match(text[max(start - 2, 0) : start][::-1]):
        return run  # "五十5", "3.五": converting would merge with the Arabic number
    if before in _NUMERAL_CHARS or after[:1] in _NUMERAL_CHARS:
        return run  # "三点五两个" is two runs: converting both would make "3.52个"
    counted = after.startswith(_UNITS)
    if not counted and (tail := _RANGE_TAIL.match(after)):
        counted = after.startswith(_UNITS, tail.end())
    if not any(c in run for c in "十百千万亿点"):  # digit by digit: only as a year
        if len(run) == 1:
            ranked = before == "前" and run not in "一零〇"
            return str(_DIGIT[run]) if counted or ranked else run
        is_year = len(run) == 4 and "两" not in run and run[0] not in "零〇"
        if is_year and ("零" in run or "〇" in run or after.startswith("年")):
            return "".join(str(_DIGIT[c]) for c in run)
        if len(run) == 2 and run[0] in "零〇一二" and "两" not in run and after.startswith("年"):
            return "".join(str(_DIGIT[c]) for c in run)  # a year of this century by its last two: 一七年
        return run
    if len(run) == 1 and not counted and before != "前":  # a lone 十/百/千/万/亿
        return run
    return _arabic(run) or run


# --- padding and follow-ups -------------------------------------------------------------------

_FILLERS = sorted(
    (
        "请问一下 请问 麻烦您 麻烦你 麻烦 你好 您好 谢谢 我想知道 我想了解 想知道 想了解 我想问一下 我想问 "
        "想问一下 想问 帮我查一下 帮我查查 帮我查 帮忙查一下 帮忙查 查一下 查查 告诉我 跟我说一下 "
        "咱们县的 咱们县 我们县的 我们县 咱县的 本县的 咱们的 我们的 咱们 我们 县里的 县里 "
        "大概 大约 大致 左右 一下"
    ).split(),
    key=len,
    reverse=True,
)
_FILLER = re.compile("|".join(_FILLERS))
_EDGE = r"[\s,.?!:;、~…'\"“”‘’]"
_LEADING = re.compile(rf"^(?:{_EDGE}|嗯|哦|喂|那么|那(?![曲些个里边样种儿]))+")
_TRAILING = re.compile(rf"(?:{_EDGE}|[呀啊呢吗吧哈嘛哦呐啦哇])+$")
_LEADING_MARKS = re.compile(rf"^{_EDGE}+")
_TRAILING_MARKS = re.compile(rf"{_EDGE}+$")
_QUESTION_WORDS = (
    "多少 几 什么 哪 怎么 怎样 如何 为什么 为何 是否 是不是 有没有 有无 多大 多高 多长 咋 谁 吗".split()
)
_ANAPHORA_START = tuple("那 它 其中 这个 这些 这项 这笔 这2 这两 该项 该笔 此项 上述 上面 还有 另外".split())
_ANAPHORA_ANYWHERE = tuple("两者 二者 它们 上述 以上 刚才 前面 这2 这两".split())
_AMOUNT_AND_ABOVE = re.compile(r"(?<=[\d万千百亿元])以上")
_PAIR_SUM = re.compile(r"2[个项笔][的]?(?:加起来|合起来|一共|总共|合计|相加|之和|相差|差|比|哪)")


def strip_padding(text: str) -> str:
    """Return the normalized core of a question, without politeness, hedges and particles.

    "请问一下，咱们县的代表培训经费大概多少钱呀？" → "代表培训经费多少钱". A leading 那/那么 and a
    trailing 呢 are removed too, so call `is_follow_up` on the text *before* stripping.
    """
    core = normalize(text)
    for _ in range(4):  # removing a filler can join characters into a new numeral or filler
        stripped = normalize(_TRAILING.sub("", _LEADING.sub("", _FILLER.sub("", core))))
        if stripped == core:
            break
        core = stripped
    return core


def is_follow_up(text: str) -> bool:
    """Tell whether a question leans on the previous one ("那去年呢", "其中…", "两个加起来多少")."""
    core = _LEADING_MARKS.sub("", _TRAILING_MARKS.sub("", _FILLER.sub("", normalize(text))))
    core = _AMOUNT_AND_ABOVE.sub("", core)  # 20万以上 is a threshold, not 以上 (what was said before)
    if core.startswith(_ANAPHORA_START) and not core.startswith("那曲"):
        return True
    if any(word in core for word in _ANAPHORA_ANYWHERE) or _PAIR_SUM.search(core):
        return True
    # An elliptical "X呢" asks again with a new X; "X是多少呢" is a complete question.
    return core.endswith("呢") and not any(word in core for word in _QUESTION_WORDS)
