"""Local Dask workers share the machine's CPUs instead of each taking all of them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsdyads.runners import local_cluster_kwargs, worker_environment


def test_each_worker_gets_its_share_of_the_cpus_for_polars(monkeypatch):
    monkeypatch.delenv("POLARS_MAX_THREADS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 16)

    assert worker_environment(8) == {"POLARS_MAX_THREADS": "2"}
    assert worker_environment(32) == {"POLARS_MAX_THREADS": "1"}


def test_a_polars_thread_count_the_user_set_is_kept(monkeypatch):
    monkeypatch.setenv("POLARS_MAX_THREADS", "3")

    assert worker_environment(8) == {"POLARS_MAX_THREADS": "3"}


@pytest.mark.slow
def test_workers_of_a_local_cluster_start_with_that_environment(monkeypatch):
    from distributed import Client, LocalCluster

    monkeypatch.delenv("POLARS_MAX_THREADS", raising=False)
    kwargs = local_cluster_kwargs(2)
    with LocalCluster(**kwargs) as cluster, Client(cluster) as client:
        seen = client.run(lambda: os.environ.get("POLARS_MAX_THREADS"))

    assert sorted(seen.values()) == [kwargs["env"]["POLARS_MAX_THREADS"]] * 2


def test_local_workers_are_spawned_with_allocators_that_keep_freed_memory():
    from newsdyads.runners import WORKER_ALLOCATOR_ENVIRONMENT, worker_pre_spawn_environment

    environment = worker_pre_spawn_environment()

    assert (
        environment["MALLOC_MMAP_THRESHOLD_"]
        == WORKER_ALLOCATOR_ENVIRONMENT["MALLOC_MMAP_THRESHOLD_"]
    )
    assert int(environment["MALLOC_TRIM_THRESHOLD_"]) > 65536  # Dask's own value
    assert "dirty_decay_ms" in environment["_RJEM_MALLOC_CONF"]
    assert environment["OMP_NUM_THREADS"] == 1  # Dask's other settings stay


def _last_value(conf: str, option: str) -> str:
    return [item.split(":", 1)[1] for item in conf.split(",") if item.startswith(option + ":")][-1]


def test_worker_jemalloc_settings_come_after_the_ones_polars_wrote():
    from newsdyads.runners import worker_jemalloc_conf

    conf = worker_jemalloc_conf("dirty_decay_ms:500,muzzy_decay_ms:1000")

    assert _last_value(conf, "dirty_decay_ms") == "60000"
    assert _last_value(conf, "muzzy_decay_ms") == "60000"


def test_worker_jemalloc_settings_are_added_once_however_many_runs_start():
    from newsdyads.runners import worker_jemalloc_conf

    once = worker_jemalloc_conf("dirty_decay_ms:500")

    assert worker_jemalloc_conf(once) == once
    assert worker_jemalloc_conf(None) == worker_jemalloc_conf("")


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/proc/self/environ"), reason="needs Linux /proc")
def test_workers_a_local_runner_spawns_start_with_its_allocator_settings(monkeypatch):
    """Read from the environment each worker process was started with: allocators
    read theirs before any Python code runs (Polars' jemalloc as Polars is imported)."""
    import dask
    from distributed import Client, LocalCluster

    from newsdyads.runners import dask_task_runner
    from newsdyads.settings import Settings

    # Restored afterwards: the runner writes it into our environment.
    monkeypatch.setenv("_RJEM_MALLOC_CONF", os.environ.get("_RJEM_MALLOC_CONF", ""))
    with dask.config.set({"distributed.nanny.pre-spawn-environ": {}}):
        dask_task_runner(Settings(), 2)
        with LocalCluster(**local_cluster_kwargs(2)) as cluster, Client(cluster) as client:
            started = client.run(lambda: Path("/proc/self/environ").read_bytes())

    for raw in started.values():
        environment = dict(item.split("=", 1) for item in raw.decode().split("\0") if "=" in item)
        assert environment["MALLOC_MMAP_THRESHOLD_"] == str(1 << 30)
        assert _last_value(environment["_RJEM_MALLOC_CONF"], "dirty_decay_ms") == "60000"


def test_starting_a_local_runner_gives_dask_the_allocator_settings():
    import dask

    from newsdyads.runners import dask_task_runner
    from newsdyads.settings import Settings

    with dask.config.set({"distributed.nanny.pre-spawn-environ": {"OMP_NUM_THREADS": 1}}):
        dask_task_runner(Settings(), 2)
        spawned = dask.config.get("distributed.nanny.pre-spawn-environ")

    assert spawned["MALLOC_MMAP_THRESHOLD_"] == str(1 << 30)
    assert spawned["OMP_NUM_THREADS"] == 1


@pytest.mark.slow
def test_workers_a_local_runner_starts_run_no_statistical_profiler():
    """The profiler samples every task's stack on the worker's event loop, for a
    dashboard nobody opens; the runner's setting reaches the spawned workers."""
    import dask
    from distributed import Client, LocalCluster

    from newsdyads.runners import dask_task_runner
    from newsdyads.settings import Settings

    with dask.config.set({"distributed.worker.profile.enabled": True}):
        dask_task_runner(Settings(), 2)
        with LocalCluster(**local_cluster_kwargs(2)) as cluster, Client(cluster) as client:
            callbacks = client.run(lambda dask_worker: sorted(dask_worker.periodic_callbacks))

    assert len(callbacks) == 2
    for names in callbacks.values():
        assert "profile" not in names
