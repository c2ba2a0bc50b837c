"""The published Parquet: zstd at the level the settings ask for, each week's file of
a weekly mart named and sorted as asked, and the same bytes for the same rows."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq

from tasks.publish import export_version, write_parquet
from tests.conftest import data_file


def _texts(connection: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyRelation:
    """Two thousand article-like rows: the fixtures' texts, each line numbered apart."""
    lines = [
        line
        for name in ("wire_en.txt", "seed_fr-01.txt")
        for line in data_file(name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    bodies = [f"{number} {lines[number % len(lines)]}" for number in range(2000)]
    frame = pl.DataFrame({"article_id": range(2000), "body": bodies})
    return connection.from_arrow(frame.to_arrow()).order("article_id")


def test_published_parquet_is_zstd_at_the_level_asked(tmp_path: Path):
    connection = duckdb.connect()
    texts = _texts(connection)
    write_parquet(connection, texts, tmp_path / "fast.parquet", 1)
    write_parquet(connection, texts, tmp_path / "small.parquet", 19)
    fast, small = (pq.ParquetFile(tmp_path / name) for name in ("fast.parquet", "small.parquet"))
    assert fast.metadata.row_group(0).column(1).compression == "ZSTD"
    assert small.metadata.row_group(0).column(1).total_compressed_size < (
        fast.metadata.row_group(0).column(1).total_compressed_size
    )
    assert pl.read_parquet(tmp_path / "small.parquet").equals(texts.pl())


def _by_source_mart(connection: duckdb.DuckDBPyConnection, seed: int) -> None:
    """A by-source mart of 400,000 rows over three weeks, inserted in random order."""
    connection.execute("set variable run_id = 'r1'")
    connection.execute(f"select setseed({seed / 100})")
    connection.execute(
        """
        create table country_pair_weekly_by_source as
        select
            date '2023-01-02' + 7 * (range % 3)::int as week_start,
            'W' || (range % 3) as iso_week,
            'A' || lpad((range // 3 % 40)::varchar, 2, '0') as country_a,
            'B' || lpad((range // 120 % 50)::varchar, 2, '0') as country_b,
            'src-' || (range // 6000)::varchar as source,
            range as articles
        from range(400000)
        order by random()
        """
    )


def test_each_week_of_a_partitioned_mart_is_sorted_and_written_alike_every_time(tmp_path: Path):
    """Two threads or more, as publishing runs: a partitioned write of a sorted query
    left a week's file in sorted runs, in an order that changed between runs."""
    digests = []
    for attempt in range(2):
        connection = duckdb.connect(config={"threads": 4})
        _by_source_mart(connection, seed=attempt)
        version = tmp_path / f"v{attempt}"
        export_version(connection, version, ["country_pair_weekly_by_source"], zstd_level=1)
        files = sorted(version.rglob("*.parquet"))
        assert [path.relative_to(version).as_posix() for path in files] == [
            f"country_pair_weekly_by_source/week_start={week}/data-0.parquet"
            for week in ("2023-01-02", "2023-01-09", "2023-01-16")
        ]
        for path in files:
            rows = pl.read_parquet(path)
            assert rows.equals(rows.sort("country_a", "country_b", "source")), path
        digests.append([hashlib.sha256(path.read_bytes()).hexdigest() for path in files])
    assert digests[0] == digests[1]
