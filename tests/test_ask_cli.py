"""`budgetqa ask` and `budgetqa chat` as the contract describes, and a property test on arbitrary input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.terminal import chat
from knowledge.engine import Conversation, Engine


def run_ask(reference_db: Path, *args: str, stdin: str = "") -> list[dict[str, object]]:
    command = [sys.executable, "-m", "bot.cli", "ask", "--db", str(reference_db), "--json", *args]
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=60, check=True)
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_one_answer_per_input_line_and_blank_lines_get_help(reference_db: Path) -> None:
    answers = run_ask(reference_db, stdin="代表培训经费多少\n\n基本支出\n")
    assert [a["status"] for a in answers] == ["answered", "help", "answered"]
    assert [a["value"] for a in answers] == [55.0, None, 638.64]


def test_conversation_flag_links_the_lines(reference_db: Path) -> None:
    lines = "人大会议多少\n人大监督呢\n两个加起来多少\n"
    linked = run_ask(reference_db, "--conversation", stdin=lines)
    assert [a["value"] for a in linked] == [170.0, 30.0, 200.0]
    alone = run_ask(reference_db, stdin=lines)
    assert alone[2]["status"] != "answered"


def test_question_as_argument_in_plain_text(reference_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--db", str(reference_db), "代表培训经费多少"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("代表培训经费：2024年预算55.00万元。")
    assert (
        "来源：《泽州县人民代表大会常务委员会办公室2024年度部门预算公开》2024年项目支出预算表（本年预算）"
        in out
    )


def test_chat_follows_up_and_quits(engine: Engine) -> None:
    out = io.StringIO()
    code = chat(engine, io.StringIO("代表培训经费\n那常委会会议费呢\n/quit\n不会读到这里\n"), out)
    text = out.getvalue()
    assert code == 0
    assert "代表培训经费：2024年预算55.00万元" in text and "常委会会议费：2024年预算20.00万元" in text
    assert "不会读到这里" not in text


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("ingest", "check", "tables", "ask", "chat", "bot", "run"):
        assert command in out
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for command in (
        "budgetqa ingest",
        "budgetqa check",
        "budgetqa tables",
        "budgetqa ask",
        "budgetqa chat",
        "budgetqa bot",
        "make run",
        "make test",
        "make bench",
        "/start",
        "/help",
        "/docs",
        "/tables",
        "/table N",
        "/source",
        "/chart",
        "/reload",
    ):
        assert command in readme, command


FRAGMENTS = st.sampled_from(
    [
        "代表",
        "培训",
        "经费",
        "多少",
        "占比",
        "'; DROP TABLE facts; --",
        "<b>",
        "</i>",
        "&amp;",
        "比",
        "和",
        "哪个",
        "最",
        "呢",
        "那",
        "它",
        "2024年",
        "１２３",
        "百分之",
        "\x00",
        "\u200b",
        "🙂",
        "⁇",
        "%",
        "?",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.text(max_size=12), FRAGMENTS), max_size=8).map("".join))
def test_arbitrary_input_never_crashes_and_never_gives_an_unsourced_figure(
    engine: Engine, question: str
) -> None:
    conversation = Conversation()
    for text in (question, "那" + question + "呢"):
        answer = engine.ask(text, conversation)
        assert answer.status in {"answered", "ambiguous", "not_found", "out_of_scope", "help"}
        data = answer.to_json()
        json.dumps(data, ensure_ascii=False)
        if data["value"] is not None:
            assert data["status"] == "answered"
            assert data["sources"], text
        if data["status"] in ("not_found", "out_of_scope"):
            assert data["value"] is None


TURNS = st.sampled_from(
    [
        "七届六次人代会",
        "什么时候开",
        "那人大监督呢",
        "参会代表多少人",
        "它占项目支出的比例",
        "那去年呢",
        "两个加起来多少",
        "哪个多",
        "标准呢",
        "为什么",
        "是多少元",
        "其中人员经费呢",
        "立项依据呢",
        "那常委会会议费呢",
        "基本支出多少",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(TURNS, min_size=1, max_size=6))
def test_any_sequence_of_follow_ups_is_answered_without_error(engine: Engine, turns: list[str]) -> None:
    conversation = Conversation()
    for turn in turns:
        data = engine.ask(turn, conversation).to_json()
        assert data["status"] in {"answered", "ambiguous", "not_found", "out_of_scope", "help"}
        assert data["value"] is None or data["sources"]
