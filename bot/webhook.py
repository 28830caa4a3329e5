"""Webhook mode: the HTTP server Telegram posts updates to, with /healthz beside it.

    asyncio.run(serve_webhook(application, settings))   # until SIGINT or SIGTERM

python-telegram-bot's own webhook server has no room for a health check, so this one (tornado,
which PTB's webhook extra brings) takes its place:

    POST /<path of BUDGETQA_WEBHOOK_URL>   an update: 403 without the secret header, 400 when it
                                           is no update, else queued for the application, 200
    GET  /healthz                          200 {"ok": true, "documents": N, "state": "sqlite",
                                           "counters": {...}} when the database answers and the
                                           state store is reachable; 503 {"ok": false, "error"}

Several workers may serve one webhook URL behind a proxy (deploy/README.md): each registers the
same URL and secret, and their state is shared through Redis (bot.state). On SIGTERM a worker
stops accepting, answers every update it accepted (Telegram has them confirmed by the 200), and
leaves the webhook registered for the other workers.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from typing import Any
from urllib.parse import urlsplit

import tornado.httpserver
import tornado.web
from telegram import Update

from bot import handlers
from bot.handlers import AnyApplication
from bot.settings import Settings
from bot.state import StatePersistence

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]


class UpdateHandler(tornado.web.RequestHandler):
    """POST: one update from Telegram (or the proxy in front of the workers)."""

    def initialize(self, bot_application: AnyApplication, secret: str) -> None:
        self.application_ = bot_application
        self.secret = secret

    async def post(self) -> None:
        given = self.request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            raise tornado.web.HTTPError(403)
        try:
            update = Update.de_json(json.loads(self.request.body), self.application_.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            raise tornado.web.HTTPError(400, reason="not a Telegram update") from None
        persistence = self.application_.persistence
        if isinstance(persistence, StatePersistence) and update.effective_chat is not None:
            # noted before the 200: with several workers, a chat's updates are taken in arrival order
            await persistence.store.arrived(update.effective_chat.id, update.update_id)
        await self.application_.update_queue.put(update)
        self.set_status(200)

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        """A refused request is one access line, not a traceback."""
        if isinstance(value, tornado.web.HTTPError):
            return
        super().log_exception(typ, value, tb)


class HealthHandler(tornado.web.RequestHandler):
    """GET: is this worker able to answer (database readable, state store reachable)?"""

    def initialize(self, bot_application: AnyApplication) -> None:
        self.application_ = bot_application

    async def get(self) -> None:
        application = self.application_
        status: dict[str, Any] = {"ok": True}
        try:
            engine = application.bot_data[handlers.ENGINE]
            status["documents"] = len(await asyncio.to_thread(engine.documents))
            persistence = application.persistence
            if isinstance(persistence, StatePersistence):
                await persistence.store.check()
                status["state"] = type(persistence.store).__name__.removesuffix("Store").lower()
        except Exception as error:  # noqa: BLE001 - any failure is the health check's answer
            status = {"ok": False, "error": str(error)}
        counters = application.bot_data.get(handlers.COUNTERS)
        if counters is not None:
            status["counters"] = counters.to_json()
        self.set_status(200 if status["ok"] else 503)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(status, ensure_ascii=False))


async def serve_webhook(application: AnyApplication, settings: Settings) -> None:
    """Register the webhook, serve updates and /healthz until SIGINT or SIGTERM, then stop after
    answering every update accepted."""
    path = "/" + urlsplit(settings.webhook_url).path.strip("/")
    app = tornado.web.Application(
        [
            (path, UpdateHandler, {"bot_application": application, "secret": settings.webhook_secret}),
            ("/healthz", HealthHandler, {"bot_application": application}),
        ]
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stop.set)
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.bot.set_webhook(
            settings.webhook_url, secret_token=settings.webhook_secret, allowed_updates=ALLOWED_UPDATES
        )
        await application.start()
        server = tornado.httpserver.HTTPServer(app)
        server.listen(settings.port, address=settings.listen)
        logger.info("webhook: listening on %s:%s%s", settings.listen, settings.port, path)
        try:
            await stop.wait()
        finally:
            server.stop()
            await server.close_all_connections()
            await application.stop()  # answers what the queue holds
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
        logger.info("webhook: stopped")
