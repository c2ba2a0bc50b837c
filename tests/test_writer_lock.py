"""One writer at a time: a second writer waits or refuses, never corrupts."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsdyads.lock import WarehouseBusyError, writer_lock

HOLD_LOCK = (
    "import sys, time; from pathlib import Path; from newsdyads.lock import writer_lock\n"
    "with writer_lock(Path(sys.argv[1])):\n"
    "    print('locked', flush=True); time.sleep(float(sys.argv[2]))\n"
)


def _hold(warehouse: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(warehouse), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_second_writer_is_refused_with_the_holders_pid(tmp_path: Path):
    holder = _hold(tmp_path, 5)
    try:
        with (
            pytest.raises(WarehouseBusyError, match=f"process {holder.pid}"),
            writer_lock(tmp_path),
        ):
            pass
    finally:
        holder.kill()
        holder.wait()


def test_second_writer_can_wait_for_the_first(tmp_path: Path):
    holder = _hold(tmp_path, 0.5)
    started = time.monotonic()
    with writer_lock(tmp_path, wait_s=10):
        assert time.monotonic() - started >= 0.3
    holder.wait()


def test_lock_of_a_killed_writer_is_released(tmp_path: Path):
    holder = _hold(tmp_path, 30)
    holder.kill()
    holder.wait()
    with writer_lock(tmp_path):
        pass


def test_cli_refuses_a_second_run_with_exit_code_3(seed_inbox: Path, tmp_path: Path):
    warehouse = tmp_path / "warehouse"
    holder = _hold(warehouse, 30)
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "newsdyads",
                "run",
                "--inbox",
                str(seed_inbox),
                "--warehouse",
                str(warehouse),
                "--no-progress",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 3
    assert "is being written by process" in result.stderr + result.stdout
    assert not (warehouse / "newsdyads.duckdb").exists()
