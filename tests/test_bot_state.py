"""Issue 11: the bot's state outside the process (bot/state.py).

JSON records (no pickle) with a size cap; a conversation, a button and /source that survive a
SIGTERM and a start again (SQLite state); two webhook workers sharing a real `redis-server`
started here on a free port, a chat's updates going to either.
"""

import json
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from bench_bot import LOAD_QUESTIONS
from botfixtures import two_bodies_db_fixture  # noqa: F401
from fakebotapi import (
    BotProcess,
    FakeBotAPI,
    callback_update,
    free_port,
    message_update,
    post_update,
    wait_listening,
)

from bot import replies
from bot.flood import FloodGuard
from bot.state import (
    CONVERSATION,
    FLOOD,
    LAST_ANSWER,
    MAX_RECORD,
    QUESTIONS,
    SqliteStore,
    decode_chat,
    decode_user,
    encode_chat,
    encode_user,
)
from knowledge.engine import Conversation, Engine

SECRET = "state-secret_1"


# --- records


def test_a_conversation_round_trips_as_json(engine: Engine) -> None:
    conversation = Conversation()
    engine.ask("代表培训经费多少", conversation)
    text = encode_chat(
        {CONVERSATION: conversation, QUESTIONS: {"q:1": "基本支出多少"}, LAST_ANSWER: "<b>x</b>"}
    )
    record = json.loads(text)  # plain JSON: amounts as exact decimal text
    assert record["conversation"]["subjects"][0]["amount"] == "55.00"
    back = decode_chat(text)
    assert back[QUESTIONS] == {"q:1": "基本支出多少"} and back[LAST_ANSWER] == "<b>x</b>"
    kept: Conversation = back[CONVERSATION]
    assert kept.subjects[0].amount == Decimal("55.00") and kept.subjects == conversation.subjects
    # the follow-up reads the kept conversation as it read the live one
    assert engine.ask("它占项目支出多少", kept).text == engine.ask("它占项目支出多少", conversation).text


def test_a_record_keeps_under_its_cap_by_dropping_the_oldest_buttons() -> None:
    questions = {f"q:{i}": "代表培训经费多少" * 40 for i in range(200)}
    text = encode_chat({QUESTIONS: questions})
    assert len(text.encode()) <= MAX_RECORD
    kept = decode_chat(text)[QUESTIONS]
    assert 0 < len(kept) < 200 and "q:199" in kept and "q:0" not in kept


def test_an_unreadable_record_starts_afresh() -> None:
    broken = json.dumps({"version": 1, "stamp": "s", "conversation": {"subjects": [{"label": "x"}]}})
    assert CONVERSATION not in decode_chat(broken)
    assert decode_chat(json.dumps({"version": 99})) == {}


def test_the_flood_guard_is_kept() -> None:
    guard = FloodGuard(2)
    assert [guard.check(100.0 + i) for i in range(3)] == ["allow", "allow", "warn"]
    kept: FloodGuard = decode_user(encode_user({FLOOD: guard}), 2)[FLOOD]
    assert kept.check(103.0) == "ignore"  # still over the limit after the restart, already warned
    assert kept.check(161.0) == "allow"


async def test_sqlite_records_expire(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "state.db")
    await store.save("chat", 5, "{}", ttl=60)
    await store.save("chat", 6, "{}", ttl=-1)
    assert await store.load("chat", 5) == "{}" and await store.load("chat", 6) is None
    await store.close()


# --- restart (SQLite state)


def test_a_conversation_button_and_source_survive_a_restart(two_bodies_db: Path, tmp_path: Path) -> None:
    state = str(tmp_path / "state.db")
    engine = Engine.open(two_bodies_db)
    with FakeBotAPI() as api:
        with BotProcess(api, two_bodies_db, BUDGETQA_STATE=state) as first:
            first.wait_ready(api)
            api.send_text(31, "泽州县人大常委会办公室代表培训经费多少")
            api.send_text(32, "基本支出多少")
            api.wait_for("sendMessage", chat_id=31)
            [ambiguous] = api.wait_for("sendMessage", chat_id=32)
            assert first.terminate() == 0
        with BotProcess(api, two_bodies_db, BUDGETQA_STATE=state) as second:
            api.wait_for("deleteWebhook", count=2, timeout=30)  # the second bot starts polling
            api.send_text(31, "它占项目支出多少")
            [_, follow_up] = api.wait_for("sendMessage", chat_id=31, count=2)
            api.send_text(31, "/source")
            [*_, source] = api.wait_for("sendMessage", chat_id=31, count=3)
            [pick] = [i for i, (label, _) in enumerate(ambiguous.buttons) if "泽州" in label]
            api.press(32, ambiguous.buttons[pick][1], message=ambiguous.result)
            [_, chosen] = api.wait_for("sendMessage", chat_id=32, count=2)
            time.sleep(0.3)  # a question answered twice would show by now
            assert second.terminate() == 0
    conversation = Conversation()
    engine.ask("泽州县人大常委会办公室代表培训经费多少", conversation)
    share = engine.ask("它占项目支出多少", conversation)
    assert follow_up.text == replies.answer_html(share) and "9.81%" in follow_up.text
    assert source.text == replies.source_html(share)
    candidates = engine.ask("基本支出多少", Conversation()).candidates
    assert chosen.text == replies.answer_html(engine.ask(candidates[pick].question, Conversation()))
    assert "<b>638.64万元</b>" in chosen.text
    # nothing answered twice across the restart: 2 + 1 messages to chat 31 so far, 2 to chat 32
    assert len(api.calls_of("sendMessage", 31)) == 3 and len(api.calls_of("sendMessage", 32)) == 2
    engine.close()


# --- two workers sharing Redis


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """A real redis-server on a free port of 127.0.0.1, no files kept (.ci/run installs it)."""
    server = shutil.which("redis-server")
    assert server, "redis-server is not installed: `apt-get install redis-server` (.ci/run does it in CI)"
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        process = subprocess.Popen(
            [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_listening(port)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(10)


def post(port: int, update: dict[str, Any]) -> int:
    return post_update(port, update, SECRET, "/hook")


def health(port: int) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            return int(response.status), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return int(error.code), json.loads(error.read())


def worker_env(port: int, redis: str) -> dict[str, str]:
    return {
        "BUDGETQA_WEBHOOK_URL": "https://bot.example.org/hook",
        "BUDGETQA_WEBHOOK_SECRET": SECRET,
        "BUDGETQA_LISTEN": "127.0.0.1",
        "BUDGETQA_PORT": str(port),
        "BUDGETQA_REDIS_URL": redis,
        "BUDGETQA_SEND_RATE": "0",
    }


def test_two_workers_share_conversations_buttons_and_source(two_bodies_db: Path, redis_url: str) -> None:
    ports = free_port(), free_port()
    engine = Engine.open(two_bodies_db)
    with (
        FakeBotAPI() as api,
        BotProcess(api, two_bodies_db, **worker_env(ports[0], redis_url)) as a,
        BotProcess(api, two_bodies_db, **worker_env(ports[1], redis_url)) as b,
    ):
        for port in ports:
            wait_listening(port)
        for port in ports:
            status, body = health(port)
            assert status == 200 and body["ok"] and body["state"] == "redis" and body["documents"] == 2
        # a chat's turns alternate between the workers, as a round-robin proxy sends them
        assert post(ports[0], message_update(1, 41, "泽州县人大常委会办公室代表培训经费多少")) == 200
        api.wait_for("sendMessage", chat_id=41)
        assert post(ports[1], message_update(2, 41, "它占项目支出多少")) == 200
        [_, follow_up] = api.wait_for("sendMessage", chat_id=41, count=2)
        assert post(ports[0], message_update(3, 41, "/source")) == 200
        [*_, source] = api.wait_for("sendMessage", chat_id=41, count=3)
        assert post(ports[1], message_update(4, 42, "基本支出多少")) == 200
        [ambiguous] = api.wait_for("sendMessage", chat_id=42)
        [pick] = [i for i, (label, _) in enumerate(ambiguous.buttons) if "泽州" in label]
        press = callback_update(5, 42, ambiguous.buttons[pick][1], message=ambiguous.result)
        assert post(ports[0], press) == 200
        [_, chosen] = api.wait_for("sendMessage", chat_id=42, count=2)
        assert a.terminate() == 0
        # worker a gone: b alone carries the chat on
        assert post(ports[1], message_update(6, 41, "那常委会会议费呢")) == 200
        [*_, after] = api.wait_for("sendMessage", chat_id=41, count=4)
        assert b.terminate() == 0
    conversation = Conversation()
    engine.ask("泽州县人大常委会办公室代表培训经费多少", conversation)
    share = engine.ask("它占项目支出多少", conversation)
    assert follow_up.text == replies.answer_html(share) and "9.81%" in follow_up.text
    assert source.text == replies.source_html(share)
    assert after.text == replies.answer_html(engine.ask("那常委会会议费呢", conversation))
    assert "3.57%" in after.text  # the share's denominator carried over from worker a's turn
    candidates = engine.ask("基本支出多少", Conversation()).candidates
    assert chosen.text == replies.answer_html(engine.ask(candidates[pick].question, Conversation()))
    engine.close()


def test_health_says_when_redis_is_unreachable(reference_db: Path) -> None:
    port = free_port()
    dead = f"redis://127.0.0.1:{free_port()}/0"
    with FakeBotAPI() as api, BotProcess(api, reference_db, **worker_env(port, dead)) as bot:
        assert bot.wait(30) == 1
    last = bot.stderr.strip().splitlines()[-1]
    assert (
        last.startswith("budgetqa bot: cannot reach Redis at BUDGETQA_REDIS_URL")
        and "Traceback" not in bot.stderr
    )


def test_a_chat_alternating_between_workers_is_answered_in_order(reference_db: Path, redis_url: str) -> None:
    ports = free_port(), free_port()
    engine = Engine.open(reference_db)
    questions = LOAD_QUESTIONS * 2
    with (
        FakeBotAPI() as api,
        BotProcess(api, reference_db, **worker_env(ports[0], redis_url)),
        BotProcess(api, reference_db, **worker_env(ports[1], redis_url)),
    ):
        for port in ports:
            wait_listening(port)
        for number, question in enumerate(questions, 1):  # as fast as the proxy forwards them
            assert post(ports[number % 2], message_update(100 + number, 43, question)) == 200
        sent = api.wait_for("sendMessage", chat_id=43, count=len(questions), timeout=60)
    assert [call.text for call in sent] == [
        replies.answer_html(engine.ask(question, Conversation())) for question in questions
    ]
    engine.close()
