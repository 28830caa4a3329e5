"""The bot's state outside the process: conversations, buttons, /source and flood counters survive
a restart and are shared by several workers.

    store = open_store(settings)                  # SQLite file by default, Redis with a URL
    ApplicationBuilder().persistence(StatePersistence(store, settings.conversation_timeout))

What is kept, per chat and per user, as JSON (never pickle: a shared store must not be able to
run code in the bot):

    chat   the conversation (figures, document, operation), when it was last used, the last
           answer's citation (/source) and the questions behind the chat's buttons
    user   the flood guard's window

python-telegram-bot asks the persistence for a chat's data before each of its updates
(``refresh_chat_data``) and the update processor writes it back right after the update
(``save``), under the chat's lock: in-process for SQLite, in Redis for several workers. Each
record carries a stamp; a worker reloads a chat only when another wrote it since (one read of a
short key per update). Nothing is loaded at start-up: chats are read when they speak.

Records expire: a chat's after ``KEEP_DAYS`` of silence (its conversation already after the
conversation timeout, as before), and none grows beyond ``MAX_RECORD`` bytes (older button
questions, then older turns are dropped first).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
import threading
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Protocol

import sqlite_utils
from telegram.ext import BasePersistence, PersistenceInput

from bot.flood import FloodGuard
from knowledge.conversation import Conversation

logger = logging.getLogger(__name__)

KEEP_DAYS = 30
MAX_RECORD = 64 * 1024  # bytes of JSON a chat may keep
VERSION = 1
# chat_data / user_data keys (bot.handlers uses the same names)
CONVERSATION = "conversation"
LAST_SEEN = "last_seen"
LAST_ANSWER = "last_answer"
QUESTIONS = "questions"
FLOOD = "flood"
STAMP = "_stamp"


class StateError(RuntimeError):
    """The state store cannot be opened or reached; the message names the setting to fix."""


class Store(Protocol):
    """Where records live: ``kind`` is "chat" or "user", ``key`` the Telegram id."""

    async def load(self, kind: str, key: int) -> str | None: ...

    async def save(self, kind: str, key: int, value: str, ttl: float) -> None: ...

    async def delete(self, kind: str, key: int) -> None: ...

    async def arrived(self, chat_id: int, update_id: int) -> None: ...

    def lock(self, chat_id: int, update_id: int) -> contextlib.AbstractAsyncContextManager[None]: ...

    async def check(self) -> None: ...

    async def close(self) -> None: ...


class ChatLocks:
    """An asyncio lock per chat, kept only while an update of the chat holds or awaits it."""

    def __init__(self) -> None:
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}  # chat id -> lock, holders and waiters

    @contextlib.asynccontextmanager
    async def lock(self, chat_id: int) -> AsyncIterator[None]:
        lock, users = self._locks.get(chat_id, (asyncio.Lock(), 0))
        self._locks[chat_id] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[chat_id]
            if users == 1:
                del self._locks[chat_id]
            else:
                self._locks[chat_id] = (lock, users - 1)


class SqliteStore:
    """One SQLite file (WAL), for one worker or several processes on one host. A record is read or
    written in tens of microseconds (a few KiB, synchronous=NORMAL), so on the event loop itself."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA busy_timeout=5000")
            connection.execute("PRAGMA synchronous=NORMAL")  # WAL: durable at checkpoints, never corrupt
            database = sqlite_utils.Database(connection)
            database["state"].create(  # type: ignore[union-attr]
                {"kind": str, "key": int, "value": str, "expires": float},
                pk=("kind", "key"),
                if_not_exists=True,
            )
        except (OSError, sqlite3.Error) as error:
            raise StateError(
                f"cannot open the bot's state file {path}: {error} (set BUDGETQA_STATE to a writable path)"
            ) from None
        self._connection = connection
        self._guard = threading.Lock()  # one connection, used from worker threads one at a time

    def _run(self, sql: str, parameters: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        with self._guard:
            return self._connection.execute(sql, parameters).fetchall()

    async def load(self, kind: str, key: int) -> str | None:
        rows = self._run(
            "SELECT value FROM state WHERE kind = ? AND key = ? AND expires > ?", (kind, key, time.time())
        )
        return str(rows[0][0]) if rows else None

    async def save(self, kind: str, key: int, value: str, ttl: float) -> None:
        self._run(
            "INSERT INTO state (kind, key, value, expires) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, expires = excluded.expires",
            (kind, key, value, time.time() + ttl),
        )

    async def delete(self, kind: str, key: int) -> None:
        self._run("DELETE FROM state WHERE kind = ? AND key = ?", (kind, key))

    async def arrived(self, chat_id: int, update_id: int) -> None:
        """Nothing to note: one worker's update processor keeps a chat's arrival order."""

    def lock(self, chat_id: int, update_id: int) -> contextlib.AbstractAsyncContextManager[None]:
        """Nothing more to hold: the update processor's own lock per chat orders one worker's updates."""
        return contextlib.nullcontext()

    async def check(self) -> None:
        await asyncio.to_thread(self._run, "SELECT count(*) FROM state WHERE 0", ())

    async def close(self) -> None:
        await asyncio.to_thread(self._prune_and_close)

    def _prune_and_close(self) -> None:
        with self._guard:
            self._connection.execute("DELETE FROM state WHERE expires <= ?", (time.time(),))
            self._connection.close()


class RedisStore:
    """Redis, shared by every worker: records as strings with an expiry, a lock per chat."""

    LOCK_SECONDS = 120.0  # a worker that dies holding a chat's lock frees it after this

    def __init__(self, url: str, prefix: str = "budgetqa") -> None:
        import redis.asyncio  # only where Redis is configured

        try:
            self.client = redis.asyncio.Redis.from_url(url, decode_responses=True)
        except ValueError as error:
            raise StateError(
                f"BUDGETQA_REDIS_URL is not a Redis URL ({error}): give redis://HOST:PORT/DB"
            ) from None
        self.url = url
        self.prefix = prefix

    def _key(self, kind: str, key: int) -> str:
        return f"{self.prefix}:{kind}:{key}"

    async def load(self, kind: str, key: int) -> str | None:
        value = await self.client.get(self._key(kind, key))
        return None if value is None else str(value)

    async def save(self, kind: str, key: int, value: str, ttl: float) -> None:
        await self.client.set(self._key(kind, key), value, px=int(ttl * 1000))

    async def delete(self, kind: str, key: int) -> None:
        await self.client.delete(self._key(kind, key))

    def _queue(self, chat_id: int) -> str:
        return f"{self.prefix}:queue:{chat_id}"

    async def arrived(self, chat_id: int, update_id: int) -> None:
        """Note an update's arrival (the webhook calls this before answering 200): a chat's
        updates are then taken in this order by whichever worker holds each."""
        key = self._queue(chat_id)
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.rpush(key, update_id)
            pipe.expire(key, int(2 * self.LOCK_SECONDS))
            await pipe.execute()

    @contextlib.asynccontextmanager
    async def lock(self, chat_id: int, update_id: int) -> AsyncIterator[None]:
        """The chat's turn for this update: its earlier arrivals done, then the chat's lock across
        workers (redis-py's lock: a token key with an expiry)."""
        key = self._queue(chat_id)
        await self._wait_turn(key, update_id)
        lock = self.client.lock(
            f"{self.prefix}:lock:{chat_id}", timeout=self.LOCK_SECONDS, sleep=0.005, blocking_timeout=None
        )
        try:
            async with lock:
                yield
        finally:
            await self.client.lrem(key, 1, str(update_id))

    async def _wait_turn(self, key: str, update_id: int) -> None:
        """Wait until no update of the chat that arrived before this one is waiting or running. An
        arrival whose worker died (at the head for LOCK_SECONDS) is dropped from the queue."""
        waiting_since, waited_for = time.monotonic(), None
        while True:
            queue = await self.client.lrange(key, 0, -1)
            if str(update_id) not in queue or queue[0] == str(update_id):
                return  # not noted (polling) or first in line
            if queue[0] != waited_for:
                waiting_since, waited_for = time.monotonic(), queue[0]
            elif time.monotonic() - waiting_since > self.LOCK_SECONDS:
                await self.client.lrem(key, 1, str(waited_for))
            await asyncio.sleep(0.005)

    async def check(self) -> None:
        import redis

        try:
            await self.client.ping()
        except (redis.RedisError, OSError) as error:
            raise StateError(f"cannot reach Redis at BUDGETQA_REDIS_URL: {error}") from None

    async def close(self) -> None:
        await self.client.aclose()


def open_store(state: Path, redis_url: str = "") -> Store:
    """Redis when a URL is given, else the SQLite file ``state``."""
    if redis_url:
        return RedisStore(redis_url)
    return SqliteStore(state)


# JSON of chat_data and user_data


def encode_chat(chat_data: dict[str, Any]) -> str:
    """chat_data as JSON of at most MAX_RECORD bytes (older button questions and turns dropped)."""
    conversation: Conversation | None = chat_data.get(CONVERSATION)
    questions = dict(chat_data.get(QUESTIONS, {}))
    record: dict[str, Any] = {
        "version": VERSION,
        "stamp": chat_data.get(STAMP, ""),
        "conversation": conversation.to_json() if conversation is not None else None,
        "last_seen": chat_data.get(LAST_SEEN),
        "last_answer": chat_data.get(LAST_ANSWER),
        "questions": questions,
    }
    text = json.dumps(record, ensure_ascii=False)
    while len(text.encode()) > MAX_RECORD and (record["questions"] or _turns(record)):
        if record["questions"]:
            oldest = next(iter(record["questions"]))
            del record["questions"][oldest]
        else:
            del record["conversation"]["turns"][0]
        text = json.dumps(record, ensure_ascii=False)
    return text


def _turns(record: dict[str, Any]) -> list[str]:
    conversation = record.get("conversation") or {}
    turns: list[str] = conversation.get("turns", [])
    return turns


def decode_chat(text: str) -> dict[str, Any]:
    """The chat_data ``encode_chat`` wrote; what cannot be read is left out (a fresh start)."""
    record = json.loads(text)
    if not isinstance(record, dict) or record.get("version") != VERSION:
        return {}
    chat_data: dict[str, Any] = {STAMP: str(record.get("stamp", ""))}
    if record.get("conversation") is not None:
        try:
            chat_data[CONVERSATION] = Conversation.from_json(record["conversation"])
        except ValueError as error:
            logger.warning("a kept conversation could not be read (%s): starting afresh", error)
    if isinstance(record.get("last_seen"), int | float):
        chat_data[LAST_SEEN] = float(record["last_seen"])
    if isinstance(record.get("last_answer"), str):
        chat_data[LAST_ANSWER] = record["last_answer"]
    if isinstance(record.get("questions"), dict):
        chat_data[QUESTIONS] = {str(key): str(value) for key, value in record["questions"].items()}
    return chat_data


def encode_user(user_data: dict[str, Any]) -> str:
    guard = user_data.get(FLOOD)
    flood = {"served": list(guard.served), "warned": guard.warned} if guard is not None else None
    return json.dumps({"version": VERSION, "stamp": user_data.get(STAMP, ""), "flood": flood})


def decode_user(text: str, limit: int) -> dict[str, Any]:
    record = json.loads(text)
    if not isinstance(record, dict) or record.get("version") != VERSION:
        return {}
    user_data: dict[str, Any] = {STAMP: str(record.get("stamp", ""))}
    flood = record.get("flood")
    if isinstance(flood, dict):
        served = deque(float(t) for t in flood.get("served", []) if isinstance(t, int | float))
        user_data[FLOOD] = FloodGuard(limit, served, bool(flood.get("warned")))
    return user_data


# The persistence PTB calls


class StatePersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    """chat_data and user_data in a ``Store``; bot_data (the engine, charts) stays in memory."""

    def __init__(self, store: Store, *, flood_limit: int, chat_ttl: float = KEEP_DAYS * 86400) -> None:
        # PTB's own periodic flush is a backstop: the update processor saves after every update
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=True, user_data=True, callback_data=False),
            update_interval=60,
        )
        self.store = store
        self.flood_limit = flood_limit
        self.chat_ttl = chat_ttl

    # nothing is loaded at start-up: each chat and user when it next speaks
    async def get_chat_data(self) -> dict[int, dict[str, Any]]:
        return {}

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        return {}

    async def get_bot_data(self) -> dict[str, Any]:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def get_conversations(self, name: str) -> dict[Any, Any]:
        return {}

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[str, Any]) -> None:
        """Reload the chat when the stored record is not the one this worker last saw."""
        text = await self.store.load("chat", chat_id)
        if text is None or _stamp(text) == chat_data.get(STAMP):
            return
        chat_data.clear()
        chat_data.update(_decoded(decode_chat, text))

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        text = await self.store.load("user", user_id)
        if text is None or _stamp(text) == user_data.get(STAMP):
            return
        user_data.clear()
        user_data.update(_decoded(lambda t: decode_user(t, self.flood_limit), text))

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        """bot_data is this process's own."""

    async def save(
        self,
        chat_id: int | None,
        chat_data: dict[str, Any] | None,
        user_id: int | None,
        user_data: dict[str, Any] | None,
    ) -> None:
        """Write a chat's and its user's data right after an update, under the chat's lock (the
        update processor calls this); a store that fails is one log line, the answer already went."""
        try:
            if chat_id is not None and chat_data is not None:
                chat_data[STAMP] = uuid.uuid4().hex
                await self.store.save("chat", chat_id, encode_chat(chat_data), self.chat_ttl)
            if user_id is not None and user_data is not None:
                user_data[STAMP] = uuid.uuid4().hex
                await self.store.save("user", user_id, encode_user(user_data), self.chat_ttl)
        except Exception as error:  # noqa: BLE001 - any store failure: the bot goes on
            logger.error("state not saved chat=%s user=%s error=%s", chat_id, user_id, error)

    async def update_chat_data(self, chat_id: int, data: dict[str, Any]) -> None:
        """PTB's periodic flush: not used (``save`` wrote it under the chat's lock; a late write
        from here could overwrite what another worker wrote since)."""

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        """As update_chat_data."""

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        """Not kept."""

    async def update_callback_data(self, data: Any) -> None:
        """Not kept: the buttons' questions are in chat_data."""

    async def update_conversation(self, name: str, key: Any, new_state: object | None) -> None:
        """No ConversationHandler."""

    async def drop_chat_data(self, chat_id: int) -> None:
        await self.store.delete("chat", chat_id)

    async def drop_user_data(self, user_id: int) -> None:
        await self.store.delete("user", user_id)

    async def flush(self) -> None:
        await self.store.close()


def _stamp(text: str) -> str:
    try:
        record = json.loads(text)
    except ValueError:
        return ""
    return str(record.get("stamp", "")) if isinstance(record, dict) else ""


def _decoded(decode: Any, text: str) -> dict[str, Any]:
    try:
        result: dict[str, Any] = decode(text)
    except ValueError as error:
        logger.warning("a kept record could not be read (%s): starting afresh", error)
        return {}
    return result
