"""The published Parquet is zstd-compressed at the level the settings ask for."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq

from tasks.publish import write_parquet
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


def test_partitioned_parquet_names_its_files_as_asked(tmp_path: Path):
    connection = duckdb.connect()
    texts = connection.sql("select range % 2 as half, range as n from range(10)")
    write_parquet(
        connection,
        texts,
        tmp_path / "out",
        1,
        "partition_by (half), filename_pattern 'part-r1-{i}'",
    )
    assert sorted(
        p.relative_to(tmp_path / "out").as_posix()
        for p in (tmp_path / "out").rglob("*")
        if p.is_file()
    ) == ["half=0/part-r1-0.parquet", "half=1/part-r1-0.parquet"]
