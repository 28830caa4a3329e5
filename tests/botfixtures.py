"""Fixtures the bot tests share: the reference database, built once by the real ingest.

from botfixtures import bot_db  # noqa: F401  (a fixture, used as a test argument)
"""

import subprocess
import sys
from pathlib import Path

import pytest

REFERENCE = Path(__file__).parent.parent / "ingest" / "data" / "zezhou_npc_office_2024_budget.txt"


@pytest.fixture(scope="session")
def bot_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's ``reference_db`` fixture when conftest offers one, else the same built here."""
    try:
        return Path(request.getfixturevalue("reference_db"))
    except pytest.FixtureLookupError:
        path = tmp_path_factory.mktemp("bot") / "reference.db"
        command = [sys.executable, "-m", "bot.cli", "ingest", "--db", str(path), str(REFERENCE)]
        subprocess.run(command, check=True, capture_output=True)
        return path
