"""Which Prefect task runner processes a run's file groups.

One process is fastest for a small inbox (no cluster to start); a big inbox is spread
over a Dask cluster through Prefect's Dask task runner (prefect-dask): a local one
with one single-threaded worker process per CPU, or a running cluster named by
``dask_address``. Either way the same tasks run and stage the same files.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from newsdyads.settings import Settings

if TYPE_CHECKING:
    from prefect_dask.task_runners import DaskTaskRunner


def parallel_workers(settings: Settings, groups: int) -> int:
    """How many local worker processes to use for ``groups`` groups (1: no Dask)."""
    if settings.dask_address:
        return 0
    wanted = settings.workers or (os.cpu_count() or 1)
    return max(1, min(wanted, groups))


def dask_task_runner(settings: Settings, workers: int) -> DaskTaskRunner:
    """A Dask task runner: on ``settings.dask_address``, else a local cluster of
    ``workers`` processes (one thread each: our tasks use Polars' own threads)."""
    from prefect_dask.task_runners import DaskTaskRunner

    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": workers,
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": ":0",  # any free port: never clash with another cluster
            "silence_logs": logging.ERROR,
        }
    )


__all__ = ["dask_task_runner", "parallel_workers"]
