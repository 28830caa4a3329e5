"""Fixtures the bot tests share: databases built once by the real ingest.

from botfixtures import bot_db, two_years_db  # noqa: F401  (fixtures, used as test arguments)
"""

import subprocess
import sys
from pathlib import Path

import pytest

REFERENCE = Path(__file__).parent.parent / "ingest" / "data" / "zezhou_npc_office_2024_budget.txt"


def ingest(db: Path, *documents: Path) -> Path:
    """`budgetqa ingest --db DB DOCUMENT…`, as a user would run it."""
    command = [sys.executable, "-m", "bot.cli", "ingest", "--db", str(db), *map(str, documents)]
    subprocess.run(command, check=True, capture_output=True)
    return db


@pytest.fixture(scope="session")
def bot_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's ``reference_db`` fixture when conftest offers one, else the same built here."""
    try:
        return Path(request.getfixturevalue("reference_db"))
    except pytest.FixtureLookupError:
        return ingest(tmp_path_factory.mktemp("bot") / "reference.db", REFERENCE)


@pytest.fixture(scope="session")
def two_years_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference document and a 2023 twin of it: "代表培训经费多少" is then ambiguous."""
    folder = tmp_path_factory.mktemp("two_years")
    twin = folder / "zezhou_npc_office_2023_budget.txt"
    twin.write_text(REFERENCE.read_text(encoding="utf-8").replace("2024", "2023"), encoding="utf-8")
    return ingest(folder / "two_years.db", REFERENCE, twin)
