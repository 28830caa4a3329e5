"""The bot's handlers: each reads the update, asks the engine, renders with bot.replies, replies.

Every engine call runs in a worker thread (``asyncio.to_thread``): the event loop never waits
for SQLite, and the engine keeps one connection per thread. Documents an ingest commits while the
bot runs are seen by the next question; /reload (admins) only swaps in a newly opened engine.

State lives where python-telegram-bot keeps it:

    bot_data    the engine (opened in post_init, swapped by /reload), the settings, drawn charts,
                the counters (this process's memory)
    chat_data   the conversation (fresh after a silence), the last answer's citation (for /source)
                and the questions behind the chat's buttons (callback data is a short key into them)
    user_data   the flood guard

chat_data and user_data are kept as JSON by bot.state (a SQLite file, or Redis for several
workers): they survive a restart and follow a chat from one worker to another.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from telegram import BotCommand, InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import NetworkError, TelegramError
from telegram.ext import Application, ApplicationHandlerStop, CallbackContext, ExtBot, filters

from bot import replies, texts
from bot.chart import structure_png
from bot.flood import ALLOW, WARN, FloodGuard
from bot.network import Counters
from bot.settings import Settings
from bot.state import CONVERSATION, FLOOD, LAST_ANSWER, LAST_SEEN, QUESTIONS, StatePersistence
from knowledge.answer import AMBIGUOUS, ANSWERED, Answer
from knowledge.engine import Conversation, DatabaseError, Engine, Structure, TableInfo

logger = logging.getLogger(__name__)

Context = CallbackContext[ExtBot[None], dict[str, Any], dict[str, Any], dict[str, Any]]
# PTB's Application is generic in six parameters that only matter to its builder; the hooks
# here take whatever build_application made
AnyApplication = Application[Any, Any, Any, Any, Any, Any]
T = TypeVar("T")

# bot_data keys
ENGINE = "engine"
SETTINGS = "settings"
COUNTERS = "counters"  # bot.network.Counters: answered, declined, failed, retried, gave up
CHARTS = "charts"  # structure -> PNG bytes, the most recent MAX_KEPT_CHARTS
# chat_data / user_data keys are bot.state's: CONVERSATION, LAST_SEEN, LAST_ANSWER (the last
# answer's citation, for /source), QUESTIONS (callback key -> question, the chat's most recent
# MAX_KEPT_QUESTIONS) and FLOOD

MAX_KEPT_QUESTIONS = 100
MAX_KEPT_CHARTS = 32  # a chart is ~60 KB

# a question asking for a picture gets the structure chart as well
PICTURE_REQUEST = re.compile(r"结构图|图表|饼图|柱状图|条形图|画一?[下个张幅]|画出|作图|画图|图示|可视化")


def is_addressed(message: Message) -> bool:
    """A private message, a command, or a group message that mentions the bot or replies to it."""
    if message.chat.type == ChatType.PRIVATE or (message.text or "").startswith("/"):
        return True
    bot = message.get_bot()
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
        return True
    mention = f"@{bot.username}".lower()
    return any(text.lower() == mention for text in message.parse_entities([MessageEntity.MENTION]).values())


class Addressed(filters.MessageFilter):
    """Messages the bot should answer (see is_addressed); others in a group are left alone."""

    def filter(self, message: Message) -> bool:
        return is_addressed(message)


# Lifecycle


async def open_engine(application: AnyApplication) -> None:
    """Open the engine on the database and register the commands with Telegram."""
    settings: Settings = application.bot_data[SETTINGS]
    if isinstance(application.persistence, StatePersistence):
        await application.persistence.store.check()  # StateError: Redis unreachable, said in one line
    application.bot_data[ENGINE] = await asyncio.to_thread(Engine.open, settings.db)
    application.bot_data[CHARTS] = {}
    await application.bot.set_my_commands([BotCommand(command, about) for command, about in texts.COMMANDS])


async def close_engine(application: AnyApplication) -> None:
    """Close the engine."""
    engine: Engine | None = application.bot_data.pop(ENGINE, None)
    if engine is not None:
        await asyncio.to_thread(engine.close)


# Handlers


async def guard_flood(update: Update, context: Context) -> None:
    """Let a user's questions through up to the limit a minute; then one "slow down", then silence."""
    message = update.message
    if update.callback_query is None and (message is None or not is_addressed(message)):
        return
    if context.user_data is None:
        return
    guard = context.user_data.get(FLOOD)
    if guard is None:
        settings: Settings = context.bot_data[SETTINGS]
        guard = context.user_data[FLOOD] = FloodGuard(settings.max_questions_per_minute)
    verdict = guard.check(time.time())
    if verdict == ALLOW:
        return
    _counters(context).declined += 1
    logger.info("declined chat=%s user=%s reason=flood", _chat_id(update), _user_id(update))
    if verdict == WARN and update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, texts.SLOW_DOWN)
    raise ApplicationHandlerStop


async def start(update: Update, context: Context) -> None:
    """Say what the bot knows and offer example questions."""
    documents = await _run(context, lambda engine: engine.documents())
    await _reply(update, replies.start_reply(documents, _key_for(context)))


async def show_help(update: Update, context: Context) -> None:
    """List the commands."""
    await _reply(update, replies.help_html())


async def list_documents(update: Update, context: Context) -> None:
    """List the loaded documents."""
    documents = await _run(context, lambda engine: engine.documents())
    for part in replies.documents_html(documents):
        await _reply(update, part)


async def list_tables(update: Update, context: Context) -> None:
    """List the tables of the chat's document."""
    document_id = _conversation(context).document_id

    def listing(engine: Engine) -> tuple[str, list[TableInfo]]:
        tables = engine.tables(document_id)
        first = engine.table(tables[0].number, document_id) if tables else None
        return (first.document if first else ""), tables

    document, tables = await _run(context, listing)
    for part in replies.tables_html(document, tables):
        await _reply(update, part)


async def show_table(update: Update, context: Context) -> None:
    """Show table N, paged with buttons."""
    if not context.args or not context.args[0].isdigit():
        await _reply(update, texts.TABLE_USAGE)
        return
    number = int(context.args[0])
    document_id = _conversation(context).document_id
    view = await _run(context, lambda engine: engine.table(number, document_id))
    if view is None:
        await _reply(update, texts.TABLE_NOT_FOUND.format(number=number))
        return
    pages = replies.table_pages(view)
    await _reply(update, pages[0], replies.table_keyboard(0, len(pages), _page_data(number, document_id)))


async def turn_table_page(update: Update, context: Context) -> None:
    """Show another page of a table in the same message."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _, number, page, document = query.data.split(":")
    document_id = int(document) if document else None
    view = await _run(context, lambda engine: engine.table(int(number), document_id))
    pages = replies.table_pages(view) if view is not None else []
    if not 0 <= int(page) < len(pages):
        await query.answer(texts.BUTTON_EXPIRED)
        return
    await query.answer()
    keyboard = replies.table_keyboard(int(page), len(pages), _page_data(int(number), document_id))
    await query.edit_message_text(pages[int(page)], reply_markup=keyboard)


async def show_source(update: Update, context: Context) -> None:
    """Give the last answer's full citation."""
    citation = context.chat_data.get(LAST_ANSWER) if context.chat_data is not None else None
    for part in replies.split_html(citation if isinstance(citation, str) else replies.source_html(None)):
        await _reply(update, part)


async def send_chart(update: Update, context: Context) -> None:
    """Send the spending structure chart of the chat's document."""
    document_id = _conversation(context).document_id
    structure = await _run(context, lambda engine: engine.structure(document_id))
    if structure is None:
        await _reply(update, texts.CHART_NONE)
        return
    # keyed by what is drawn, so a document replaced by an ingest is drawn afresh
    charts: dict[Structure, bytes] = context.bot_data[CHARTS]
    if structure not in charts:
        charts[structure] = await asyncio.to_thread(structure_png, structure)
        while len(charts) > MAX_KEPT_CHARTS:
            del charts[next(iter(charts))]
    caption = texts.CHART_CAPTION.format(
        document=replies.text(structure.document),
        unit=replies.text(structure.unit),
        table=replies.text(structure.source_table),
    )
    assert update.effective_message is not None
    await update.effective_message.reply_photo(charts[structure], caption=caption)


async def reload_database(update: Update, context: Context) -> None:
    """Reopen the database (admins only): after the file was replaced, e.g. by a copy of a
    database built elsewhere. Documents ingested into the open file need no /reload."""
    settings: Settings = context.bot_data[SETTINGS]
    if update.effective_user is None or update.effective_user.id not in settings.admins:
        await _reply(update, texts.RELOAD_REFUSED)
        return
    try:
        engine = await asyncio.to_thread(Engine.open, settings.db)
        documents = await asyncio.to_thread(engine.documents)
    except DatabaseError as error:
        await _reply(update, texts.RELOAD_FAILED.format(reason=replies.text(str(error))))
        return
    old: Engine = context.bot_data[ENGINE]
    context.bot_data[ENGINE] = engine  # questions in flight finish on the old one
    await asyncio.to_thread(old.close)
    for chat_data in context.application.chat_data.values():
        chat_data.pop(CONVERSATION, None)  # their document ids may have changed
    logger.info("database reopened by user %s", update.effective_user.id)
    await _reply(update, texts.RELOAD_DONE.format(documents=len(documents)))


async def ask(update: Update, context: Context) -> None:
    """Answer a question; send the chart as well when it asks for a picture."""
    assert update.effective_message is not None
    question = _strip_mention(update.effective_message.text or "", context.bot.username)
    wants_picture = PICTURE_REQUEST.search(question) is not None
    answer = await _ask_engine(context, question)
    _log_answer(update, context, answer)
    if not wants_picture or answer.status in (ANSWERED, AMBIGUOUS):
        for reply in replies.render_answer(answer, _key_for(context)):
            await _reply(update, reply)
    if wants_picture:
        await send_chart(update, context)


async def press_question(update: Update, context: Context) -> None:
    """Ask the question behind a pressed button (a candidate, a suggestion or an example)."""
    query = update.callback_query
    assert query is not None and context.chat_data is not None
    question = context.chat_data.setdefault(QUESTIONS, {}).get(query.data or "")
    if question is None:
        await query.answer(texts.BUTTON_EXPIRED)
        return
    await query.answer()
    assert update.effective_chat is not None
    answer = await _ask_engine(context, question)
    _log_answer(update, context, answer)
    for reply in replies.render_answer(answer, _key_for(context)):
        await context.bot.send_message(update.effective_chat.id, reply.text, reply_markup=reply.keyboard)


async def report_error(update: object, context: Context) -> None:
    """Log the error with its traceback (token redacted) and tell the user something polite."""
    if COUNTERS in context.bot_data:
        _counters(context).failed += 1
    chat, number = _chat_id(update), update.update_id if isinstance(update, Update) else "-"
    if isinstance(context.error, NetworkError):
        # the Bot API stayed unreachable through every retry (bot.network logged each call): one line
        logger.error(
            "failed chat=%s update=%s error=%s", chat, number, redact(str(context.error), context.bot.token)
        )
        return
    trace = "".join(traceback.format_exception(context.error)) if context.error else "unknown error"
    logger.error("failed chat=%s update=%s\n%s", chat, number, redact(trace, context.bot.token))
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, texts.ERROR)
        except TelegramError as error:
            logger.warning(
                "could not tell the user about the error: %s", redact(str(error), context.bot.token)
            )


# Helpers


def _counters(context: Context) -> Counters:
    counters: Counters = context.bot_data[COUNTERS]
    return counters


def _chat_id(update: object) -> int | str:
    chat = update.effective_chat if isinstance(update, Update) else None
    return chat.id if chat is not None else "-"


def _user_id(update: Update) -> int | str:
    return update.effective_user.id if update.effective_user is not None else "-"


def _log_answer(update: Update, context: Context, answer: Answer) -> None:
    """One structured line an answer (never the question's text: it is the user's)."""
    if COUNTERS in context.bot_data:
        _counters(context).answered += 1
    logger.info("answered chat=%s update=%s status=%s", _chat_id(update), update.update_id, answer.status)


async def _reply(
    update: Update, reply: replies.Reply | str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Reply to the update's message with HTML (the default parse mode) and its buttons."""
    assert update.effective_message is not None
    if isinstance(reply, replies.Reply):
        await update.effective_message.reply_text(reply.text, reply_markup=reply.keyboard)
    else:
        await update.effective_message.reply_text(reply, reply_markup=keyboard)


async def _run(context: Context, call: Callable[[Engine], T]) -> T:
    """``call(engine)`` in a worker thread, on the engine in use when it starts."""
    engine: Engine = context.bot_data[ENGINE]
    return await asyncio.to_thread(call, engine)


def _conversation(context: Context) -> Conversation:
    """The chat's conversation, fresh after a silence longer than the timeout."""
    chat_data = context.chat_data
    assert chat_data is not None
    settings: Settings = context.bot_data[SETTINGS]
    now = time.time()  # wall clock: the state may outlive this process
    conversation: Conversation | None = chat_data.get(CONVERSATION)
    if conversation is None or now - chat_data.get(LAST_SEEN, now) > settings.conversation_timeout:
        conversation = chat_data[CONVERSATION] = Conversation()
    chat_data[LAST_SEEN] = now
    return conversation


async def _ask_engine(context: Context, question: str) -> Answer:
    """The engine's answer in the chat's conversation (a chat's updates come one at a time, so
    no two threads hold one conversation), kept for /source."""
    conversation = _conversation(context)
    answer = await _run(context, lambda engine: engine.ask(question, conversation))
    assert context.chat_data is not None
    context.chat_data[LAST_ANSWER] = replies.source_html(answer)  # HTML text: kept as JSON in the state
    return answer


def _key_for(context: Context) -> replies.KeyFor:
    """Remember questions behind buttons in chat_data; the callback data is a short key
    ("q:17", far below Telegram's 64 bytes) whatever the question's length."""
    assert context.chat_data is not None
    questions: dict[str, str] = context.chat_data.setdefault(QUESTIONS, {})

    def key_for(question: str) -> str:
        for key, known in questions.items():
            if known == question:
                return key
        key = f"q:{int(list(questions)[-1][2:]) + 1 if questions else 1}"
        questions[key] = question
        while len(questions) > MAX_KEPT_QUESTIONS:
            del questions[next(iter(questions))]
        return key

    return key_for


def _page_data(number: int, document_id: int | None) -> Callable[[int], str]:
    return lambda page: f"t:{number}:{page}:{'' if document_id is None else document_id}"


def _strip_mention(text: str, username: str) -> str:
    return re.sub(rf"@{re.escape(username)}\b", "", text, flags=re.IGNORECASE).strip()


def redact(text: str, token: str) -> str:
    """The text with the bot token replaced."""
    return text.replace(token, "[TOKEN]") if token else text
