"""The Telegram shell: the Application wired with every handler, and run_bot (python-telegram-bot v22).

    sys.exit(run_bot(Settings.from_env(os.environ, db=args.db)))

Polling by default; webhook mode when the settings carry a webhook URL. Handlers are in
bot.handlers; here are the wiring, the update processor (chats concurrently, each chat's
updates in order), and logging that never shows the token.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import traceback
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import handlers
from bot.handlers import Addressed, AnyApplication, redact
from bot.network import Counters, RetryingRequest
from bot.settings import Settings, SettingsError
from bot.state import ChatLocks, StateError, StatePersistence, open_store
from bot.webhook import ALLOWED_UPDATES, serve_webhook
from knowledge.engine import DatabaseError, Engine

MAX_CONCURRENT_UPDATES = 256


def run_bot(settings: Settings) -> int:
    """Serve Telegram until SIGINT or SIGTERM; return the exit code, with errors one line on stderr:
    2 for a setting to fix (no token, token rejected), 1 for anything else (database, network)."""
    try:
        token = settings.require_token()
    except SettingsError as error:
        print(f"budgetqa bot: {error}", file=sys.stderr)
        return 2
    _configure_logging(token)
    try:
        Engine.open(settings.db).close()  # a missing database is said before Telegram is contacted
        application = build_application(settings)
    except (DatabaseError, StateError) as error:
        return _fail(str(error))
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        if settings.webhook_url:
            loop.run_until_complete(serve_webhook(application, settings))
        else:
            application.run_polling(allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:
        _fail("Telegram rejected TELEGRAM_BOT_TOKEN: copy the token again from @BotFather (/mybots)")
        return 2
    except (DatabaseError, StateError) as error:
        return _fail(str(error))  # it names the path or setting, and the fix
    except NetworkError as error:
        return _fail(f"cannot reach the Telegram Bot API at {settings.api_url}: {redact(str(error), token)}")
    except TelegramError as error:
        return _fail(f"the Telegram Bot API refused to start the bot: {redact(str(error), token)}")
    except OSError as error:
        return _fail(f"cannot listen on {settings.listen}:{settings.port}: {error.strerror or error}")
    return 0


def build_application(settings: Settings, *, request: BaseRequest | None = None) -> AnyApplication:
    """The Application with every handler; ``request`` replaces the network (tests).

    StateError (one line) when the state store cannot be opened."""
    persistence = StatePersistence(
        open_store(settings.state_path(), settings.redis_url), flood_limit=settings.max_questions_per_minute
    )
    processor = ChatOrderedUpdateProcessor(MAX_CONCURRENT_UPDATES, persistence)
    builder = (
        ApplicationBuilder()
        .token(settings.require_token())
        .base_url(settings.api_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .concurrent_updates(processor)
        .persistence(persistence)
        .post_init(handlers.open_engine)
        .post_shutdown(handlers.close_engine)
    )
    if settings.send_rate > 0:
        limiter = AIORateLimiter(overall_max_rate=settings.send_rate, max_retries=3)
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]  # PTB types it for other builders
    counters = Counters()
    if request is None:
        # every call retried on transient failures (bot.network); getUpdates on its own connection
        builder = builder.request(RetryingRequest(counters, connection_pool_size=MAX_CONCURRENT_UPDATES))
        builder = builder.get_updates_request(RetryingRequest(counters, connection_pool_size=1))
    else:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()
    processor.application = application
    application.bot_data[handlers.SETTINGS] = settings
    application.bot_data[handlers.COUNTERS] = counters

    application.add_handler(TypeHandler(Update, handlers.guard_flood), group=-1)
    application.add_handler(CommandHandler("start", handlers.start))
    application.add_handler(CommandHandler("help", handlers.show_help))
    application.add_handler(CommandHandler("docs", handlers.list_documents))
    application.add_handler(CommandHandler("tables", handlers.list_tables))
    application.add_handler(CommandHandler("table", handlers.show_table))
    application.add_handler(CommandHandler("source", handlers.show_source))
    application.add_handler(CommandHandler("chart", handlers.send_chart))
    application.add_handler(CommandHandler("reload", handlers.reload_database))
    application.add_handler(CallbackQueryHandler(handlers.press_question, pattern=r"^q:"))
    application.add_handler(CallbackQueryHandler(handlers.turn_table_page, pattern=r"^t:"))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & Addressed(), handlers.ask))
    application.add_error_handler(handlers.report_error)
    return application


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    """Handle different chats' updates concurrently and each chat's updates one at a time, in
    arrival order; with a persistence, under the chat's lock in its store (so across workers
    sharing Redis) and with the chat's and user's data saved before the lock is released."""

    def __init__(self, max_concurrent_updates: int, persistence: StatePersistence | None = None) -> None:
        super().__init__(max_concurrent_updates)
        self.persistence = persistence
        self.application: AnyApplication | None = None
        self._locks = ChatLocks()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        persistence = self.persistence
        async with self._locks.lock(chat.id):  # this process's order, then the store's lock
            if persistence is None:
                await coroutine
                return
            async with persistence.store.lock(chat.id, update.update_id):  # type: ignore[attr-defined]
                try:
                    await coroutine
                finally:
                    await self._save(update, persistence)  # type: ignore[arg-type]  # chat is set: an Update

    async def _save(self, update: Update, persistence: StatePersistence) -> None:
        application = self.application
        if application is None:
            return
        chat, user = update.effective_chat, update.effective_user
        chat_id = chat.id if chat is not None else None
        user_id = user.id if user is not None else None
        await persistence.save(
            chat_id,
            application.chat_data.get(chat_id) if chat_id is not None else None,
            user_id,
            application.user_data.get(user_id) if user_id is not None else None,
        )

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""


def _fail(message: str) -> int:
    print(f"budgetqa bot: {message}", file=sys.stderr)
    return 1


class RedactToken(logging.Filter):
    """Replace the bot token in every log line and traceback."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage(), self.token)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(
                "".join(traceback.format_exception(*record.exc_info)).rstrip(), self.token
            )
        return True


def _configure_logging(token: str) -> None:
    """Log to stderr unless the caller configured logging; never log the token."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines hold the URL, token included
    for handler in root.handlers:
        handler.addFilter(RedactToken(token))
        handler.addFilter(_without_startup_traceback)


def _without_startup_traceback(record: logging.LogRecord) -> bool:
    """Drop PTB's traceback of a failed start: run_bot says what failed in one line."""
    return not (record.name.startswith("telegram.ext") and "(Bootstrap" in record.getMessage())
