"""The daily flow: every new file in the inbox → the published warehouse.

    recover → discover inbox → groups of files, each (in parallel when big):
    ingest → clean → detect language → match countries → stage
    → publish (one transaction: load, marts, checks; Parquet)

Groups are bounded by input size and records are cleaned and enriched in batches of
``batch_records``, so memory stays bounded whatever the inbox holds. A big inbox is
spread over a Dask cluster by Prefect's Dask task runner (``newsdyads.runners``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

from prefect import flow
from prefect.artifacts import create_markdown_artifact
from prefect.futures import as_completed
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from newsdyads import faults
from newsdyads.runners import batch_threads, group_task_runner
from newsdyads.settings import Settings
from newsdyads.summary import summary_markdown
from newsdyads.timing import add_seconds, stage_timer
from tasks.ingest import (
    InboxFiles,
    KnownFiles,
    ReadLimits,
    discover_inbox_task,
    unchanged_known_files_task,
)
from tasks.process import (
    GroupOptions,
    GroupOutcome,
    file_groups,
    process_group_task,
)
from tasks.publish import (
    RunSummary,
    known_files_task,
    publish_run_task,
    recover_runs_task,
)
from tasks.remote_publish import catch_up_remote
from tasks.warm_up import warm_up_in_background

RUN_ARTIFACT_KEY = "newsdyads-run-summary"


def new_run_id(now: datetime) -> str:
    """A run id that sorts by time and is unique: 20230131T181400-1a2b3c4d."""
    return f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"


def _progress(settings: Settings) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,.0f}/{task.total:,.0f} files"),
        TextColumn("{task.fields[articles]:,} articles"),
        TimeElapsedColumn(),
        disable=not settings.show_progress,
        transient=True,
    )


def _process_groups(
    settings: Settings, groups: list[InboxFiles], parameters: dict[str, Any]
) -> Iterator[GroupOutcome]:
    """Process every group, yielding outcomes as they finish.

    One after another in this process's main thread (where the parse time limit
    works) for a small inbox; in parallel otherwise, on this process's threads or a
    Dask cluster (``group_task_runner``).
    """
    runner = group_task_runner(settings, len(groups))
    if runner is None:
        # One group at a time: each group's batches use the CPUs instead (a daily
        # run's one file of 10,000 articles is then two batches side by side).
        alone = {
            **parameters,
            "options": replace(parameters["options"], batch_threads=batch_threads(settings)),
        }
        for number, group in enumerate(groups, 1):
            yield process_group_task(group_number=number, files=group, **alone)
        return
    with runner:
        futures = [
            runner.submit(
                process_group_task,
                parameters={"group_number": number, "files": group, **parameters},
            )
            for number, group in enumerate(groups, 1)
        ]
        for future in as_completed(futures):
            yield future.result()


@flow(name="newsdyads-daily", validate_parameters=False, log_prints=False)
def daily_run(settings: Settings) -> RunSummary:
    """Load every new inbox file into the warehouse and publish it; returns the summary."""
    started_at = datetime.now()
    run_id = new_run_id(started_at)
    # A run's groups are processed in this process unless it goes to Dask: what its
    # first batch would load is loaded while the flow starts (a no-op after the
    # command's own warm-up; wasted, ~1 s of CPU, in a run that goes to Dask workers).
    warm_up_in_background(settings.language_sample_chars, settings.min_language_confidence)
    recover_runs_task(settings.state_path, settings.runs_dir, settings.parquet_dir)
    if settings.publish_url:
        catch_up_remote(settings.parquet_dir, settings.publish_url, settings.storage_options)
    files = discover_inbox_task(settings.inbox, settings.storage_options)
    known: KnownFiles = known_files_task(settings.state_path)
    summary = RunSummary(
        run_id=run_id,
        status="succeeded",
        started_at=started_at,
        finished_at=started_at,
        duration_s=0.0,
        inbox=settings.inbox,
        files_seen=len(files),
        files_skipped=0,
    )
    unchanged = unchanged_known_files_task(InboxFiles(files), known, settings.storage_options)
    summary.files_skipped = len(unchanged)
    groups = [
        InboxFiles(group)
        for group in file_groups(
            [f for f in files if f.source_file not in unchanged], settings.group_bytes
        )
    ]
    parameters = {
        "known": known,
        "limits": ReadLimits(
            settings.max_file_bytes,
            settings.max_record_chars,
            settings.max_parse_seconds,
            settings.max_page_bytes,
        ),
        "options": GroupOptions(
            batch_records=settings.batch_records,
            language_sample_chars=settings.language_sample_chars,
            min_language_confidence=settings.min_language_confidence,
            storage_options=settings.storage_options,
        ),
        "run_dir": f"{settings.staging_location}/{run_id}",
    }
    with _progress(settings) as progress:
        bar = progress.add_task("Reading inbox", total=len(files), articles=0)
        progress.update(bar, advance=len(unchanged))
        with stage_timer(summary.stage_seconds, "process"):
            for outcome in _process_groups(settings, groups, parameters):
                summary.files_skipped += outcome.skipped_files
                add_seconds(summary.stage_seconds, outcome.stage_seconds)
                progress.update(
                    bar,
                    advance=outcome.files.height + outcome.skipped_files,
                    articles=progress.tasks[bar].fields["articles"] + outcome.articles,
                )
        faults.point("after-stage")
        progress.update(bar, description="Publishing")
        with stage_timer(summary.stage_seconds, "publish"):
            published = publish_run_task(
                settings.state_path,
                settings.parquet_dir,
                settings.staging_location + f"/{run_id}",
                summary,
                settings.summary_top_pairs,
                settings.duckdb_memory_limit,
                settings.storage_options,
                settings.publish_url,
                zstd_level=settings.parquet_zstd_level,
            )
    # The run's summary in Prefect's UI (when a server records runs): counts, top pairs.
    create_markdown_artifact(
        key=RUN_ARTIFACT_KEY,
        markdown=summary_markdown(published),
        description=f"newsdyads run {published.run_id}: counts and top country pairs",
    )
    return published


__all__ = ["daily_run", "new_run_id"]
