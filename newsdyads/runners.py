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
    return DaskTaskRunner(cluster_kwargs=local_cluster_kwargs(workers))


__all__ = ["dask_task_runner", "local_cluster_kwargs", "parallel_workers", "worker_environment"]
