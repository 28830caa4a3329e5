"""A fixture the bot tests share beside conftest's ``reference_db``. A test module registers it with

    from botfixtures import two_years_db_fixture  # noqa: F401

and then takes ``two_years_db`` as an argument.
"""

from pathlib import Path

import pytest

from ingest.pipeline import ingest

REFERENCE = Path(__file__).parent / "data" / "zezhou_npc_office_2024_budget.txt"


@pytest.fixture(scope="session", name="two_years_db")
def two_years_db_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference document and a 2023 twin of it, so that "代表培训经费多少" is ambiguous."""
    folder = tmp_path_factory.mktemp("two_years")
    twin = folder / "zezhou_npc_office_2023_budget.txt"
    twin.write_text(REFERENCE.read_text(encoding="utf-8").replace("2024", "2023"), encoding="utf-8")
    path = folder / "two_years.db"
    assert all(outcome.document for outcome in ingest(path, [REFERENCE, twin]))
    return path
