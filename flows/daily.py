"""The daily flow: every new file in the inbox → the published warehouse.

    discover inbox → for each group of files: ingest → clean → detect language →
    match countries → stage → publish (one transaction: load, marts, checks; Parquet)

Files are read in groups bounded by size, and records are cleaned and enriched in
batches of ``batch_records``, so memory stays bounded whatever the inbox holds.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from prefect import flow
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from newsdyads import faults
from newsdyads.settings import Settings
from tasks.clean import clean_records_task
from tasks.enrich import add_languages_task, match_countries_task
from tasks.ingest import InboxFile, ReadLimits, discover_inbox_task, read_files_task
from tasks.publish import (
    RunSummary,
    known_files_task,
    publish_run_task,
    recover_runs_task,
    stage_batch_task,
)

FILE_GROUP_BYTES = 64 * 1024 * 1024


def new_run_id(now: datetime) -> str:
    """A run id that sorts by time and is unique: 20230131T181400-1a2b3c4d."""
    return f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"


def file_groups(
    files: list[InboxFile], max_bytes: int = FILE_GROUP_BYTES
) -> Iterator[list[InboxFile]]:
    """Consecutive groups of files of at most ``max_bytes`` (a bigger file goes alone)."""
    group: list[InboxFile] = []
    size = 0
    for file in files:
        if group and size + file.size > max_bytes:
            yield group
            group, size = [], 0
        group.append(file)
        size += file.size
    if group:
        yield group


@contextmanager
def stage_timer(summary: RunSummary, stage: str) -> Iterator[None]:
    """Add the block's wall time to ``summary.stage_seconds[stage]``."""
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        summary.stage_seconds[stage] = round(summary.stage_seconds.get(stage, 0.0) + elapsed, 3)


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


@flow(name="newsdyads-daily", validate_parameters=False, log_prints=False)
def daily_run(settings: Settings) -> RunSummary:
    """Load every new inbox file into the warehouse and publish it; returns the summary."""
    started_at = datetime.now()
    run_id = new_run_id(started_at)
    run_dir = settings.runs_dir / run_id
    limits = ReadLimits(
        settings.max_file_bytes, settings.max_record_chars, settings.max_parse_seconds
    )

    recover_runs_task(settings.state_path, settings.runs_dir, settings.parquet_dir)
    files = discover_inbox_task(settings.inbox)
    known = known_files_task(settings.state_path)
    summary = RunSummary(
        run_id=run_id,
        status="succeeded",
        started_at=started_at,
        finished_at=started_at,
        duration_s=0.0,
        inbox=str(settings.inbox),
        files_seen=len(files),
        files_skipped=0,
    )
    batch_number = 0
    with _progress(settings) as progress:
        bar = progress.add_task("Reading inbox", total=len(files), articles=0)
        for group in file_groups(files):
            with stage_timer(summary, "ingest"):
                batch = read_files_task(group, known, limits)
            faults.point("after-ingest")
            known.add(batch.files)
            summary.files_skipped += batch.skipped_files
            batch_number += 1
            with stage_timer(summary, "stage"):
                stage_batch_task(
                    run_dir, batch_number, {"files": batch.files, "quarantine": batch.quarantine}
                )
            for records in batch.records.iter_slices(settings.batch_records):
                with stage_timer(summary, "clean"):
                    articles = clean_records_task(records)
                with stage_timer(summary, "language"):
                    articles = add_languages_task(
                        articles, settings.language_sample_chars, settings.min_language_confidence
                    )
                with stage_timer(summary, "countries"):
                    countries = match_countries_task(articles)
                faults.point("after-enrich")
                batch_number += 1
                with stage_timer(summary, "stage"):
                    stage_batch_task(
                        run_dir,
                        batch_number,
                        {
                            "articles": articles.drop("language_hint"),
                            "article_countries": countries,
                        },
                    )
                progress.update(
                    bar, articles=progress.tasks[bar].fields["articles"] + articles.height
                )
            progress.update(bar, advance=len(group))
        faults.point("after-stage")
        progress.update(bar, description="Publishing")
        with stage_timer(summary, "publish"):
            return publish_run_task(
                settings.state_path,
                settings.parquet_dir,
                run_dir,
                summary,
                settings.summary_top_pairs,
            )


__all__ = ["daily_run", "file_groups", "new_run_id", "stage_timer"]
