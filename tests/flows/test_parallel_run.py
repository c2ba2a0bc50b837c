"""Runs spread over parallel file groups (threads of the process, a local Dask cluster)
load what one process loads, and resolve copies of a file read by different groups."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from flows.daily import daily_run
from newsdyads.settings import Settings
from tasks.publish import RunSummary
from tests.conftest import data_file, warehouse_tables


@pytest.fixture
def mixed_inbox(inbox: Path) -> Path:
    """Four formats, plus a copy of the JSONL feed under a later name."""
    shutil.copy(data_file("seed_fr-01.txt"), inbox / "000_seed.txt")
    shutil.copy(data_file("mixed_good_and_bad.jsonl"), inbox / "feed.jsonl")
    shutil.copy(data_file("mixed_good_and_bad.jsonl"), inbox / "feed-copy.jsonl")
    shutil.copy(data_file("reuters_two_records.sgm"), inbox / "reut.sgm")
    shutil.copy(data_file("wire_en.txt"), inbox / "wire_en.txt")
    return inbox


def _run(inbox: Path, warehouse: Path, **settings: object) -> RunSummary:
    return daily_run(
        Settings(inbox=inbox, warehouse=warehouse, show_progress=False, **settings)  # type: ignore[arg-type]
    )


def _file_statuses(warehouse: Path) -> dict[str, tuple[str, str | None]]:
    with duckdb.connect(str(warehouse / "newsdyads.duckdb"), read_only=True) as connection:
        rows = connection.sql("select source_file, status, duplicate_of from input_files")
        return {name: (status, of) for name, status, of in rows.fetchall()}


def test_a_copy_read_by_another_group_is_a_duplicate_of_the_first_path(mixed_inbox, tmp_path):
    warehouse = tmp_path / "warehouse"
    summary = _run(mixed_inbox, warehouse, workers=1, group_bytes=1)  # a group per file

    assert _file_statuses(warehouse)["feed.jsonl"] == ("duplicate", "feed-copy.jsonl")
    assert _file_statuses(warehouse)["feed-copy.jsonl"][0] == "loaded"
    assert summary.files_duplicate == 1


@pytest.mark.slow
@pytest.mark.parametrize(
    "parallel",
    [{"workers": 2}, {"threads": 3}],
    ids=["local-dask-cluster", "threads-of-the-process"],
)
def test_parallel_groups_load_exactly_what_one_process_loads(mixed_inbox, tmp_path, parallel):
    one_process = _run(mixed_inbox, tmp_path / "one", workers=1)
    in_parallel = _run(mixed_inbox, tmp_path / "parallel", group_bytes=1, **parallel)

    assert in_parallel.articles_loaded == one_process.articles_loaded > 0
    assert warehouse_tables(tmp_path / "parallel") == warehouse_tables(tmp_path / "one")


def test_batches_of_a_group_on_threads_load_what_one_batch_at_a_time_loads(mixed_inbox, tmp_path):
    """One group (the whole small inbox), its batches of two records on two threads."""
    one_at_a_time = _run(mixed_inbox, tmp_path / "one", workers=1, batch_records=2)
    side_by_side = _run(mixed_inbox, tmp_path / "side", threads=2, batch_records=2)

    assert side_by_side.articles_loaded == one_at_a_time.articles_loaded > 0
    assert warehouse_tables(tmp_path / "side") == warehouse_tables(tmp_path / "one")
