"""Every user-facing Chinese sentence the engine writes, in one place."""

from __future__ import annotations

HELP = (
    "我可以回答部门预算公开文件里的问题，并注明出处。例如：\n"
    "· 代表培训经费多少\n· 基本支出占比多少\n· 哪个项目最贵\n· 人大会议和人大监督合计多少\n"
    "· 什么是三公经费\n· 机关运行经费比上年减少了多少\n"
    "已载入：{documents}"
)
OUT_OF_SCOPE = "这个问题超出了预算公开文件的范围。我只回答部门预算、决算公开文件里的数字和说明。{hint}"
NOT_FOUND = "文件中没有找到“{what}”的相关数据。{hint}"
NOT_FOUND_BODY = "数据库中没有“{what}”的预算文件。现有：{documents}。"
NOT_FOUND_YEAR = "数据库中没有{year}年的文件。现有：{documents}。"
NOT_FOUND_PHASE = (
    "数据库中没有{what}的{phase}文件，{phase}数字无法给出（预算不是{phase}）。现有：{documents}。"
)
NOT_FOUND_PREVIOUS = "文件没有给出{what}的上年数字。"
HINT_ITEMS = "可以问问：{examples}。"
AMBIGUOUS = "“{what}”有几种理解，请选择："
SOURCE = "来源："
EMPTY_TABLE = "{name}：无。{table}公开为空表（{note}），即{year}年没有{what}，按0计。"
EMPTY_ROW = "{name}：无（{table}中该行为空，按0计）。"
SEE_ALSO = "另：{table}中为{value}（{column}）。"
FUZZY = "（按“{name}”理解）"
DEFINITION = "{term}：{definition}"
THRESHOLD = "{label}{comparator}{limit}的有{count}个：{items}。"
THRESHOLD_NONE = "没有{label}{comparator}{limit}。"
NOT_FOUND_NEXT_YEAR = "预算文件只给出本年的数字，没有明年（以后年度）的预算。现有：{documents}。"
AMBIGUOUS_BODY = "“{what}”对应多个单位，请指明是哪一个："
MORE_DOCUMENTS = "等{count}个文件"
MORE_BODIES = "等{count}个单位"
BODY_MATCHED = "（按“{body}”理解）"
NEED_TWO = "合计或差额要用两个数：请说出两个项目，例如“基本支出和项目支出合计多少”。"
QUOTED_WHOLE_DIFFERS = (
    "问题给出的总数{quoted}与文件中找到的{label}（{found}）不同，没有算占比：请说明要除以哪一项。"
)
SUM_ITEM_MISSING = "问题列出的{count}项中，文件里没有找到“{what}”，合计算不出来。"
NAME_THE_BODY = "这个问题没有指明单位，已载入的单位很多，请在问题中写明单位名称（已载入：{bodies}）。"
# after the sources of an answer from a table whose identities fail beyond rounding
DOUBTFUL_TABLE = "\n注意：{table}有{doubt}；该表的数字请对照原文核实。"
UNREADABLE_TABLE = (
    "答案要从{table}读取，但这张表的大部分合计与明细之和对不上，表格很可能没有读对；"
    "为免给出错误数字，这里不作答，请查看原文{where}。"
)
# a question naming no fund, answerable only from a table of one fund because the table of all funds
# (支出总表) could not be read: that fund's figure is shown, and not given as the answer
ONE_FUND_ONLY = (
    "{all_funds}没有读对（{where}），无法给出全部资金口径的数字。{table}中为{value}（只含该表所列资金）。"
    "如要问这一口径，可以说“一般公共预算…”或“财政拨款…”。"
)
ANSWER_BODY = "【{body}】"  # before an answer when several bodies are loaded
# after a whole-budget amount the text states, the part a 基本支出 table prints of the same item
BASIC_PART = "另：{table}中为{amount}（只含基本支出）。"
# after an amount the text states, the same item's lines of a table added up (within their rounding)
LINES_ADDED = "另：{table}中各行相加为{amount}（{added}），与文字所述相差在四舍五入之内。"
# after the answer to one of two questions asked in one, the other, which found no answer
PART_UNANSWERED = "\n（另一问“{question}”没有找到对应的数字。）"
