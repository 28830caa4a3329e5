"""The bot's settings, read from the environment in one place.

    settings = Settings.from_env(os.environ, db=args.db)

Every variable, its default and what an invalid value says:

    TELEGRAM_BOT_TOKEN                  the token BotFather gave (required to run the bot)
    BUDGETQA_DB                         the database (--db wins over it)
    BUDGETQA_ADMINS                     comma-separated Telegram user ids allowed to /reload
    BUDGETQA_TELEGRAM_API_URL           Bot API base URL, default https://api.telegram.org/bot
    BUDGETQA_WEBHOOK_URL                webhook mode when set (public HTTPS URL Telegram posts to)
    BUDGETQA_WEBHOOK_SECRET             required with a webhook URL: 1-256 of A-Z a-z 0-9 _ -
    BUDGETQA_LISTEN, BUDGETQA_PORT      where the webhook server listens, default 0.0.0.0:8443
    BUDGETQA_CONVERSATION_TIMEOUT       seconds of silence after which a chat starts afresh (900)
    BUDGETQA_MAX_QUESTIONS_PER_MINUTE   per-user flood guard (20)
    BUDGETQA_SEND_RATE                  messages per second the bot sends overall (30, Telegram's
                                        limit; 0 turns the rate limiter off, e.g. for a local
                                        Bot API server in tests)
    BUDGETQA_STATE                      the SQLite file of conversations, buttons and flood counters
                                        (default: beside the database, NAME.state.db)
    BUDGETQA_REDIS_URL                  redis://HOST:PORT/DB: that state in Redis instead, shared by
                                        several workers
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

DEFAULT_API_URL = "https://api.telegram.org/bot"
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_TOKEN = re.compile(r"[0-9]+:[A-Za-z0-9_-]+")
T = TypeVar("T", int, float)


class SettingsError(ValueError):
    """A setting is missing or invalid; the message is one line that names the fix."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot reads from its environment."""

    telegram_bot_token: str = field(repr=False)  # never printed
    db: Path
    admins: frozenset[int] = frozenset()
    api_url: str = DEFAULT_API_URL
    webhook_url: str = ""
    webhook_secret: str = ""
    listen: str = "0.0.0.0"
    port: int = 8443
    conversation_timeout: float = 900.0
    max_questions_per_minute: int = 20
    send_rate: float = 30.0
    state: Path | None = None  # None: beside the database (state_path)
    redis_url: str = ""

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str], *, db: str | Path | None = None, default_db: str | Path | None = None
    ) -> Settings:
        """Read the settings; ``db`` (from --db) wins over BUDGETQA_DB, which wins over ``default_db``."""
        env = {key: value.strip() for key, value in environ.items()}
        database = db or env.get("BUDGETQA_DB") or default_db
        if not database:
            raise SettingsError("no database given: pass --db PATH or set BUDGETQA_DB")
        webhook_url = env.get("BUDGETQA_WEBHOOK_URL", "")
        webhook_secret = env.get("BUDGETQA_WEBHOOK_SECRET", "")
        if webhook_url:
            if urlsplit(webhook_url).scheme not in ("http", "https") or not urlsplit(webhook_url).hostname:
                raise SettingsError(
                    f"BUDGETQA_WEBHOOK_URL={webhook_url!r} is not a URL: set it to https://HOST/PATH"
                )
            if urlsplit(webhook_url).scheme != "https":
                raise SettingsError(
                    f"BUDGETQA_WEBHOOK_URL={webhook_url!r} is not HTTPS: Telegram posts only to https:// "
                    "URLs (terminate TLS in front of the bot, see deploy/README.md)"
                )
            if not webhook_secret:
                raise SettingsError(
                    "BUDGETQA_WEBHOOK_URL is set but BUDGETQA_WEBHOOK_SECRET is not: "
                    "set a secret of 1-256 letters, digits, _ or - (e.g. `openssl rand -hex 32`)"
                )
        if webhook_secret and not _SECRET.fullmatch(webhook_secret):
            raise SettingsError("BUDGETQA_WEBHOOK_SECRET may hold only 1-256 letters, digits, _ or -")
        return cls(
            telegram_bot_token=env.get("TELEGRAM_BOT_TOKEN", ""),
            db=Path(database).expanduser(),
            admins=_admins(env.get("BUDGETQA_ADMINS", "")),
            api_url=env.get("BUDGETQA_TELEGRAM_API_URL") or DEFAULT_API_URL,
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
            listen=env.get("BUDGETQA_LISTEN") or "0.0.0.0",
            port=_number(env, "BUDGETQA_PORT", 8443, int, low=1, high=65535),
            conversation_timeout=_number(env, "BUDGETQA_CONVERSATION_TIMEOUT", 900.0, float, low=1),
            max_questions_per_minute=_number(env, "BUDGETQA_MAX_QUESTIONS_PER_MINUTE", 20, int, low=1),
            send_rate=_number(env, "BUDGETQA_SEND_RATE", 30.0, float, low=0),
            state=Path(env["BUDGETQA_STATE"]).expanduser() if env.get("BUDGETQA_STATE") else None,
            redis_url=_redis_url(env.get("BUDGETQA_REDIS_URL", "")),
        )

    def state_path(self) -> Path:
        """The SQLite file of the bot's state: BUDGETQA_STATE, else NAME.state.db beside the database."""
        return self.state if self.state is not None else self.db.with_name(f"{self.db.stem}.state.db")

    def require_token(self) -> str:
        """The token, or SettingsError when the bot is asked to run without one."""
        if not self.telegram_bot_token:
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and export its token "
                "(or run `budgetqa chat` for the terminal chat)"
            )
        if not _TOKEN.fullmatch(self.telegram_bot_token):
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not a bot token (digits, a colon, then letters, digits, _ or -): "
                "copy it again from @BotFather (/mybots)"
            )
        return self.telegram_bot_token


def _redis_url(url: str) -> str:
    if url and urlsplit(url).scheme not in ("redis", "rediss", "unix"):
        raise SettingsError(f"BUDGETQA_REDIS_URL={url!r} is not a Redis URL: give redis://HOST:PORT/DB")
    return url


def _admins(text: str) -> frozenset[int]:
    ids = set()
    for part in text.replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            ids.add(int(part))
        except ValueError:
            raise SettingsError(
                f"BUDGETQA_ADMINS holds {part!r}, not a Telegram user id: "
                "give numeric ids separated by commas, e.g. 12345,67890"
            ) from None
    return frozenset(ids)


def _number(
    env: Mapping[str, str], name: str, default: T, kind: type[T], *, low: float, high: float | None = None
) -> T:
    text = env.get(name, "")
    if not text:
        return default
    try:
        value = kind(text)
    except ValueError:
        raise SettingsError(f"{name}={text!r} is not a number: give e.g. {name}={default}") from None
    if value < low or (high is not None and value > high):
        limit = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
        raise SettingsError(f"{name}={text!r} is out of range: it must be {limit}")
    return value
