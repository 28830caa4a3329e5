"""Every Chinese string the Telegram bot shows, as named constants.

Strings with ``{}`` fields are formatted by bot.replies / bot.telegram; those that are
Telegram HTML say so, and their fields are escaped before formatting.
"""

# /start (HTML) — followed by example questions as buttons
START = (
    "您好！我是<b>部门预算问答</b>机器人，回答政府部门预算、决算公开文件里的问题，每个数字都注明出处。\n\n"
    "已载入：\n{documents}\n\n"
    "直接用中文提问即可，例如下面的问题（点一下就能问）。可以接着追问，比如先问“代表培训经费多少”，"
    "再问“那常委会会议费呢”。输入 /help 查看全部命令。"
)
START_NO_DOCUMENTS = "（数据库里还没有文件：导入文件后就能提问。）"
START_MORE_DOCUMENTS = "……共{count}个文件，/docs 查看更多。提问时请写出地区和单位名称。"
DOCUMENT_LINE = "• {title}（{year}年{phase}，{tables}张表）"
EXAMPLE_QUESTIONS = (
    "代表培训经费多少",
    "2024年预算总支出是多少",
    "三公经费预算多少",
    "项目支出占总支出的比例",
)

# /help (HTML): every command the bot registers, in the order of COMMANDS below
HELP = (
    "<b>怎么用</b>\n"
    "直接发问题，例如“代表培训经费多少”“基本支出比上年增长多少”。追问时可以省略主语，"
    "例如“那常委会会议费呢”“它占项目支出的比例”。在群里请 @我 或回复我的消息。\n\n"
    "<b>命令</b>\n{commands}\n\n"
    "每个数字都注明出处；/source 显示上一个回答的完整出处。"
)
HELP_COMMAND_LINE = "/{command}{arguments} — {description}"
COMMAND_ARGUMENTS = {"table": " N"}  # shown in /help and the README, not registered

# (command, description) as registered with setMyCommands and listed in /help and the README
COMMANDS = (
    ("start", "介绍与示例问题"),
    ("help", "使用说明和全部命令"),
    ("docs", "已载入的文件"),
    ("tables", "文件里的表格目录"),
    ("table", "查看第 N 张表，例如 /table 12"),
    ("source", "上一个回答的完整出处"),
    ("chart", "支出结构图（基本/项目支出、功能科目）"),
    ("reload", "重新载入数据库（仅管理员）"),
)

# Answers (HTML pieces)
DERIVATION = "计算：{derivation}"
CANDIDATES_MORE = "（共{count}个，按钮列出前{shown}个；问题里写出地区或单位全称可直接选中。）"
SOURCE_SHORT = "来源：{source}"
SOURCE_MORE = "（另有{count}处，/source 查看）"

# /source (HTML)
SOURCE_TITLE = "<b>上一个回答的出处</b>"
SOURCE_NONE = "还没有可引用的回答。先问一个问题，例如“代表培训经费多少”。"
SOURCE_NO_CITATION = "上一个回答没有引用文件里的数字。"
SOURCE_QUESTION = "问题：{question}"
SOURCE_DOCUMENT = "文件：《{document}》"
SOURCE_TABLE = "表格：{table}"
SOURCE_ROW = "行：{row}"
SOURCE_COLUMN = "列：{column}"
SOURCE_PAGE = "页码：第{page}页"
SOURCE_LINE = "位置：文本第{line}行"

# /docs, /tables, /table N (HTML)
DOCS_TITLE = "<b>已载入的文件</b>"
DOCS_NONE = "数据库里还没有文件。"
DOCS_MORE = "……共{count}个文件，这里列出前{shown}个。提问时写出地区和单位名称即可选中其中一个。"
TABLES_TITLE = "<b>{document}的表格</b>（/table N 查看第 N 张）"
TABLES_LINE = "{number}. {title}（{unit}，{rows}行）"
TABLES_EMPTY_LINE = "{number}. {title}（本表无数据）"
TABLES_NONE = "没有找到表格。"
TABLE_USAGE = "请在命令后写表格编号，例如 /table 12。/tables 列出全部表格。"
TABLE_NOT_FOUND = "没有第 {number} 张表。/tables 列出全部表格。"
TABLE_TITLE = "<b>{title}</b>\n《{document}》 单位：{unit}"
TABLE_EMPTY = "本表无数据。"
TABLE_ROW_EMPTY = "—"
TABLE_PAGE = "第 {page}/{pages} 页"
TABLE_PREVIOUS = "◀ 上一页"
TABLE_NEXT = "下一页 ▶"

# /chart
CHART_CAPTION = "{document}\n支出结构（单位：{unit}）\n来源：{table}"
CHART_NONE = "这个文件里没有可以画图的支出数据。"
CHART_TITLE_BY_KIND = "基本支出与项目支出"
CHART_TITLE_BY_FUNCTION = "按功能分类（类）"
CHART_UNIT = "单位：{unit}"

# /reload
RELOAD_REFUSED = "抱歉，只有管理员可以重新载入数据库。"
RELOAD_DONE = "已重新载入数据库：{documents}个文件。"
RELOAD_FAILED = "重新载入失败，仍在使用原来的数据库：{reason}"

# Flood guard, expired buttons, errors
SLOW_DOWN = "您提问太快了，请稍等一分钟再问。"
BUTTON_EXPIRED = "这个按钮已过期，请重新提问。"
ERROR = "抱歉，处理您的消息时出了问题。请换个说法再试，或稍后再问。"
