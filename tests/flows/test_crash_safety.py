"""Kill a real run (SIGKILL) at each stage: the warehouse stays as it was, and the next
run ends exactly where an uninterrupted run would have.

The runs talk to one Prefect server started for this module (``local_prefect_server``,
what `newsdyads serve` starts), as runs of a deployment do, instead of each starting
Prefect's temporary API: that start was half of each run's 13 s here. What a killed
command does to its own temporary API is tested in tests/test_prefect_api.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from newsdyads.faults import FAULT_POINTS
from newsdyads.prefect_server import local_prefect_server
from tests.conftest import DATA_TABLES, RUN_COLUMNS, data_file

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def prefect_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One local Prefect server for every run of this module, on a database of its
    own (not the one the test session's temporary API uses); yields its API URL."""
    folder = tmp_path_factory.mktemp("prefect")
    database = f"sqlite+aiosqlite:///{folder / 'prefect.db'}"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PREFECT_SERVER_DATABASE_CONNECTION_URL", database)
        with local_prefect_server(folder / "server.log") as url:
            env.delenv("PREFECT_SERVER_DATABASE_CONNECTION_URL")
            yield url


def _run(
    inbox: Path, warehouse: Path, api: str, fault: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the CLI in its own process group; after it ends, kill what it left behind.

    A SIGKILLed run cannot stop the helper processes it started (local Dask workers),
    as after a power cut; the group kill plays the reboot.
    """
    env = {**os.environ, "NEWSDYADS_SHOW_PROGRESS": "false", "PREFECT_API_URL": api}
    if fault:
        env["NEWSDYADS_FAULT_POINT"] = fault
    log = warehouse.parent / f"{warehouse.name}-{fault or 'run'}.log"
    with log.open("w+") as output:
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "newsdyads",
                "run",
                "--inbox",
                str(inbox),
                "--warehouse",
                str(warehouse),
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            start_new_session=True,
        )
        try:
            returncode = child.wait(timeout=300)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
        output.seek(0)
        text = output.read()
    return subprocess.CompletedProcess(child.args, returncode, text, text)


def _published_files(warehouse: Path) -> dict[str, str]:
    """sha256 of every file a reader of warehouse/parquet can reach."""
    parquet = warehouse / "parquet"
    digests = {}
    for path in sorted(parquet.rglob("*")):
        resolved = path.resolve()
        if resolved.is_file():
            digests[str(path.relative_to(parquet))] = hashlib.sha256(
                resolved.read_bytes()
            ).hexdigest()
    for link in sorted(p for p in parquet.iterdir() if p.is_symlink()):
        for path in sorted(link.resolve().rglob("*")):
            if path.is_file():
                key = f"{link.name}/{path.relative_to(link.resolve())}"
                digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def _tables(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse / "newsdyads.duckdb")) as connection:
        contents = {}
        for table in DATA_TABLES:
            columns = [c for c in connection.table(table).columns if c not in RUN_COLUMNS]
            contents[table] = connection.sql(
                f"select {', '.join(columns)} from {table} order by all"
            ).fetchall()
        return contents


def _mart_bytes(warehouse: Path) -> dict[str, str]:
    return {
        k: v
        for k, v in _published_files(warehouse).items()
        if k.startswith(("country_pair_weekly/", "country_weekly/"))
    }


@pytest.fixture(scope="module")
def day_two(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> dict[str, Path]:
    """Day one loaded; day two's inbox holds day one's file plus new ones.

    Also the reference: a warehouse that loaded day two's inbox with no crash.
    """
    root = tmp_path_factory.mktemp("crash")
    inbox = root / "inbox"
    inbox.mkdir()
    shutil.copy(data_file("seed_fr-01.txt"), inbox / "000_seed.txt")
    day_one = root / "day-one"
    assert _run(inbox, day_one, prefect_api).returncode == 0
    shutil.copy(data_file("mixed_good_and_bad.jsonl"), inbox / "feed.jsonl")
    shutil.copy(data_file("reuters_two_records.sgm"), inbox / "reut.sgm")
    reference = root / "reference"
    shutil.copytree(day_one, reference)
    assert _run(inbox, reference, prefect_api).returncode == 0
    return {"root": root, "inbox": inbox, "day_one": day_one, "reference": reference}


@pytest.mark.parametrize("fault", FAULT_POINTS)
def test_kill_at_any_point_then_rerun_gives_the_uninterrupted_result(
    fault, day_two, prefect_api, tmp_path
):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(day_two["day_one"], warehouse, symlinks=True)
    files_before, tables_before = _published_files(warehouse), _tables(warehouse)

    killed = _run(day_two["inbox"], warehouse, prefect_api, fault)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]

    # Readers (Parquet, and the analysts' DuckDB views over it) see the state before the
    # run, whether the writer's own transaction had committed or not.
    assert _published_files(warehouse) == files_before
    assert _tables(warehouse) == tables_before

    rerun = _run(day_two["inbox"], warehouse, prefect_api)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert _tables(warehouse) == _tables(day_two["reference"])
    assert _mart_bytes(warehouse) == _mart_bytes(day_two["reference"])
    assert not (warehouse / "_runs").exists()


def test_rerun_and_redelivery_leave_the_marts_byte_identical(day_two, prefect_api, tmp_path):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(day_two["reference"], warehouse, symlinks=True)
    marts = _mart_bytes(warehouse)
    assert _run(day_two["inbox"], warehouse, prefect_api).returncode == 0
    assert _mart_bytes(warehouse) == marts
    shutil.copy(day_two["inbox"] / "feed.jsonl", day_two["inbox"] / "feed-again.jsonl")
    try:
        assert _run(day_two["inbox"], warehouse, prefect_api).returncode == 0
    finally:
        (day_two["inbox"] / "feed-again.jsonl").unlink()
    assert _mart_bytes(warehouse) == marts
    with duckdb.connect(str(warehouse / "newsdyads.duckdb")) as connection:
        statuses = connection.sql(
            "select status from input_files where source_file = 'feed-again.jsonl'"
        ).fetchall()
    assert statuses == [("duplicate",)]
    assert json.dumps(sorted(marts))  # the marts were published at all
