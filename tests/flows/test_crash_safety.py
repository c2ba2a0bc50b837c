"""Kill a real run (SIGKILL) at each stage: the warehouse stays as it was, and the next
run ends exactly where an uninterrupted run would have.

The runs talk to one Prefect server started for this module (``local_prefect_server``,
what `newsdyads serve` starts), as runs of a deployment do, instead of each starting
Prefect's temporary API: that start was half of each run's 13 s here. What a killed
command does to its own temporary API is tested in tests/test_prefect_api.py.

Each scenario (a kill point's killed run and rerun, the reference run, the redelivery)
works in a warehouse and an inbox of its own, so ``scenarios`` runs them two at a time
before the first test: a run is mostly one process importing its libraries, and on a
two-core machine two at a time took the module from ~220 s to ~140 s. Each test then
asserts on what its own scenario saw.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


SCENARIOS_AT_ONCE = 2
"""Runs the module keeps going at once: each is mostly one CPU-bound process."""


@dataclass(frozen=True)
class KillThenRerun:
    """What one kill point's scenario saw, in order."""

    files_before: dict[str, str]
    tables_before: dict[str, list[tuple]]
    killed: subprocess.CompletedProcess[str]
    files_after_kill: dict[str, str]
    tables_after_kill: dict[str, list[tuple]]
    rerun: subprocess.CompletedProcess[str]
    tables_after_rerun: dict[str, list[tuple]]
    marts_after_rerun: dict[str, str]
    staging_left: bool


@dataclass(frozen=True)
class Redelivery:
    """The reference warehouse's marts, then after a rerun and after a redelivered copy."""

    marts: dict[str, str]
    rerun: subprocess.CompletedProcess[str]
    marts_after_rerun: dict[str, str]
    redelivered: subprocess.CompletedProcess[str]
    marts_after_redelivery: dict[str, str]
    copy_statuses: list[tuple[Any, ...]]


@dataclass(frozen=True)
class Reference:
    """Day two's inbox loaded on top of day one with no crash."""

    warehouse: Path
    run: subprocess.CompletedProcess[str]


def _fresh_copies(day_one: Path, inbox: Path, root: Path) -> tuple[Path, Path]:
    """A scenario's own warehouse (day one's, copied) and inbox (day two's, copied)."""
    warehouse = root / "warehouse"
    shutil.copytree(day_one, warehouse, symlinks=True)
    own_inbox = root / "inbox"
    shutil.copytree(inbox, own_inbox)
    return warehouse, own_inbox


def _kill_then_rerun(fault: str, day_one: Path, inbox: Path, root: Path, api: str) -> KillThenRerun:
    warehouse, own_inbox = _fresh_copies(day_one, inbox, root)
    files_before, tables_before = _published_files(warehouse), _tables(warehouse)
    killed = _run(own_inbox, warehouse, api, fault)
    files_after_kill, tables_after_kill = _published_files(warehouse), _tables(warehouse)
    rerun = _run(own_inbox, warehouse, api)
    return KillThenRerun(
        files_before=files_before,
        tables_before=tables_before,
        killed=killed,
        files_after_kill=files_after_kill,
        tables_after_kill=tables_after_kill,
        rerun=rerun,
        tables_after_rerun=_tables(warehouse),
        marts_after_rerun=_mart_bytes(warehouse),
        staging_left=(warehouse / "_runs").exists(),
    )


def _reference(day_one: Path, inbox: Path, root: Path, api: str) -> Reference:
    warehouse, own_inbox = _fresh_copies(day_one, inbox, root)
    return Reference(warehouse, _run(own_inbox, warehouse, api))


def _redelivery(reference: Future[Reference], inbox: Path, root: Path, api: str) -> Redelivery:
    """Rerun day two on the reference, then deliver one of its files again under a new name."""
    warehouse = root / "warehouse"
    shutil.copytree(reference.result().warehouse, warehouse, symlinks=True)
    own_inbox = root / "inbox"
    shutil.copytree(inbox, own_inbox)
    marts = _mart_bytes(warehouse)
    rerun = _run(own_inbox, warehouse, api)
    marts_after_rerun = _mart_bytes(warehouse)
    shutil.copy(own_inbox / "feed.jsonl", own_inbox / "feed-again.jsonl")
    redelivered = _run(own_inbox, warehouse, api)
    with duckdb.connect(str(warehouse / "newsdyads.duckdb")) as connection:
        statuses = connection.sql(
            "select status from input_files where source_file = 'feed-again.jsonl'"
        ).fetchall()
    return Redelivery(
        marts=marts,
        rerun=rerun,
        marts_after_rerun=marts_after_rerun,
        redelivered=redelivered,
        marts_after_redelivery=_mart_bytes(warehouse),
        copy_statuses=statuses,
    )


@dataclass(frozen=True)
class Scenarios:
    """The module's scenarios, running or done; a test waits for its own."""

    reference: Future[Reference]
    kills: dict[str, Future[KillThenRerun]]
    redelivery: Future[Redelivery]


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> Iterator[Scenarios]:
    """Day one loaded once; then every scenario on day two's inbox, which holds day
    one's file plus new ones, ``SCENARIOS_AT_ONCE`` at a time."""
    root = tmp_path_factory.mktemp("crash")
    inbox = root / "inbox"
    inbox.mkdir()
    shutil.copy(data_file("seed_fr-01.txt"), inbox / "000_seed.txt")
    day_one = root / "day-one"
    first = _run(inbox, day_one, prefect_api)
    assert first.returncode == 0, first.stdout[-2000:]
    shutil.copy(data_file("mixed_good_and_bad.jsonl"), inbox / "feed.jsonl")
    shutil.copy(data_file("reuters_two_records.sgm"), inbox / "reut.sgm")

    def folder(name: str) -> Path:
        return tmp_path_factory.mktemp(name)

    with ThreadPoolExecutor(max_workers=SCENARIOS_AT_ONCE) as pool:
        submit: Callable[..., Future[Any]] = pool.submit
        reference = submit(_reference, day_one, inbox, folder("reference"), prefect_api)
        kills = {
            fault: submit(_kill_then_rerun, fault, day_one, inbox, folder(fault), prefect_api)
            for fault in FAULT_POINTS
        }
        # Submitted last: it starts from the reference's warehouse, done by then.
        redelivery = submit(_redelivery, reference, inbox, folder("redelivery"), prefect_api)
        yield Scenarios(reference, kills, redelivery)


@pytest.fixture(scope="module")
def reference(scenarios: Scenarios) -> Reference:
    done = scenarios.reference.result()
    assert done.run.returncode == 0, done.run.stdout[-2000:]
    return done


@pytest.mark.parametrize("fault", FAULT_POINTS)
def test_kill_at_any_point_then_rerun_gives_the_uninterrupted_result(
    fault: str, scenarios: Scenarios, reference: Reference
) -> None:
    seen = scenarios.kills[fault].result()
    assert seen.killed.returncode == -signal.SIGKILL, seen.killed.stdout[-2000:]

    # Readers (Parquet, and the analysts' DuckDB views over it) see the state before the
    # run, whether the writer's own transaction had committed or not.
    assert seen.files_after_kill == seen.files_before
    assert seen.tables_after_kill == seen.tables_before

    assert seen.rerun.returncode == 0, seen.rerun.stdout[-2000:]
    assert seen.tables_after_rerun == _tables(reference.warehouse)
    assert seen.marts_after_rerun == _mart_bytes(reference.warehouse)
    assert not seen.staging_left


def test_rerun_and_redelivery_leave_the_marts_byte_identical(scenarios: Scenarios) -> None:
    seen = scenarios.redelivery.result()
    assert seen.marts  # the marts were published at all
    assert seen.rerun.returncode == 0, seen.rerun.stdout[-2000:]
    assert seen.marts_after_rerun == seen.marts
    assert seen.redelivered.returncode == 0, seen.redelivered.stdout[-2000:]
    assert seen.marts_after_redelivery == seen.marts
    assert seen.copy_statuses == [("duplicate",)]
