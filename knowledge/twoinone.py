"""Two questions in one (…固定资产总额有多少？单价100万元以上的设备有几台？) not answered together: the
first on its own and then the second after it (both given when both are answered), else the second,
the answer saying which one is left unanswered."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields, replace

from knowledge import texts
from knowledge.answer import ANSWERED, Answer
from knowledge.conversation import Conversation

# two questions in one: the first ends with a question mark, the second follows it
TWO_QUESTIONS = re.compile(r"^(.+?[?？])\s*([^?？]*[\u4e00-\u9fff][^?？]*[?？]?)$")
CONVERSATION_FIELDS = tuple(f.name for f in fields(Conversation))
# words that ask (how much, how it changed) and name nothing: a second question of only these leans on
# the first (增加了多少)
ANAPHORA = re.compile(r"^(?:那|它|其中|这|该|此|上述|两者|二者)")
ASKING_WORDS = re.compile(
    r"比上年|较上年|增加|减少|增长|下降|多少|占|比例|比重|百分之几|几|了|呢|吗|是|有|钱|万元|元"
)


def _copy(conversation: Conversation) -> Conversation:
    """A conversation to try a question in, without touching the chat's own."""
    return replace(conversation, turns=list(conversation.turns), subjects=list(conversation.subjects))


Ask = Callable[[str, Conversation, "list[str] | None"], Answer]


def one_of_two(
    ask: Ask, question: str, conversation: Conversation, answer: Answer, trace: list[str] | None
) -> Answer:
    """``answer`` (to the whole question) when the question is not two in one, else the first part
    answered alone (or the second after it), its conversation changes kept."""
    parts = TWO_QUESTIONS.match(question.strip())
    if parts is None:
        return answer
    first, second = parts.group(1), parts.group(2)
    leans = (
        bool(ANAPHORA.match(second)) or len(re.findall(r"[\u4e00-\u9fff]", ASKING_WORDS.sub("", second))) < 2
    )
    tried = ((first, second),) if leans else ((first, second), (second, first))
    for asked, left in tried:  # (增加了多少 after an unanswered first asks about nothing named)
        trial = _copy(conversation)
        if asked is second:
            ask(first, trial, None)  # the first names the body and sets the context
        part = ask(asked, trial, trace)
        if part.status == ANSWERED:
            other = ask(left, _copy(trial), None) if asked is first else None
            for name in CONVERSATION_FIELDS:
                setattr(conversation, name, getattr(trial, name))
            if other is not None and other.status == ANSWERED:
                # both answered alone: both given, the first's figure the answer's
                text = f"{part.text}\n{other.text}"
                return replace(part, text=text, sources=(*part.sources, *other.sources))
            return replace(part, text=part.text + texts.PART_UNANSWERED.format(question=left))
    return answer
