"""Shared fixtures: paths to the small files in tests/data and a fresh inbox."""

from __future__ import annotations

from newsdyads.prefect_env import configure_prefect

configure_prefect()  # before anything imports Prefect

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

DATA = Path(__file__).parent / "data"
DATA_TABLES = (
    "articles",
    "article_countries",
    "country_pair_weekly",
    "country_weekly",
    "quarantine",
    "input_files",
    "duplicates",
)
"""The warehouse tables that hold data (pipeline_runs, the audit log, aside)."""
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def data_file(name: str) -> Path:
    """A fixture file from tests/data."""
    return DATA / name


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """An empty inbox folder."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


@pytest.fixture
def seed_inbox(inbox: Path) -> Path:
    """An inbox holding only the seed article."""
    shutil.copy(data_file("seed_fr-01.txt"), inbox / "000_34f256881794425b.txt")
    return inbox


def reuters_dir() -> Path:
    """The Reuters-21578 corpus on our machines; tests using it skip elsewhere."""
    folder = SHARED_DATA / "reuters21578"
    if not folder.is_dir():
        pytest.skip("../shared/data/reuters21578 is not on this machine")
    return folder
