"""The ``budgetqa`` command line: a thin shell over ``ingest`` and ``knowledge``.

    budgetqa ingest --db budget.db FILE [FILE ...]
    budgetqa check  --db budget.db
    budgetqa tables --db budget.db
    budgetqa ask    --db budget.db [--json] [--conversation] [QUESTION]
    budgetqa chat   --db budget.db
    budgetqa bot    --db budget.db
    budgetqa run                      (what `make run` does)

Without --db the database is $BUDGETQA_DB, else ~/.local/share/budgetqa/budget.db.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TextIO

DEFAULT_DB = Path.home() / ".local" / "share" / "budgetqa" / "budget.db"
SAMPLE = "zezhou_npc_office_2024_budget.txt"


def default_db() -> Path:
    return Path(os.environ.get("BUDGETQA_DB") or DEFAULT_DB)


def sample_path() -> Path:
    """The bundled reference document (泽州县人大常委会办公室 2024 部门预算)."""
    return Path(str(resources.files("ingest").joinpath(f"data/{SAMPLE}")))


class Failure(Exception):
    """A one-line error for stderr, with the exit code to leave with."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import documents, ingest
    from ingest.report import Progress, describe, headline

    paths = [Path(p) for p in args.files]
    many = len(paths) > 1
    progress = Progress(len(paths), sys.stdout) if many else None
    outcomes = ingest(args.db, paths, encoding=args.encoding, progress=progress)
    if progress:
        progress.close()
    failed = 0
    for outcome in outcomes:
        if outcome.document is None:
            failed += 1
            print(f"budgetqa: {outcome.error}", file=sys.stderr)
    for doc in documents(outcomes):
        print(headline(doc))
        if many:
            for line in describe(doc):
                print(f"  {line}")
        for warning in doc.warnings:
            print(f"warning: {doc.source.source}: {warning}", file=sys.stderr)
    return 1 if failed else 0


def _open_engine(db: Path):  # type: ignore[no-untyped-def]
    from knowledge.engine import DatabaseError, Engine

    try:
        return Engine.open(db)
    except DatabaseError as error:
        raise Failure(str(error)) from None


def _check(args: argparse.Namespace) -> int:
    from knowledge.reports import check_report

    engine = _open_engine(args.db)
    print(check_report(engine.database, verbose=args.all))
    return 0


def _tables(args: argparse.Namespace) -> int:
    from knowledge.reports import tables_report

    engine = _open_engine(args.db)
    print(tables_report(engine.database))
    return 0


def _ask(args: argparse.Namespace) -> int:
    from knowledge.answer import NOT_FOUND, Answer
    from knowledge.engine import Conversation

    engine = _open_engine(args.db)
    if args.question:
        lines: Sequence[str] = [" ".join(args.question)]
    else:
        lines = [line.rstrip("\n") for line in sys.stdin]
    conversation = Conversation()
    for line in lines:
        try:
            answer = engine.ask(line, conversation if args.conversation else Conversation())
        except Exception as error:  # one question's failure must not lose the other answers
            print(f"budgetqa: could not answer {line!r}: {error!r}", file=sys.stderr)
            answer = Answer(line, NOT_FOUND, "抱歉，这个问题处理出错，未能回答。")
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        else:
            from bot.terminal import render

            print(render(answer), flush=True)
    return 0


def _chat(args: argparse.Namespace) -> int:
    from bot.terminal import chat

    engine = _open_engine(args.db)
    return chat(engine, sys.stdin, sys.stdout)


def _bot(args: argparse.Namespace) -> int:
    from bot.settings import Settings, SettingsError
    from bot.telegram import run_bot

    try:
        settings = Settings.from_env(os.environ, db=str(args.db))
    except SettingsError as error:
        raise Failure(str(error), 2) from None
    return run_bot(settings)


def _run(args: argparse.Namespace) -> int:
    """What `make run` does: the bot when a token is set, else the terminal chat on the bundled documents."""
    db = Path(args.db)
    if not db.exists():
        from ingest.pipeline import ingest

        print(f"Building {db} from the bundled documents …", file=sys.stderr)
        ingest(db, [sample_path()])
    if os.environ.get("TELEGRAM_BOT_TOKEN"):
        return _bot(args)
    print(
        "TELEGRAM_BOT_TOKEN is not set, so this is the terminal chat on the same engine "
        "(set it and run `make run` again to start the Telegram bot).",
        file=sys.stderr,
    )
    return _chat(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="budgetqa",
        description="Answer questions about Chinese government budget disclosures (部门预算公开 / 部门决算公开).",
        epilog="Example: budgetqa ingest --db budget.db budget.pdf && budgetqa ask --db budget.db 代表培训经费多少",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, example: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text, epilog=f"Example: {example}")
        sub.add_argument(
            "--db", type=Path, default=default_db(), help="the SQLite database (default: %(default)s)"
        )
        return sub

    ingest = command(
        "ingest",
        "Parse budget disclosure documents (text or PDF) into the database; re-ingesting replaces a document.",
        "budgetqa ingest --db budget.db zezhou_npc_office_2024_budget.txt",
    )
    ingest.add_argument("files", nargs="+", metavar="FILE")
    ingest.add_argument(
        "--encoding", help="the text encoding when it is neither UTF-8 nor GB18030 (e.g. big5)"
    )
    ingest.set_defaults(handler=_ingest)

    check = command(
        "check",
        "Print the reconciliation of every document: each arithmetic identity, holding or not.",
        "budgetqa check --db budget.db",
    )
    check.add_argument("--all", action="store_true", help="list every identity instance, not only failures")
    check.set_defaults(handler=_check)

    command(
        "tables",
        "List the documents and their recognised tables with row counts.",
        "budgetqa tables --db budget.db",
    ).set_defaults(handler=_tables)

    ask = command(
        "ask",
        "Answer a question, or one question per line of standard input.",
        "budgetqa ask --db budget.db --json 代表培训经费多少",
    )
    ask.add_argument("question", nargs="*", help="the question (omit to read questions from standard input)")
    ask.add_argument("--json", action="store_true", help="one JSON line per answer (see CONTRACT.md)")
    ask.add_argument(
        "--conversation", action="store_true", help="treat input lines as turns of one conversation"
    )
    ask.set_defaults(handler=_ask)

    command(
        "chat", "Talk to the engine in the terminal (/help, /quit).", "budgetqa chat --db budget.db"
    ).set_defaults(handler=_chat)
    command(
        "bot",
        "Run the Telegram bot (TELEGRAM_BOT_TOKEN; webhook mode with BUDGETQA_WEBHOOK_URL).",
        "TELEGRAM_BOT_TOKEN=123:ABC budgetqa bot --db budget.db",
    ).set_defaults(handler=_bot)
    command(
        "run",
        "Start the bot when TELEGRAM_BOT_TOKEN is set, else the terminal chat; builds the database from the bundled documents if missing.",
        "budgetqa run",
    ).set_defaults(handler=_run)
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except Failure as failure:
        print(f"budgetqa: {failure}", file=sys.stderr)
        return failure.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
