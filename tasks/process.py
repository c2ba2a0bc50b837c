"""Turn one group of inbox files into staged batches: ingest → clean → enrich → stage.

This is the unit of parallel work. A run splits the inbox into groups of files
(``file_groups``) and each group is processed on its own, in this process or on a
Dask worker, writing its batches to the run's staging folder; only a small
``GroupOutcome`` travels back. Duplicate files across groups of the same run are
resolved later, when the run is published (sql/staging/stg_files.sql).
"""

from __future__ import annotations

import functools
import gc
import math
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from prefect import task
from prefect.cache_policies import NO_CACHE

from newsdyads import faults
from newsdyads.timing import add_seconds, stage_timer
from tasks.clean import clean_records
from tasks.enrich import add_languages, match_countries
from tasks.enrich.stories import story_bands
from tasks.ingest import InboxFile, KnownFiles, ReadLimits, read_files
from tasks.publish import stage_batch

DEFAULT_GROUP_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class GroupOptions:
    """The settings a group needs, small enough to ship to a worker."""

    batch_records: int
    language_sample_chars: int
    min_language_confidence: float
    storage_options: dict[str, Any] = field(default_factory=dict)
    batch_threads: int = 1
    """Threads that clean and enrich the group's batches side by side: more than one
    only for a group processed alone (``flows.daily``), whose CPUs would otherwise
    wait on one batch at a time."""


@dataclass
class GroupOutcome:
    """What processing a group produced (its data is staged, not carried here)."""

    group_number: int
    files: pl.DataFrame
    skipped_files: int
    records: int
    articles: int
    stage_seconds: dict[str, float] = field(default_factory=dict)


def file_groups(files: list[InboxFile], max_bytes: int) -> Iterator[list[InboxFile]]:
    """Consecutive groups of files of at most ``max_bytes`` (a bigger file goes alone).

    Groups keep the inbox order, so "the first file seen with this content" is the
    same whether groups are processed one after another or in parallel.
    """
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


@functools.cache
def freeze_loaded_objects() -> None:
    """Move every object this process holds now out of the garbage collector's sight,
    once per process (``gc.freeze``).

    A worker reaches its first group holding what its imports made (Prefect, Dask,
    Polars, numba: ~200,000 objects) and nothing else; a run processed in the command's
    own process also freezes what its flow holds by then (the known files among it).
    Reading a file makes ~100,000 records that live through a few collections, which
    sets off full collections, each scanning all of those again: one of 0.14 s every
    six batches, none once they are frozen. Three alternated pairs of 300,000-article
    runs used 79.0, 92.9 and 96.8 CPU-seconds against 86.8, 94.3 and 97.3 without it
    (the VM slowing meanwhile). Frozen objects are still freed when nothing refers to
    them; only reference cycles among them are kept.

    "Once" is this function's own memory (``functools.cache``), not
    ``gc.get_freeze_count()``: that count walks every frozen object, 30-45 ms of each
    group in a run's process (270,000 objects), 1.0 s of a 300,000-article run.
    """
    gc.freeze()


def batch_size(records: int, options: GroupOptions) -> int:
    """Records per batch for a group of ``records``: ``options.batch_records``, or
    fewer so that each of ``options.batch_threads`` threads gets a batch."""
    if options.batch_threads <= 1 or records == 0:
        return options.batch_records
    return min(options.batch_records, math.ceil(records / options.batch_threads))


def process_batch(
    records: pl.DataFrame, options: GroupOptions, run_dir: str, name: str
) -> tuple[int, dict[str, float]]:
    """Clean and enrich one batch of records and stage it as ``name``; returns its
    articles and the seconds of each stage."""
    seconds: dict[str, float] = {}
    with stage_timer(seconds, "clean"):
        cleaned = clean_records(records)
    with stage_timer(seconds, "language"):
        cleaned = add_languages(
            cleaned, options.language_sample_chars, options.min_language_confidence
        )
    with stage_timer(seconds, "countries"):
        countries = match_countries(cleaned)
    with stage_timer(seconds, "stories"):
        bands = story_bands(cleaned)
    faults.point("after-enrich")
    with stage_timer(seconds, "stage"):
        stage_batch(
            run_dir,
            name,
            {
                "articles": cleaned.drop("language_hint"),
                "article_countries": countries,
                "story_bands": bands,
            },
            options.storage_options,
        )
    return cleaned.height, seconds


def process_group(
    group_number: int,
    files: Sequence[InboxFile],
    known: KnownFiles,
    limits: ReadLimits,
    options: GroupOptions,
    run_dir: str,
) -> GroupOutcome:
    """Read, clean and enrich ``files``; stage the results under ``run_dir``.

    Records are cleaned and enriched ``options.batch_records`` at a time, so memory is
    bounded by the group's size, not the inbox's. With ``options.batch_threads`` above
    one, that many batches are processed at once, each on a thread (cleaning and
    enrichment are compiled kernels and Polars, which run without the GIL): a daily
    run's one file of 10,000 articles is two batches on two cores. Stage seconds are
    then thread-seconds, as for groups processed on threads.
    """
    freeze_loaded_objects()
    seconds: dict[str, float] = {}
    with stage_timer(seconds, "ingest"):
        batch = read_files(files, known, limits, options.storage_options)
    faults.point("after-ingest")
    with stage_timer(seconds, "stage"):
        stage_batch(
            run_dir,
            f"{group_number:05d}-0000",
            {"files": batch.files, "quarantine": batch.quarantine},
            options.storage_options,
        )
    numbered = enumerate(batch.records.iter_slices(batch_size(batch.records.height, options)), 1)

    def one(number_and_records: tuple[int, pl.DataFrame]) -> tuple[int, dict[str, float]]:
        number, records = number_and_records
        return process_batch(records, options, run_dir, f"{group_number:05d}-{number:04d}")

    if options.batch_threads > 1 and batch.records.height > 0:
        with ThreadPoolExecutor(options.batch_threads, thread_name_prefix="batch") as pool:
            outcomes = list(pool.map(one, numbered))
    else:
        outcomes = list(map(one, numbered))
    articles = 0
    for batch_articles, batch_seconds in outcomes:
        articles += batch_articles
        add_seconds(seconds, batch_seconds)
    return GroupOutcome(
        group_number=group_number,
        files=batch.files,
        skipped_files=batch.skipped_files,
        records=batch.records.height,
        articles=articles,
        stage_seconds=seconds,
    )


process_group_task = task(name="process-files", cache_policy=NO_CACHE)(process_group)

__all__ = [
    "DEFAULT_GROUP_BYTES",
    "GroupOptions",
    "GroupOutcome",
    "batch_size",
    "file_groups",
    "freeze_loaded_objects",
    "process_batch",
    "process_group",
    "process_group_task",
]
