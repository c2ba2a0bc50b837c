"""The Parquet files a run writes reconcile with what it loaded (from file metadata)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tasks.publish import written_files_failures
from tests.sql.conftest import one_article_warehouse


@pytest.fixture
def warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    """The one-article warehouse: run r1 loaded one article."""
    connection = one_article_warehouse()
    yield connection
    connection.close()


def _write_articles(connection: duckdb.DuckDBPyConnection, path: Path, bodies: list[str | None]):
    connection.execute(
        "copy (select unnest(?) as body, 'id' as article_id) to ? (format parquet)",
        [bodies, str(path)],
    )
    return [str(path)]


def test_files_holding_the_run_rows_pass(warehouse: duckdb.DuckDBPyConnection, tmp_path: Path):
    files = _write_articles(warehouse, tmp_path / "part.parquet", ["Body"])
    assert written_files_failures(warehouse, {"articles": files}) == []


def test_a_missing_published_row_is_caught(warehouse: duckdb.DuckDBPyConnection, tmp_path: Path):
    warehouse.execute(
        "insert into articles select * replace ('7c3d9e1f2a4b6c8d0e1f2a3b4c5d6e7f' as article_id) "
        "from articles"
    )
    files = _write_articles(warehouse, tmp_path / "part.parquet", ["Body"])
    (failure,) = written_files_failures(warehouse, {"articles": files})
    assert failure.check == "articles_published_rows_reconcile"
    assert failure.sample == [("articles", 2, 1)]


def test_a_published_article_without_body_is_caught(
    warehouse: duckdb.DuckDBPyConnection, tmp_path: Path
):
    files = _write_articles(warehouse, tmp_path / "part.parquet", [None])
    (failure,) = written_files_failures(warehouse, {"articles": files})
    assert failure.check == "articles_published_body_not_null"


def test_no_file_for_rows_the_run_added_is_caught(warehouse: duckdb.DuckDBPyConnection):
    (failure,) = written_files_failures(warehouse, {"article_countries": []})
    assert failure.sample == [("article_countries", 2, 0)]
