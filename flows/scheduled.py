"""The scheduled daily job: what `newsdyads serve` runs on its cron schedule.

A thin flow around the daily flow that takes plain parameters (a deployment stores
them as JSON), waits for the writer lock instead of failing when a manual run is still
going, and retries on failure: transient I/O errors (a full disk, a network share
gone for a moment) pass on retry, and the warehouse is unchanged by a failed attempt.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from prefect import flow
from prefect.deployments.runner import RunnerDeployment

from flows.daily import daily_run
from newsdyads.lock import writer_lock
from newsdyads.settings import Settings
from newsdyads.storage import is_remote

DEFAULT_CRON = "0 6 * * *"
DEPLOYMENT_NAME = "daily"


@flow(name="newsdyads-scheduled", retries=2, retry_delay_seconds=300, log_prints=False)
def scheduled_daily_run(inbox: str, warehouse: str, lock_wait_s: float = 3600) -> dict[str, Any]:
    """Load the inbox into the warehouse, once the warehouse is free; returns the summary."""
    settings = Settings(inbox=inbox, warehouse=Path(warehouse), show_progress=False)
    with writer_lock(settings.warehouse, wait_s=lock_wait_s):
        summary = daily_run(settings)
    return {k: v for k, v in asdict(summary).items() if k != "top_pairs"}


def build_deployment(settings: Settings, cron: str = DEFAULT_CRON) -> RunnerDeployment:
    """The deployment `newsdyads serve` runs: the scheduled flow on ``cron``."""
    deployment = scheduled_daily_run.to_deployment(
        name=DEPLOYMENT_NAME,
        cron=cron,
        parameters={
            "inbox": (
                settings.inbox if is_remote(settings.inbox) else str(Path(settings.inbox).resolve())
            ),
            "warehouse": str(settings.warehouse.resolve()),
        },
        description="Load new inbox files into the newsdyads warehouse.",
        tags=["newsdyads"],
    )
    if not isinstance(deployment, RunnerDeployment):  # the async variant, never here
        raise TypeError("expected a RunnerDeployment from a synchronous call")
    return deployment
