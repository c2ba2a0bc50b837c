"""Weekly marts' files written from one sorted stream (tasks/week_files.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from tasks.week_files import write_week_files


def test_a_week_split_across_batches_is_one_file_with_all_its_rows(tmp_path: Path):
    rows = pl.DataFrame(
        {
            "week_start": [date(2023, 1, 2)] * 3 + [date(2023, 1, 9)] * 4,
            "country_a": ["DEU", "FRA", "GBR", "CHN", "DEU", "FRA", "USA"],
            "articles": [5, 4, 3, 9, 8, 7, 6],
        }
    ).to_arrow()
    batches = [*rows.slice(0, 2).to_batches(), *rows.slice(2, 3).to_batches()]
    batches += rows.slice(5).to_batches()

    files = write_week_files(
        batches, tmp_path, "data-0.parquet", zstd_level=1, row_group_rows=2, threads=2
    )

    assert [path.relative_to(tmp_path).as_posix() for path in files] == [
        "week_start=2023-01-02/data-0.parquet",
        "week_start=2023-01-09/data-0.parquet",
    ]
    second_week = pl.read_parquet(files[1])
    assert second_week.columns == ["country_a", "articles"]
    assert second_week["country_a"].to_list() == ["CHN", "DEU", "FRA", "USA"]
