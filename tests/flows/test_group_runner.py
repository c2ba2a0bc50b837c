"""Which task runner processes a run's file groups: this process's threads by default,
Dask when asked for, one after another for a small inbox."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from prefect.task_runners import ThreadPoolTaskRunner

from newsdyads.allocators import WORKER_JEMALLOC_CONF, keep_freed_memory
from newsdyads.runners import batch_threads, group_task_runner
from newsdyads.settings import Settings


def _settings(**values: object) -> Settings:
    return Settings(inbox="inbox", warehouse="warehouse", **values)  # type: ignore[arg-type]


def test_several_groups_go_to_one_thread_per_cpu_by_default(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    runner = group_task_runner(_settings(), groups=10)

    assert isinstance(runner, ThreadPoolTaskRunner)
    assert runner._max_workers == 4


def test_no_more_threads_than_groups(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    runner = group_task_runner(_settings(), groups=3)

    assert isinstance(runner, ThreadPoolTaskRunner)
    assert runner._max_workers == 3


def test_the_thread_count_the_user_set_is_used(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    runner = group_task_runner(_settings(threads=2), groups=10)

    assert isinstance(runner, ThreadPoolTaskRunner)
    assert runner._max_workers == 2


@pytest.mark.parametrize("values", [{"workers": 1}, {"threads": 1}])
def test_one_worker_or_one_thread_processes_groups_in_the_main_thread(values):
    assert group_task_runner(_settings(**values), groups=10) is None


def test_a_single_group_is_processed_in_the_main_thread():
    assert group_task_runner(_settings(), groups=1) is None


def test_a_group_processed_alone_gets_a_batch_thread_per_cpu(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 4)

    assert batch_threads(_settings()) == 4
    assert batch_threads(_settings(threads=2)) == 2


def test_one_worker_processes_a_group_alone_one_batch_at_a_time(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 4)

    assert batch_threads(_settings(workers=1)) == 1


def test_workers_ask_for_a_local_dask_cluster():
    from prefect_dask.task_runners import DaskTaskRunner

    runner = group_task_runner(_settings(workers=3), groups=10)

    assert isinstance(runner, DaskTaskRunner)


def test_a_dask_address_takes_even_a_single_group_to_that_cluster():
    from prefect_dask.task_runners import DaskTaskRunner

    runner = group_task_runner(_settings(dask_address="tcp://127.0.0.1:8786"), groups=1)

    assert isinstance(runner, DaskTaskRunner)


def test_the_command_process_keeps_freed_memory_as_a_worker_does(monkeypatch):
    monkeypatch.setenv("_RJEM_MALLOC_CONF", "background_thread:true")
    took = keep_freed_memory()

    assert os.environ["_RJEM_MALLOC_CONF"] == f"background_thread:true,{WORKER_JEMALLOC_CONF}"
    assert took is (os.uname().sysname == "Linux")


_HEAP_HELD_AFTER_RETURN = """
import ctypes
from newsdyads.allocators import keep_freed_memory, return_freed_memory

def anonymous_kib():
    for line in open("/proc/self/smaps_rollup"):
        if line.startswith("Anonymous:"):
            return int(line.split()[1])

keep_freed_memory()
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
libc.memset.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]
blocks = [libc.malloc(1 << 16) for _ in range(2048)]  # 128 MiB of the heap
for block in blocks:
    libc.memset(block, 1, 1 << 16)
for block in blocks[:-1]:  # the last keeps the heap's top in use
    libc.free(block)
kept = anonymous_kib()
returned = return_freed_memory()
print(returned, kept - anonymous_kib())
"""


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc")
def test_memory_kept_for_batches_goes_back_to_the_system_before_publishing():
    result = subprocess.run(
        [sys.executable, "-c", _HEAP_HELD_AFTER_RETURN],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    returned, freed_kib = result.stdout.split()
    assert returned == "True"
    assert int(freed_kib) > 100 * 1024
