"""Fixtures the bot tests share beside conftest's ``reference_db``. A test module registers one with

    from botfixtures import two_bodies_db_fixture  # noqa: F401

and then takes ``two_bodies_db`` as an argument.
"""

from pathlib import Path

import pytest

from ingest.pipeline import ingest

DATA = Path(__file__).parent / "data"
REFERENCE = DATA / "zezhou_npc_office_2024_budget.txt"
REFERENCE_BODY = "泽州县人民代表大会常务委员会办公室"
SHIQUANLU = DATA / "real" / "2026_shanghai_putuo_shiquanlu_subdistrict_office_unit_budget.txt"
# several counties' 教育局, so that "县教育局基本支出多少" names no one body
EDUCATION_BUREAUS = ("阳城县教育局", "沁水县教育局", "陵川县教育局")


def renamed_reference(directory: Path, body: str) -> Path:
    """The reference document with ``body`` in place of its body's full name; every figure the same."""
    path = directory / f"{body}.txt"
    path.write_text(REFERENCE.read_text(encoding="utf-8").replace(REFERENCE_BODY, body), encoding="utf-8")
    return path


@pytest.fixture(scope="session", name="two_bodies_db")
def two_bodies_db_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference document and a real one of another body, so that "基本支出多少" is ambiguous."""
    path = tmp_path_factory.mktemp("two_bodies") / "two_bodies.db"
    assert all(outcome.document for outcome in ingest(path, [REFERENCE, SHIQUANLU]))
    return path


@pytest.fixture(scope="session", name="bureaus_db")
def bureaus_db_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference document renamed to each of EDUCATION_BUREAUS, one database."""
    directory = tmp_path_factory.mktemp("bureaus")
    files = [renamed_reference(directory, body) for body in EDUCATION_BUREAUS]
    path = directory / "bureaus.db"
    assert all(outcome.document for outcome in ingest(path, files))
    return path
