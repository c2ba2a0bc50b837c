"""Article texts: staged as Arrow IPC, published by week from the staged rows."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import tasks.article_texts as article_texts
from tasks.article_texts import (
    HIVE_NULL,
    PUBLISHED_SCHEMA,
    staged_article_metadata,
    write_empty_articles,
    write_new_articles,
    write_staged_articles,
)
from tasks.clean import ARTICLE_SCHEMA

WEEKS = [date(2024, 1, 1), date(2024, 1, 8), None]


def _batch(prefix: str, rows: int) -> pl.DataFrame:
    """A staged batch as the workers write it: the cleaned columns plus language."""
    columns = {name: dtype for name, dtype in ARTICLE_SCHEMA.items() if name != "language_hint"}
    weeks = [WEEKS[i % len(WEEKS)] for i in range(rows)]
    data = {
        name: [f"{prefix}-{name}-{i}" for i in range(rows)]
        for name, dtype in columns.items()
        if dtype == pl.String()
    }
    data["published_at"] = [
        None if week is None else datetime(week.year, week.month, week.day, 12) for week in weeks
    ]
    data["week_start"] = weeks
    data["noise_removed"] = list(range(rows))
    frame = pl.DataFrame(data).select([pl.col(name).cast(dtype) for name, dtype in columns.items()])
    return frame.with_columns(language=pl.lit("en"))


def _stage(folder: Path, key: str, frame: pl.DataFrame) -> Path:
    path = folder / f"articles-{key}.arrow"
    with path.open("wb") as output:
        write_staged_articles(frame, output, "uncompressed")
    return path


def _places(paths_and_rows: list[tuple[Path, pl.DataFrame, list[int]]]) -> pa.RecordBatchReader:
    """The loaded rows as sql/publish/new_articles.sql orders them."""
    frames = [
        pl.DataFrame(
            {
                "staged_file": [str(path)] * len(rows),
                "staged_row": rows,
                "week_start": frame["week_start"].gather(rows),
                "story_id": [f"story-{path.stem}-{row}" for row in rows],
                "run_id": ["run-1"] * len(rows),
            },
            schema_overrides={"staged_row": pl.Int64},
        )
        for path, frame, rows in paths_and_rows
    ]
    places = pl.concat(frames).sort(
        "staged_file", "week_start", "staged_row", nulls_last=True, maintain_order=True
    )
    return pa.RecordBatchReader.from_batches(
        places.to_arrow().schema, places.to_arrow().to_batches(max_chunksize=7)
    )


def _published(target: Path) -> pl.DataFrame:
    files = str(target / "**" / "*.parquet")
    return (
        duckdb.sql(f"select * from read_parquet('{files}', hive_partitioning = true)")
        .pl()
        .sort("article_id")
    )


def test_staged_metadata_leaves_the_texts_out_and_gives_each_row_its_place(tmp_path: Path):
    first = _stage(tmp_path, "00001-0001", _batch("a", 3))
    second = _stage(tmp_path, "00002-0001", _batch("b", 2))
    metadata = pl.from_arrow(staged_article_metadata([first, second]))
    assert isinstance(metadata, pl.DataFrame)
    assert not {"title", "body", "dateline"} & set(metadata.columns)
    assert metadata["filename"].to_list() == [str(first)] * 3 + [str(second)] * 2
    assert metadata["file_row_number"].to_list() == [0, 1, 2, 0, 1]
    assert metadata["article_id"].to_list()[3] == "b-article_id-0"


def test_new_articles_are_written_one_file_a_week_with_their_staged_texts(tmp_path: Path):
    batch = _batch("a", 6)
    path = _stage(tmp_path, "00001-0001", batch)
    target = tmp_path / "articles"
    files = write_new_articles(
        _places([(path, batch, [0, 1, 2, 4, 5])]), target, "part-run-1-0.parquet", zstd_level=1
    )
    assert sorted(p.parent.name for p in files) == sorted(
        ["week_start=2024-01-01", "week_start=2024-01-08", f"week_start={HIVE_NULL}"]
    )
    published = _published(target)
    assert published["article_id"].to_list() == [f"a-article_id-{i}" for i in (0, 1, 2, 4, 5)]
    assert published["body"].to_list() == [f"a-body-{i}" for i in (0, 1, 2, 4, 5)]
    assert published["week_start"].to_list() == [WEEKS[i % 3] for i in (0, 1, 2, 4, 5)]
    assert published["story_id"].to_list() == [f"story-{path.stem}-{i}" for i in (0, 1, 2, 4, 5)]


def test_published_article_files_have_the_published_columns_in_order(tmp_path: Path):
    batch = _batch("a", 2)
    path = _stage(tmp_path, "00001-0001", batch)
    files = write_new_articles(
        _places([(path, batch, [0, 1])]), tmp_path / "t", "p.parquet", zstd_level=1
    )
    for file in files:
        schema = pq.read_schema(file)
        assert schema.names == PUBLISHED_SCHEMA.names
        assert pq.ParquetFile(file).metadata.row_group(0).column(9).compression == "ZSTD"


def test_rows_of_many_batches_flushed_often_are_all_written_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(article_texts, "FLUSH_BYTES", 1)
    monkeypatch.setattr(article_texts, "ROW_GROUP_ROWS", 2)
    staged = []
    for number in range(4):
        batch = _batch(f"b{number}", 7)
        staged.append((_stage(tmp_path, f"0000{number}-0001", batch), batch, list(range(7))))
    target = tmp_path / "articles"
    files = write_new_articles(_places(staged), target, "p.parquet", zstd_level=1, threads=2)
    assert len(files) == 3
    published = _published(target)
    assert published.height == 28
    assert published["article_id"].n_unique() == 28
    assert all(
        group.num_rows <= 2
        for file in files
        for group in (
            pq.ParquetFile(file).metadata.row_group(i)
            for i in range(pq.ParquetFile(file).metadata.num_row_groups)
        )
    )


def test_no_new_articles_write_no_file(tmp_path: Path):
    empty = pl.DataFrame(
        schema={
            "staged_file": pl.String,
            "staged_row": pl.Int64,
            "week_start": pl.Date,
            "story_id": pl.String,
            "run_id": pl.String,
        }
    ).to_arrow()
    reader = pa.RecordBatchReader.from_batches(empty.schema, [])
    assert write_new_articles(reader, tmp_path / "articles", "p.parquet", zstd_level=1) == []
    assert not (tmp_path / "articles").exists()


def test_an_empty_articles_file_shows_every_published_column_and_the_week(tmp_path: Path):
    write_empty_articles(tmp_path / "empty.parquet")
    columns = duckdb.sql(f"describe select * from '{tmp_path / 'empty.parquet'}'").fetchall()
    assert [row[0] for row in columns] == [*PUBLISHED_SCHEMA.names, "week_start"]


def test_places_given_as_a_table_are_written_as_from_a_reader(tmp_path: Path):
    batch = _batch("a", 4)
    path = _stage(tmp_path, "00001-0001", batch)
    places = _places([(path, batch, [0, 2, 3])]).read_all()
    write_new_articles(places, tmp_path / "articles", "p.parquet", zstd_level=1)
    assert _published(tmp_path / "articles")["article_id"].to_list() == [
        f"a-article_id-{i}" for i in (0, 2, 3)
    ]
