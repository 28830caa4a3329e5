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
SHARED_DOCS = Path(__file__).resolve().parents[1].parent / "shared" / "docs"


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
