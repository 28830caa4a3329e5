"""End to end: `budgetqa bot` as a real subprocess against the fake Bot API on 127.0.0.1."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from bench_bot import LOAD_QUESTIONS, run_load
from botfixtures import two_bodies_db_fixture  # noqa: F401
from fakebotapi import TOKEN, BotProcess, FakeBotAPI, free_port, message_update, post_update, wait_listening

from bot import replies, texts
from knowledge.engine import Conversation, Engine

ADMIN = 42
SECRET = "right-secret_123"


@pytest.fixture(scope="module")
def polling(reference_db: Path) -> Iterator[tuple[FakeBotAPI, BotProcess]]:
    """One bot process in polling mode for this module; each test talks in chats of its own, and
    the last one stops it. The rate limiter is off (it is on in tests/test_bot_handlers.py), so
    that the load test measures the bot, not Telegram's 30 messages a second."""
    with (
        FakeBotAPI() as api,
        BotProcess(api, reference_db, BUDGETQA_ADMINS=str(ADMIN), BUDGETQA_SEND_RATE="0") as bot,
    ):
        bot.wait_ready(api)
        yield api, bot


def test_start_question_and_follow_up(polling: tuple[FakeBotAPI, BotProcess], engine: Engine) -> None:
    api, _ = polling
    api.send_text(1, "/start")
    [start] = api.wait_for("sendMessage", chat_id=1)
    assert start.params["parse_mode"] == "HTML"
    assert start.text.startswith("您好！") and start.buttons[0] == (texts.EXAMPLE_QUESTIONS[0], "q:1")
    api.send_text(1, "代表培训经费多少")
    api.send_text(1, "那常委会会议费呢")
    _, first, follow_up = api.wait_for("sendMessage", chat_id=1, count=3)
    conversation = Conversation()
    assert first.text == replies.answer_html(engine.ask("代表培训经费多少", conversation))
    assert "<b>55.00万元</b>" in first.text and "来源：2024年项目支出预算表（本年预算）" in first.text
    assert follow_up.text == replies.answer_html(engine.ask("那常委会会议费呢", conversation))
    assert "<b>20.00万元</b>" in follow_up.text


def test_pressing_a_candidate_button(two_bodies_db: Path) -> None:
    with FakeBotAPI() as api, BotProcess(api, two_bodies_db) as bot:
        bot.wait_ready(api)
        api.send_text(2, "基本支出多少")
        [ambiguous] = api.wait_for("sendMessage", chat_id=2)
        engine = Engine.open(two_bodies_db)
        conversation = Conversation()
        candidates = engine.ask("基本支出多少", conversation).candidates
        assert [label for label, _ in ambiguous.buttons] == [candidate.label for candidate in candidates]
        # the candidates' order follows the documents' ids, the order the ingest's workers finished in
        [pick] = [i for i, candidate in enumerate(candidates) if "泽州" in candidate.label]
        api.press(2, ambiguous.buttons[pick][1], message=ambiguous.result)
        api.wait_for("answerCallbackQuery")
        [_, chosen] = api.wait_for("sendMessage", chat_id=2, count=2)
        assert chosen.text == replies.answer_html(engine.ask(candidates[pick].question, conversation))
        assert "<b>638.64万元</b>" in chosen.text
        engine.close()


def test_chart_photo(polling: tuple[FakeBotAPI, BotProcess]) -> None:
    api, _ = polling
    api.send_text(3, "/chart")
    [photo] = api.wait_for("sendPhoto", chat_id=3, timeout=30)
    assert photo.files["photo"].startswith(b"\x89PNG\r\n\x1a\n")
    assert photo.params["parse_mode"] == "HTML" and "支出结构" in photo.text


def test_reload_refused_for_a_non_admin(polling: tuple[FakeBotAPI, BotProcess]) -> None:
    api, _ = polling
    api.send_text(4, "/reload")
    [refusal] = api.wait_for("sendMessage", chat_id=4)
    assert refusal.text == texts.RELOAD_REFUSED
    api.send_text(ADMIN, "/reload")
    [done] = api.wait_for("sendMessage", chat_id=ADMIN)
    assert done.text.startswith("已重新载入数据库")


def test_load_500_messages_from_50_chats(polling: tuple[FakeBotAPI, BotProcess], engine: Engine) -> None:
    api, _ = polling
    load = run_load(api, chats=50, per_chat=10, timeout=45)
    expected = {
        question: replies.answer_html(engine.ask(question, Conversation())) for question in LOAD_QUESTIONS
    }
    assert len(set(expected.values())) == len(expected), "the load questions must have distinct answers"
    assert load.messages == 500
    for chat, questions in load.asked.items():
        assert load.replies[chat] == [expected[question] for question in questions], chat


def test_sigterm_shuts_down_cleanly(polling: tuple[FakeBotAPI, BotProcess]) -> None:
    """Last in this module: it stops the module's bot process."""
    api, bot = polling
    api.send_text(5, "代表培训经费多少")
    api.wait_for("sendMessage", chat_id=5)
    assert bot.terminate(timeout=15) == 0
    assert "Application.stop() complete" in bot.stderr
    assert "Traceback" not in bot.stderr and TOKEN not in bot.stderr


def test_webhook_answers_the_right_secret_only(reference_db: Path) -> None:
    port = free_port()
    webhook = {
        "BUDGETQA_WEBHOOK_URL": "https://bot.example.org/telegram/hook",
        "BUDGETQA_WEBHOOK_SECRET": SECRET,
        "BUDGETQA_LISTEN": "127.0.0.1",
        "BUDGETQA_PORT": str(port),
    }
    with FakeBotAPI() as api, BotProcess(api, reference_db, **webhook) as bot:
        bot.wait_ready(api, "setWebhook")
        wait_listening(port)
        [registered] = api.calls_of("setWebhook")
        assert registered.params["url"] == webhook["BUDGETQA_WEBHOOK_URL"]
        assert registered.params["secret_token"] == SECRET
        assert post_update(port, message_update(1, 6, "代表培训经费多少"), "wrong") == 403
        assert post_update(port, message_update(2, 6, "代表培训经费多少"), None) == 403
        assert post_update(port, message_update(3, 7, "代表培训经费多少"), SECRET) == 200
        [answer] = api.wait_for("sendMessage", chat_id=7)
        assert "<b>55.00万元</b>" in answer.text
        assert bot.terminate() == 0
    assert api.calls_of("sendMessage", chat_id=6) == []


def test_rejected_token_is_one_line(reference_db: Path) -> None:
    with FakeBotAPI() as api, BotProcess(api, reference_db, TELEGRAM_BOT_TOKEN="999:WRONG") as bot:
        assert bot.wait() == 2
    assert bot.stderr.splitlines()[-1] == (
        "budgetqa bot: Telegram rejected TELEGRAM_BOT_TOKEN: copy the token again from @BotFather (/mybots)"
    )
    assert "WRONG" not in bot.stderr and "Traceback" not in bot.stderr


def test_unreadable_database_is_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database")
    with FakeBotAPI() as api, BotProcess(api, broken) as bot:
        assert bot.wait() == 1
    last = bot.stderr.strip().splitlines()[-1]
    assert last.startswith("budgetqa") and "broken.db" in last and "Traceback" not in bot.stderr


def test_a_missing_database_is_said_even_when_telegram_is_unreachable(tmp_path: Path) -> None:
    unreachable = f"http://127.0.0.1:{free_port()}/bot"
    missing = tmp_path / "nowhere" / "budget.db"
    with FakeBotAPI() as api, BotProcess(api, missing, BUDGETQA_TELEGRAM_API_URL=unreachable) as bot:
        assert bot.wait() == 1
    last = bot.stderr.strip().splitlines()[-1]
    assert last.startswith("budgetqa") and "nowhere" in last and "Telegram" not in last
    assert "Traceback" not in bot.stderr
