"""pair_trends: week-over-week change, share of the week, and the 12-week z-score."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, timedelta

import duckdb
import pytest

from newsdyads.sql_files import model

FIRST_MONDAY = date(2023, 1, 2)


def _week(number: int) -> date:
    return FIRST_MONDAY + timedelta(weeks=number)


@pytest.fixture
def analysts() -> Iterator[duckdb.DuckDBPyConnection]:
    """The published tables pair_trends reads, empty, and the view over them."""
    connection = duckdb.connect()
    connection.execute(
        "create table country_pair_weekly (week_start date, iso_week varchar, "
        "country_a varchar, country_b varchar, articles bigint)"
    )
    connection.execute(
        "create table articles_weekly (week_start date, iso_week varchar, "
        "articles bigint, articles_with_countries bigint)"
    )
    connection.execute(
        "create table countries as select * from (values "
        "('FRA', 'France'), ('ESP', 'Spain')) as t(iso3, name)"
    )
    connection.execute(f"create view pair_trends as {model('analytics', 'pair_trends')}")
    yield connection
    connection.close()


def _load(connection: duckdb.DuckDBPyConnection, counts: dict[int, int], week_total: int = 10):
    """Weekly articles of ESP–FRA by week number; every week from 0 to the last has
    ``week_total`` articles in all."""
    for number in range(max(counts) + 1):
        iso_week = _week(number).strftime("%G-W%V")
        connection.execute(
            "insert into articles_weekly values (?, ?, ?, ?)",
            [_week(number), iso_week, week_total, week_total],
        )
        if counts.get(number):
            connection.execute(
                "insert into country_pair_weekly values (?, ?, 'ESP', 'FRA', ?)",
                [_week(number), iso_week, counts[number]],
            )


def _row(connection: duckdb.DuckDBPyConnection, number: int) -> dict[str, object]:
    relation = connection.sql(
        f"select * from pair_trends where week_start = date '{_week(number)}'"
    )
    (row,) = relation.fetchall()
    return dict(zip(relation.columns, row, strict=True))


def test_change_and_share_count_a_week_without_articles_as_zero(analysts):
    _load(analysts, {0: 2, 2: 5})
    row = _row(analysts, 2)
    assert row["previous_week_articles"] == 0
    assert row["change_from_previous_week"] == 5
    assert row["share_of_articles"] == pytest.approx(0.5)
    assert row["country_b_name"] == "France"


def test_z_score_compares_with_the_twelve_weeks_before(analysts):
    # Weeks 0-11 alternate 1 and 3 articles: mean 2, standard deviation 1.
    _load(analysts, {**{n: 1 if n % 2 == 0 else 3 for n in range(12)}, 12: 5})
    row = _row(analysts, 12)
    assert row["trailing_mean_12w"] == pytest.approx(2.0)
    assert row["trailing_std_12w"] == pytest.approx(1.0)
    assert row["z_score"] == pytest.approx(3.0)
    assert row["unusual"] is True


def test_silent_weeks_pull_the_trailing_mean_down(analysts):
    _load(analysts, {0: 1, 12: 1})
    row = _row(analysts, 12)
    assert row["trailing_mean_12w"] == pytest.approx(round(1 / 12, 3))
    assert row["trailing_std_12w"] == pytest.approx(round(math.sqrt(1 / 12 - 1 / 144), 3))
    assert row["unusual"] is False  # fewer than 3 articles is never unusual


def test_no_z_score_without_twelve_weeks_of_history(analysts):
    _load(analysts, {0: 1, 1: 3, 2: 9})
    row = _row(analysts, 2)
    assert row["z_score"] is None
    assert row["unusual"] is False
