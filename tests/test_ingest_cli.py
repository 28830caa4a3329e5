"""`budgetqa ingest / check / tables`: idempotent, atomic, and one clear line for bad input."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

REFERENCE = Path(__file__).parent / "data" / "zezhou_npc_office_2024_budget.txt"
YANTAI = (
    Path(__file__).parent / "data" / "corpus" / "2026_shandong_yantai_civil_affairs_bureau_dept_budget.pdf"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def scalar(db: Path, sql: str, *params: object) -> object:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, params).fetchone()[0]


def test_ingest_stores_exact_amounts_in_fen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "b.db"
    code, out, err = run(capsys, "ingest", "--db", str(db), str(REFERENCE))
    assert code == 0, err
    assert "13 tables, 12 project sheets" in out
    fen = scalar(
        db,
        "SELECT f.fen FROM facts f JOIN rows r ON r.id = f.row_id JOIN tables t ON t.id = f.table_id "
        "WHERE r.name = ? AND t.kind = 'projects' AND f.column_path = '合计'",
        "代表培训经费",
    )
    assert fen == 55_000_000  # 55.00 万元 = 550,000.00 元
    assert (
        scalar(
            db,
            "SELECT amount FROM project_funds WHERE source = '资金总额' AND period = '实施期' "
            "AND project_id = (SELECT id FROM projects WHERE name = '县人大常委会会议室建设经费')",
        )
        == "1300000"
    )
    assert scalar(db, "SELECT count(*) FROM search WHERE search MATCH '培训'") >= 3
    assert scalar(db, "SELECT count(*) FROM search WHERE search MATCH '代表培训经费'") >= 1


def test_fts_finds_words_and_sub_words(reference_db: Path) -> None:
    with sqlite3.connect(reference_db) as connection:
        rows = connection.execute(
            "SELECT r.name FROM search s JOIN rows r ON r.id = s.ref_id WHERE s.kind = 'row' AND search MATCH ?",
            ['"代表"'],
        ).fetchall()
    names = {name for (name,) in rows}
    assert {"代表工作", "人大代表履职能力提升"} <= names


def test_reingest_is_idempotent_and_keeps_other_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "b.db"
    other = tmp_path / "other_2023.txt"
    other.write_text(
        REFERENCE.read_text(encoding="utf-8").replace("2024年度部门预算公开", "2023年度部门预算公开", 1),
        encoding="utf-8",
    )
    assert run(capsys, "ingest", "--db", str(db), str(REFERENCE), str(other))[0] == 0
    assert scalar(db, "SELECT count(*) FROM documents") == 2
    facts = scalar(db, "SELECT count(*) FROM facts")
    assert run(capsys, "ingest", "--db", str(db), str(REFERENCE))[0] == 0
    assert scalar(db, "SELECT count(*) FROM documents") == 2
    assert scalar(db, "SELECT count(*) FROM facts") == facts
    # a changed file replaces its document
    changed = tmp_path / REFERENCE.name
    changed.write_text(
        REFERENCE.read_text(encoding="utf-8").replace(
            "代表培训经费\t55.00\t55.00", "代表培训经费\t56.00\t56.00"
        ),
        encoding="utf-8",
    )
    assert run(capsys, "ingest", "--db", str(db), str(changed))[0] == 0
    assert scalar(db, "SELECT count(*) FROM documents") == 2
    assert (
        scalar(
            db,
            "SELECT group_concat(f.amount) FROM facts f JOIN rows r ON r.id = f.row_id "
            "JOIN documents d ON d.id = f.document_id WHERE r.name = '代表培训经费' AND d.year = 2024 "
            "AND f.column_path = '合计'",
        )
        == "56.00"
    )


def test_failed_ingest_leaves_the_database_byte_for_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "b.db"
    assert run(capsys, "ingest", "--db", str(db), str(REFERENCE))[0] == 0
    before = digest(db)
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    code, _, err = run(capsys, "ingest", "--db", str(db), str(empty))
    assert code != 0 and "empty" in err
    assert digest(db) == before
    assert not list(tmp_path.glob(".ingest-*"))


def test_store_failure_midway_rolls_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "b.db"
    assert run(capsys, "ingest", "--db", str(db), str(REFERENCE))[0] == 0
    before = digest(db)
    import ingest.store as store

    def explode(*_: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "insert_entries", explode)  # after the document's rows are written
    code, _, err = run(capsys, "ingest", "--db", str(db), str(REFERENCE))
    assert code == 1 and err.count("\n") == 1 and str(db) in err
    assert digest(db) == before


def test_a_document_that_cannot_be_stored_is_one_line_and_the_others_go_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "yangcheng.txt"
    other.write_text(
        REFERENCE.read_text(encoding="utf-8").replace("泽州县人民代表大会常务委员会办公室", "阳城县教育局"),
        encoding="utf-8",
    )
    import ingest.store as store

    write = store.Writer._write

    def overflow_for_yangcheng(self: store.Writer, parsed: object) -> int:
        document_id = write(self, parsed)  # type: ignore[arg-type]  # its rows are written, then it fails
        if parsed.meta.body == "阳城县教育局":  # type: ignore[attr-defined]
            raise OverflowError("Python int too large to convert to SQLite INTEGER")
        return document_id

    monkeypatch.setattr(store.Writer, "_write", overflow_for_yangcheng)
    db = tmp_path / "b.db"
    code, out, err = run(capsys, "ingest", "--db", str(db), "--jobs", "1", str(other), str(REFERENCE))
    assert code == 1
    assert err == (
        "budgetqa: yangcheng.txt: could not be stored (OverflowError: Python int too large to convert to "
        "SQLite INTEGER); the other files go on — please report this file\n"
    )
    assert "泽州县人民代表大会常务委员会办公室2024年度部门预算公开" in out
    assert scalar(db, "SELECT group_concat(body) FROM documents") == "泽州县人民代表大会常务委员会办公室"
    for table in ("tables", "rows", "facts", "passages", "search"):  # nothing left of the failed one
        assert scalar(db, f"SELECT count(DISTINCT document_id) FROM {table}") == 1  # noqa: S608


def test_a_reader_fault_on_one_file_is_one_line_and_the_others_go_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ingest.pipeline as pipeline

    parse = pipeline.parse_document

    def fault_on_copy(document: object) -> object:
        if "copy" in document.source:  # type: ignore[attr-defined]
            raise ValueError("a row of 25 digits")
        return parse(document)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "parse_document", fault_on_copy)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(REFERENCE.read_bytes().replace("泽州县".encode(), "阳城县".encode()))
    db = tmp_path / "b.db"
    code, _, err = run(capsys, "ingest", "--db", str(db), "--jobs", "1", str(copy), str(REFERENCE))
    assert code == 1
    assert err == (
        "budgetqa: copy.txt: could not be read (ValueError: a row of 25 digits); the other files go on — "
        "please report this file\n"
    )
    assert scalar(db, "SELECT count(*) FROM documents") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\x00" * 100, "binary"),
        ("天气很好，我们去公园散步吧。\n今天是星期三。\n".encode(), "not a budget disclosure"),
        (bytes(range(128, 256)) * 50, "--encoding"),
    ],
    ids=["missing", "empty", "binary", "not-a-disclosure", "undecodable"],
)
def test_bad_input_gets_one_line_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, message: str
) -> None:
    db = tmp_path / "b.db"
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    code, _, err = run(capsys, "ingest", "--db", str(db), str(path))
    assert code != 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], err
    assert not db.exists()


def test_gb18030_text_is_detected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(REFERENCE.read_text(encoding="utf-8").encode("gb18030"))
    db = tmp_path / "b.db"
    code, out, err = run(capsys, "ingest", "--db", str(db), str(gbk))
    assert code == 0, err
    assert "13 tables" in out
    assert scalar(db, "SELECT body FROM documents") == "泽州县人民代表大会常务委员会办公室"


def test_truncated_document_warns_which_tables_are_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    cut = next(
        i for i, line in enumerate(lines) if line.startswith("2024年一般公共预算安排基本支出分经济科目表")
    )
    truncated = tmp_path / "truncated.txt"
    truncated.write_text("\n".join(lines[:cut]), encoding="utf-8")
    db = tmp_path / "b.db"
    code, out, err = run(capsys, "ingest", "--db", str(db), str(truncated))
    assert code == 0
    assert "5 tables" in out
    assert "warning" in err and "一般公共预算基本支出分经济科目表" in err and "项目支出预算表" in err


def test_check_prints_every_identity_with_both_numbers(
    reference_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check", "--db", str(reference_db))
    assert code == 0
    assert "205 of 217 identities hold" in out
    assert "合计: printed 1199.43, computed 1199.42 — differs by 0.01" in out
    assert "FAIL 2024年预算支出总表 · 支出总表项目支出 = 项目支出表（本年 + 上年结转）: 0/1 hold" in out
    assert (
        "ok   2024年项目支出预算表（本年预算） · 绩效目标表年度资金总额 = 项目支出表（±50元）: 12/12 hold"
        in out
    )


def test_tables_lists_documents_and_row_counts(
    reference_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "tables", "--db", str(reference_db))
    assert code == 0
    assert "泽州县人民代表大会常务委员会办公室2024年度部门预算公开" in out
    assert "预算公开表10 2024年财政拨款安排“三公”经费支出预算表 · 万元 · published empty (无数据)" in out
    assert "2024年项目支出预算表（本年预算） · 万元 · 18 rows" in out
    assert "project performance sheets: 12" in out


def test_tables_json_is_one_line_per_document_in_the_contract_s_shape(
    reference_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "tables", "--db", str(reference_db), "--json")
    [line] = out.splitlines()
    document = json.loads(line)
    assert code == 0
    assert {key: document[key] for key in ("id", "body", "year", "phase", "scope", "files", "sheets")} == {
        "id": 1,
        "body": "泽州县人民代表大会常务委员会办公室",
        "year": 2024,
        "phase": "预算",
        "scope": "部门",
        "files": ["zezhou_npc_office_2024_budget.txt"],
        "sheets": 12,
    }
    assert len(document["tables"]) == 13
    assert document["tables"][0] == {
        "title": "2024年预算收支总表",
        "kind": "收支总表",
        "unit": "万元",
        "rows": 41,
        "empty": False,
        "confidence": "ok",
    }
    three_public = document["tables"][9]
    assert (three_public["kind"], three_public["empty"]) == ("三公经费表", True)
    assert [table["kind"] for table in document["tables"][11:]] == ["项目支出表", "项目支出表"]


def test_check_json_lists_each_failure_with_both_numbers(
    reference_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check", "--db", str(reference_db), "--json")
    [line] = out.splitlines()
    document = json.loads(line)
    assert code == 0
    assert (document["identities"], document["holding"], len(document["failures"])) == (217, 205, 12)
    assert document["failures"][0] == {
        "table": "2024年预算收支总表",
        "identity": "合计 = 当年预算安排 + 上年结转安排",
        "row": "一、一般公共服务支出",
        "printed": "967.41",
        "computed": "967.42",
    }


def test_a_table_in_doubt_is_low_confidence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "yantai.db"
    assert run(capsys, "ingest", "--db", str(db), str(YANTAI))[0] == 0
    code, out, _ = run(capsys, "tables", "--db", str(db), "--json")
    tables = json.loads(out)["tables"]
    assert code == 0
    assert [(t["title"], t["kind"]) for t in tables if t["confidence"] == "low"] == [
        ("基本支出预算情况表", "基本支出表")
    ]
    code, out, _ = run(capsys, "tables", "--db", str(db))
    assert (
        "10. 公开表10 基本支出预算情况表 · 万元 · 51 rows · in doubt: 2处合计与明细之和不符（共核对124处，超出四舍五入）"
        in out
    )


def test_missing_database_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "ask", "--db", str(tmp_path / "none.db"), "代表培训经费多少")
    assert code == 1
    assert err.strip().count("\n") == 0 and "budgetqa ingest" in err


def test_jobs_parse_in_worker_processes_with_the_same_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other_2023.txt"
    other.write_text(
        REFERENCE.read_text(encoding="utf-8").replace("2024年度部门预算公开", "2023年度部门预算公开", 1),
        encoding="utf-8",
    )
    summaries = []
    for jobs in ("1", "2"):
        db = tmp_path / f"jobs{jobs}.db"
        code, out, err = run(capsys, "ingest", "--db", str(db), "--jobs", jobs, str(REFERENCE), str(other))
        assert code == 0, err
        assert "[1/2]" in out and "[2/2]" in out  # the progress, then each document's summary
        summaries.append(sorted(line for line in out.splitlines() if not line.startswith("[")))
        assert scalar(db, "SELECT count(*) FROM documents") == 2
    assert summaries[0] == summaries[1]
    # the workers segment the search entries (--jobs 2), the writer does in one process: the same tokens
    search = "SELECT d.body, d.year, s.kind, s.tokens FROM search s JOIN documents d ON d.id = s.document_id"
    indexed = [
        sorted(sqlite3.connect(tmp_path / f"jobs{jobs}.db").execute(search).fetchall()) for jobs in "12"
    ]
    assert len(indexed[0]) > 900 and indexed[0] == indexed[1]
    assert any("2023年度部门预算公开" in line for line in summaries[0])


def test_jobs_default_to_the_core_count_and_never_exceed_the_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ingest.pipeline
    from bot.cli import build_parser

    assert build_parser().parse_args(["ingest", "x.txt"]).jobs == (os.cpu_count() or 1)
    workers: list[int | None] = []

    def spy(*args: object, **options: object) -> list[object]:
        workers.append(options["workers"])  # type: ignore[arg-type]
        return []

    monkeypatch.setattr(ingest.pipeline, "ingest", spy)
    run(capsys, "ingest", "--db", str(tmp_path / "b.db"), "--jobs", "8", "a.txt", "b.txt", "c.txt")
    run(capsys, "ingest", "--db", str(tmp_path / "b.db"), "--jobs", "1", "a.txt", "b.txt")
    assert workers == [3, 1]  # never more processes than files


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_whole_number(capsys: pytest.CaptureFixture[str], jobs: str) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["ingest", "--jobs", jobs, str(REFERENCE)])
    assert raised.value.code == 2
    assert "--jobs: expected a whole number of processes, 1 or more" in capsys.readouterr().err


def one_line_failure(tmp_path: Path, db: Path) -> str:
    """Run `budgetqa ingest` as a process; assert it failed with one line and no traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ingest", "--db", str(db), str(REFERENCE)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode != 0
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("budgetqa: "), done.stderr
    return lines[0]


def test_a_file_that_is_not_a_database_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("meeting notes, not a database\n" * 100, encoding="utf-8")
    before = digest(db)
    line = one_line_failure(tmp_path, db)
    assert str(db) in line and "not a " in line and "database" in line and "give --db" in line
    assert digest(db) == before


def test_a_directory_as_database_is_one_line(tmp_path: Path) -> None:
    line = one_line_failure(tmp_path, tmp_path)
    assert f"{tmp_path}" in line and "is a directory" in line and "give --db" in line


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (
            PermissionError(13, "Permission denied", "/srv/budget.db"),
            "cannot write /srv/budget.db (permission denied)",
        ),
        (sqlite3.OperationalError("attempt to write a readonly database"), "budget.db is read-only"),
        (sqlite3.OperationalError("database is locked"), "budget.db is locked by another process"),
        (
            sqlite3.DatabaseError("database disk image is malformed"),
            "budget.db could not be written (SQLite: ",
        ),
        (OSError(28, "No space left on device", "budget.db"), "budget.db: No space left on device: check"),
    ],
    ids=["permission", "read-only", "locked", "malformed", "disk-full"],
)
def test_store_errors_name_the_file_and_the_fix(error: Exception, words: str) -> None:
    from bot.cli import store_failure

    message = str(store_failure(Path("budget.db"), error))
    assert words in message and "\n" not in message


def test_ingest_without_files_upgrades_an_existing_database_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.db"
    code, _, err = run(capsys, "ingest", "--db", str(missing))
    assert code == 2 and err.count("\n") == 1 and "give the files to ingest" in err
    assert not missing.exists()
    db = tmp_path / "b.db"
    assert run(capsys, "ingest", "--db", str(db), str(REFERENCE))[0] == 0
    code, out, _ = run(capsys, "ingest", "--db", str(db))
    assert code == 0 and out == f"{db}: schema up to date (version 3)\n"
    assert scalar(db, "SELECT count(*) FROM documents") == 1
