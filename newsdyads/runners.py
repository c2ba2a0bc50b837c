"""Which Prefect task runner processes a run's file groups.

One group after another in this process is fastest for a small inbox. A bigger one is
processed by threads of this process (Prefect's thread-pool task runner), one per CPU:
a group's work is compiled kernels (numba, without the GIL), Polars and DuckDB, which
run in parallel, so threads use the CPUs as worker processes do without starting any
(~3 s of a run on a 2-core laptop: spawning the processes and importing Prefect,
Polars and the models in each) or handing every task through Dask (~80 ms between two
groups on a worker, ~15 ms between two on a thread). Two threads processed twelve
groups in 6.9 s where one took 13.4 s; three alternated pairs of 300,000-article runs
took 19.3-21.4 s of processing against 22.2-22.3 s on two local Dask workers, and 69-76
CPU-seconds against 77-81.

Dask is for more than one machine, or a choice: Prefect's Dask task runner
(prefect-dask) spreads the groups over a local cluster of single-threaded worker
processes (``workers``), or over a running cluster named by ``dask_address``. Either
way the same tasks run and stage the same files.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from newsdyads.allocators import (
    WORKER_ALLOCATOR_ENVIRONMENT,
    WORKER_JEMALLOC_CONF,
    worker_jemalloc_conf,
)
from newsdyads.settings import Settings

if TYPE_CHECKING:
    from prefect.task_runners import TaskRunner
    from prefect_dask.task_runners import DaskTaskRunner


def parallel_workers(settings: Settings, groups: int) -> int:
    """How many local Dask worker processes to start for ``groups`` groups (0: none)."""
    if settings.dask_address or settings.workers < 2:
        return 0
    return min(settings.workers, groups) if groups > 1 else 0


def parallel_threads(settings: Settings, groups: int) -> int:
    """How many threads of this process process ``groups`` groups, when no Dask
    cluster does (1: one after another, in the main thread)."""
    return min(batch_threads(settings), max(1, groups))


def batch_threads(settings: Settings) -> int:
    """Threads of this process for its work when no Dask cluster does it: those that
    process groups side by side (``parallel_threads``), or that clean and enrich the
    batches of a group processed alone (``group_task_runner`` is None). ``threads``, or
    one per CPU; one when ``workers`` 1 asked for one thing at a time."""
    if settings.workers == 1:
        return 1
    return max(1, settings.threads or os.cpu_count() or 1)


def group_task_runner(settings: Settings, groups: int) -> TaskRunner[Any] | None:
    """The task runner for ``groups`` file groups: a Dask one (``dask_address``, or
    ``workers`` of 2 or more), else a pool of this process's threads; None when the
    groups go one after another in this process's main thread (``workers`` 1, one
    group, or one CPU), where the parse time limit of a file works."""
    if settings.dask_address:
        return dask_task_runner(settings, 0)
    workers = parallel_workers(settings, groups)
    if workers:
        return dask_task_runner(settings, workers)
    threads = parallel_threads(settings, groups)
    if threads == 1:
        return None
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=threads)


def worker_environment(workers: int) -> dict[str, str]:
    """Environment of each of ``workers`` local worker processes.

    Polars sizes its thread pool to every CPU of the machine, in each process: eight
    workers on sixteen CPUs could run 128 Polars threads. Measured there, the stages
    that use Polars' threads (cleaning, country matching) took 60% more worker time
    with eight workers than with one, single-threaded fastText only 14% more. Each
    worker gets its share of the CPUs instead, unless the user set POLARS_MAX_THREADS.
    """
    share = max(1, (os.cpu_count() or 1) // max(1, workers))
    return {"POLARS_MAX_THREADS": os.environ.get("POLARS_MAX_THREADS", str(share))}


LOCAL_WORKER_CONFIG = {"distributed.worker.profile.enabled": False}
"""Dask settings for the local workers a command starts: no statistical profiler.

Each worker samples its running task's stack every 10 ms for the dashboard's profile
page, on its event loop, holding the GIL: 4.7 s of each worker's main thread in a
million-article run on two cores, and every batch's Python parts waited for it. Nobody
sees the dashboard of a command's own cluster (it is on a random port and goes with
the command); five alternated pairs of 300,000-article runs took 7.7% less process
time without it (24.2 s against 26.2 s). A cluster of the user's own
(``dask_address``) keeps its settings.
"""


def worker_pre_spawn_environment() -> dict[str, Any]:
    """Dask's ``distributed.nanny.pre-spawn-environ`` with our allocator settings.

    Allocators read their settings when the process starts, before a nanny applies
    its ``env``: these are set in the environment each worker is spawned with. A
    glibc variable the user set in ours wins (Dask reads the environment first);
    jemalloc's gets ours after it (``worker_jemalloc_conf``).
    """
    import dask

    current = dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {}
    return {
        **current,
        **WORKER_ALLOCATOR_ENVIRONMENT,
        "_RJEM_MALLOC_CONF": worker_jemalloc_conf(os.environ.get("_RJEM_MALLOC_CONF")),
    }


def local_cluster_kwargs(workers: int) -> dict[str, Any]:
    """How a local Dask cluster of ``workers`` processes is started (one thread each:
    our tasks use Polars' own threads)."""
    return {
        "n_workers": workers,
        "threads_per_worker": 1,
        "processes": True,
        "dashboard_address": ":0",  # any free port: never clash with another cluster
        "silence_logs": logging.ERROR,
        "env": worker_environment(workers),
    }


def dask_task_runner(settings: Settings, workers: int) -> DaskTaskRunner:
    """A Dask task runner: on ``settings.dask_address``, else a local cluster of
    ``workers`` processes."""
    from prefect_dask.task_runners import DaskTaskRunner

    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    import dask

    # For the local workers this command starts (a running cluster has its own).
    spawned = worker_pre_spawn_environment()
    # Nannies send their process's configuration to the workers they start.
    dask.config.set({"distributed.nanny.pre-spawn-environ": spawned, **LOCAL_WORKER_CONFIG})
    # Dask takes a variable already in our environment over its configuration, and
    # Polars wrote its own jemalloc settings there when it was imported: without this,
    # the workers got Polars' half-second decay. Our own jemalloc started long ago.
    os.environ["_RJEM_MALLOC_CONF"] = spawned["_RJEM_MALLOC_CONF"]
    return DaskTaskRunner(cluster_kwargs=local_cluster_kwargs(workers))


__all__ = [
    "LOCAL_WORKER_CONFIG",
    "WORKER_ALLOCATOR_ENVIRONMENT",
    "WORKER_JEMALLOC_CONF",
    "batch_threads",
    "dask_task_runner",
    "group_task_runner",
    "local_cluster_kwargs",
    "parallel_threads",
    "parallel_workers",
    "worker_environment",
    "worker_jemalloc_conf",
    "worker_pre_spawn_environment",
]
