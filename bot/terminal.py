"""The terminal shell: render answers as plain text, and a small interactive chat."""

from __future__ import annotations

from typing import TextIO

from knowledge.answer import Answer
from knowledge.engine import Conversation, Engine

PROMPT = "问> "
WELCOME = "budgetqa 终端对话：输入问题，/help 查看示例，/quit 退出。"


def render(answer: Answer) -> str:
    """An answer as terminal text: the answer, then the candidates of an ambiguous one."""
    lines = [answer.text]
    for number, candidate in enumerate(answer.candidates, start=1):
        lines.append(f"  {number}. {candidate.label}")
    return "\n".join(lines)


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
        if question in ("/quit", "/exit", "/q"):
            return 0
        if question in ("/new", "/reset"):
            conversation = Conversation()
            continue
        if last is not None and question.isdigit() and 1 <= int(question) <= len(last.candidates):
            question = last.candidates[int(question) - 1].question
        answer = (
            engine.help(question) if question in ("/help", "/start") else engine.ask(question, conversation)
        )
        print(render(answer), file=stdout, flush=True)
        last = answer
