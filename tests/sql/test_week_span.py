"""The weeks an incremental build reads: those of every article in a touched week or
month, a month's first and last weeks included whole."""

from __future__ import annotations

import datetime

import duckdb

from newsdyads.sql_files import model
from tests.sql.conftest import empty_warehouse


def _warehouse(published: list[str]) -> duckdb.DuckDBPyConnection:
    connection = empty_warehouse()
    for number, day in enumerate(published):
        connection.execute(
            "insert into articles (article_id, story_id, source_file, record_key, format, "
            "published_at, week_start, noise_removed, run_id) values "
            "(?, ?, 'a.jsonl', ?, 'jsonl', ?::timestamp, date_trunc('week', ?::date), 0, 'r1')",
            [f"{number:032x}", f"{number:032x}", str(number), day, day],
        )
    connection.execute("create temp table touched_weeks (week_start date)")
    connection.execute("create temp table touched_months (month_start date)")
    return connection


def _span(connection: duckdb.DuckDBPyConnection) -> list[datetime.date]:
    return [row[0] for row in connection.sql(model("summary", "touched_week_span")).fetchall()]


def test_a_touched_month_spans_the_weeks_of_its_articles_and_no_other():
    connection = _warehouse(["2023-01-31", "2023-02-01", "2023-02-15", "2023-03-10"])
    connection.execute("insert into touched_months values (date '2023-02-01')")
    assert _span(connection) == [datetime.date(2023, 1, 30), datetime.date(2023, 2, 13)]


def test_a_touched_week_spans_itself():
    connection = _warehouse(["2023-01-31", "2023-03-10"])
    connection.execute("insert into touched_weeks values (date '2023-03-06')")
    assert _span(connection) == [datetime.date(2023, 3, 6)]
