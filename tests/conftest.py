"""Shared fixtures: paths to the small files in tests/data and a fresh inbox."""

from __future__ import annotations

from newsdyads.prefect_env import configure_prefect

configure_prefect()  # before anything imports Prefect

import shutil  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

DATA = Path(__file__).parent / "data"
DATA_TABLES = (
    "articles",
    "article_countries",
    "country_pair_weekly",
    "country_pair_weekly_focus",
    "country_pair_weekly_by_language",
    "country_pair_weekly_by_source",
    "country_pair_monthly",
    "country_weekly",
    "articles_weekly",
    "countries",
    "sources",
    "quarantine",
    "input_files",
    "duplicates",
)
"""The warehouse tables that hold data (pipeline_runs, the audit log, aside)."""
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def data_file(name: str) -> Path:
    """A fixture file from tests/data."""
    return DATA / name


SAMPLE_INBOX = Path(__file__).resolve().parents[1] / "samples" / "inbox"


@pytest.fixture(scope="session", autouse=True)
def _no_flow_heartbeats() -> Iterator[None]:
    """Flow runs in the tests send Prefect no heartbeats (what a run on the command's
    temporary API does, see EphemeralApi.flow_settings): the end of each run waited
    for Prefect's heartbeat thread to finish its one-second sleep."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built once from the sample inbox shipped in the repository (what
    `make run` loads), for the tests of what analysts do with it. Read it, never change it."""
    from flows.daily import daily_run
    from newsdyads.settings import Settings

    warehouse = tmp_path_factory.mktemp("sample") / "warehouse"
    daily_run(Settings(inbox=str(SAMPLE_INBOX), warehouse=warehouse, show_progress=False))
    return warehouse


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


RUN_COLUMNS = frozenset({"run_id", "started_at", "finished_at", "duration_s", "modified_at"})
"""Columns that differ between two runs by design (the run's own id and clock, and the
modification time of the copy of a file it read)."""


def table_contents(tables: dict[str, list[dict[str, object]]]) -> dict[str, list[tuple]]:
    """Rows of each table without RUN_COLUMNS, columns by name and rows sorted, values as
    text: comparable across runs and across readers (DuckDB, Arrow)."""
    return {
        name: sorted(
            tuple(str(row[k]) for k in sorted(row) if k not in RUN_COLUMNS) for row in rows
        )
        for name, rows in tables.items()
    }


def warehouse_tables(warehouse: Path) -> dict[str, list[tuple]]:
    """The data tables as analysts see them (the reader DuckDB file), comparable."""
    import duckdb

    with duckdb.connect(str(warehouse / "newsdyads.duckdb"), read_only=True) as connection:
        return table_contents(
            {table: connection.table(table).pl().to_dicts() for table in DATA_TABLES}
        )
