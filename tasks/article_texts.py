"""Article texts: staged by the workers as Arrow IPC, published as week-partitioned Parquet.

The texts (title, body, dateline) are most of a run's bytes and only the published
Parquet holds them (sql/schema/articles.sql). Each batch's articles are staged as an
uncompressed Arrow IPC file, which the publishing process memory-maps: DuckDB scans
the articles' other columns from it without ever reading a text
(``staged_article_metadata``), and ``write_new_articles`` takes the loaded rows' texts
straight from it into the week partitions.

Why not DuckDB's partitioned COPY, which wrote them before: for a million articles it
took 17.4 s on two cores (33.9 CPU-s: its partitioning sort copies every text once
more before the Parquet writer copies and compresses them); these writers take
13.4-16.1 s (25.5-28.5 CPU-s, 40% of it zstd) for the same files, publishing the
same staged run on the same machine. A batch reads once, in order; its rows are
grouped by week and buffered until the batches read since the last flush hold
``FLUSH_BYTES`` of rows, then every week's buffer is written as row groups of its
week's file by a pool of threads (pyarrow compresses without the GIL), so memory is
bounded by ``FLUSH_BYTES``, not by the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import IO, Any, Literal

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

TEXT_COLUMNS = ("title", "body", "dateline")
"""Staged columns that only the published Parquet holds."""
STAGED_SUFFIX = ".arrow"
PARTITION_COLUMN = "week_start"
HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"
"""The folder name of rows without a week, as DuckDB and Spark write it."""
PUBLISHED_SCHEMA = pa.schema(
    [
        ("article_id", pa.large_string()),
        ("story_id", pa.large_string()),
        ("source_file", pa.large_string()),
        ("record_key", pa.large_string()),
        ("format", pa.large_string()),
        ("source", pa.large_string()),
        ("url", pa.large_string()),
        ("language", pa.large_string()),
        ("title", pa.large_string()),
        ("body", pa.large_string()),
        ("dateline", pa.large_string()),
        ("published_at", pa.timestamp("us")),
        ("date_source", pa.large_string()),
        ("iso_week", pa.large_string()),
        ("noise_removed", pa.int32()),
        ("run_id", pa.large_string()),
    ]
)
"""The columns of a published articles file (its week is its folder's name)."""
STATISTICS_COLUMNS = [name for name in PUBLISHED_SCHEMA.names if name != "body"]
"""Min/max for every column a reader may filter on; a body's would be kilobytes."""
PLACE_COLUMNS = ("story_id", "run_id")
"""Published columns that come from the warehouse, not from the staged row."""
ROW_GROUP_ROWS = 1024
"""At most this many rows a row group: ~3 MB of texts, what one week's partition of
DuckDB's writer flushed at."""
FLUSH_BYTES = 192 * 2**20
"""Staged bytes read (about six batches of 10,000 articles) before every week's rows
are written: the memory the writer holds, and what sets its row groups' size."""


def write_staged_articles(
    frame: pl.DataFrame, output: str | IO[bytes], compression: Literal["lz4", "uncompressed"]
) -> None:
    """Stage one batch's articles as Arrow IPC, in plain large strings (the oldest
    layout: pyarrow takes rows from it, which it cannot from string views)."""
    frame.write_ipc(output, compression=compression, compat_level=pl.CompatLevel.oldest())


def _read(path: Path) -> pa.Table:
    """A staged batch, memory-mapped: an uncompressed file's columns are not read until
    used, and those dropped never are. (Asking the IPC reader for some fields copies
    them, and more, out of the map; lz4 files, staged remotely, are inflated whole, one
    at a time.)"""
    return ipc.open_file(pa.memory_map(str(path))).read_all()


def staged_article_metadata(paths: Iterable[Path]) -> pa.Table:
    """The staged articles without their texts, with each row's place: ``filename``
    (the batch's path) and ``file_row_number``, as DuckDB's Parquet reader names them.
    The texts stay in the mapped files, unread."""
    parts = []
    for path in paths:
        table = _read(path).drop_columns(list(TEXT_COLUMNS))
        rows = table.num_rows
        table = table.append_column("filename", pa.array([str(path)] * rows, pa.string()))
        table = table.append_column("file_row_number", pa.array(np.arange(rows, dtype=np.int64)))
        parts.append(table)
    return pa.concat_tables(parts)


def write_empty_articles(path: Path) -> None:
    """An articles file without rows (with its week as a column, as the file of an
    unpartitioned table), so readers of a warehouse without articles see the columns."""
    schema = PUBLISHED_SCHEMA.append(pa.field(PARTITION_COLUMN, pa.date32()))
    pq.write_table(schema.empty_table(), path, compression="zstd")


def week_folder(week: date | None) -> str:
    """The hive folder of a week's files (``week_start=2023-01-30``), as DuckDB names it."""
    return f"{PARTITION_COLUMN}={HIVE_NULL if week is None else week.isoformat()}"


class _WeekWriters:
    """One Parquet file per week under ``target``, written by a pool of threads.

    Each flush hands every buffered week to the pool as one job, once the previous
    flush's jobs are done, so a file is only ever written by one thread at once.
    """

    def __init__(self, target: Path, file_name: str, zstd_level: int, threads: int) -> None:
        self.target = target
        self.file_name = file_name
        self.zstd_level = zstd_level
        self.pool = ThreadPoolExecutor(max(threads, 1), thread_name_prefix="article-texts")
        self.writers: dict[date | None, pq.ParquetWriter] = {}
        self.jobs: dict[date | None, Future[None]] = {}
        self.files: list[Path] = []

    def _write(self, week: date | None, parts: list[pa.Table]) -> None:
        writer = self.writers.get(week)
        if writer is None:
            path = self.target / week_folder(week) / self.file_name
            path.parent.mkdir(parents=True, exist_ok=True)
            writer = pq.ParquetWriter(
                path,
                PUBLISHED_SCHEMA,
                compression="zstd",
                compression_level=self.zstd_level,
                # Plain encoding: zstd packs the few-valued columns (format, language,
                # run_id...) as small; dictionary-encoding them made the million
                # articles' files 0.03% smaller and their writing 0.5-2.6 s slower
                # (10.4-12.9 s against 9.9-10.3, four alternated pairs).
                use_dictionary=False,
                write_statistics=STATISTICS_COLUMNS,
            )
            self.writers[week] = writer
            self.files.append(path)
        writer.write_table(pa.concat_tables(parts), row_group_size=ROW_GROUP_ROWS)

    def flush(self, buffers: dict[date | None, list[pa.Table]]) -> None:
        """Hand every buffered week to the pool, once the previous flush is written:
        at most two flushes' rows are held, however far reading runs ahead."""
        for job in self.jobs.values():
            job.result()
        for week, parts in buffers.items():
            self.jobs[week] = self.pool.submit(self._write, week, parts)

    def close(self) -> list[Path]:
        """Wait for every job, close the files; the paths written, in writing order.
        A job's error is raised here, after every file is closed."""
        try:
            for job in self.jobs.values():
                job.result()
        finally:
            self.pool.shutdown(wait=True)
            for writer in self.writers.values():
                writer.close()
        return self.files


def write_new_articles(
    places: pa.RecordBatchReader | pa.Table,
    target: Path,
    file_name: str,
    *,
    zstd_level: int,
    threads: int = os.cpu_count() or 1,
) -> list[Path]:
    """Write the run's new articles, with their texts, as ``target/week_start=…/file_name``.

    ``places`` are the loaded rows: ``staged_file``, ``staged_row``, ``week_start``,
    ``story_id`` and ``run_id``, ordered by ``staged_file``, then ``week_start`` (nulls last), then
    ``staged_row`` (sql/publish/new_articles.sql). Every other published column is
    the staged row's own. Returns the files written (none for no rows).
    """
    writers = _WeekWriters(target, file_name, zstd_level, threads)
    buffers: dict[date | None, list[pa.Table]] = {}
    buffered = 0
    try:
        for staged_file, rows in _by_staged_file(places):
            batch = _read(Path(staged_file))
            taken = batch.take(rows["staged_row"])
            published = pa.table(
                {
                    name: rows[name] if name in PLACE_COLUMNS else taken[name]
                    for name in PUBLISHED_SCHEMA.names
                }
            ).cast(PUBLISHED_SCHEMA)
            del batch, taken
            weeks = rows["week_start"]
            for week, start, length in value_runs(weeks):
                buffers.setdefault(week, []).append(published.slice(start, length))
            buffered += published.nbytes
            if buffered >= FLUSH_BYTES:
                writers.flush(buffers)
                buffers, buffered = {}, 0
        writers.flush(buffers)
    finally:
        files = writers.close()
    return files


def _by_staged_file(places: pa.RecordBatchReader | pa.Table) -> Iterator[tuple[str, pa.Table]]:
    """The places' rows, one table per staged file (the batches need not align with
    the files). A relation's ``arrow()`` is a reader in DuckDB 2.0, a table in some
    earlier versions: both are taken."""
    pending: list[pa.RecordBatch] = []
    current = ""
    batches = places.to_batches() if isinstance(places, pa.Table) else places
    for record_batch in batches:
        for name, start, length in value_runs(record_batch.column("staged_file")):
            if name != current and pending:
                yield current, pa.Table.from_batches(pending)
                pending = []
            current = name
            pending.append(record_batch.slice(start, length))
    if pending:
        yield current, pa.Table.from_batches(pending)


def value_runs(values: pa.Array | pa.ChunkedArray) -> Iterator[tuple[Any, int, int]]:
    """(value, first row, row count) of each run of equal values, in order."""
    series = pl.Series(values)
    if series.is_empty():
        return
    changes = (np.flatnonzero(series.ne_missing(series.shift(1)).to_numpy()[1:]) + 1).tolist()
    for start, end in zip([0, *changes], [*changes, len(series)], strict=True):
        yield series[start], start, end - start


__all__ = [
    "PUBLISHED_SCHEMA",
    "STAGED_SUFFIX",
    "TEXT_COLUMNS",
    "staged_article_metadata",
    "value_runs",
    "week_folder",
    "write_empty_articles",
    "write_new_articles",
    "write_staged_articles",
]
