"""Bot throughput: messages a second through a real `budgetqa bot` and the fake Bot API, without
and with issue 11's fault mix (502s, 429s, dropped connections: tests/fakebotapi.py ``Faults``).

    from tests.bench_bot import bench_bot
    bench_bot()               # {"bot_messages_per_second": ..., "bot_messages": 1000.0, ...}
    bench_bot(faults=True)    # the same under faults, with the retries and duplicates counted

The load is a burst of questions from many private chats, long-polled by the bot in batches
of 100, answered concurrently across chats and in order within each; the rate limiter is
off (BUDGETQA_SEND_RATE=0) since the fake server has no limits to respect. run_load is also
what tests/test_bot_e2e.py's load test drives.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

try:  # run as tests.bench_bot by `make bench`, as bench_bot by pytest
    from tests.fakebotapi import BotProcess, FakeBotAPI, Faults
except ImportError:
    from fakebotapi import BotProcess, FakeBotAPI, Faults

REFERENCE = Path(__file__).parent.parent / "ingest" / "data" / "zezhou_npc_office_2024_budget.txt"
# ten questions whose answers differ, so each reply shows which question it answers
LOAD_QUESTIONS = (
    "代表培训经费多少",
    "七届六次人代会经费是多少",
    "智慧人大",
    "常委会会议费多少",
    "预算联网监督系统多少钱",
    "人大代表通讯、交通补贴经费多少",
    "县人大代表之家建设经费多少",
    "差旅费是多少",
    "基本工资多少",
    "基本支出多少",
)


@dataclass(frozen=True, slots=True)
class Load:
    """What a burst of questions gave: the questions and the replies, per chat, in order."""

    asked: dict[int, list[str]]
    replies: dict[int, list[str]]
    seconds: float

    @property
    def messages(self) -> int:
        return sum(len(questions) for questions in self.asked.values())


def run_load(
    api: FakeBotAPI,
    questions: Sequence[str] = LOAD_QUESTIONS,
    *,
    chats: int = 50,
    per_chat: int = 10,
    first_chat: int = 10_000,
    timeout: float = 60.0,
    settle: float = 0.3,
) -> Load:
    """Send ``per_chat`` questions from each of ``chats`` chats at once; wait for every reply,
    then ``settle`` seconds more so that a duplicate reply would be seen too."""
    chat_ids = range(first_chat, first_chat + chats)
    asked: dict[int, list[str]] = {chat: [] for chat in chat_ids}
    start = time.monotonic()
    for turn in range(per_chat):
        for chat in chat_ids:
            question = questions[(chat + turn) % len(questions)]
            asked[chat].append(question)
            api.send_text(chat, question)

    def replies() -> list:  # type: ignore[type-arg]
        return [call for call in api.calls_of("sendMessage") if call.chat_id in asked]

    api.wait_until(lambda: len(replies()) >= chats * per_chat, timeout, f"{chats * per_chat} replies")
    seconds = time.monotonic() - start
    time.sleep(settle)
    by_chat: dict[int, list[str]] = {chat: [] for chat in chat_ids}
    for call in replies():
        by_chat[call.chat_id].append(call.text)  # type: ignore[index]
    return Load(asked, by_chat, seconds)


def bench_bot(chats: int = 50, per_chat: int = 20, *, faults: bool = False) -> dict[str, float]:
    """Messages a second answered by `budgetqa bot` (a subprocess) through the fake Bot API; under
    ``faults``, also the faults served and the messages the bot sent twice (a connection dropped
    after the message went out, then the retry: the one duplicate retries can make)."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        command = [sys.executable, "-m", "bot.cli", "ingest", "--db", str(db), str(REFERENCE)]
        subprocess.run(command, check=True, capture_output=True)
        with (
            FakeBotAPI(faults=Faults(seed=7) if faults else None) as api,
            BotProcess(api, db, BUDGETQA_SEND_RATE="0", BUDGETQA_MAX_QUESTIONS_PER_MINUTE="1000") as bot,
        ):
            bot.wait_ready(api)
            load = run_load(api, chats=chats, per_chat=per_chat, settle=1.0 if faults else 0, timeout=300)
            bot.terminate()
    prefix = "bot_faults" if faults else "bot"
    figures = {
        f"{prefix}_messages": float(load.messages),
        f"{prefix}_seconds": round(load.seconds, 3),
        f"{prefix}_messages_per_second": round(load.messages / load.seconds, 1),
    }
    if faults:
        figures["bot_faults_served"] = float(sum(api.faults_served.values()))
        figures["bot_faults_sent_twice"] = float(
            sum(len(replies) for replies in load.replies.values()) - load.messages
        )
        figures["bot_faults_dropped_after_delivery"] = float(len(api.lost))
    return figures


if __name__ == "__main__":
    print(bench_bot())
    print(bench_bot(faults=True))
