"""Every matching threshold of the engine, in one place, each with the reason it has its value.

Names typed in a question are matched against stored names in three ways:
exactly (the longest stored names the canonical question contains), by shared
character pairs (``FUZZY_THRESHOLD``: paraphrases and word order), and by shared
rare characters (``CHAR_THRESHOLD``: typos that survive homophone correction).
Bodies are matched by rapidfuzz when no body name is typed in full
(``BODY_SCORE_CUTOFF``).
"""

from __future__ import annotations

# Share of the question's character pairs a stored name must hold. Measured on the
# development questions: 0.74 keeps 代表培训的经费 → 代表培训经费 and rejects 会议 → 会议费 alone.
FUZZY_THRESHOLD = 0.74
# Share of the question's rarity-weighted characters a stored name must hold, in any order.
CHAR_THRESHOLD = 0.80

# rapidfuzz fuzz.ratio (0-100) a body-like span of the question must reach against a loaded
# body's name. A name typed with one character left out or changed scores 2(n-1)/(2n-1):
# 94.7 for a ten-character name, 88.9 for a five-character one; two different departments
# of one county (泽州县教育局 / 泽州县财政局) score 66.7. 85 takes the first and not the second.
BODY_SCORE_CUTOFF = 85.0
# At most this many candidate bodies are offered when a question's body is ambiguous.
BODY_CANDIDATES = 8

# A rare-character match below CHAR_THRESHOLD is still taken when it holds this share of the
# question's weighted characters and the name is mostly made of them (its precision): a name
# typed with one rare character wrong (代表培训经废) keeps ~0.7 of the weight, while a name that
# merely shares common characters does not reach 0.8 precision.
CHAR_RECALL_FLOOR = 0.70
CHAR_PRECISION = 0.80
# A rare-character match that misses one of the question's characters must be at least half made
# of the question's characters: a typo keeps the name's length. Without this floor 机关运行经费 (not
# printed as a row in a Zhuhai budget) matched 珠海机场货运口岸临时开放期间拱北海关补助经费 (机, 关,
# 运 and 经费 in it, 行 not; precision 0.27): a wrong figure on a helper's question. A match holding
# every character of the question is a short form and keeps (通讯补贴 → 人大代表通讯、交通补贴经费).
CHAR_PRECISION_FLOOR = 0.50

# A narrative fact answers when its subject holds this share of the question's character pairs,
# and at least FACT_MIN_PAIRS of them when the question has two or more.
FACT_RECALL = 0.60
FACT_MIN_PAIRS = 2
# A sheet's head-count indicator answers 多少人 instead of a stated count only when it names
# at least this share of the question's pairs (and more than the stated count does).
PEOPLE_INDICATOR_RECALL = 0.60
# A project is the question's subject, when not named in full, if its name holds this many
# of the question's character pairs.
PROJECT_MIN_PAIRS = 2
# A sentence giving a reason (原因) answers 为什么 when it shares a run of this many characters
# with the question's subject.
REASON_MIN_OVERLAP = 2
# An indicator answers a count (几个, 多少次) only when its name shares a run of characters with
# what the question counts of at least this share of it (and two characters): a helper's 因公出国
# 团组有几个 was answered with 区域自动站检定 ≥20个/套, which shares nothing with it.
INDICATOR_MIN_SHARE = 0.50
# A subject more than FACT_SCATTER_LENGTH times as long as the question's words must share an
# unbroken run of FACT_MIN_RUN characters with them (or all of a shorter question): pairs scattered
# over a long sentence are not its subject (公用经费 matched 主要原因是新增…办公用房以及…专项经费
# 280万元 by 公用 and 经费, a wrong figure in the real documents), while a short subject may word
# the same thing in another order (收入预算 · 预算收入).
FACT_MIN_RUN = 3
FACT_SCATTER_LENGTH = 3

# A share's numerator named by a catalogue name plus this many more Han characters (besides the
# body, years and generic words) names another item: 公务用车购置及运行维护费 is not 公务用车购置
# (6 more); 代表培训经费 is 代表培训 (经费 is generic). Set on corpus7 c7085 and the share tests.
PARTLY_NAMED = 4

# Share of a question's own words (those its project's name lacks, 满意度 of 代表培训的满意度) an
# indicator's names must hold to be the one asked (参加会议人员满意度: 服务对象满意度 · 县人大常委会
# 参会人员 holds 6 of 7); set on the reference document's sheets so that no question about a line or a
# project's funds reads an indicator instead (tests/test_reference_phrasings.py).
INDICATOR_WORDS_HELD = 0.6

# An item the text names only as what a line is 主要用于 (国债电梯补贴) is looked for there when the
# words asked are at least this long: shorter words (设备, 培训) are held by many clauses of uses.
USE_NAME_SHORTEST = 4
# ... and only when they are most of what the line is used for (国债电梯补贴 is all of it): one of several
# uses listed (人员经费、公用经费…以及会计考试专项经费…) is no line's amount.
USE_NAME_SHARE = 0.6
# Characters of the text before a 主要用于 sentence searched for the line it is of (a heading's tail
# and the sentence before: “…其他社会工作 | 事务支出（项）。主要用于：…”).
USE_LINE_REACH = 80

# Characters a statement of another year's document shares with the one answered, at least, to be read
# as the same statement when its words differ (机构设置包括23个内设机构 in 2017, 本部门包括19个内设机构 in
# 2018 share 内设机构): fewer (包括, 机构) are shared by statements of other things.
SAME_STATEMENT_SHARED = 4
