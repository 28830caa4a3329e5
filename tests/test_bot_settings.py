"""Settings.from_env: every variable read in one place; an invalid one is a one-line SettingsError."""

import re
from pathlib import Path

import pytest

import bot.settings
from bot.settings import DEFAULT_API_URL, Settings, SettingsError


def test_defaults() -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": "123:ABC"}, db="budget.db")
    assert settings == Settings(telegram_bot_token="123:ABC", db=Path("budget.db"))
    assert settings.api_url == DEFAULT_API_URL == "https://api.telegram.org/bot"
    assert (settings.listen, settings.port) == ("0.0.0.0", 8443)
    assert (settings.conversation_timeout, settings.max_questions_per_minute) == (900, 20)
    assert settings.admins == frozenset() and settings.webhook_url == ""


def test_every_variable() -> None:
    environ = {
        "TELEGRAM_BOT_TOKEN": "123:ABC",
        "BUDGETQA_DB": "/srv/budget.db",
        "BUDGETQA_ADMINS": "11, 22,33",
        "BUDGETQA_TELEGRAM_API_URL": "http://127.0.0.1:8081/bot",
        "BUDGETQA_WEBHOOK_URL": "https://bot.example.org/telegram",
        "BUDGETQA_WEBHOOK_SECRET": "s3cret_-X",
        "BUDGETQA_LISTEN": "127.0.0.1",
        "BUDGETQA_PORT": "8080",
        "BUDGETQA_CONVERSATION_TIMEOUT": "60",
        "BUDGETQA_MAX_QUESTIONS_PER_MINUTE": "5",
        "BUDGETQA_SEND_RATE": "0",
        "BUDGETQA_STATE": "/var/lib/budgetqa/state.db",
        "BUDGETQA_REDIS_URL": "redis://redis:6379/0",
    }
    settings = Settings.from_env(environ)
    assert settings == Settings(
        telegram_bot_token="123:ABC",
        db=Path("/srv/budget.db"),
        admins=frozenset({11, 22, 33}),
        api_url="http://127.0.0.1:8081/bot",
        webhook_url="https://bot.example.org/telegram",
        webhook_secret="s3cret_-X",
        listen="127.0.0.1",
        port=8080,
        conversation_timeout=60,
        max_questions_per_minute=5,
        send_rate=0,
        state=Path("/var/lib/budgetqa/state.db"),
        redis_url="redis://redis:6379/0",
    )


def test_the_state_file_lies_beside_the_database_unless_set() -> None:
    assert Settings.from_env({}, db="/srv/budget.db").state_path() == Path("/srv/budget.state.db")
    assert Settings.from_env({"BUDGETQA_STATE": "/tmp/s.db"}, db="/srv/budget.db").state_path() == Path(
        "/tmp/s.db"
    )


def test_db_flag_wins_over_environment_which_wins_over_default() -> None:
    environ = {"BUDGETQA_DB": "env.db"}
    assert Settings.from_env(environ, db="flag.db", default_db="default.db").db == Path("flag.db")
    assert Settings.from_env(environ, default_db="default.db").db == Path("env.db")
    assert Settings.from_env({}, default_db="default.db").db == Path("default.db")


def test_token_is_never_in_the_repr() -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": "123:SECRET"}, db="x.db")
    assert "SECRET" not in repr(settings)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"BUDGETQA_WEBHOOK_URL": "https://bot.example.org/hook"}, "BUDGETQA_WEBHOOK_SECRET is not"),
        ({"BUDGETQA_WEBHOOK_URL": "bot.example.org"}, "is not a URL"),
        (
            {"BUDGETQA_WEBHOOK_URL": "http://bot.example.org/hook", "BUDGETQA_WEBHOOK_SECRET": "s"},
            "is not HTTPS",
        ),
        ({"BUDGETQA_REDIS_URL": "localhost:6379"}, "is not a Redis URL"),
        ({"BUDGETQA_WEBHOOK_SECRET": "has spaces"}, "only 1-256 letters"),
        ({"BUDGETQA_ADMINS": "12,alice"}, "'alice', not a Telegram user id"),
        ({"BUDGETQA_PORT": "http"}, "BUDGETQA_PORT='http' is not a number"),
        ({"BUDGETQA_PORT": "70000"}, "between 1 and 65535"),
        ({"BUDGETQA_MAX_QUESTIONS_PER_MINUTE": "0"}, "at least 1"),
        ({"BUDGETQA_CONVERSATION_TIMEOUT": "soon"}, "is not a number"),
    ],
)
def test_invalid_values_are_one_line_errors(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message) as raised:
        Settings.from_env(environ, db="x.db")
    assert "\n" not in str(raised.value)


def test_missing_database_and_missing_token() -> None:
    with pytest.raises(SettingsError, match="pass --db PATH or set BUDGETQA_DB"):
        Settings.from_env({})
    settings = Settings.from_env({}, db="x.db")  # the terminal chat needs no token
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN is not set"):
        settings.require_token()
    for malformed in ("123456:AA BB", "AAEhBP0av28", "bot123:ABC"):
        with pytest.raises(SettingsError, match="is not a bot token"):
            Settings.from_env({"TELEGRAM_BOT_TOKEN": malformed}, db="x.db").require_token()


def test_run_bot_without_a_token_says_so_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from bot.telegram import run_bot

    assert run_bot(Settings.from_env({}, db="x.db")) == 2
    assert capsys.readouterr().err == (
        "budgetqa bot: TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and export its token "
        "(or run `budgetqa chat` for the terminal chat)\n"
    )


def test_deploy_readme_names_every_variable_and_the_commands_it_runs() -> None:
    """deploy/README.md cannot drift from the settings or from the scale-out commands."""
    readme = (Path(__file__).parents[1] / "deploy" / "README.md").read_text(encoding="utf-8")
    variables = set(re.findall(r"\b(?:TELEGRAM_BOT_TOKEN|BUDGETQA_[A-Z_]+)", bot.settings.__doc__ or ""))
    assert {"TELEGRAM_BOT_TOKEN", "BUDGETQA_DB", "BUDGETQA_SEND_RATE"} <= variables
    assert sorted(v for v in variables if f"`{v}`" not in readme) == []
    for command in ("budgetqa ingest --db shard-N.db --jobs 2", "budgetqa merge --db budget.db shard-"):
        assert command in readme
