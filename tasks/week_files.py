"""Weekly marts' Parquet, one file a week, written from one sorted stream.

DuckDB sorts the mart once (the query's ORDER BY, week first) and streams it as Arrow:
each week's rows arrive together and in order, and a pool of threads writes each week
as its file (pyarrow compresses without the GIL) while the next week streams in.

Why not DuckDB's partitioned COPY: it does not keep a sorted query's order inside a
partition (each thread writes its share of a week as it comes: 17 of the 105
by-source files of a 300,000-article run held two sorted runs, in an order that
changed from run to run, so the same rows gave other bytes), and its sorted write (the
copy's ``order_by``) sorts every partition again: 1.5-2.8 s more of a 300,000-article
publish, in three alternated pairs. Written here, that publish's export took 9.6-10.5 s
against 11.1-11.5 s for the partitioned COPY (three alternated pairs, the same rows),
every file sorted and the same bytes in three runs.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tasks.article_texts import PARTITION_COLUMN, value_runs, week_folder


def write_week_files(
    batches: pa.RecordBatchReader | Iterable[pa.RecordBatch],
    target: Path,
    file_name: str,
    *,
    zstd_level: int,
    row_group_rows: int,
    threads: int,
) -> list[Path]:
    """Write rows sorted by ``week_start`` (then by the file's own order) as
    ``target/week_start=…/file_name``, without the week column (it is the folder's
    name, as in DuckDB's hive partitions). Returns the files written, by week.

    At most ``threads`` weeks wait to be written besides those being written, so
    memory holds a few weeks' rows, not the mart.
    """
    files: list[Path] = []
    pending: deque[Future[None]] = deque()
    week_rows: list[pa.RecordBatch] = []
    current: date | None = None
    with ThreadPoolExecutor(max(threads, 1), thread_name_prefix="week-files") as pool:

        def hand_over() -> None:
            path = target / week_folder(current) / file_name
            files.append(path)
            pending.append(
                pool.submit(_write, path, week_rows, zstd_level=zstd_level, rows=row_group_rows)
            )
            while len(pending) > 2 * max(threads, 1):
                pending.popleft().result()

        for batch in batches:
            for week, start, length in value_runs(batch.column(PARTITION_COLUMN)):
                if week_rows and week != current:
                    hand_over()
                    week_rows = []
                current = week
                week_rows.append(batch.slice(start, length))
        if week_rows:
            hand_over()
        for job in pending:
            job.result()
    return files


def _write(path: Path, batches: list[pa.RecordBatch], *, zstd_level: int, rows: int) -> None:
    table = pa.Table.from_batches(batches).drop_columns([PARTITION_COLUMN])
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        table, path, compression="zstd", compression_level=zstd_level, row_group_size=rows
    )


__all__ = ["write_week_files"]
