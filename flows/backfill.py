"""The backfill flow: recompute the weekly marts of a date range from loaded articles.

    recover → rebuild weeks (one transaction: marts of the range, checks; Parquet)

Use it after changing a mart's model, or to repair weeks; it reads no input files.
"""

from __future__ import annotations

from datetime import date, datetime

from prefect import flow

from flows.daily import new_run_id
from newsdyads.settings import Settings
from tasks.publish import RunSummary, rebuild_weeks_task, recover_runs_task
from tasks.remote_publish import catch_up_remote


@flow(name="newsdyads-backfill", validate_parameters=False, log_prints=False)
def backfill_run(settings: Settings, since: date, until: date) -> RunSummary:
    """Rebuild the marts of every ISO week from ``since`` to ``until``; returns the summary."""
    if until < since:
        raise ValueError(f"--until {until} is before --since {since}")
    started_at = datetime.now()
    summary = RunSummary(
        run_id=new_run_id(started_at),
        status="succeeded",
        started_at=started_at,
        finished_at=started_at,
        duration_s=0.0,
        inbox=f"backfill {since}..{until}",
        files_seen=0,
        files_skipped=0,
    )
    recover_runs_task(settings.state_path, settings.runs_dir, settings.parquet_dir)
    result = rebuild_weeks_task(
        settings.state_path,
        settings.parquet_dir,
        summary,
        since,
        until,
        zstd_level=settings.parquet_zstd_level,
    )
    if settings.publish_url:
        catch_up_remote(settings.parquet_dir, settings.publish_url, settings.storage_options)
    return result
