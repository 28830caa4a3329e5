"""The bot answering while an ingest commits: `budgetqa bot` as a real subprocess on a database
that `ingest.pipeline.ingest` writes to meanwhile, from a thread of the test, with no /reload."""

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from botfixtures import REFERENCE, renamed_reference
from fakebotapi import BotProcess, FakeBotAPI

from ingest.pipeline import ingest

NEW_BODY = "阳城县人民代表大会常务委员会办公室"
# names the reference body, so that its answer is the same before and after the new document
KNOWN_QUESTION = "泽州县人大常委会办公室代表培训经费多少"
CHATS = (11, 12, 13)


@dataclass(frozen=True, slots=True)
class Served:
    """A bot serving a database that was ingested into while it answered."""

    api: FakeBotAPI
    bot: BotProcess
    asked: dict[int, int]  # chat -> questions sent while the ingest ran
    ingest_seconds: float


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Questions from three chats, every 20 ms, from before an ingest of a new body starts until
    after it has committed."""
    directory = tmp_path_factory.mktemp("live")
    db = directory / "budget.db"
    assert all(outcome.document for outcome in ingest(db, [REFERENCE]))
    new_file = renamed_reference(directory, NEW_BODY)
    unlimited = {"BUDGETQA_SEND_RATE": "0", "BUDGETQA_MAX_QUESTIONS_PER_MINUTE": "100000"}
    with FakeBotAPI() as api, BotProcess(api, db, **unlimited) as bot:
        bot.wait_ready(api)
        asked = dict.fromkeys(CHATS, 0)

        def ask_round() -> None:
            for chat in CHATS:
                api.send_text(chat, KNOWN_QUESTION)
                asked[chat] += 1

        ask_round()
        api.wait_for("sendMessage", chat_id=CHATS[-1], timeout=30)  # the engine has opened
        outcomes: list[bool] = []
        started = time.monotonic()
        writer = threading.Thread(
            target=lambda: outcomes.extend(bool(o.document) for o in ingest(db, [new_file])), name="ingest"
        )
        writer.start()
        while writer.is_alive():
            ask_round()
            time.sleep(0.02)
        writer.join()
        seconds = time.monotonic() - started
        ask_round()
        assert outcomes == [True]
        yield Served(api, bot, asked, seconds)


def test_every_question_is_answered_while_the_ingest_commits(served: Served) -> None:
    api = served.api
    assert sum(served.asked.values()) >= 3 * len(CHATS)  # one round before, during, after
    for chat, count in served.asked.items():
        replies = api.wait_for("sendMessage", chat_id=chat, count=count, timeout=60)
        assert all("<b>55.00万元</b>" in reply.text for reply in replies), served.bot.stderr
    assert "Traceback" not in served.bot.stderr


def test_the_new_body_is_answered_from_its_document_without_reload(served: Served) -> None:
    api = served.api
    api.send_text(21, "阳城县人大常委会办公室代表培训经费多少")
    [answer] = api.wait_for("sendMessage", chat_id=21, timeout=30)
    assert "<b>55.00万元</b>" in answer.text
    api.send_text(21, "/source")
    [_, source] = api.wait_for("sendMessage", chat_id=21, count=2, timeout=30)
    assert f"文件：《{NEW_BODY}2024年度部门预算公开》" in source.text
    api.send_text(21, "/docs")
    [*_, listing] = api.wait_for("sendMessage", chat_id=21, count=3, timeout=30)
    assert listing.text.count("• ") == 2
    assert api.calls_of("sendMessage", chat_id=21)[:3] == [answer, source, listing]
