"""The budget vocabulary of questions: cue words for operations, columns, units and synonyms.

These are words of the genre (how people ask about 部门预算), never a question's
literal text: the engine combines them with the names it finds in the documents.
"""

from __future__ import annotations

import re

from knowledge.places import WORKS_AFTER

# Operations, recognised by cue patterns on the normalized question.
DEFINITION = re.compile(
    r"什么是|什么叫|何为|何谓|啥是|指的是什么|包括什么|包括哪些|包含什么|包含哪些|是什么意思|啥意思|什么意思|指什么|是指什么|的含义|含义是|的定义|解释一下|名词解释|是什么$|是啥$|是什么\?*$"
)
WHY = re.compile(
    r"为什么|为何|为啥|咋回事|怎么回事|原因|怎么(会|就)?(减少|增加|下降|增长|变)|咋(会)?(减少|增加)"
)
CHANGE = re.compile(
    r"多了?还是少了?|增加还是减少|增还是减|是增是减|比上年|比去年|比上[一1]年|同比|较上年|较去年|比20\d\d年|较20\d\d年|增长|增加|减少|下降|增减|变化|变动|涨了|降了|多了多少|少了多少"
)
SHARE = re.compile(r"占比|比例|比重|百分之多少|百分之几|百分比|占.{0,30}(多少|几|%)|几成|份额")
DIFFERENCE = re.compile(
    r"相差|差多少|差额|差距|差了|多多少|少多少|多出|少了?多少|高多少|低多少|贵多少|便宜多少"
)
# 基本支出和项目支出分别是多少 · 人员经费和公用经费各多少: each figure, not their sum
EACH = re.compile(r"分别|各(?:是|为|有|占|自|要|花)?(?:多少|几)|各自")
SUM = re.compile(
    r"一共|总共|合计|加起来|合起来|加在一起|之和|总和|相加|共计|加上|(?<![增追参附外更])加(?![起上大快强入班])"
)
RANKING = re.compile(
    # (最低工资标准, 最低生活保障 are standards a policy names, no ranking)
    r"最多|最少|最高|最低(?!工资|生活)|最大|最小|最贵|最便宜|排名|排行|前\d+|后\d+|top\d*|第一多|第二多|哪个.{0,6}(多(?!少)|高|大|贵|(?<!多)少|低|小|便宜)|哪.{0,4}(钱最|花得最)"
)
COUNT = re.compile(
    r"(多少|几)(个|项)(项目)?|项目(有|的)?(多少|几)(个|项)|项目数|项目总数|项目数量|项目个数|多少项目|个数"
)
# a number asked (多少, 几); names asked, not how many (是哪个, 叫什么)
ASKS_NUMBER = re.compile(r"多少|几")
NAMES_ASKED = re.compile(r"是哪[个些几家一]|哪几[个家]|叫什么|叫啥|什么名|名称是|分别是|是什么单位|是谁")
THRESHOLD = re.compile(r"(超过|大于|高于|多于|不少于|不低于|至少|以上|低于|少于|小于|不足|不到|以下|不超过)")
LIST = re.compile(r"哪些|哪个|哪一个|有啥|列出|列一下|清单|都有什么|包括什么|包含什么|明细|有什么项目")
# what an item is used for (its 主要用于 in the text)
USE = re.compile(
    r"用途|(?:主要)?(?:用来|用于|拿来|用在)(?:干嘛|干啥|干什么|做什么|什么|哪些?方面|哪|干)|主要(?:干|做)(?:嘛|啥|什么)?"
    r"|(?:干什么|做什么|干啥)用的?|是干(?:什么|啥)的"
)
TIME = re.compile(r"什么时候|何时|哪天|几月|时间|哪个月|什么时间|啥时候|开.{0,2}时候")
STANDARD = re.compile(r"标准|单价|每人每天|多少钱一天|一天多少")
PEOPLE_CUE = re.compile(r"多少人(?!次)|几人(?!次)|几个人|人数|多少名|几名|多少位|几位|多少个人")
PEOPLE = re.compile(
    PEOPLE_CUE.pattern
    + r"|(代表|人员|职工|干部|委员)(有|共有|一共)?(多少|几)"
    + r"|(多少|几)(个|名|位)?(代表|人员|职工|干部|在职|离休|退休|工作人员)"
)
# the classifiers a count is asked in (几辆, 多少批次): a count is never money
COUNT_UNITS = "辆|台|套|间|平方米|平米|座|处|批次|人次|次|场|宗|条|户|家|种|件|公里|公顷"
QUANTITY = re.compile(rf"(?:几|多少)({COUNT_UNITS}|个(?!项目))|面积|车辆?(?:的)?(?:数量|数目|总数|台数|数)")
# 其中… : a part of the item just answered
IN_PART = re.compile(r"^(?:那)?其中")
PER_UNIT = re.compile(r"每(位|个|名|人|月|年|天|次|间)|人均|平均")
NEXT_YEAR = re.compile(r"明年|下[一1]?年度?|后年|来年|未来[一1]?年")
PREVIOUS_YEAR = re.compile(r"去年|上年(?!财政拨款)(?!结转)|上[一1]年|前[一1]年")
CHART = re.compile(r"图|画|chart|可视化")

ASKS_YUAN = re.compile(
    r"多少元|几元|多少块|(?<!万)元(\?|$)|(?:换算|折合|折算|折|换|化|算|转)成?元|以元|单位元|按元"
)
ASKS_WAN = re.compile(r"多少万|几万|万元")

# Column words a question may name, with the column-path leaves they select.
COLUMN_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("上年结转", ("上年结转", "上年结转安排", "上年结转收入")),
    ("当年", ("当年预算安排", "本年收入/合计")),
    ("基本支出", ("基本支出",)),
    ("项目支出", ("项目支出",)),
    ("人员经费", ("人员经费",)),
    ("公用经费", ("公用经费",)),
    ("一般公共预算", ("一般公共预算",)),
    ("政府性基金", ("政府性基金预算", "政府性基金")),
    ("国有资本经营", ("国有资本经营预算",)),
)

# Words that ask for the 基本支出 part of an item (基本支出中的培训费, 公用经费里的差旅费)
BASIC_WORDS = ("基本", "公用", "人员经费", "人员支出")

# The “三公” items: disclosed in full in the “三公” table, only in part in a 基本支出 table's rows
THREE_PUBLIC_ITEM = re.compile(r"公务接待|因公出国|公务用车")

# Words that point at one table among those printing the same line (一般公共预算 → its own table).
TITLE_HINTS: tuple[tuple[str, str], ...] = (
    ("一般公共预算", "general_budget"),
    ("收入", "income"),
    ("财政拨款", "fiscal_summary"),
    ("经济科目", "basic_by_economic"),
    ("上年结转", "projects_carryover"),
)

# Everyday words → the document's words, applied where the word is not part of a name found.
# The terms every disclosure uses, whether or not a line of the loaded documents is named by them:
# their characters are no typos (a question's 政府采够 is corrected to 政府采购 by them).
STANDARD_TERMS = (
    "政府采购",
    "机关运行经费",
    "三公经费",
    "因公出国(境)费",
    "公务接待费",
    "公务用车购置和运行维护费",
    "预算",
    "决算",
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "财政拨款",
    "一般公共预算",
    "政府性基金预算",
    "国有资本经营预算",
    "收入总计",
    "支出总计",
    "绩效目标",
    # the narrative's 部门基本情况, in every disclosure (编制 is no typo where no line prints it)
    "人员编制",
    "实有人员",
    "离退休人员",
    "内设机构",
    "预算单位",
)
# A fund (一般公共预算拨款, 一般公共预算财政拨款, 财政拨款 …): it qualifies an item or names a table of one fund
FUND = re.compile(r"(?:一般公共预算|政府性基金|国有资本经营)(?:预算)?(?:财政)?(?:拨款)?|财政拨款")
# Question words of spoken Cantonese, as Guangdong users type them (安排咗几多 = 安排了多少).
SPOKEN_FORMS: tuple[tuple[str, str], ...] = (("几多", "多少"), ("咗", "了"), ("冇", "没有"))
SYNONYMS: tuple[tuple[str, str], ...] = (
    ("参会", "参加会议的"),
    ("开会", "会议"),
    ("开会时间", "召开时间"),
    ("招待费", "公务接待费"),
    ("接待费", "公务接待费"),
    ("出国费", "因公出国(境)费"),
    ("公车", "公务用车"),
    ("采买", "采购"),  # 政府采买 is said for 政府采购
    # 新修会议室 · 修建: the 建设 of a project's name (新建 is a name's own word: …新建工程)
    ("新修", "建设"),
    ("修建", "建设"),
    ("公务车", "公务用车"),
    ("购买公务用车", "公务用车购置"),  # buying a car is the 购置 part of 公务用车购置及运行维护费
    ("买公务用车", "公务用车购置"),
    ("买车", "公务用车购置"),
    ("购车", "公务用车购置"),
    ("车辆", "公务用车"),
    ("员工", "在职人员"),
    ("在编", "在职人员"),
    ("职工人数", "在职人员"),
    ("工作人员", "在职人员"),
    ("办公楼", "办公用房"),
    ("办公面积", "办公用房建筑总面积"),
    ("养老保险", "基本养老保险缴费"),
    ("医保", "医疗保险缴费"),
    ("公积金", "住房公积金"),
    ("日常运转", "机关运行经费"),
    ("运行经费", "机关运行经费"),
)
# Whole-question synonyms: only when the word is all the question names.
WHOLE_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("总预算", "收入总计"),
    ("预算总额", "收入总计"),
    ("总收入", "收入总计"),
    ("收入合计", "收入总计"),
    ("收入预算", "收入总计"),
    ("支出预算", "支出总计"),
    ("总支出", "支出总计"),
    ("支出合计", "支出总计"),
    ("预算总数", "收入总计"),
    ("全年预算", "收入总计"),
    ("一共多少钱", "收入总计"),
    ("结转", "上年结转"),
    ("工资", "基本工资"),
    ("采购", "政府采购预算总额"),
    ("政府采购", "政府采购预算总额"),
)
# Words that name a kind of figure rather than an item (dropped to find the item in a name).
# Words around a name that ask for its amount and add nothing to what is named: what is left of a
# question's core once its names and these are taken out is something the names do not cover.
AMOUNT_FILLER = re.compile(
    r"专项(?=资金|经费)|经费|费用|资金|支出|拨款|收入|预算数?|决算数?|项目|科目|金额|总额|合计|一共|总共|全年|年度|本年|今年|当年|一年|"
    r"部门|单位|安排|多少|大概|大约|共|的|是|了|有|为|钱|数|额|总|年"
)
GENERIC_SUFFIX = re.compile(r"(经费|费用|资金|支出|预算|项目|总额|总数|的钱|钱)$")
SHEET_FIELDS: tuple[tuple[str, str], ...] = (
    ("立项依据", "立项依据"),
    ("依据", "立项依据"),
    ("概况", "项目概况"),
    ("简介", "项目概况"),
    ("用途", "项目概况"),
    ("干什么", "项目概况"),
    ("必要性", "项目设立必要性"),
    ("为什么要", "项目设立必要性"),
    ("保证措施", "保证项目实施的制度、措施"),
    ("制度", "保证项目实施的制度、措施"),
    ("措施", "保证项目实施的制度、措施"),
    ("实施计划", "项目实施计划"),
    ("计划", "项目实施计划"),
    ("总体目标", "总体目标（年度）"),
    ("年度目标", "总体目标（年度）"),
    ("实施期目标", "总体目标（实施期）"),
    ("绩效目标", "总体目标（年度）"),
    ("目标", "总体目标（年度）"),
    ("项目属性", "项目属性"),
    ("项目期", "项目期"),
    ("实施周期", "项目期"),  # the sections of a 项目经费情况说明 (Shanghai), as the sheet's fields
    ("几年", "项目期"),
    ("实施主体", "实施单位"),
    ("实施方案", "项目实施计划"),
    ("年度预算安排", "年度预算安排"),
    ("用款计划", "年度预算安排"),
    ("实施单位", "实施单位"),
    ("主管部门", "主管部门"),
    ("填报日期", "填报日期"),
)
FUND_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("实施期资金总额", "实施期", "资金总额"),
    ("实施期总额", "实施期", "资金总额"),
    ("总投资", "实施期", "资金总额"),
    ("年度资金总额", "年度", "资金总额"),
    ("中央财政资金", "年度", "中央财政资金"),
    ("省级财政资金", "年度", "省级财政资金"),
    ("单位自筹", "年度", "单位自筹"),
)

# Words that ask for a figure but name nothing (removed to find a question's core).
QUESTION_WORDS = re.compile(
    r"请问|我想知道一下|我想知道|我想问一下|我想问|想问一下|想问|问一下|问下|帮我查一下|帮我查|查一下|麻烦|那个|这个|来着|嗯|呃|"
    r"咱们县|咱县|咱们|咱|我们县|我县|本县|县里|你们单位|你们部门|贵单位|你们|它们|它|给|安排了|安排|用于|花在|拨了|拨付|"
    r"现在|目前|当前|涉及金额|涉及资金|涉及|申请了|"
    r"今年|本年度|今年度|花多少钱|花了多少|花多少|多少万|是多少|有多少(?:人次|批次|台套|台（套）|[个辆人名次项位台套件场家户])?|一共|总共|[共现]有(?=多少|几)|多少平方米|多少平米|几平方米|多大|多少(?:人次|批次|台套|台（套）|[个辆人名次项位钱元件场家户])?|是几|有几(?:人次|批次|台套|台（套）|[个辆人名次项位件场家户])?|几(?:人次|批次|台套|台（套）|[个辆人名次项位件场家户])|大概|大约|左右|"
    r"这么多|那么多|这么大|那么大|这么快|这么高|是什么|什么|怎么样|怎样|如何|情况|的|了|呢|吗|呀|啊|吧|嘛|么|\?|,|。|!|:|;|\s|安排了|花了|用了|给了|"
    r"几万块钱?|几万|多少块钱?|几块钱?|(?:换算|折合|折算|折|换|化|算|转)成?元|"  # 几万块, 折成元: the unit asked
    r"预算数|预算额|金额|费用是|是|(?<![实国])有|钱|万元|元"  # 实有人员, 国有资产 are words of their own
)
GENERIC_NAMES = frozenset(
    "合计 总计 小计 项目 金额 收入 支出 本年 本年收入 本年支出 部门合计 科目名称 项目名称 其他 一 二 三".split()
)
BUDGET_WORDS = re.compile(
    r"预算|决算|经费|支出|收入|拨款|资金|项目|专项|科目|多少钱|费|花|钱|元|结转|采购|三公|人员|编制|车|"
    r"办公|绩效|指标|标准|人大|代表|会议|培训|补贴|工资|保险|公积金|财政|占比|比例|合计|总计|增长|减少"
)
OFF_TOPIC = re.compile(
    r"写.{0,4}(诗|歌|文章|小说|代码|作文)|天气|笑话|讲个|唱|翻译|你是谁|你叫什么|吃饭|股票|彩票|电影|游戏"
)
GREETING = re.compile(
    r"^(/start|/help|help|帮助|你好|您好|hi|hello|嗨|在吗|在不在|谢谢|多谢|感谢|再见|拜拜)\W*$"
)
BODY_WORDS = re.compile(
    r"([\u4e00-\u9fff]{1,8}?(?:局|署|法院|检察院|医院|学校|附校|大学|公司|银行|街道|镇政府|乡政府|厅|委员会|办事处|人民政府))"
    + WORKS_AFTER
)

# Words of the question's form (never "corrected" as input-method typos).
CUES = re.compile(
    "|".join(
        pattern.pattern
        for pattern in (
            WHY,
            DEFINITION,
            CHANGE,
            SHARE,
            DIFFERENCE,
            SUM,
            RANKING,
            THRESHOLD,
            LIST,
            TIME,
            STANDARD,
            PEOPLE,
            QUANTITY,
            PER_UNIT,
        )
    )
    + r"|请问|一下|大概|多少钱|多少|便宜|怎么样"
)
ASKS_MONEY = re.compile(r"多少钱|钱|经费|预算|资金|费|万元|元|花了|花多少|金额|拨款")
