"""Bot API calls that survive transient failures: a 5xx, a 429, a reset connection, a timeout.

    request = RetryingRequest(counters, connection_pool_size=256)
    ApplicationBuilder().request(request)

Every call (sendMessage, sendPhoto, editMessageText, answerCallbackQuery, getUpdates …) is tried
up to ``TRIES`` times within ``DEADLINE`` seconds: after a NetworkError or TimedOut from httpx,
after a 5xx, and after a 429 (waiting the ``retry_after`` Telegram asks for; the rate limiter,
when on, keeps most sends below the limit so that this is rare). Between tries it waits with
exponential backoff and full jitter. A call that still fails leaves one warning line naming the
method and chat (no traceback) and the last error goes up to PTB as before; ``Counters`` counts
retries and failures for /healthz and the log.

A connection dropped after the request was sent is the one case where a retry may deliver twice
(Telegram may have sent the message before the connection died); that is measured in
tests/bench_bot.py under the fault mix, and the test of the fault mix allows only those.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest, RequestData

logger = logging.getLogger(__name__)

TRIES = 5  # at most, per call
DEADLINE = 30.0  # seconds from the first try after which no new try starts
BACKOFF = 0.25  # seconds: the first wait's ceiling, doubled each time (full jitter below it)
MAX_WAIT = 8.0  # seconds: no single wait is longer (a 429's retry_after is honoured up to it)


@dataclass(slots=True)
class Counters:
    """What the bot did, for /healthz and the log: updates answered, declined (flood, not
    addressed to it), failed (an error reached the error handler); calls retried and given up."""

    answered: int = 0
    declined: int = 0
    failed: int = 0
    retried: int = 0
    gave_up: int = 0
    started: float = field(default_factory=time.time)

    def to_json(self) -> dict[str, Any]:
        return {
            "answered": self.answered,
            "declined": self.declined,
            "failed": self.failed,
            "retried": self.retried,
            "gave_up": self.gave_up,
            "uptime_s": round(time.time() - self.started, 1),
        }


class RetryingRequest(HTTPXRequest):
    """PTB's httpx request, each call retried on transient failures (see the module's text)."""

    def __init__(
        self,
        counters: Counters | None = None,
        *,
        tries: int = TRIES,
        deadline: float = DEADLINE,
        backoff: float = BACKOFF,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.counters = counters if counters is not None else Counters()
        self.tries = tries
        self.deadline = deadline
        self.backoff = backoff

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        start = time.monotonic()
        for attempt in range(1, self.tries + 1):
            error: Exception | None = None
            try:
                code, payload = await super().do_request(
                    url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
                )
            except (NetworkError, TimedOut) as raised:
                error, code, payload = raised, 0, b""
            if error is None and not _transient(code):
                return code, payload
            wait = self._wait(attempt, code, payload)
            if attempt == self.tries or time.monotonic() - start + wait > self.deadline:
                self.counters.gave_up += 1
                logger.warning(
                    "gave up on %s to chat %s after %d tries: %s",
                    _method(url),
                    _chat(request_data),
                    attempt,
                    error or f"HTTP {code}",
                )
                if error is not None:
                    raise error
                return code, payload
            self.counters.retried += 1
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # the loop returns or raises on its last try

    def _wait(self, attempt: int, code: int, payload: bytes) -> float:
        """Seconds before the next try: Telegram's retry_after for a 429, else backoff with jitter."""
        if code == HTTPStatus.TOO_MANY_REQUESTS:
            return min(MAX_WAIT, _retry_after(payload) + random.uniform(0, self.backoff))  # noqa: S311
        return random.uniform(0, min(MAX_WAIT, self.backoff * 2 ** (attempt - 1)))  # noqa: S311


def _transient(code: int) -> bool:
    return code >= 500 or code == HTTPStatus.TOO_MANY_REQUESTS


def _retry_after(payload: bytes) -> float:
    try:
        return float(json.loads(payload)["parameters"]["retry_after"])
    except (ValueError, KeyError, TypeError):
        return 1.0


def _method(url: str) -> str:
    return url.rsplit("/", 1)[-1]


def _chat(request_data: RequestData | None) -> str:
    if request_data is None:
        return "-"
    return str(request_data.parameters.get("chat_id", "-"))
