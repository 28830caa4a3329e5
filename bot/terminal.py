"""The terminal shell: render answers as plain text, and a small interactive chat.

The chat's commands do what the Telegram bot's do (bot/handlers.py), rendered by the same
functions (bot/replies.py) and turned from Telegram HTML into plain text.
"""

from __future__ import annotations

import html
import re
from typing import TextIO

from knowledge.answer import Answer
from knowledge.engine import Conversation, Engine

PROMPT = "问> "
WELCOME = "budgetqa 终端对话：输入问题，/help 查看示例和命令，/new 开始新的对话，/quit 退出。"
COMMANDS = (
    "命令：/new 开始新的对话（清除上下文） · /source 上一个回答的完整出处 · /tables 文件里的表格目录 · "
    "/table N 查看第 N 张表 · /quit 退出。输入数字选择上一个回答列出的候选。"
)
NEW_CONVERSATION = "新的对话：之前的上下文已清除。"
NOT_UTF8 = "这一行不是有效的 UTF-8 文本，无法读取。请用 UTF-8 编码输入问题。"

QUIT = ("/quit", "/exit", "/q")
NEW = ("/new", "/reset")
HELP = ("/help", "/start")
_TAG = re.compile(r"<[^>]+>")


def render(answer: Answer) -> str:
    """An answer as terminal text: the answer, then the candidates of an ambiguous one."""
    lines = [answer.text]
    for number, candidate in enumerate(answer.candidates, start=1):
        lines.append(f"  {number}. {candidate.label}")
    return "\n".join(lines)


def plain(telegram_html: str) -> str:
    """Telegram HTML (bot.replies) as plain text: tags dropped, entities unescaped."""
    return html.unescape(_TAG.sub("", telegram_html))


def chat(engine: Engine, stdin: TextIO, stdout: TextIO) -> int:
    """Read questions until /quit or end of input; numbers pick a candidate of the last answer."""
    conversation = Conversation()
    last: Answer | None = None
    interactive = stdin.isatty()
    if interactive:
        import readline  # noqa: F401  (arrow-key history for the typed questions)
    print(WELCOME, file=stdout)
    while True:
        if interactive:
            print(PROMPT, end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:
            return 0
        question = line.strip()
        command, _, argument = question.partition(" ")
        if command in QUIT:
            return 0
        if command in NEW:
            conversation = Conversation()
            last = None
            print(NEW_CONVERSATION, file=stdout, flush=True)
            continue
        if command in ("/source", "/tables", "/table"):
            print(_command(engine, command, argument.strip(), conversation, last), file=stdout, flush=True)
            continue
        if last is not None and question.isdigit() and 1 <= int(question) <= len(last.candidates):
            question = last.candidates[int(question) - 1].question
        if command in HELP:
            text = f"{engine.help(question).text}\n{COMMANDS}"
        else:
            last = engine.ask(question, conversation)
            text = render(last)
        print(text, file=stdout, flush=True)


def _command(
    engine: Engine, command: str, argument: str, conversation: Conversation, last: Answer | None
) -> str:
    """What the bot's /source, /tables and /table N show, as plain text."""
    from bot import replies, texts

    document_id = conversation.document_id
    if command == "/source":
        return plain(replies.source_html(last))
    if command == "/tables":
        tables = engine.tables(document_id)
        first = engine.table(tables[0].number, document_id) if tables else None
        return plain("\n".join(replies.tables_html(first.document if first else "", tables)))
    if not argument.isdigit():
        return plain(texts.TABLE_USAGE)
    view = engine.table(int(argument), document_id)
    if view is None:
        return plain(texts.TABLE_NOT_FOUND.format(number=int(argument)))
    return plain("\n\n".join(replies.table_pages(view)))
