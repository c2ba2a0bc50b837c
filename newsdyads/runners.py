"""Which Prefect task runner processes a run's file groups.

One process is fastest for a small inbox (no cluster to start); a big inbox is spread
over a Dask cluster through Prefect's Dask task runner (prefect-dask): a local one
with one single-threaded worker process per CPU, or a running cluster named by
``dask_address``. Either way the same tasks run and stage the same files.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from newsdyads.settings import Settings

if TYPE_CHECKING:
    from prefect_dask.task_runners import DaskTaskRunner


def parallel_workers(settings: Settings, groups: int) -> int:
    """How many local worker processes to use for ``groups`` groups (1: no Dask)."""
    if settings.dask_address:
        return 0
    wanted = settings.workers or (os.cpu_count() or 1)
    return max(1, min(wanted, groups))


WORKER_ALLOCATOR_ENVIRONMENT = {
    # glibc: allocations below 1 GiB come from the heap (not one mmap each, returned
    # at free), and the heap keeps up to 4 GiB of freed memory at its top. Dask's
    # nannies set MALLOC_TRIM_THRESHOLD_=65536 instead, which suits long-lived workers
    # holding data between tasks, not ours, which build and drop the same few hundred
    # megabytes for every batch.
    "MALLOC_MMAP_THRESHOLD_": str(1 << 30),
    "MALLOC_TRIM_THRESHOLD_": str(1 << 32),
    # Polars' jemalloc keeps freed pages a minute before returning them (10 s by
    # default, longer than a batch's gap but not a group's).
    "_RJEM_MALLOC_CONF": "dirty_decay_ms:60000,muzzy_decay_ms:60000",
}
"""How a local worker's allocators keep the memory a batch freed for the next one
(``worker_pre_spawn_environment``).

Returned memory comes back as fresh pages, which the kernel zeroes on first touch:
on a 2-core laptop that was a fifth of each worker's CPU time (15.6 of 71 s in a
million-article run), and six groups in one process with Dask's settings took 1.55 s
of system time against 0.19 s with these (minor page faults 674,000 -> 17,500), for
~100 MB more peak RSS a worker. In a million-article run on 2 workers, the workers'
page faults went from 12.8M to 7.9M and the process stage took ~2 s less.
"""


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


def worker_pre_spawn_environment() -> dict[str, Any]:
    """Dask's ``distributed.nanny.pre-spawn-environ`` with our allocator settings.

    Allocators read their settings when the process starts, before a nanny applies
    its ``env``: these are set in the environment each worker is spawned with. A
    variable the user set in ours wins (Dask reads the environment first).
    """
    import dask

    current = dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {}
    return {**current, **WORKER_ALLOCATOR_ENVIRONMENT}


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
    dask.config.set({"distributed.nanny.pre-spawn-environ": worker_pre_spawn_environment()})
    return DaskTaskRunner(cluster_kwargs=local_cluster_kwargs(workers))


__all__ = [
    "WORKER_ALLOCATOR_ENVIRONMENT",
    "dask_task_runner",
    "local_cluster_kwargs",
    "parallel_workers",
    "worker_environment",
    "worker_pre_spawn_environment",
]
