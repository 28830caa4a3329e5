"""A fixture the bot tests share beside conftest's ``reference_db``. A test module registers it with

    from botfixtures import two_bodies_db_fixture  # noqa: F401

and then takes ``two_bodies_db`` as an argument.
"""

from pathlib import Path

import pytest

from ingest.pipeline import ingest

REFERENCE = Path(__file__).parent / "data" / "zezhou_npc_office_2024_budget.txt"
SHIQUANLU = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "docs"
    / "real"
    / "2026_shanghai_putuo_shiquanlu_subdistrict_office_unit_budget.txt"
)


@pytest.fixture(scope="session", name="two_bodies_db")
def two_bodies_db_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference document and a real one of another body, so that "基本支出多少" is ambiguous."""
    if not SHIQUANLU.is_file():
        pytest.skip(f"{SHIQUANLU} is not there (../shared/docs/real beside the checkout)")
    path = tmp_path_factory.mktemp("two_bodies") / "two_bodies.db"
    assert all(outcome.document for outcome in ingest(path, [REFERENCE, SHIQUANLU]))
    return path
