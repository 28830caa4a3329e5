"""The real published disclosures (tests/data/real), ingested once: exact figures, metadata, coverage.

Every figure asserted here was read off the published PDF (or the text file)
by eye, not from the parser: amounts are stored as the printed decimal
(facts.amount) and as integer 分 (facts.fen) in the table's own unit.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from coverage_report import coverage, expected_family, totals

from ingest.names import short_names
from ingest.pipeline import documents
from ingest.tables import family

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def db(real_db: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(real_db)
    yield connection
    connection.close()


def document_id(
    db: sqlite3.Connection, body: str, year: int, phase: str = "预算", scope: str = "部门"
) -> int:
    rows = db.execute(
        "SELECT id FROM documents WHERE body = ? AND year = ? AND phase = ? AND scope = ?",
        [body, year, phase, scope],
    ).fetchall()
    assert len(rows) == 1, f"{len(rows)} documents for {body} {year} {phase} {scope}"
    return int(rows[0][0])


def figure(
    db: sqlite3.Connection,
    document: int,
    kind: str,
    row: str,
    column: str,
    section: str = "",
) -> tuple[str, int, str]:
    """(amount as printed in decimal, 分, unit) of one cell: the row by code or name, the column by path."""
    rows = db.execute(
        "SELECT f.amount, f.fen, f.unit FROM facts f JOIN rows r ON r.id = f.row_id JOIN tables t ON t.id = f.table_id "
        "WHERE f.document_id = ? AND t.kind = ? AND (r.code = ? OR r.name = ?) AND f.column_path = ? "
        "AND (? = '' OR r.section = ?)",
        [document, kind, row, row, column, section, section],
    ).fetchall()
    assert len(rows) == 1, f"{len(rows)} cells for {kind} / {row} / {column} {section}"
    amount, fen, unit = rows[0]
    return str(amount), int(fen), str(unit)


def units(db: sqlite3.Connection, document: int) -> dict[str, str]:
    return dict(db.execute("SELECT kind, unit FROM tables WHERE document_id = ?", [document]).fetchall())


# --------------------------------------------------------------------------- every file


def test_every_real_file_ingests_without_error(real_ingest, real_files: list[Path]) -> None:  # type: ignore[no-untyped-def]
    _, outcomes = real_ingest
    assert len(outcomes) == len(real_files) == 38
    assert [outcome.error for outcome in outcomes if outcome.document is None] == []


def test_split_files_become_one_document_each(real_ingest, db: sqlite3.Connection) -> None:  # type: ignore[no-untyped-def]
    _, outcomes = real_ingest
    assert len(documents(outcomes)) == 31  # 38 files, 7 documents published as narrative + tables
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 31
    assert db.execute("SELECT count(*) FROM document_files").fetchone()[0] == 38
    cppcc = document_id(db, "江苏省政协办公厅", 2019)
    files = sorted(
        r[0] for r in db.execute("SELECT source FROM document_files WHERE document_id = ?", [cppcc])
    )
    assert files == [
        "2019_jiangsu_prov_cppcc_general_office_dept_budget_narrative.pdf",
        "2019_jiangsu_prov_cppcc_general_office_dept_budget_tables.pdf",
    ]


METADATA = {
    # file name prefix → (body, year, phase, scope), as tests/data/README.md lists them
    "2017_jiangsu_prov_npc_standing_committee_office": ("江苏省人大常委会办公厅", 2017, "预算", "部门"),
    "2018_jiangsu_prov_npc_standing_committee_office": ("江苏省人大常委会办公厅", 2018, "预算", "部门"),
    "2019_jiangsu_prov_npc_standing_committee_office": ("江苏省人大常委会办公厅", 2019, "预算", "部门"),
    "2017_jiangsu_prov_procuratorate": ("江苏省人民检察院", 2017, "预算", "部门"),
    "2018_jiangsu_prov_procuratorate": ("江苏省人民检察院", 2018, "预算", "部门"),
    "2019_jiangsu_prov_procuratorate": ("江苏省人民检察院", 2019, "预算", "部门"),
    "2017_jiangsu_prov_high_court": ("江苏省高级人民法院", 2017, "预算", "部门"),
    "2018_jiangsu_prov_high_court": ("江苏省高级人民法院", 2018, "预算", "部门"),
    "2019_jiangsu_prov_high_court": ("江苏省高级人民法院", 2019, "预算", "部门"),
    "2017_jiangsu_prov_party_committee_general_office": ("中共江苏省委办公厅", 2017, "预算", "部门"),
    "2018_jiangsu_prov_party_committee_general_office": ("中共江苏省委办公厅", 2018, "预算", "部门"),
    "2019_jiangsu_prov_party_committee_general_office": ("中共江苏省委办公厅", 2019, "预算", "部门"),
    "2017_jiangsu_prov_cppcc_general_office": ("江苏省政协办公厅", 2017, "预算", "部门"),
    "2018_jiangsu_prov_cppcc_general_office": ("江苏省政协办公厅", 2018, "预算", "部门"),
    "2019_jiangsu_prov_cppcc_general_office": ("江苏省政协办公厅", 2019, "预算", "部门"),
    "2023_shanghai_putuo_wanli_subdistrict_office": (
        "上海市普陀区人民政府万里街道办事处",
        2023,
        "预算",
        "部门",
    ),
    "2024_shanghai_putuo_wanli_subdistrict_office": (
        "上海市普陀区人民政府万里街道办事处",
        2024,
        "预算",
        "部门",
    ),
    "2025_shanghai_putuo_wanli_subdistrict_office": (
        "上海市普陀区人民政府万里街道办事处",
        2025,
        "预算",
        "部门",
    ),
    "2024_shanghai_putuo_finance_bureau_final": ("上海市普陀区财政局", 2024, "决算", "部门"),
    "2025_shanghai_putuo_finance_bureau_dept": ("上海市普陀区财政局", 2025, "预算", "部门"),
    "2024_shanghai_putuo_planning_natural_resources": ("上海市普陀区规划和自然资源局", 2024, "决算", "部门"),
    "2024_shanghai_putuo_cpc_social_work": ("中共上海市普陀区委社会工作部", 2024, "决算", "部门"),
    "2024_shanghai_putuo_social_welfare_institute": ("上海市普陀区社会福利院", 2024, "预算", "单位"),
    "2025_shanghai_putuo_district_govt_office_dept": ("上海市普陀区人民政府办公室", 2025, "预算", "部门"),
    "2025_shanghai_putuo_district_govt_office_unit": ("上海市普陀区人民政府办公室", 2025, "预算", "单位"),
    "2025_shanghai_putuo_commerce_commission_dept": ("上海市普陀区商务委员会", 2025, "预算", "部门"),
    "2025_shanghai_putuo_commerce_commission_unit": ("上海市普陀区商务委员会", 2025, "预算", "单位"),
    "2025_shanghai_municipal_finance_bureau": ("上海市财政局", 2025, "预算", "单位"),
    "2026_shanghai_putuo_justice_bureau_dept": ("上海市普陀区司法局", 2026, "预算", "部门"),
    "2026_shanghai_putuo_justice_bureau_unit": ("上海市普陀区司法局", 2026, "预算", "单位"),
    "2026_shanghai_putuo_shiquanlu_subdistrict_office": (
        "上海市普陀区人民政府石泉路街道办事处",
        2026,
        "预算",
        "单位",
    ),
}


def test_metadata_of_every_file(real_ingest) -> None:  # type: ignore[no-untyped-def]
    _, outcomes = real_ingest
    seen = set()
    for outcome in outcomes:
        prefix = next(p for p in METADATA if outcome.path.name.startswith(p))
        meta = outcome.document.meta
        assert (meta.body, meta.year, meta.phase, meta.scope) == METADATA[prefix], outcome.path.name
        seen.add(prefix)
    assert seen == set(METADATA)


def test_short_names_people_type(db: sqlite3.Connection) -> None:
    assert {"万里街道", "普陀区万里街道", "万里街道办"} <= set(
        short_names("上海市普陀区人民政府万里街道办事处")
    )
    assert {"省人大办公厅", "省人大常委会办公厅", "省人大常委会"} <= set(
        short_names("江苏省人大常委会办公厅")
    )
    assert {"普陀区财政局", "区财政局"} <= set(short_names("上海市普陀区财政局"))
    assert "省检察院" in short_names("江苏省人民检察院")
    assert {"省高院", "江苏高院"} <= set(short_names("江苏省高级人民法院"))
    assert {"江苏省委办公厅", "省委办公厅"} <= set(short_names("中共江苏省委办公厅"))
    assert "普陀区商务委" in short_names("上海市普陀区商务委员会")
    assert "政府" not in short_names("上海市普陀区人民政府办公室")
    stored = db.execute(
        "SELECT short_names FROM documents WHERE body = '上海市普陀区人民政府万里街道办事处'"
    ).fetchone()[0]
    assert "万里街道" in stored


# --------------------------------------------------------------------------- exact figures, document by document


def test_wanli_2025_tables_in_yuan_and_the_three_public_table_in_wan(db: sqlite3.Connection) -> None:
    doc = document_id(db, "上海市普陀区人民政府万里街道办事处", 2025)
    assert figure(db, doc, "summary", "收入总计", "预算数", "收入") == ("189767551", 18976755100, "元")
    assert figure(db, doc, "income", "2010507", "收入预算/合计") == ("438300", 43830000, "元")
    assert figure(db, doc, "basic_by_economic", "30101", "一般公共预算基本支出/合计") == (
        "6084184",
        608418400,
        "元",
    )
    assert figure(db, doc, "expenditure", "合计", "支出预算/基本支出") == ("101341746", 10134174600, "元")
    assert figure(db, doc, "three_public", "合计", "“三公”经费预算数/合计") == ("37.91", 37910000, "万元")
    assert figure(db, doc, "three_public", "合计", "“三公”经费预算数/公务用车购置及运行费/购置费") == (
        "15",
        15000000,
        "万元",
    )
    assert figure(db, doc, "three_public", "合计", "机关运行经费预算数") == ("464.64", 464640000, "万元")
    kinds = units(db, doc)
    assert kinds.pop("three_public") == "万元" and set(kinds.values()) == {"元"}


def test_wanli_three_years_are_three_documents(db: sqlite3.Connection) -> None:
    totals_by_year = {
        year: figure(
            db,
            document_id(db, "上海市普陀区人民政府万里街道办事处", year),
            "summary",
            "收入总计",
            "预算数",
            "收入",
        )[0]
        for year in (2024, 2025)
    }
    assert totals_by_year == {2024: "156211123", 2025: "189767551"}


def test_finance_bureau_2024_final_accounts(db: sqlite3.Connection) -> None:
    doc = document_id(db, "上海市普陀区财政局", 2024, "决算")
    assert figure(db, doc, "summary", "本年收入合计", "决算数", "收入") == ("2946.25", 2946250000, "万元")
    assert figure(db, doc, "summary", "十九、住房保障支出", "决算数", "支出") == ("445.69", 445690000, "万元")
    # the economic table printed twice side by side: 人员经费 | 公用经费
    assert figure(db, doc, "basic_by_economic", "30101", "决算数", "人员经费") == (
        "262.33",
        262330000,
        "万元",
    )
    assert figure(db, doc, "basic_by_economic", "30201", "决算数", "公用经费") == ("21.21", 21210000, "万元")
    assert figure(db, doc, "three_public", "合计", "合计/预算数") == ("0.95", 950000, "万元")


def test_finance_bureau_narrative_keeps_figures_printed_as_separate_runs(db: sqlite3.Connection) -> None:
    doc = document_id(db, "上海市普陀区财政局", 2024, "决算")
    texts = [r[0] for r in db.execute("SELECT text FROM passages WHERE document_id = ?", [doc])]
    assert any("纳入上海市普陀区财政局2024年度部门决算编制范围" in text for text in texts)


def test_cpc_social_work_department_2024_final_accounts(db: sqlite3.Connection) -> None:
    doc = document_id(db, "中共上海市普陀区委社会工作部", 2024, "决算")
    assert figure(db, doc, "summary", "本年收入合计", "决算数", "收入") == ("307.82", 307820000, "万元")
    assert figure(db, doc, "expenditure", "合计", "项目支出") == ("202.24", 202240000, "万元")
    assert figure(db, doc, "basic_by_economic", "30101", "决算数", "人员经费") == ("14.12", 14120000, "万元")


def test_cppcc_2019_split_document(db: sqlite3.Connection) -> None:
    doc = document_id(db, "江苏省政协办公厅", 2019)
    assert figure(db, doc, "summary", "收入合计", "金额", "收入") == ("13377.11", 13377110000, "万元")
    assert figure(db, doc, "fiscal_expenditure", "2010201", "金额") == ("5223.22", 5223220000, "万元")
    assert figure(db, doc, "three_public", "合计", "合计") == ("2224.43", 2224430000, "万元")
    assert figure(db, doc, "three_public", "合计", "“三公”经费/小计") == ("660.10", 660100000, "万元")
    assert figure(db, doc, "three_public", "合计", "会议费") == ("1282.56", 1282560000, "万元")
    assert figure(db, doc, "three_public", "合计", "培训费") == ("281.77", 281770000, "万元")
    # the narrative file's glossary and passages belong to the same document
    terms = {r[0] for r in db.execute("SELECT term FROM glossary WHERE document_id = ?", [doc])}
    assert any("三公" in term for term in terms)
    assert db.execute("SELECT count(*) FROM passages WHERE document_id = ?", [doc]).fetchone()[0] > 20


def test_party_committee_2018_split_document_with_landscape_table_pages(db: sqlite3.Connection) -> None:
    doc = document_id(db, "中共江苏省委办公厅", 2018)
    assert figure(db, doc, "summary", "收入合计", "金额", "收入") == ("24458.43", 24458430000, "万元")
    assert figure(db, doc, "fiscal_expenditure", "2013101", "金额") == ("8072.29", 8072290000, "万元")
    assert figure(db, doc, "three_public", "合计", "会议费") == ("933.50", 933500000, "万元")
    assert db.execute("SELECT count(*) FROM document_files WHERE document_id = ?", [doc]).fetchone()[0] == 2


def test_npc_office_2017(db: sqlite3.Connection) -> None:
    doc = document_id(db, "江苏省人大常委会办公厅", 2017)
    assert figure(db, doc, "fiscal_expenditure", "2010108", "金额") == ("428.36", 428360000, "万元")
    assert figure(db, doc, "basic_by_economic", "30101", "金额") == ("1015.15", 1015150000, "万元")
    assert figure(db, doc, "operating_costs", "30215", "机关运行经费支出") == ("1305.25", 1305250000, "万元")
    assert figure(db, doc, "three_public", "合计", "合计") == ("2542.60", 2542600000, "万元")
    assert figure(db, doc, "expenditure", "合计", "单位预留机动经费") == ("128.43", 128430000, "万元")


def test_procuratorate_2019(db: sqlite3.Connection) -> None:
    doc = document_id(db, "江苏省人民检察院", 2019)
    assert figure(db, doc, "general_budget", "2040401", "金额") == ("12268.62", 12268620000, "万元")
    assert figure(db, doc, "basic_by_economic", "30102", "金额") == ("6372.51", 6372510000, "万元")
    assert figure(db, doc, "three_public", "合计", "培训费") == ("700", 700000000, "万元")
    assert figure(db, doc, "three_public", "合计", "会议费") == ("158.44", 158440000, "万元")


def test_high_court_2018(db: sqlite3.Connection) -> None:
    doc = document_id(db, "江苏省高级人民法院", 2018)
    assert figure(db, doc, "fiscal_basic", "30101", "金额") == ("2679.68", 2679680000, "万元")
    assert figure(db, doc, "fiscal_basic", "301", "金额") == ("13747.87", 13747870000, "万元")
    assert figure(db, doc, "expenditure", "合计", "单位预留机动经费") == ("3258.06", 3258060000, "万元")


def test_justice_bureau_2026_unit_budget_keeps_fen(db: sqlite3.Connection) -> None:
    doc = document_id(db, "上海市普陀区司法局", 2026, scope="单位")
    assert figure(db, doc, "income", "2040601", "收入预算/合计") == ("14348853.34", 1434885334, "元")
    assert figure(db, doc, "summary", "收入总计", "预算数", "收入") == ("86959408.34", 8695940834, "元")
    department = document_id(db, "上海市普陀区司法局", 2026, scope="部门")
    assert figure(db, department, "summary", "收入总计", "预算数", "收入") == (
        "96282213.44",
        9628221344,
        "元",
    )


def test_shiquanlu_text_file(db: sqlite3.Connection) -> None:
    doc = document_id(db, "上海市普陀区人民政府石泉路街道办事处", 2026, scope="单位")
    assert figure(db, doc, "income", "2010507", "收入预算/合计") == ("500000", 50000000, "元")
    assert figure(db, doc, "summary", "收入总计", "预算数", "收入") == ("76306134", 7630613400, "元")
    assert figure(db, doc, "basic_by_economic", "30101", "一般公共预算基本支出/合计") == (
        "2724912",
        272491200,
        "元",
    )
    # a row that prints every column keeps every figure; one that does not keeps its total only
    assert figure(db, doc, "expenditure", "合计", "支出预算/基本支出") == ("26917990", 2691799000, "元")
    assert figure(db, doc, "expenditure", "208", "支出预算/项目支出") == ("3780572", 378057200, "元")
    assert (
        db.execute(
            "SELECT count(*) FROM facts f JOIN rows r ON r.id = f.row_id WHERE f.document_id = ? AND r.code = '201' "
            "AND f.column_path = '支出预算/项目支出'",
            [doc],
        ).fetchone()[0]
        == 0
    )
    assert figure(db, doc, "three_public", "合计", "合计") == ("8.53", 8530000, "万元")


# --------------------------------------------------------------------------- coverage and reconciliation


def test_standard_tables_recognised_in_at_least_95_percent(real_ingest) -> None:  # type: ignore[no-untyped-def]
    _, outcomes = real_ingest
    lines = [coverage(document) for document in documents(outcomes)]
    found, expected = totals(lines)
    assert found / expected >= 0.95, [(line.label, line.missing) for line in lines if line.missing]
    families = {line.family.name for line in lines}
    assert families == {"Jiangsu 12 tables", "Shanghai 9 tables"}


def test_each_document_falls_in_its_publishers_family_by_its_tables_alone(real_ingest) -> None:  # type: ignore[no-untyped-def]
    _, outcomes = real_ingest
    for outcome in outcomes:
        publisher = expected_family(outcome.document).name  # from the file name
        assert family(outcome.document.tables).name == publisher, outcome.path.name


CONSISTENT = (
    # documents whose every identity holds in print (checked by hand where a check failed)
    ("上海市普陀区商务委员会", 2025, "预算", "部门"),
    ("上海市普陀区人民政府办公室", 2025, "预算", "部门"),
    ("上海市普陀区财政局", 2025, "预算", "部门"),
    ("上海市普陀区人民政府万里街道办事处", 2024, "预算", "部门"),
    ("江苏省政协办公厅", 2019, "预算", "部门"),
    ("中共江苏省委办公厅", 2018, "预算", "部门"),
    ("上海市普陀区人民政府石泉路街道办事处", 2026, "预算", "单位"),
)


@pytest.mark.parametrize("key", CONSISTENT, ids=lambda key: f"{key[1]}{key[0]}{key[3]}")
def test_totals_reconcile_where_the_document_is_consistent(
    db: sqlite3.Connection, key: tuple[str, int, str, str]
) -> None:
    doc = document_id(db, *key)
    held, total = db.execute(
        "SELECT sum(holds), count(*) FROM checks WHERE document_id = ?", [doc]
    ).fetchone()
    assert total > 20 and held == total


def test_a_document_that_disagrees_with_itself_is_reported_not_corrected(db: sqlite3.Connection) -> None:
    # 2025 万里街道: 城乡社区管理事务 prints 94,995,790 over items that add up to 94,995,789
    doc = document_id(db, "上海市普陀区人民政府万里街道办事处", 2025)
    failing = db.execute(
        "SELECT expected, actual FROM checks WHERE document_id = ? AND NOT holds AND detail LIKE '21201 %'",
        [doc],
    ).fetchall()
    assert ("94995790", "94995789") in failing
    assert figure(db, doc, "income", "21201", "收入预算/合计")[0] == "94995790"


def test_most_identities_hold_over_all_documents(db: sqlite3.Connection) -> None:
    held, total = db.execute("SELECT sum(holds), count(*) FROM checks").fetchone()
    assert total > 4000 and held / total >= 0.98


# --------------------------------------------------------------------------- the command line over many files


def test_ingest_command_shows_progress_merges_split_files_and_reports_a_bad_file(
    real_files: list[Path], tmp_path: Path
) -> None:
    narrative, tables = (
        next(p for p in real_files if p.name.startswith("2019_jiangsu_prov_npc") and p.name.endswith(suffix))
        for suffix in ("_narrative.pdf", "_tables.pdf")
    )
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really a pdf")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "ingest",
            "--db",
            str(tmp_path / "b.db"),
            str(narrative),
            str(tables),
            str(broken),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1
    out = result.stdout
    assert "[1/3]" in out and "[3/3]" in out
    assert f"{narrative.name} + {tables.name}: " in out or f"{tables.name} + {narrative.name}: " in out
    assert "standard tables (Jiangsu 12 tables): 12/12 recognised" in out
    assert "units: 万元 ×12" in out
    errors = [line for line in result.stderr.splitlines() if line.startswith("budgetqa:")]
    assert len(errors) == 1 and "broken.pdf" in errors[0]
