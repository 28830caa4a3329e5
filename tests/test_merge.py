"""`budgetqa merge`: shard databases ingested apart, merged into one, equal to one ingest of everything.

Shards hold the reference document renamed to different bodies (tests/manybodies.py). The
merged database must hold what ingesting every file into one database holds: the same
figures under the same tables and rows, the same projects linked to the same rows, the
same narrative facts under the same passages, the same search entries pointing at the
same items, the homophone candidates of adding one shard's files after the other's; and the
engine answers from it the same.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from manybodies import write_documents

from bot.cli import main
from ingest.merge import ShardError, merge
from ingest.pipeline import ingest
from ingest.schema import SEARCH_SPAN
from knowledge.answer import ANSWERED
from knowledge.engine import Engine

BODIES = ["阳城县教育局", "沁水县财政局", "高平市教育局", "陵川县财政局"]

# Every stored record of a document, with ids replaced by what they point at (comparable across databases)
CONTENT = {
    "facts": """SELECT d.body, d.year, t.title, r.position, r.name, r.code, f.column_path, f.amount, f.fen
                FROM facts f JOIN rows r ON r.id = f.row_id JOIN tables t ON t.id = f.table_id
                JOIN documents d ON d.id = f.document_id AND d.id = r.document_id""",
    "projects": """SELECT d.body, p.name, r.name, r.position, p.line FROM projects p
                   LEFT JOIN rows r ON r.id = p.row_id JOIN documents d ON d.id = p.document_id""",
    "project_funds": """SELECT d.body, p.name, u.period, u.source, u.amount FROM project_funds u
                        JOIN projects p ON p.id = u.project_id JOIN documents d ON d.id = p.document_id""",
    "indicators": """SELECT d.body, p.name, i.level1, i.level2, i.level3, i.value FROM indicators i
                     JOIN projects p ON p.id = i.project_id JOIN documents d ON d.id = i.document_id""",
    "narrative": """SELECT d.body, p.heading, n.subject, n.amount, n.unit, n.kind FROM narrative_facts n
                    JOIN passages p ON p.id = n.passage_id JOIN documents d ON d.id = n.document_id""",
    "search": f"""SELECT d.body, s.rowid - d.id * {SEARCH_SPAN}, s.kind, s.tokens,
                    CASE s.kind
                      WHEN 'row' THEN (SELECT name FROM rows WHERE id = s.ref_id)
                      WHEN 'project' THEN (SELECT name FROM projects WHERE id = s.ref_id)
                      WHEN 'project_text' THEN (SELECT name FROM projects WHERE id = s.ref_id)
                      WHEN 'indicator' THEN (SELECT level3 FROM indicators WHERE id = s.ref_id)
                      WHEN 'passage' THEN (SELECT heading FROM passages WHERE id = s.ref_id)
                      WHEN 'glossary' THEN (SELECT term FROM glossary WHERE id = s.ref_id)
                    END
                  FROM search s JOIN documents d ON d.id = s.document_id""",
    "glossary": """SELECT d.body, g.term, g.definition FROM glossary g JOIN documents d ON d.id = g.document_id""",
    "checks": """SELECT d.body, c.name, c.expected, c.actual, c.holds FROM checks c
                 JOIN documents d ON d.id = c.document_id""",
}


def content(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as connection:
        return {name: sorted(connection.execute(sql).fetchall(), key=repr) for name, sql in CONTENT.items()}


def homophones(db: Path) -> dict[str, set[str]]:
    with sqlite3.connect(db) as connection:
        return {
            variant: set(candidates) for variant, candidates in connection.execute("SELECT * FROM homophones")
        }


def count(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM documents").fetchone()[0])


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_documents(tmp_path_factory.mktemp("merge-files"), BODIES, [2024])


@pytest.fixture(scope="module")
def shards(files: list[Path], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    directory = tmp_path_factory.mktemp("shards")
    paths = [directory / "a.db", directory / "b.db"]
    for path, part in zip(paths, (files[:2], files[2:]), strict=True):
        assert all(outcome.document is not None for outcome in ingest(path, part, workers=1))
    return paths


@pytest.fixture(scope="module")
def whole(files: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("whole") / "whole.db"
    assert all(outcome.document is not None for outcome in ingest(path, files, workers=1))
    return path


@pytest.fixture()
def merged(shards: list[Path], tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "merged.db"
    parts = merge(target, shards)
    assert [len(part.documents) for part in parts] == [2, 2]
    yield target


def test_merged_shards_hold_what_one_ingest_of_every_file_holds(
    merged: Path, whole: Path, files: list[Path], tmp_path: Path
) -> None:
    got, expected = content(merged), content(whole)
    # the comparison compares something
    assert len(expected["facts"]) > 1000 and len(expected["search"]) > 500
    for name in CONTENT:
        assert got[name] == expected[name], name
    # homophones are merged as an ingest adding the second shard's files to the first's would
    stepwise = tmp_path / "stepwise.db"
    for part in (files[:2], files[2:]):
        ingest(stepwise, part, workers=1)
    assert homophones(merged) == homophones(stepwise)
    assert homophones(whole).items() <= homophones(stepwise).items()


def test_the_engine_answers_each_body_from_its_merged_document(merged: Path) -> None:
    engine = Engine.open(merged)
    for body in BODIES:
        answer = engine.ask(f"{body}代表培训经费多少")
        assert answer.status == ANSWERED and answer.value == Decimal("55.00") and answer.unit == "万元"
        assert answer.sources[0].document == f"{body}2024年度部门预算公开"
        assert answer.sources[0].row == "代表培训经费"


def test_merging_again_replaces_instead_of_duplicating(merged: Path, shards: list[Path], whole: Path) -> None:
    merge(merged, shards[:1])
    assert count(merged) == 4
    assert content(merged) == content(whole)
    with sqlite3.connect(merged) as connection:
        per_body = connection.execute("SELECT body, count(*) FROM documents GROUP BY body").fetchall()
    assert sorted(per_body) == sorted((body, 1) for body in BODIES)


def test_a_bad_shard_writes_nothing_and_says_one_line(
    merged: Path, shards: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = merged.read_bytes()
    missing = tmp_path / "missing.db"
    with pytest.raises(ShardError):
        merge(merged, [shards[0], missing])
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("not a database", encoding="utf-8")
    for bad in (missing, not_sqlite, merged):
        assert main(["merge", "--db", str(merged), str(shards[0]), str(bad)]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"budgetqa: {bad}") and err.count("\n") == 1
    assert merged.read_bytes() == before


def test_merge_on_the_command_line_says_what_it_merged(
    shards: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "province.db"
    assert main(["merge", "--db", str(target), *map(str, shards)]) == 0
    assert capsys.readouterr().out == (
        f"{shards[0]}: 2 documents\n{shards[1]}: 2 documents\n"
        f"{target}: 4 documents merged from 2 shards, 4 documents in all\n"
    )
