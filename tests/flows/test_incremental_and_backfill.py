"""Marts are recomputed only for the weeks a run touches, and backfill rebuilds a range."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb

from flows.backfill import backfill_run
from flows.daily import daily_run
from newsdyads.settings import Settings
from newsdyads.sql_files import models
from tasks.aggregate import in_dependency_order


def _article(record_id: str, published: str, text: str) -> str:
    return json.dumps(
        {
            "id": record_id,
            "title": text,
            "text": text,
            "published": published,
            "language": "en",
            "source": "wire",
        }
    )


def _settings(inbox: Path, warehouse: Path) -> Settings:
    return Settings(inbox=inbox, warehouse=warehouse, show_progress=False)


def _mart(warehouse: Path, sql: str) -> list[tuple]:
    """Query the writer's state (the tables the runs maintain)."""
    with duckdb.connect(str(warehouse / "_state" / "newsdyads.duckdb")) as connection:
        return connection.sql(sql).fetchall()


def test_late_article_updates_its_past_week_and_marts_equal_a_full_rebuild(inbox, tmp_path):
    warehouse = tmp_path / "warehouse"
    (inbox / "day1.jsonl").write_text(
        _article("1", "2023-01-03", "France and Spain met.")
        + "\n"
        + _article("2", "2023-01-10", "Chile and Peru met.")
        + "\n"
    )
    daily_run(_settings(inbox, warehouse))
    (inbox / "day2.jsonl").write_text(_article("3", "2023-01-04", "France and Spain met again."))
    summary = daily_run(_settings(inbox, warehouse))
    assert summary.weeks_touched == 1
    pairs = _mart(
        warehouse,
        "select iso_week, country_a, country_b, articles from country_pair_weekly order by all",
    )
    assert pairs == [("2023-W01", "ESP", "FRA", 2), ("2023-W02", "CHL", "PER", 1)]
    assert _marts_equal_a_full_rebuild(warehouse) == []


def _marts_equal_a_full_rebuild(warehouse: Path) -> list[str]:
    """The marts that differ from a rebuild of every mart from all loaded articles."""
    differing = []
    with duckdb.connect(str(warehouse / "_state" / "newsdyads.duckdb")) as connection:
        for name, query in in_dependency_order(models("intermediate")):
            connection.execute(f"create temp view {name} as {query}")
        for name, query in models("marts"):
            full = connection.sql(f"select * from ({query}) order by all").fetchall()
            kept = connection.sql(f"select * from {name} order by all").fetchall()
            if kept != full:
                differing.append(name)
    return differing


def test_article_of_a_month_already_loaded_updates_the_monthly_mart(inbox, tmp_path):
    warehouse = tmp_path / "warehouse"
    (inbox / "day1.jsonl").write_text(_article("1", "2023-01-03", "France and Spain met."))
    daily_run(_settings(inbox, warehouse))
    # Another week, same month: the weekly marts of week 1 stay, January is recomputed.
    (inbox / "day2.jsonl").write_text(_article("2", "2023-01-24", "Spain and France met."))
    daily_run(_settings(inbox, warehouse))
    monthly = _mart(
        warehouse, "select month, country_a, country_b, articles from country_pair_monthly"
    )
    assert monthly == [("2023-01", "ESP", "FRA", 2)]
    assert _marts_equal_a_full_rebuild(warehouse) == []


def test_backfill_rebuilds_the_weeks_of_its_range_only(inbox, tmp_path):
    warehouse = tmp_path / "warehouse"
    (inbox / "day1.jsonl").write_text(
        _article("1", "2023-01-03", "France and Spain met.")
        + "\n"
        + _article("2", "2023-03-07", "Chile and Peru met.")
        + "\n"
    )
    daily_run(_settings(inbox, warehouse))
    _mart(warehouse, "update country_pair_weekly set articles = 99")
    files_before = _mart(warehouse, "select * from input_files order by all")
    summary = backfill_run(_settings(inbox, warehouse), date(2023, 1, 1), date(2023, 1, 31))
    assert summary.weeks_touched == 6  # 2022-12-26 … 2023-01-30
    assert _mart(warehouse, "select iso_week, articles from country_pair_weekly order by all") == [
        ("2023-W01", 1),
        ("2023-W10", 99),
    ]
    assert _mart(warehouse, "select * from input_files order by all") == files_before
    assert _mart(warehouse, "select count(*) from pipeline_runs where inbox like 'backfill%'") == [
        (1,)
    ]


def test_a_run_adds_article_files_and_keeps_the_earlier_ones_untouched(inbox, tmp_path):
    warehouse = tmp_path / "warehouse"
    (inbox / "day1.jsonl").write_text(_article("1", "2023-01-03", "France and Spain met."))
    first = daily_run(_settings(inbox, warehouse))
    published = warehouse / "parquet" / "articles"
    first_files = {p.relative_to(published): p.stat().st_ino for p in published.rglob("*.parquet")}

    (inbox / "day2.jsonl").write_text(_article("2", "2023-01-04", "Chile and Peru met."))
    second = daily_run(_settings(inbox, warehouse))
    second_files = {p.relative_to(published): p.stat().st_ino for p in published.rglob("*.parquet")}

    assert all(second_files.get(name) == inode for name, inode in first_files.items())
    added = set(second_files) - set(first_files)
    assert len(added) == 1
    assert second.run_id in str(added.pop())
    assert first.run_id != second.run_id
