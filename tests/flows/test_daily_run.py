"""The daily flow end to end, through Prefect, on small inboxes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from flows.daily import daily_run
from newsdyads.settings import Settings
from tasks.aggregate import CheckFailure
from tasks.publish import PARQUET_TABLES, DataCheckError, RunSummary
from tests.conftest import DATA_TABLES, data_file, reuters_dir


def _run(inbox: Path, warehouse: Path) -> RunSummary:
    return daily_run(Settings(inbox=inbox, warehouse=warehouse, show_progress=False))


def _query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse / "newsdyads.duckdb"), read_only=True) as connection:
        return connection.sql(sql).fetchall()


def _snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    return {
        table: _query(warehouse, f"select * from {table} order by all") for table in DATA_TABLES
    }


@pytest.fixture(scope="module")
def seed_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("seed")
    (root / "inbox").mkdir()
    shutil.copy(data_file("seed_fr-01.txt"), root / "inbox" / "000_34f256881794425b.txt")
    _run(root / "inbox", root / "warehouse")
    return root / "warehouse"


def test_seed_gives_the_three_pairs_of_week_2023_w05(seed_warehouse: Path):
    rows = _query(
        seed_warehouse,
        "select week_start::varchar, iso_week, country_a, country_b, "
        "articles from country_pair_weekly order by all",
    )
    assert rows == [
        ("2023-01-30", "2023-W05", "BLR", "RUS", 1),
        ("2023-01-30", "2023-W05", "BLR", "UKR", 1),
        ("2023-01-30", "2023-W05", "RUS", "UKR", 1),
    ]


def test_seed_article_is_french_from_fr_01_dated_by_its_date_line(seed_warehouse: Path):
    [row] = _query(
        seed_warehouse,
        "select language, source, date_source, source_file, record_key from articles",
    )
    assert row == ("fr", "fr-01", "text", "000_34f256881794425b.txt", "")


def test_seed_countries_are_exactly_belarus_russia_ukraine(seed_warehouse: Path):
    rows = _query(seed_warehouse, "select iso3 from article_countries order by iso3")
    assert [r[0] for r in rows] == ["BLR", "RUS", "UKR"]


def test_analyst_database_holds_views_over_the_published_parquet(seed_warehouse: Path):
    with duckdb.connect(str(seed_warehouse / "newsdyads.duckdb"), read_only=True) as db:
        views = db.sql("select view_name from duckdb_views() where not internal").fetchall()
    assert sorted(v[0] for v in views) == sorted([*PARQUET_TABLES, "pair_trends"])


def _state_views(warehouse: Path) -> list[str]:
    state = warehouse / "_state" / "newsdyads.duckdb"
    with duckdb.connect(str(state), read_only=True) as db:
        rows = db.sql("select view_name from duckdb_views() where not internal").fetchall()
    return [row[0] for row in rows]


def test_writer_state_keeps_no_view_of_a_runs_deleted_batches(seed_warehouse: Path):
    assert _state_views(seed_warehouse) == []


def test_staged_views_left_in_the_state_by_an_earlier_version_are_dropped(
    seed_inbox: Path, tmp_path: Path
):
    warehouse = tmp_path / "warehouse"
    _run(seed_inbox, warehouse)
    with duckdb.connect(str(warehouse / "_state" / "newsdyads.duckdb")) as db:
        db.execute("create view staged_files as select 1 as gone")
    shutil.copy(data_file("mixed_good_and_bad.jsonl"), seed_inbox / "feed.jsonl")
    _run(seed_inbox, warehouse)
    assert _state_views(warehouse) == []


def test_an_open_analyst_session_does_not_block_the_next_run(seed_inbox: Path, tmp_path: Path):
    warehouse = tmp_path / "warehouse"
    _run(seed_inbox, warehouse)
    with duckdb.connect(str(warehouse / "newsdyads.duckdb"), read_only=True) as analyst:
        shutil.copy(data_file("mixed_good_and_bad.jsonl"), seed_inbox / "feed.jsonl")
        summary = _run(seed_inbox, warehouse)
        assert summary.articles_loaded == 2
        assert analyst.sql("select count(*) from articles").fetchall() == [(3,)]


def test_parquet_is_published_partitioned_by_week(seed_warehouse: Path):
    pairs = pl.read_parquet(
        seed_warehouse / "parquet" / "country_pair_weekly", hive_partitioning=True
    )
    assert pairs.height == 3
    assert (seed_warehouse / "parquet" / "articles" / "week_start=2023-01-30").is_dir()
    assert not (seed_warehouse / "_runs").exists()


def test_run_is_recorded_with_its_counts(seed_warehouse: Path):
    [row] = _query(
        seed_warehouse,
        "select status, files_seen, files_loaded, records_read, "
        "articles_loaded, undated, weeks_touched from pipeline_runs",
    )
    assert row == ("succeeded", 1, 1, 1, 1, 0, 1)


def test_second_run_loads_nothing_and_changes_no_table(seed_inbox: Path, tmp_path: Path):
    warehouse = tmp_path / "warehouse"
    _run(seed_inbox, warehouse)
    before = _snapshot(warehouse)
    summary = _run(seed_inbox, warehouse)
    assert (summary.articles_loaded, summary.files_skipped) == (0, 1)
    assert _snapshot(warehouse) == before


def test_bad_file_is_quarantined_and_the_other_files_load(seed_inbox: Path, tmp_path: Path):
    (seed_inbox / "garbage.sgm").write_bytes(b"\x00\x01 not an sgml file")
    shutil.copy(data_file("mixed_good_and_bad.jsonl"), seed_inbox / "feed.jsonl")
    summary = _run(seed_inbox, tmp_path / "warehouse")
    assert summary.articles_loaded == 3
    assert summary.files_quarantined == 1
    assert summary.quarantined_records == 3
    reasons = _query(
        tmp_path / "warehouse", "select source_file, reason from quarantine where scope = 'file'"
    )
    assert reasons == [("garbage.sgm", "binary content, not text")]


def test_same_record_in_two_files_is_loaded_once_and_counted_as_duplicate(
    inbox: Path, tmp_path: Path
):
    record = {
        "id": "x1",
        "title": "Chile and Peru",
        "text": "Chile and Peru met.",
        "source": "wire",
        "published": "2023-02-02",
    }
    (inbox / "a.jsonl").write_text(json.dumps(record) + "\n")
    (inbox / "b.jsonl").write_text(json.dumps(record) + "\n" + json.dumps({**record, "id": "x2"}))
    summary = _run(inbox, tmp_path / "warehouse")
    assert (summary.articles_loaded, summary.duplicates) == (2, 1)
    assert _query(tmp_path / "warehouse", "select source_file from duplicates") == [("b.jsonl",)]


def test_each_run_counts_the_evidence_rows_it_loaded(inbox: Path, tmp_path: Path):
    record = {"title": "Chile and Peru", "text": "Chile and Peru met in Lima.", "source": "w"}
    (inbox / "a.jsonl").write_text(json.dumps({**record, "id": "a1"}) + "\n")
    first = _run(inbox, tmp_path / "warehouse")
    new_record = {**record, "id": "b1", "title": "Chile", "text": "Chile alone."}
    # a1 again: already loaded, it adds no evidence.
    lines = [json.dumps(new_record), json.dumps({**record, "id": "a1"})]
    (inbox / "b.jsonl").write_text("\n".join(lines) + "\n")
    second = _run(inbox, tmp_path / "warehouse")
    counted = _query(
        tmp_path / "warehouse",
        "select article_countries_loaded from pipeline_runs order by started_at",
    )
    assert (first.article_countries_loaded, second.article_countries_loaded) == (2, 1)
    assert counted == [(2,), (1,)]


def test_failed_check_publishes_nothing(
    seed_inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    warehouse = tmp_path / "warehouse"
    monkeypatch.setattr(
        "tasks.publish.run_checks", lambda connection: [CheckFailure("injected", 1, [("x",)])]
    )
    with pytest.raises(DataCheckError):
        _run(seed_inbox, warehouse)
    state = warehouse / "_state"
    assert _query(state, "select count(*) from articles") == [(0,)]
    assert _query(state, "select status from pipeline_runs") == [("failed",)]
    assert not (warehouse / "parquet" / "articles").exists()
    assert not (warehouse / "newsdyads.duckdb").exists()
    assert not list((warehouse / "_versions").rglob("*.parquet"))  # nor written aside


@pytest.mark.shared_data
def test_reuters_corpus_loads_every_record_and_reloads_nothing(tmp_path: Path):
    corpus = reuters_dir()  # read in place: its README.md is refused as unsupported
    first = _run(corpus, tmp_path / "warehouse")
    assert first.records_read == 21_578
    assert first.articles_loaded + first.quarantined_records + first.duplicates == 21_578
    assert first.articles_loaded >= 21_570
    before = _snapshot(tmp_path / "warehouse")
    second = _run(corpus, tmp_path / "warehouse")
    assert (second.articles_loaded, second.files_skipped) == (0, 23)
    assert _snapshot(tmp_path / "warehouse") == before


def test_batches_left_by_a_crashed_run_are_removed_and_never_loaded(
    seed_inbox: Path, tmp_path: Path
):
    warehouse = tmp_path / "warehouse"
    debris = warehouse / "_runs" / "20230101T000000-deadbeef"
    debris.mkdir(parents=True)
    (debris / "articles-00001.parquet").write_bytes(b"half-written")
    summary = _run(seed_inbox, warehouse)
    assert summary.articles_loaded == 1
    assert not (warehouse / "_runs").exists()


@pytest.mark.parametrize("batch_records", [1, 1000], ids=["separate batches", "one batch"])
def test_record_delivered_twice_with_new_text_keeps_the_evidence_of_the_copy_kept(
    inbox: Path, tmp_path: Path, batch_records: int
):
    record = {
        "id": "x1",
        "text": "Chile and Peru met.",
        "source": "wire",
        "published": "2023-02-02",
    }
    (inbox / "a.jsonl").write_text(json.dumps(record) + "\n")
    (inbox / "b.jsonl").write_text(json.dumps({**record, "text": "Japan and Korea met."}) + "\n")
    warehouse = tmp_path / "warehouse"
    daily_run(
        Settings(inbox=inbox, warehouse=warehouse, batch_records=batch_records, show_progress=False)
    )
    assert _query(warehouse, "select body from articles") == [("Chile and Peru met.",)]
    assert _query(warehouse, "select iso3 from article_countries order by iso3") == [
        ("CHL",),
        ("PER",),
    ]
