"""The ``budgetqa`` command line: a thin shell over ``ingest`` and ``knowledge``.

    budgetqa ingest --db budget.db [--jobs N] FILE [FILE ...]
    budgetqa merge  --db budget.db SHARD.db [SHARD.db ...]
    budgetqa check  --db budget.db
    budgetqa tables --db budget.db
    budgetqa ask    --db budget.db [--json] [--conversation] [--explain] [QUESTION]
    budgetqa chat   --db budget.db
    budgetqa bot    --db budget.db
    budgetqa run                      (what `make run` does)
    budgetqa --version

Without --db the database is $BUDGETQA_DB, else ~/.local/share/budgetqa/budget.db.
Every failure the user can fix is one line on stderr naming the fix, and a non-zero exit.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from knowledge.answer import Answer
    from knowledge.engine import Conversation, Engine
    from knowledge.queries import Database

DEFAULT_DB = Path.home() / ".local" / "share" / "budgetqa" / "budget.db"
SAMPLE = "zezhou_npc_office_2024_budget.txt"
READING_STDIN = "budgetqa: reading questions from standard input, one per line… (Ctrl-D to end)"
EXPLAIN_PREFIX = "[explain] "
JSON_HELP = "README.md, section “One answer as JSON”"


def default_db() -> Path:
    return Path(os.environ.get("BUDGETQA_DB") or DEFAULT_DB)


def sample_path() -> Path:
    """The bundled reference document (泽州县人大常委会办公室 2024 部门预算)."""
    return Path(str(resources.files("ingest").joinpath(f"data/{SAMPLE}")))


def version() -> str:
    """The installed version of budgetqa."""
    from importlib import metadata

    try:
        return metadata.version("budgetqa")
    except metadata.PackageNotFoundError:
        return "unknown (not installed: pip install -e .)"


class Failure(Exception):
    """A one-line error for stderr, with the exit code to leave with."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


# --------------------------------------------------------------------------- building the database


def _ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import ingest, summaries
    from ingest.report import Progress
    from ingest.schema import DatabaseFileError

    paths = [Path(p) for p in args.files]
    if not paths:
        return _upgrade(args.db)
    many = len(paths) > 1
    progress = Progress(len(paths), sys.stdout) if many else None
    try:
        outcomes = ingest(  # the summaries only: parsed documents are not kept (10,000 files)
            args.db,
            paths,
            encoding=args.encoding,
            progress=progress,
            workers=min(args.jobs, len(paths)),
            keep_documents=False,
        )
    except DatabaseFileError as error:  # the store's own one line: the file, the fault, the fix
        raise Failure(str(error)) from None
    except (sqlite3.DatabaseError, OSError) as error:
        raise store_failure(args.db, error) from None
    finally:
        if progress:
            progress.close()
    failed = 0
    for outcome in outcomes:
        if outcome.stored is None:
            failed += 1
            print(f"budgetqa: {outcome.error}", file=sys.stderr)
    for stored in summaries(outcomes):
        print(stored.headline)
        if many:
            for line in stored.details:
                print(f"  {line}")
        for warning in stored.warnings:
            print(f"warning: {stored.source}: {warning}", file=sys.stderr)
    return 1 if failed else 0


def _upgrade(db: Path) -> int:
    """`budgetqa ingest --db PATH` without files: bring an existing database's schema up to date."""
    from ingest.schema import DatabaseFileError
    from ingest.store import store
    from ingest.version import SCHEMA_VERSION

    if not db.exists():
        raise Failure(
            f"no database at {db}: give the files to ingest, e.g. budgetqa ingest --db {db} FILE", 2
        )
    try:
        store(db, [])
    except DatabaseFileError as error:
        raise Failure(str(error)) from None
    except (sqlite3.DatabaseError, OSError) as error:
        raise store_failure(db, error) from None
    print(f"{db}: schema up to date (version {SCHEMA_VERSION})")
    return 0


def _merge(args: argparse.Namespace) -> int:
    """`budgetqa merge --db TARGET SHARD ...`: copy the shards' documents into TARGET, all or nothing."""
    from ingest.merge import Merged, merge
    from ingest.schema import DatabaseFileError

    def said(part: Merged) -> None:
        print(f"{part.shard}: {_count(len(part.documents), 'document')}")

    try:
        merged = merge(args.db, [Path(p) for p in args.shards], progress=said)
    except DatabaseFileError as error:
        raise Failure(str(error)) from None
    except (sqlite3.DatabaseError, OSError) as error:
        raise store_failure(args.db, error) from None
    from knowledge.queries import Reader, connect, signature

    connection = connect(args.db)
    try:
        total, _ = signature(Reader(connection))
    finally:
        connection.close()
    count = sum(len(part.documents) for part in merged)
    print(
        f"{args.db}: {_count(count, 'document')} merged from {_count(len(merged), 'shard')}, "
        f"{_count(total, 'document')} in all"
    )
    return 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def store_failure(db: Path, error: BaseException) -> Failure:
    """The one line for an error the store did not translate itself (ingest.schema.DatabaseFileError
    carries its own): what is wrong with which file, and the fix."""
    if isinstance(error, IsADirectoryError):
        return Failure(
            f"{db} is a directory: give --db the path of a database file, e.g. --db {db / 'budget.db'}"
        )
    if isinstance(error, PermissionError):
        return Failure(
            f"cannot write {error.filename or db} (permission denied): "
            "give --db a path you may write to, or change the file's permissions"
        )
    if isinstance(error, sqlite3.DatabaseError):
        reason = str(error)
        if "not a database" in reason:
            return Failure(
                f"{db} is not a budgetqa database (SQLite: {reason}): "
                "give --db another path, or move that file away and ingest again"
            )
        if "readonly" in reason or "read-only" in reason:
            return Failure(
                f"{db} is read-only: give --db a path you may write to, or change the file's permissions"
            )
        if "locked" in reason:
            return Failure(f"{db} is locked by another process writing to it: try again when it has finished")
        return Failure(
            f"{db} could not be written (SQLite: {reason}): check the file, or give --db another path"
        )
    if isinstance(error, OSError):
        where = error.filename or db
        return Failure(
            f"{where}: {error.strerror or error}: check the path given to --db and the free disk space"
        )
    return Failure(f"{db}: {error}")


# --------------------------------------------------------------------------- reading it


def _open_engine(db: Path) -> Engine:
    from knowledge.engine import DatabaseError, Engine

    try:
        return Engine.open(db)
    except DatabaseError as error:
        raise Failure(str(error)) from None


def _report(
    db: Path, text: Callable[[Database], str], record: Callable[[Database], dict[str, Any]], as_json: bool
) -> int:
    """A staff report, one document at a time: text, or one JSON line per document."""
    from knowledge.reports import NO_DOCUMENT, DatabaseError, each_document

    try:
        printed = 0
        for document in each_document(db):
            if as_json:
                print(json.dumps(record(document), ensure_ascii=False), flush=True)
            else:
                print(text(document), flush=True)
            printed += 1
    except DatabaseError as error:
        raise Failure(str(error)) from None
    except sqlite3.DatabaseError as error:
        raise Failure(f"{db} cannot be read ({error}); re-create it with budgetqa ingest") from None
    if not printed and not as_json:
        print(NO_DOCUMENT)
    return 0


def _check(args: argparse.Namespace) -> int:
    from knowledge.reports import check_record, check_report

    return _report(args.db, lambda db: check_report(db, verbose=args.all), check_record, args.json)


def _tables(args: argparse.Namespace) -> int:
    from knowledge.reports import tables_record, tables_report

    return _report(args.db, tables_report, tables_record, args.json)


def questions(lines: Iterable[bytes]) -> Iterator[tuple[str, bool]]:
    """Each input line as (text, whether it was valid UTF-8); an invalid line's bytes are shown as �."""
    for number, raw in enumerate(lines):
        raw = raw.rstrip(b"\r\n")
        if number == 0:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        try:
            yield raw.decode("utf-8"), True
        except UnicodeDecodeError:
            yield raw.decode("utf-8", errors="replace"), False


def _ask(args: argparse.Namespace) -> int:
    from knowledge.engine import Conversation

    engine = _open_engine(args.db)
    if args.question:  # argv holds undecodable bytes as surrogates: back to bytes, decoded like stdin
        lines: Iterable[bytes] = [os.fsencode(" ".join(args.question))]
    else:
        if sys.stdin.isatty():
            print(READING_STDIN, file=sys.stderr, flush=True)
        lines = sys.stdin.buffer
    conversation = Conversation()
    ascii_only = (sys.stdout.encoding or "").lower().replace("-", "") != "utf8"
    for question, valid in questions(lines):
        trace: list[str] | None = [] if args.explain else None
        if not valid:
            answer = _undecodable(question)
        else:
            answer = _answer(engine, question, conversation if args.conversation else Conversation(), trace)
        if args.json:
            data = answer.to_json()
            if trace is not None:
                data["explain"] = trace
            print(json.dumps(data, ensure_ascii=ascii_only), flush=True)
        else:
            from bot.terminal import render

            for line in trace or ():
                print(f"{EXPLAIN_PREFIX}{line}")
            print(render(answer), flush=True)
    return 0


def _answer(engine: Engine, question: str, conversation: Conversation, trace: list[str] | None) -> Answer:
    """The engine's answer; one question's failure is a line on stderr, never the loss of the others."""
    from knowledge.answer import NOT_FOUND, Answer

    try:
        if trace is None:
            return engine.ask(question, conversation)
        return engine.ask(question, conversation, trace=trace)
    except Exception as error:
        print(f"budgetqa: could not answer {question!r}: {error!r}", file=sys.stderr)
        return Answer(question, NOT_FOUND, "抱歉，这个问题处理出错，未能回答。")


def _undecodable(question: str) -> Answer:
    from bot.terminal import NOT_UTF8
    from knowledge.answer import NOT_FOUND, Answer

    return Answer(question, NOT_FOUND, NOT_UTF8)


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
        from ingest.schema import DatabaseFileError

        print(f"Building {db} from the bundled documents …", file=sys.stderr)
        try:
            ingest(db, [sample_path()])
        except DatabaseFileError as error:
            raise Failure(str(error)) from None
        except (sqlite3.DatabaseError, OSError) as error:
            raise store_failure(db, error) from None
    if os.environ.get("TELEGRAM_BOT_TOKEN"):
        return _bot(args)
    print(
        "TELEGRAM_BOT_TOKEN is not set, so this is the terminal chat on the same engine "
        "(set it and run `make run` again to start the Telegram bot).",
        file=sys.stderr,
    )
    return _chat(args)


# --------------------------------------------------------------------------- the parser


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes, 1 or more, not {text!r}")
    return int(text)


class _Version(argparse.Action):
    """--version, reading the installed metadata only when asked (importlib.metadata costs a cold ask ~50 ms)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        print(f"{parser.prog} {version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="budgetqa",
        description="Answer questions about Chinese government budget disclosures (部门预算公开 / 部门决算公开).",
        epilog="Example: budgetqa ingest --db budget.db budget.pdf && budgetqa ask --db budget.db 代表培训经费多少",
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
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
        "budgetqa ingest --db budget.db --jobs 2 zezhou_npc_office_2024_budget.txt *.pdf",
    )
    ingest.add_argument(
        "files", nargs="*", metavar="FILE", help="the documents (none: only upgrade the database's schema)"
    )
    ingest.add_argument(
        "--encoding", help="the text encoding when it is neither UTF-8 nor GB18030 (e.g. big5)"
    )
    ingest.add_argument(
        "--jobs",
        type=_jobs,
        default=os.cpu_count() or 1,
        metavar="N",
        help="parse files in N worker processes (default: the core count, %(default)s)",
    )
    ingest.set_defaults(handler=_ingest)

    merge = command(
        "merge",
        "Copy every document of shard databases (each written by budgetqa ingest) into the database; "
        "a document it already holds is replaced.",
        "budgetqa merge --db province.db shard-*.db",
    )
    merge.add_argument("shards", nargs="+", metavar="SHARD", help="the shard databases, read only")
    merge.set_defaults(handler=_merge)

    check = command(
        "check",
        "Print the reconciliation of every document: each arithmetic identity, holding or not.",
        "budgetqa check --db budget.db",
    )
    check.add_argument("--all", action="store_true", help="list every identity instance, not only failures")
    check.add_argument(
        "--json",
        action="store_true",
        help="one JSON line per document: id, title, identities, holding, failures (README)",
    )
    check.set_defaults(handler=_check)

    tables = command(
        "tables",
        "List the documents and their recognised tables with row counts.",
        "budgetqa tables --db budget.db",
    )
    tables.add_argument(
        "--json",
        action="store_true",
        help="one JSON line per document: its metadata, files, tables (kind, unit, rows, confidence), sheets",
    )
    tables.set_defaults(handler=_tables)

    ask = command(
        "ask",
        "Answer a question, or one question per line of standard input (one answer per line, in order).",
        f"budgetqa ask --db budget.db --json 代表培训经费多少 (the JSON's fields: {JSON_HELP})",
    )
    ask.add_argument("question", nargs="*", help="the question (omit to read questions from standard input)")
    ask.add_argument(
        "--json",
        action="store_true",
        help=f"one JSON object per line, one per question (fields: {JSON_HELP})",
    )
    ask.add_argument(
        "--conversation", action="store_true", help="treat input lines as turns of one conversation"
    )
    ask.add_argument(
        "--explain",
        action="store_true",
        help='also print the query plan and the SQL look-ups made (with --json: an "explain" list)',
    )
    ask.set_defaults(handler=_ask)

    command(
        "chat",
        "Talk to the engine in the terminal (/help, /new, /source, /tables, /quit).",
        "budgetqa chat --db budget.db",
    ).set_defaults(handler=_chat)
    command(
        "bot",
        "Run the Telegram bot (TELEGRAM_BOT_TOKEN; webhook mode with BUDGETQA_WEBHOOK_URL, "
        "GET /healthz beside it). Chats' state is kept in NAME.state.db beside the database "
        "(BUDGETQA_STATE), or in Redis for several workers (BUDGETQA_REDIS_URL); every variable: "
        "deploy/README.md.",
        "TELEGRAM_BOT_TOKEN=123:ABC budgetqa bot --db budget.db",
    ).set_defaults(handler=_bot)
    command(
        "run",
        "Start the bot when TELEGRAM_BOT_TOKEN is set, else the terminal chat; builds the database from the bundled documents if missing.",
        "budgetqa run",
    ).set_defaults(handler=_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
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
