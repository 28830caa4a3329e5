"""Shared fixtures: one reference database built once by the real ingest, and the engine on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.parse import parse_document
from ingest.pipeline import ingest
from ingest.read import read_document
from knowledge.engine import Engine

DATA = Path(__file__).parent / "data"
REFERENCE = DATA / "zezhou_npc_office_2024_budget.txt"
REAL_DOCS = DATA / "real"  # the published documents, committed (see tests/data/README.md)


@pytest.fixture(scope="session")
def reference_path() -> Path:
    return REFERENCE


@pytest.fixture(scope="session")
def reference_doc():  # type: ignore[no-untyped-def]
    """The reference document parsed (no database)."""
    return parse_document(read_document(REFERENCE))


@pytest.fixture(scope="session")
def reference_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding only the reference document, built by the real ingest."""
    path = tmp_path_factory.mktemp("reference") / "budget.db"
    outcomes = ingest(path, [REFERENCE])
    assert all(outcome.document for outcome in outcomes)
    return path


@pytest.fixture(scope="session")
def engine(reference_db: Path) -> Engine:
    return Engine.open(reference_db)


# --- The real published documents (tests/data/real): ingested once, shared by tests/test_real_*.py


@pytest.fixture(scope="session")
def real_files() -> list[Path]:
    """Every published file in tests/data/real (committed, so no test skips for want of it)."""
    files = sorted(path for path in REAL_DOCS.iterdir() if path.suffix in (".pdf", ".txt"))
    assert files, f"{REAL_DOCS} holds no documents"
    return files


@pytest.fixture(scope="session")
def real_ingest(real_files: list[Path], tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """All real files ingested once into one database by the real pipeline: (database path, outcomes)."""
    path = tmp_path_factory.mktemp("real") / "budget.db"
    return path, ingest(path, real_files)


@pytest.fixture(scope="session")
def real_db(real_ingest) -> Path:  # type: ignore[no-untyped-def]
    """The database holding every real document."""
    return real_ingest[0]
