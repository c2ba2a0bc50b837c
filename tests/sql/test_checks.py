"""Each data check in sql/checks catches the violation it exists for."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from newsdyads.sql_files import model
from tasks.aggregate import build_marts, run_checks
from tasks.publish import refresh_countries
from tests.sql.conftest import one_article_warehouse


@pytest.fixture
def warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    """The one-article warehouse with its marts built and every week touched."""
    connection = one_article_warehouse()
    refresh_countries(connection)
    build_marts(connection)
    connection.execute(
        "create temp table touched_weeks as select distinct week_start from articles"
    )
    connection.execute(
        "create temp table touched_months as "
        "select distinct date_trunc('month', published_at)::date as month_start from articles"
    )
    yield connection
    connection.close()


def _offending(connection: duckdb.DuckDBPyConnection, check: str) -> list[tuple]:
    return connection.sql(model("checks", check)).fetchall()


def test_clean_warehouse_passes_every_check(warehouse: duckdb.DuckDBPyConnection):
    assert run_checks(warehouse) == []


def test_pair_written_in_reverse_order_is_caught(warehouse: duckdb.DuckDBPyConnection):
    warehouse.execute(
        "insert into country_pair_weekly values (date '2023-01-30', '2023-W05', 'FRA', 'DEU', 1, 1)"
    )
    assert _offending(warehouse, "country_pair_weekly_ordered_pair") != []


def test_record_not_accounted_for_is_caught(warehouse: duckdb.DuckDBPyConnection):
    warehouse.execute("update input_files set records_read = 2")
    assert _offending(warehouse, "input_records_reconcile") == [("a.jsonl", 2, 1, 0, 0)]


def test_week_that_does_not_match_the_date_is_caught(warehouse: duckdb.DuckDBPyConnection):
    warehouse.execute("update articles set week_start = date '2023-02-06'")
    assert _offending(warehouse, "articles_dated_consistently") != []


def test_evidence_for_a_missing_article_is_caught(warehouse: duckdb.DuckDBPyConnection):
    warehouse.execute(
        "insert into article_countries values "
        "('ghost', 'ITA', 1, 0, false, false, true, ['Italy'], 'r1')"
    )
    assert _offending(warehouse, "article_countries_article_exists") == [("ghost", "ITA")]


def test_evidence_the_run_adds_to_an_article_it_did_not_load_is_caught(
    warehouse: duckdb.DuckDBPyConnection,
):
    loaded = warehouse.sql("select article_id from articles").fetchall()[0][0]
    warehouse.execute("update articles set run_id = 'r0'")  # loaded by an earlier run
    offending = _offending(warehouse, "article_countries_article_exists")
    assert {article_id for article_id, _ in offending} == {loaded}


def test_repeated_weekly_pair_in_a_recomputed_week_is_caught(
    warehouse: duckdb.DuckDBPyConnection,
):
    warehouse.execute("insert into country_pair_weekly select * from country_pair_weekly")
    assert _offending(warehouse, "country_pair_weekly_key_unique") != []


def test_weeks_the_run_did_not_recompute_are_left_to_the_run_that_did(
    warehouse: duckdb.DuckDBPyConnection,
):
    warehouse.execute("insert into country_pair_weekly select * from country_pair_weekly")
    warehouse.execute("delete from touched_weeks")
    assert _offending(warehouse, "country_pair_weekly_key_unique") == []


def test_invalid_country_code_is_caught(warehouse: duckdb.DuckDBPyConnection):
    warehouse.execute(
        "insert into article_countries values "
        "('5f0e2c1a9b7d4e3f8a6c1b2d3e4f5a6b', 'fr', 1, 0, false, false, true, ['France'], 'r1')"
    )
    assert _offending(warehouse, "article_countries_valid_values") != []


def test_quarantine_without_a_reason_is_caught(warehouse: duckdb.DuckDBPyConnection):
    warehouse.execute("insert into quarantine values ('b.txt', '', 'file', ' ', 'r1')")
    assert _offending(warehouse, "quarantine_has_reason") == [("b.txt", "")]


def test_quarantined_file_without_a_quarantine_entry_is_caught(
    warehouse: duckdb.DuckDBPyConnection,
):
    warehouse.execute(
        "insert into input_files values "
        "('c.txt', 'def', 1, 'text', 'quarantined', null, 0, null, null, 'r1')"
    )
    assert _offending(warehouse, "input_files_status_known") == [("c.txt", "quarantined")]


def test_marts_count_articles_per_pair_and_country(warehouse: duckdb.DuckDBPyConnection):
    assert warehouse.sql(
        "select country_a, country_b, articles from country_pair_weekly"
    ).fetchall() == [("DEU", "FRA", 1)]
    assert warehouse.sql("select iso3, articles from country_weekly order by iso3").fetchall() == [
        ("DEU", 1),
        ("FRA", 1),
    ]


def test_run_whose_counts_do_not_add_up_is_caught(warehouse: duckdb.DuckDBPyConnection):
    warehouse.execute(
        "insert into pipeline_runs values ('r1', now(), now(), 1.0, 'succeeded', null, 'in', "
        "3, 0, 1, 0, 1, 5, 3, 0, 1, 0, 2, 1)"
    )
    assert len(_offending(warehouse, "pipeline_runs_reconcile")) == 1


def test_focus_count_above_the_pair_count_is_caught(warehouse: duckdb.DuckDBPyConnection):
    warehouse.execute("update country_pair_weekly_focus set articles = 2")
    assert _offending(warehouse, "country_pair_weekly_breakdowns_reconcile") != []


def test_language_breakdown_that_does_not_add_up_is_caught(
    warehouse: duckdb.DuckDBPyConnection,
):
    warehouse.execute("delete from country_pair_weekly_by_language")
    assert _offending(warehouse, "country_pair_weekly_breakdowns_reconcile") != []


def test_repeated_monthly_pair_is_caught(warehouse: duckdb.DuckDBPyConnection):
    warehouse.execute("insert into country_pair_monthly select * from country_pair_monthly")
    assert _offending(warehouse, "marts_keys_unique")[0][0] == "country_pair_monthly"


def test_country_code_missing_from_the_countries_dimension_is_caught(
    warehouse: duckdb.DuckDBPyConnection,
):
    warehouse.execute(
        "insert into article_countries values "
        "('5f0e2c1a9b7d4e3f8a6c1b2d3e4f5a6b', 'XXA', 1, 0, false, false, false, ['Nowhere'], 'r1')"
    )
    assert _offending(warehouse, "countries_iso3_unique") == [
        ("XXA", "used by articles, not in countries")
    ]


def test_article_id_that_is_not_a_sha256_prefix_is_caught(warehouse: duckdb.DuckDBPyConnection):
    warehouse.execute("update articles set article_id = 'id-1', story_id = 'id-1'")
    assert _offending(warehouse, "articles_ids_well_formed") == [("id-1", "id-1")]


def test_pair_marts_name_each_source_language_and_month_they_count(
    warehouse: duckdb.DuckDBPyConnection,
):
    # A second article about the same pair, from another source, in French, whose
    # source sorts before the first one's: the marts count by number, then name.
    warehouse.execute(
        "insert into articles values ('0a1b2c3d4e5f60718293a4b5c6d7e8f9', "
        "'0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'a.jsonl', 'k2', 'jsonl', 'agence', null, 'fr', "
        "timestamp '2023-02-01 09:00', 'metadata', '2023-W05', date '2023-01-30', 0, 'r1')"
    )
    warehouse.execute(
        "insert into article_countries values "
        "('0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'FRA', 1, 0, false, false, true, ['France'], 'r1'), "
        "('0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'DEU', 1, 9, false, false, true, ['Allemagne'], "
        "'r1')"
    )
    build_marts(warehouse)

    def rows(query: str) -> list[tuple]:
        return warehouse.sql(query).fetchall()

    assert rows(
        "select country_a, country_b, source, articles from country_pair_weekly_by_source "
        "order by source"
    ) == [("DEU", "FRA", "agence", 1), ("DEU", "FRA", "wire", 1)]
    assert rows(
        "select country_a, country_b, language, articles from country_pair_weekly_by_language "
        "order by language"
    ) == [("DEU", "FRA", "en", 1), ("DEU", "FRA", "fr", 1)]
    assert rows(
        "select month, country_a, country_b, articles from country_pair_monthly order by month"
    ) == [
        ("2023-01", "DEU", "FRA", 1),
        ("2023-02", "DEU", "FRA", 1),
    ]
    assert rows("select country_a, country_b, articles, stories from country_pair_weekly") == [
        ("DEU", "FRA", 2, 2)
    ]


def test_copies_of_a_story_count_once_per_week_and_pair(warehouse: duckdb.DuckDBPyConnection):
    story = "5f0e2c1a9b7d4e3f8a6c1b2d3e4f5a6b"  # the warehouse's article, its own story
    articles = [
        ("1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b", story, "2023-02-01 09:00", "2023-W05", "2023-01-30"),
        ("2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c", None, "2023-02-02 09:00", "2023-W05", "2023-01-30"),
        ("3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d", story, "2023-02-07 09:00", "2023-W06", "2023-02-06"),
    ]
    for article_id, story_id, published, iso_week, week_start in articles:
        warehouse.execute(
            "insert into articles values (?, ?, 'a.jsonl', ?, 'jsonl', 'wire', null, 'en', "
            "?::timestamp, 'metadata', ?, ?::date, 0, 'r1')",
            [article_id, story_id or article_id, article_id[:4], published, iso_week, week_start],
        )
        warehouse.execute(
            "insert into article_countries values "
            "(?, 'FRA', 1, 0, false, false, true, ['France'], 'r1'), "
            "(?, 'DEU', 1, 9, false, false, true, ['Germany'], 'r1')",
            [article_id, article_id],
        )
    build_marts(warehouse)

    # Week 5: the story and its copy (one story) and an article of its own; week 6: a
    # later copy, the only article of that story in its week.
    assert warehouse.sql(
        "select iso_week, country_a, country_b, articles, stories from country_pair_weekly "
        "order by week_start"
    ).fetchall() == [("2023-W05", "DEU", "FRA", 3, 2), ("2023-W06", "DEU", "FRA", 1, 1)]
