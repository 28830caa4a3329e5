"""The bot's handlers, offline: a real Application on the reference database, the network
replaced by an injected RecordingRequest; every Bot API call asserted as sent."""

import asyncio
import itertools
import logging
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from botfixtures import EDUCATION_BUREAUS, bureaus_db_fixture, two_bodies_db_fixture  # noqa: F401
from fakebotapi import BOT, TOKEN, Call, RecordingRequest, callback_update, message_update
from telegram import Update
from telegram.ext import Application, CommandHandler

from bot import replies, texts
from bot.handlers import CONVERSATION, ENGINE, LAST_SEEN
from bot.settings import DEFAULT_API_URL, Settings
from bot.telegram import RedactToken, build_application
from knowledge.answer import Answer
from knowledge.engine import Conversation, Engine

ADMIN = 42
USER = 7
GROUP = -100


@dataclass
class Harness:
    """Drives the Application with updates as Telegram would send them."""

    application: Application  # type: ignore[type-arg]
    request: RecordingRequest
    update_ids: Any = field(default_factory=lambda: itertools.count(1))

    async def _process(self, data: dict[str, Any]) -> list[Call]:
        before = len(self.request.calls)
        await self.application.process_update(Update.de_json(data, self.application.bot))
        return self.request.calls[before:]

    async def say(self, text: str, chat_id: int = USER, **kwargs: Any) -> list[Call]:
        update_id = next(self.update_ids)
        return await self._process(message_update(update_id, chat_id, text, message_id=update_id, **kwargs))

    async def press(self, call: Call, data: str, user_id: int | None = None) -> list[Call]:
        chat_id = call.chat_id or USER
        return await self._process(
            callback_update(next(self.update_ids), chat_id, data, message=call.result, user_id=user_id)
        )


async def start_harness(db: Path, **settings: Any) -> AsyncIterator[Harness]:
    request = RecordingRequest()
    with tempfile.TemporaryDirectory() as folder:  # each harness its own state file
        settings.setdefault("state", Path(folder) / "state.db")
        configured = Settings(telegram_bot_token=TOKEN, db=db, admins=frozenset({ADMIN}), **settings)
        application = build_application(configured, request=request)
        async with application:
            await application.post_init(application)  # type: ignore[misc]
            yield Harness(application, request)
            await application.post_shutdown(application)  # type: ignore[misc]


@pytest.fixture
async def bot(reference_db: Path) -> AsyncIterator[Harness]:
    async for harness in start_harness(reference_db):
        yield harness


def expected(engine: Engine, *questions: str) -> Answer:
    """The answer to the last question, asked after the others in one conversation."""
    conversation = Conversation()
    answers = [engine.ask(question, conversation) for question in questions]
    return answers[-1]


def only_message(calls: list[Call], method: str = "sendMessage") -> Call:
    sent = [call for call in calls if call.method == method]
    assert len(sent) == 1, [call.method for call in calls]
    assert sent[0].params["parse_mode"] == "HTML"
    return sent[0]


async def test_post_init_registers_every_command_the_bot_handles(bot: Harness) -> None:
    [call] = bot.request.sent("setMyCommands")
    registered = [(command["command"], command["description"]) for command in call.params["commands"]]
    assert registered == list(texts.COMMANDS)
    handled = {
        c
        for handler in bot.application.handlers[0]
        if isinstance(handler, CommandHandler)
        for c in handler.commands
    }
    assert handled == {command for command, _ in texts.COMMANDS}


async def test_start_says_what_is_loaded_and_offers_examples(bot: Harness, engine: Engine) -> None:
    sent = only_message(await bot.say("/start"))
    documents = engine.documents()
    assert sent.text == texts.START.format(documents=replies.documents_lines(documents))
    assert documents[0].title in sent.text
    assert sent.buttons == [(question, f"q:{n}") for n, question in enumerate(texts.EXAMPLE_QUESTIONS, 1)]
    answer = only_message(await bot.press(sent, "q:1"))  # 代表培训经费多少
    assert "<b>55.00万元</b>" in answer.text


async def test_question_gets_bold_figure_source_and_suggestions(bot: Harness, engine: Engine) -> None:
    calls = await bot.say("代表培训经费多少")
    sent = only_message(calls)
    answer = expected(engine, "代表培训经费多少")
    assert (answer.status, answer.headline) == ("answered", "55.00万元")
    assert sent.text == replies.answer_html(answer)
    assert "<b>55.00万元</b>" in sent.text
    assert "来源：2024年项目支出预算表（本年预算） · 代表培训经费" in sent.text
    suggestions = answer.suggestions[: replies.MAX_SUGGESTIONS]
    assert [label for label, _ in sent.buttons] == list(suggestions)
    assert all(len(data.encode()) <= 64 for _, data in sent.buttons)


async def test_follow_up_is_read_in_the_chat_conversation(bot: Harness, engine: Engine) -> None:
    await bot.say("代表培训经费多少")
    sent = only_message(await bot.say("那常委会会议费呢"))
    answer = expected(engine, "代表培训经费多少", "那常委会会议费呢")
    assert answer.headline == "20.00万元"
    assert sent.text == replies.answer_html(answer)
    assert "<b>20.00万元</b>" in sent.text


async def test_conversation_starts_afresh_after_a_silence(bot: Harness) -> None:
    await bot.say("代表培训经费多少")
    chat_data = bot.application.chat_data[USER]
    first = chat_data[CONVERSATION]
    await bot.say("那常委会会议费呢")
    assert chat_data[CONVERSATION] is first
    chat_data[LAST_SEEN] -= 901  # fifteen minutes and a second of silence
    await bot.say("代表培训经费多少")
    assert chat_data[CONVERSATION] is not first


async def test_pressing_a_candidate_asks_its_question(two_bodies_db: Path) -> None:
    engine = Engine.open(two_bodies_db)
    question = "基本支出多少"
    ambiguous = expected(engine, question)
    assert ambiguous.status == "ambiguous" and len(ambiguous.candidates) == 2
    async for bot in start_harness(two_bodies_db):
        sent = only_message(await bot.say(question))
        assert sent.text == replies.answer_html(ambiguous)
        assert [label for label, _ in sent.buttons] == [candidate.label for candidate in ambiguous.candidates]
        assert all(len(data.encode()) <= 64 for _, data in sent.buttons)
        # the documents' ids (so the candidates' order) follow the order the ingest's workers finished in
        [pick] = [i for i, candidate in enumerate(ambiguous.candidates) if "石泉路" in candidate.label]
        calls = await bot.press(sent, sent.buttons[pick][1])
        assert [call.method for call in calls] == ["answerCallbackQuery", "sendMessage"]
        chosen = expected(engine, question, ambiguous.candidates[pick].question)
        assert calls[1].text == replies.answer_html(chosen)
        assert "<b>26,917,990元</b>" in calls[1].text and "石泉路" in calls[1].text
    engine.close()


async def test_a_body_named_in_part_offers_every_body_it_may_be(bureaus_db: Path) -> None:
    """Three counties' 教育局: "县教育局…" gets one button per body, and a press answers from that
    body's document."""
    engine = Engine.open(bureaus_db)
    question = "县教育局基本支出多少"
    ambiguous = expected(engine, question)
    assert ambiguous.status == "ambiguous"
    named = [[body for body in EDUCATION_BUREAUS if body in c.question] for c in ambiguous.candidates]
    assert sorted(named) == sorted([body] for body in EDUCATION_BUREAUS)  # one each, in full
    async for bot in start_harness(bureaus_db):
        sent = only_message(await bot.say(question))
        assert sent.text == replies.answer_html(ambiguous)
        labels = [replies.button_label(candidate.label) for candidate in ambiguous.candidates]
        assert [label for label, _ in sent.buttons] == labels
        assert all(len(data.encode()) <= 64 for _, data in sent.buttons)
        assert len({data for _, data in sent.buttons}) == len(EDUCATION_BUREAUS)
        choice = named.index(["沁水县教育局"])
        calls = await bot.press(sent, sent.buttons[choice][1])
        assert [call.method for call in calls] == ["answerCallbackQuery", "sendMessage"]
        chosen = expected(engine, question, ambiguous.candidates[choice].question)
        assert calls[1].text == replies.answer_html(chosen)
        assert "<b>638.64万元</b>" in calls[1].text
        source = only_message(await bot.say("/source"))
        assert "文件：《沁水县教育局2024年度部门预算公开》" in source.text
    engine.close()


async def test_expired_button_says_so(bot: Harness) -> None:
    sent = only_message(await bot.say("/start"))
    [call] = await bot.press(sent, "q:999")
    assert call.method == "answerCallbackQuery" and call.params["text"] == texts.BUTTON_EXPIRED


async def test_source_gives_the_full_citation_of_the_last_answer(bot: Harness, engine: Engine) -> None:
    assert only_message(await bot.say("/source")).text == texts.SOURCE_NONE
    await bot.say("代表培训经费多少")
    sent = only_message(await bot.say("/source"))
    assert sent.text == replies.source_html(expected(engine, "代表培训经费多少"))
    assert "表格：2024年项目支出预算表（本年预算）\n   行：代表培训经费" in sent.text


async def test_help_and_docs(bot: Harness, engine: Engine) -> None:
    assert only_message(await bot.say("/help")).text == replies.help_html()
    assert [only_message(await bot.say("/docs")).text] == replies.documents_html(engine.documents())


async def test_tables_and_a_table_paged_with_buttons(bot: Harness, engine: Engine) -> None:
    listing = only_message(await bot.say("/tables"))
    tables = engine.tables()
    assert len(tables) == 13 and f"12. {tables[11].title}" in listing.text
    projects = engine.table(12)
    assert projects is not None
    [page] = replies.table_pages(projects)
    assert only_message(await bot.say("/table 12")).text == page
    assert "<b>代表培训经费</b>\n    合计 55.00" in page
    overview = engine.table(1)  # 预算收支总表: 41 rows, three pages
    assert overview is not None
    pages = replies.table_pages(overview)
    assert len(pages) == 3
    sent = only_message(await bot.say("/table 1"))
    assert (sent.text, sent.buttons) == (pages[0], [(texts.TABLE_NEXT, "t:1:1:")])
    [answered, edited] = await bot.press(sent, "t:1:1:")
    assert answered.method == "answerCallbackQuery"
    assert (edited.method, edited.text) == ("editMessageText", pages[1])
    assert edited.buttons == [(texts.TABLE_PREVIOUS, "t:1:0:"), (texts.TABLE_NEXT, "t:1:2:")]
    assert only_message(await bot.say("/table")).text == texts.TABLE_USAGE
    assert only_message(await bot.say("/table 99")).text == texts.TABLE_NOT_FOUND.format(number=99)


async def test_chart_command_and_a_question_asking_for_a_picture(bot: Harness, engine: Engine) -> None:
    photo = only_message(await bot.say("/chart"), "sendPhoto")
    assert photo.files["photo"].startswith(b"\x89PNG\r\n\x1a\n")
    structure = engine.structure()
    assert structure is not None
    assert photo.text == texts.CHART_CAPTION.format(
        document=structure.document, unit=structure.unit, table=structure.source_table
    )
    calls = await bot.say("画一下支出结构图")
    assert [call.method for call in calls][-1] == "sendPhoto"


async def test_reload_is_for_admins_only(bot: Harness, engine: Engine) -> None:
    old = bot.application.bot_data[ENGINE]
    assert only_message(await bot.say("/reload", user_id=USER)).text == texts.RELOAD_REFUSED
    assert bot.application.bot_data[ENGINE] is old
    sent = only_message(await bot.say("/reload", chat_id=ADMIN, user_id=ADMIN))
    assert sent.text == texts.RELOAD_DONE.format(documents=len(engine.documents()))
    assert bot.application.bot_data[ENGINE] is not old
    assert "<b>55.00万元</b>" in only_message(await bot.say("代表培训经费多少")).text


def switch_link(link: Path, target: Path) -> None:
    """Point ``link`` at ``target`` in one step, as deploy/README.md installs a database built elsewhere."""
    new = link.with_name(link.name + ".new")
    new.symlink_to(target)
    os.replace(new, link)


async def test_reload_swaps_in_a_database_built_elsewhere_and_keeps_the_old_one_when_broken(
    reference_db: Path,
    two_bodies_db: Path,
    tmp_path: Path,
) -> None:
    builds = tmp_path / "builds"
    builds.mkdir()
    shutil.copyfile(reference_db, builds / "one.db")
    shutil.copyfile(two_bodies_db, builds / "two.db")
    (builds / "broken.db").write_bytes(b"not a database")
    served = tmp_path / "budget.db"
    served.symlink_to(builds / "one.db")
    async for bot in start_harness(served):
        assert "<b>638.64万元</b>" in only_message(await bot.say("基本支出多少")).text
        switch_link(served, builds / "two.db")
        done = only_message(await bot.say("/reload", chat_id=ADMIN, user_id=ADMIN))
        assert done.text == texts.RELOAD_DONE.format(documents=2)
        assert len(only_message(await bot.say("基本支出多少", chat_id=8)).buttons) == 2
        engine = bot.application.bot_data[ENGINE]
        switch_link(served, builds / "broken.db")
        failed = only_message(await bot.say("/reload", chat_id=ADMIN, user_id=ADMIN))
        assert failed.text.startswith("重新载入失败，仍在使用原来的数据库：")
        assert bot.application.bot_data[ENGINE] is engine


async def test_in_groups_only_mentions_replies_and_commands_are_answered(bot: Harness) -> None:
    assert await bot.say("代表培训经费多少", chat_id=GROUP, user_id=USER) == []
    mentioned = only_message(
        await bot.say(f"@{BOT['username']} 代表培训经费多少", chat_id=GROUP, user_id=USER)
    )
    assert "<b>55.00万元</b>" in mentioned.text
    replying = only_message(
        await bot.say("那常委会会议费呢", chat_id=GROUP, user_id=USER, reply_to=mentioned.result)
    )
    assert "<b>20.00万元</b>" in replying.text
    assert only_message(await bot.say("/help", chat_id=GROUP, user_id=USER)).text == replies.help_html()


async def test_flood_guard_says_slow_down_once_then_stays_quiet(reference_db: Path) -> None:
    async for bot in start_harness(reference_db, max_questions_per_minute=3):
        for _ in range(3):
            assert "<b>55.00万元</b>" in only_message(await bot.say("代表培训经费多少")).text
        assert only_message(await bot.say("代表培训经费多少")).text == texts.SLOW_DOWN
        assert await bot.say("代表培训经费多少") == []
        assert "<b>55.00万元</b>" in only_message(await bot.say("代表培训经费多少", chat_id=8)).text


class BrokenEngine:
    """An engine that fails on one question, with the token in its message."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def ask(self, question: str, conversation: Conversation) -> Answer:
        if question == "崩溃":
            raise RuntimeError(f"engine failed near {TOKEN}")
        return self.engine.ask(question, conversation)


async def test_an_error_is_logged_without_the_token_and_the_user_told(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    bot.application.bot_data[ENGINE] = BrokenEngine(bot.application.bot_data[ENGINE])
    with caplog.at_level(logging.ERROR, logger="bot.telegram"):
        assert only_message(await bot.say("崩溃")).text == texts.ERROR
    assert "RuntimeError: engine failed near [TOKEN]" in caplog.text and "Traceback" in caplog.text
    assert TOKEN not in caplog.text
    assert "<b>55.00万元</b>" in only_message(await bot.say("代表培训经费多少", chat_id=8)).text
    bot.application.bot_data[ENGINE] = bot.application.bot_data[ENGINE].engine


class SlowEngine:
    """The reference engine, but "慢问题" takes until ``release`` is set; notes the threads asked in."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.release = threading.Event()
        self.threads: set[int] = set()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def ask(self, question: str, conversation: Conversation) -> Answer:
        self.threads.add(threading.get_ident())
        if question == "慢问题":
            assert self.release.wait(10)
        return self.engine.ask(question, conversation)


async def test_a_slow_question_holds_neither_the_loop_nor_other_chats(bot: Harness) -> None:
    slow = bot.application.bot_data[ENGINE] = SlowEngine(bot.application.bot_data[ENGINE])
    pending = asyncio.create_task(bot.say("慢问题"))
    other = only_message(await asyncio.wait_for(bot.say("代表培训经费多少", chat_id=8), 10))
    assert "<b>55.00万元</b>" in other.text and not pending.done()
    slow.release.set()
    slow_calls = await asyncio.wait_for(pending, 10)  # the other chat's reply was sent meanwhile
    assert [call.chat_id for call in slow_calls if call.method == "sendMessage"] == [8, USER]
    assert slow.threads and threading.get_ident() not in slow.threads
    bot.application.bot_data[ENGINE] = slow.engine


async def test_settings_reach_the_application(bot: Harness) -> None:
    assert bot.application.bot.base_url == f"https://api.telegram.org/bot{TOKEN}"
    assert bot.application.bot.defaults.parse_mode == "HTML"


def test_log_lines_and_tracebacks_never_show_the_token() -> None:
    redactor = RedactToken(TOKEN)
    line = logging.LogRecord(
        "httpx", logging.INFO, __file__, 1, "POST %s", (f"{DEFAULT_API_URL}{TOKEN}/getMe",), None
    )
    try:
        raise RuntimeError(f"failed on {TOKEN}")
    except RuntimeError:
        failure = logging.LogRecord("telegram.ext", logging.ERROR, __file__, 1, "error", (), sys.exc_info())
    formatter = logging.Formatter()
    for record in (line, failure):
        assert redactor.filter(record)
        text = formatter.format(record)
        assert TOKEN not in text and "[TOKEN]" in text
