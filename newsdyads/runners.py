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

WORKER_JEMALLOC_CONF = "dirty_decay_ms:60000,muzzy_decay_ms:60000"
"""Polars' jemalloc in a local worker keeps freed pages a minute before returning them.

Polars itself asks for half a second (``polars/__init__.py``), shorter than the gap
between two batches: each batch faulted its frames' pages in again. Six batches in
one process took 1,190-1,210 ms each with Polars' setting and no glibc settings (101k
page faults, 237 ms of it in the kernel), 1,096 ms with this alone (40k faults) and
1,026-1,083 ms with this and the glibc settings (4-5k faults, 46-49 ms in the kernel),
for ~180 MB more peak RSS.
"""


def worker_jemalloc_conf(current: str | None) -> str:
    """``_RJEM_MALLOC_CONF`` for local workers, given the one in our environment.

    jemalloc takes the last value of an option, and Polars puts its defaults before
    the environment's value when it is imported: ours go last. Idempotent, as one
    process may start several runs (``flows.scheduled``).
    """
    if not current:
        return WORKER_JEMALLOC_CONF
    if current.endswith(WORKER_JEMALLOC_CONF):
        return current
    return f"{current},{WORKER_JEMALLOC_CONF}"


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
    "dask_task_runner",
    "local_cluster_kwargs",
    "parallel_workers",
    "worker_environment",
    "worker_jemalloc_conf",
    "worker_pre_spawn_environment",
]
