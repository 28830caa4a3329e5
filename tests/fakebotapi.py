"""A fake Telegram Bot API for tests: canned replies, every call recorded.

Two ways in, one set of canned replies (``bot_api_result``):

    RecordingRequest()    a telegram.request.BaseRequest to inject into an Application
                          (ApplicationBuilder().request(...)): no network at all.
    FakeBotAPI()          an HTTP server on 127.0.0.1 (random free port) for a real
                          `budgetqa bot` process: getMe, deleteWebhook, getUpdates (long poll),
                          sendMessage, sendPhoto (multipart), answerCallbackQuery,
                          editMessageText, setMyCommands, setWebhook.

    with FakeBotAPI() as api:
        env["BUDGETQA_TELEGRAM_API_URL"] = api.base_url
        api.send_text(7, "代表培训经费多少")
        [reply] = api.wait_for("sendMessage", chat_id=7)

    FakeBotAPI(faults=Faults(seed=1))   the fault mix of issue 11 on every send and getUpdates:
                          502s, 429s with retry_after, connections dropped before or after
                          the call was carried out (``api.lost``: calls the bot never heard of)

Updates are built by ``message_update`` and ``callback_update``, the same dicts Telegram sends.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qsl

from telegram.request import BaseRequest, RequestData

TOKEN = "123:TEST"
BOT = {
    "id": 123,
    "is_bot": True,
    "first_name": "预算问答",
    "username": "budgetqa_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
TRUE_METHODS = {
    "deleteWebhook",
    "setWebhook",
    "setMyCommands",
    "answerCallbackQuery",
    "deleteMyCommands",
    "close",
    "logOut",
}


@dataclass(frozen=True, slots=True)
class Call:
    """One Bot API call the bot made."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    result: Any = None

    @property
    def chat_id(self) -> int | None:
        chat = self.params.get("chat_id")
        return int(chat) if chat is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data) of every inline button, row after row."""
        markup = self.params.get("reply_markup") or {}
        return [
            (button["text"], button.get("callback_data", ""))
            for row in markup.get("inline_keyboard", [])
            for button in row
        ]


def chat(chat_id: int) -> dict[str, Any]:
    """A chat as Telegram describes it: private for positive ids, a supergroup otherwise."""
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": f"user{chat_id}"}
    return {"id": chat_id, "type": "supergroup", "title": f"group{chat_id}"}


def user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": f"user{user_id}", "language_code": "zh-hans"}


def message_update(
    update_id: int,
    chat_id: int,
    text: str,
    *,
    message_id: int = 1,
    user_id: int | None = None,
    reply_to: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An update carrying a text message; commands and @mentions get their entities."""
    entities = []
    if text.startswith("/"):
        entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
    mention = f"@{BOT['username']}"
    if mention in text:
        entities.append(
            {"type": "mention", "offset": _utf16_len(text[: text.index(mention)]), "length": len(mention)}
        )
    message: dict[str, Any] = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": chat(chat_id),
        "from": user(user_id if user_id is not None else abs(chat_id)),
        "text": text,
    }
    if entities:
        message["entities"] = entities
    if reply_to is not None:
        message["reply_to_message"] = reply_to
    return {"update_id": update_id, "message": message}


def callback_update(
    update_id: int, chat_id: int, data: str, *, message: dict[str, Any], user_id: int | None = None
) -> dict[str, Any]:
    """An update for a pressed inline button under ``message`` (a message the bot sent)."""
    return {
        "update_id": update_id,
        "callback_query": {
            "id": str(update_id),
            "from": user(user_id if user_id is not None else abs(chat_id)),
            "chat_instance": str(chat_id),
            "message": message,
            "data": data,
        },
    }


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


SEND_METHODS = {"sendMessage", "sendPhoto", "editMessageText", "answerCallbackQuery"}
PASS, BAD_GATEWAY, TOO_MANY, DROP_BEFORE, DROP_AFTER = "pass", "502", "429", "drop-before", "drop-after"


@dataclass(slots=True)
class Faults:
    """Issue 11's fault mix, drawn from a seeded generator: of the send calls, ``bad_gateway``
    answered 502, ``too_many`` answered 429 (``retry_after`` seconds), ``dropped`` have their
    connection closed without a reply (half before the call is carried out, half after: then
    the message was sent but the bot cannot know); of getUpdates, ``updates_bad_gateway`` 502."""

    seed: int = 0
    bad_gateway: float = 0.05
    too_many: float = 0.03
    retry_after: int = 1
    dropped: float = 0.03
    updates_bad_gateway: float = 0.05
    _random: random.Random = field(init=False)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)  # noqa: S311 - a test's fault dice

    def draw(self, method: str) -> str:
        with self._lock:
            roll = self._random.random()
        if method == "getUpdates":
            return BAD_GATEWAY if roll < self.updates_bad_gateway else PASS
        if method not in SEND_METHODS:
            return PASS
        for fault, share in (
            (BAD_GATEWAY, self.bad_gateway),
            (TOO_MANY, self.too_many),
            (DROP_BEFORE, self.dropped / 2),
            (DROP_AFTER, self.dropped / 2),
        ):
            if roll < share:
                return fault
            roll -= share
        return PASS


class BotAPIState:
    """What a fake Bot API remembers: the calls made and the message ids handed out."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.lost: list[Call] = []  # carried out, but the reply never reached the bot
        self.faults_served: dict[str, int] = {}
        self.changed = threading.Condition()
        self._message_ids = itertools.count(1000)

    def result_for(self, method: str, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        """The canned Bot API result of a call, and the call recorded."""
        return self.record(method, params, files).result

    def record(self, method: str, params: dict[str, Any], files: dict[str, bytes]) -> Call:
        """The call carried out (its canned result) and recorded; KeyError for unknown methods."""
        call = Call(method, params, files, bot_api_result(method, params, next(self._message_ids)))
        with self.changed:
            self.calls.append(call)
            self.changed.notify_all()
        return call

    def calls_of(self, method: str | None = None, chat_id: int | None = None) -> list[Call]:
        with self.changed:
            return [
                call
                for call in self.calls
                if (method is None or call.method == method) and (chat_id is None or call.chat_id == chat_id)
            ]

    def wait_for(
        self, method: str, *, chat_id: int | None = None, count: int = 1, timeout: float = 10.0
    ) -> list[Call]:
        """The first ``count`` calls of ``method`` (to ``chat_id``), waiting for them to happen."""
        self.wait_until(
            lambda: len(self.calls_of(method, chat_id)) >= count, timeout, f"{count} {method} to {chat_id}"
        )
        return self.calls_of(method, chat_id)[:count]

    def wait_until(self, ready: Callable[[], bool], timeout: float, what: str = "a call") -> None:
        """Wait, while calls come in, until ``ready()``; AssertionError after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while not ready():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {what} within {timeout}s")
                self.changed.wait(left)


def bot_api_result(method: str, params: dict[str, Any], message_id: int) -> Any:
    """What the Bot API answers to ``method``; KeyError for methods the fake does not know."""
    if method == "getMe":
        return BOT
    if method in TRUE_METHODS:
        return True
    if method in ("sendMessage", "sendPhoto", "editMessageText"):
        chat_id = int(params["chat_id"]) if "chat_id" in params else 0
        message: dict[str, Any] = {
            "message_id": int(params.get("message_id", message_id)),
            "date": int(time.time()),
            "chat": chat(chat_id),
            "from": {key: BOT[key] for key in ("id", "is_bot", "first_name", "username")},
        }
        if method == "sendPhoto":
            message["photo"] = [
                {
                    "file_id": f"photo{message_id}",
                    "file_unique_id": f"u{message_id}",
                    "width": 1210,
                    "height": 605,
                }
            ]
            message["caption"] = params.get("caption", "")
        else:
            message["text"] = params.get("text", "")
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        return message
    raise KeyError(method)


class RecordingRequest(BaseRequest):
    """The network replaced: records every Bot API call and answers it from the canned replies."""

    def __init__(self) -> None:
        self.state = BotAPIState()

    @property
    def calls(self) -> list[Call]:
        return self.state.calls

    def sent(self, method: str = "sendMessage") -> list[Call]:
        return self.state.calls_of(method)

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

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
        bot_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = {}
        if request_data and request_data.contains_files:
            files = {name: value[1] for name, value in request_data.multipart_data.items()}
        try:
            result = self.state.result_for(bot_method, params, files)
        except KeyError:
            return 404, json.dumps({"ok": False, "error_code": 404, "description": "Not Found"}).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()


class FakeBotAPI(BotAPIState):
    """The Bot API over HTTP on 127.0.0.1; start() / stop(), or use it as a context manager."""

    def __init__(self, token: str = TOKEN, *, faults: Faults | None = None) -> None:
        super().__init__()
        self.token = token
        self.faults = faults
        self.updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-bot-api", daemon=True)
        self.stopping = False

    @property
    def base_url(self) -> str:
        """What BUDGETQA_TELEGRAM_API_URL is set to."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    def start(self) -> FakeBotAPI:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def push(self, make: Callable[[int], dict[str, Any]]) -> dict[str, Any]:
        """Queue the update ``make(update_id)`` for getUpdates."""
        with self.changed:
            update = make(next(self._update_ids))
            self.updates.append(update)
            self.changed.notify_all()
        return update

    def send_text(self, chat_id: int, text: str, **kwargs: Any) -> dict[str, Any]:
        """A user writes ``text`` in ``chat_id``."""
        return self.push(
            lambda update_id: message_update(update_id, chat_id, text, message_id=update_id, **kwargs)
        )

    def press(
        self, chat_id: int, data: str, *, message: dict[str, Any], user_id: int | None = None
    ) -> dict[str, Any]:
        """A user presses the button with ``data`` under the bot's ``message``."""
        return self.push(
            lambda update_id: callback_update(update_id, chat_id, data, message=message, user_id=user_id)
        )

    def get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Long poll: the updates from ``offset`` on, waiting up to ``timeout`` for one."""
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 30.0)
        with self.changed:
            self.updates = [update for update in self.updates if update["update_id"] >= offset]
            while not self.updates and not self.stopping and (left := deadline - time.monotonic()) > 0:
                self.changed.wait(left)
            return self.updates[:limit]


class _Server(ThreadingHTTPServer):
    """The HTTP server with a listen backlog for a burst: the bot opens up to 256 connections at
    once; with socketserver's default backlog of 5 some of them failed (httpx.ReadError)."""

    request_queue_size = 512


def _handler_for(api: FakeBotAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 - the http.server name
            _, token, method = (self.path.split("?")[0].split("/", 2) + ["", ""])[:3]
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if token != f"bot{api.token}":
                return self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            params, files = _parse_body(self.headers.get("Content-Type", ""), body)
            fault = api.faults.draw(method) if api.faults is not None else PASS
            if fault != PASS:
                with api.changed:
                    api.faults_served[fault] = api.faults_served.get(fault, 0) + 1
            if fault == BAD_GATEWAY:
                return self._reply(502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})
            if fault == TOO_MANY:
                assert api.faults is not None
                retry = api.faults.retry_after
                return self._reply(
                    429,
                    {
                        "ok": False,
                        "error_code": 429,
                        "description": f"Too Many Requests: retry after {retry}",
                        "parameters": {"retry_after": retry},
                    },
                )
            if fault == DROP_BEFORE:
                return self._drop()
            if method == "getUpdates":
                return self._reply(200, {"ok": True, "result": api.get_updates(params)})
            try:
                call = api.record(method, params, files)
            except KeyError:
                return self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            if fault == DROP_AFTER:
                with api.changed:
                    api.lost.append(call)
                return self._drop()
            self._reply(200, {"ok": True, "result": call.result})

        def _drop(self) -> None:
            """Close the connection without a reply, as a reset or a dead proxy would."""
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        do_GET = do_POST  # noqa: N815

        def _reply(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the bot hung up on a long poll while shutting down

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Quiet."""

    return Handler


def _parse_body(content_type: str, body: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Form, JSON or multipart parameters (JSON-encoded values decoded) and uploaded files."""
    params: dict[str, Any] = {}
    files: dict[str, bytes] = {}
    if content_type.startswith("multipart/form-data"):
        parsed = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        for part in parsed.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if part.get_filename() is not None:
                files[name] = payload
            else:
                params[name] = payload.decode()
    elif content_type.startswith("application/json"):
        params = json.loads(body or b"{}")
    else:
        params = dict(parse_qsl(body.decode()))
    return {name: _decoded(value) for name, value in params.items()}, files


def _decoded(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class BotProcess:
    """`budgetqa bot` as a real subprocess pointed at a FakeBotAPI; stderr kept for assertions."""

    def __init__(self, api: FakeBotAPI, db: Path, **env: str) -> None:
        """``env`` adds to the environment; without BUDGETQA_STATE the bot keeps its state in a
        file of its own (removed after the with block), so that tests sharing a database do not
        share conversations."""
        self._state = tempfile.TemporaryDirectory()
        environ = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": api.token,
            "BUDGETQA_TELEGRAM_API_URL": api.base_url,
            "BUDGETQA_STATE": str(Path(self._state.name) / "state.db"),
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self._stderr: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._output = ""
        command = [sys.executable, "-m", "bot.cli", "bot", "--db", str(db)]
        self.process = subprocess.Popen(
            command,
            env=environ,
            stdin=subprocess.DEVNULL,
            stdout=self._stderr,
            stderr=self._stderr,
            text=True,
        )

    def wait_ready(self, api: FakeBotAPI, method: str = "deleteWebhook", timeout: float = 30.0) -> None:
        """Wait until the bot has called ``method`` (deleteWebhook: polling; setWebhook: webhook)."""
        deadline = time.monotonic() + timeout
        while not api.calls_of(method):
            if self.process.poll() is not None:
                raise AssertionError(f"the bot exited with {self.process.returncode}:\n{self.stderr}")
            if time.monotonic() > deadline:
                raise AssertionError(f"the bot did not call {method} within {timeout}s:\n{self.stderr}")
            time.sleep(0.02)

    def terminate(self, timeout: float = 20.0) -> int:
        """SIGTERM, and the exit code once the bot has shut down."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise

    def wait(self, timeout: float = 30.0) -> int:
        return self.process.wait(timeout)

    @property
    def stderr(self) -> str:
        """What the bot wrote to stdout and stderr so far (all of it, after the with block)."""
        if self._stderr.closed:
            return self._output
        self._stderr.seek(0)
        return self._stderr.read()

    def __enter__(self) -> BotProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._output = self.stderr
        self._stderr.close()
        self._state.cleanup()


def free_port() -> int:
    """A port of 127.0.0.1 nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_listening(port: int, timeout: float = 20.0) -> None:
    """Wait until ``port`` accepts connections (a webhook bot registers before it listens)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def post_update(port: int, update: dict[str, Any], secret: str | None, path: str = "/telegram/hook") -> int:
    """POST ``update`` to a webhook bot as Telegram does; the HTTP status."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", json.dumps(update).encode(), headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
