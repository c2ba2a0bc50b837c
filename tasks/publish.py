"""Publish: stage each batch as Parquet, then load a run into the warehouse at once.

A run writes its batches to warehouse/_runs/<run_id>/ as it goes. Publishing loads
them into DuckDB in one transaction (staging → inserts → marts → checks → commit),
then writes the Parquet tables to a staging folder and moves each into place. If a
check fails, the transaction is rolled back and nothing is published.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import IO, Any, Literal, NoReturn

import duckdb
import polars as pl
from prefect import task
from prefect.cache_policies import NO_CACHE

from newsdyads import faults
from newsdyads.allocators import return_freed_memory
from newsdyads.reference import REFERENCE_DIR
from newsdyads.sql_files import model, models
from newsdyads.storage import filesystem, is_remote
from newsdyads.timing import stage_timer
from tasks.aggregate import (
    TOUCHED_WEEKS,
    CheckFailure,
    build_marts,
    in_dependency_order,
    run_checks,
    temp_kind,
)
from tasks.article_texts import (
    STAGED_SUFFIX,
    staged_article_metadata,
    write_empty_articles,
    write_new_articles,
    write_staged_articles,
)
from tasks.enrich.stories import MIN_SHARED_BANDS, assign_stories
from tasks.ingest.read import KnownFiles
from tasks.remote_publish import publish_remote
from tasks.week_files import write_week_files

MART_TABLES = tuple(name for name, _ in models("marts"))
STAGING_MODELS = (
    "stg_files",
    "stg_quarantine",
    "stg_articles",
    "stg_new_articles",
    "stg_new_story_bands",
    "stg_story_matches",
    "stg_duplicate_records",
    "stg_new_article_countries",
)
STAGING_VIEWS = frozenset({"stg_new_article_countries"})
"""Staging models read once, by their insert: views, not temp tables. Materializing a
million articles' evidence first, then copying it into article_countries, was 1.5 s
more of publishing."""
# Published tables, the column their Parquet is partitioned by (week_start or none: a
# week's files are written by tasks/week_files.py, articles' by tasks/article_texts.py),
# and their sort order.
PARQUET_TABLES: dict[str, tuple[str | None, str]] = {
    "articles": ("week_start", "week_start, article_id"),
    "article_countries": (None, "article_id, iso3"),
    "country_pair_weekly": ("week_start", "week_start, country_a, country_b"),
    "country_pair_weekly_focus": ("week_start", "week_start, country_a, country_b"),
    "country_pair_weekly_by_language": (
        "week_start",
        "week_start, country_a, country_b, language",
    ),
    "country_pair_weekly_by_source": ("week_start", "week_start, country_a, country_b, source"),
    "country_pair_monthly": (None, "month_start, country_a, country_b"),
    "country_weekly": ("week_start", "week_start, iso3"),
    "articles_weekly": (None, "week_start"),
    "sources": (None, "articles desc, source"),
    "countries": (None, "iso3"),
    "input_files": (None, "run_id, source_file"),
    "quarantine": (None, "run_id, source_file, record_key"),
    "duplicates": (None, "run_id, source_file, record_key"),
    "pipeline_runs": (None, "started_at, run_id"),
}
NARROW_ROW_GROUP_ROWS = 65536
"""Rows of a row group of a weekly mart's file (tasks/week_files.py): the marts' narrow
rows in row groups large enough to read well, as DuckDB's partitioned write flushed
them. (Articles, with their texts, are written by tasks/article_texts.py.)"""
APPENDED_TABLES = frozenset(
    {"articles", "article_countries", "input_files", "quarantine", "duplicates"}
)
"""Tables whose published rows never change: each run adds files, rewrites none."""
PUBLISHED_NOT_NULL = {"articles": ("body",)}
"""Columns of appended tables that only the published Parquet holds, and that must be
set: checked on the files a run writes (the warehouse state has no copy to check)."""
EMPTY_FILE_PREFIX = "empty-"
STAGED_KINDS = ("articles", "article_countries", "quarantine", "files", "story_bands")
VERSIONS_DIR = "_versions"
READER_DATABASE = "newsdyads.duckdb"
COMPLETE_MARKER = "_COMPLETE"


class DataCheckError(RuntimeError):
    """The run's data broke the warehouse contract; nothing was published."""

    def __init__(self, failures: list[CheckFailure]) -> None:
        self.failures = failures
        super().__init__("data checks failed: " + "; ".join(str(f) for f in failures))


@dataclass
class RunSummary:
    """What a run did, as recorded in pipeline_runs, plus the top pairs it touched."""

    run_id: str
    status: str
    started_at: datetime
    finished_at: datetime
    duration_s: float
    inbox: str
    files_seen: int
    files_skipped: int
    files_loaded: int = 0
    files_duplicate: int = 0
    files_quarantined: int = 0
    records_read: int = 0
    articles_loaded: int = 0
    duplicates: int = 0
    quarantined_records: int = 0
    undated: int = 0
    article_countries_loaded: int = 0
    weeks_touched: int = 0
    error: str | None = None
    top_pairs: list[tuple[str, str, str, str, int]] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    """Wall time per stage (ingest, clean, language, countries, stage, publish)."""


def connect(duckdb_path: Path, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for writing, creating its tables when they do not exist.

    ``memory_limit`` caps DuckDB's buffers (it spills to disk beyond), so loading a
    big run keeps the process within a laptop's memory.
    """
    duckdb_path.parent.mkdir(parents=True, exist_ok=True)
    config: dict[str, str | bool | int | float | list[str]] = (
        {"memory_limit": memory_limit} if memory_limit else {}
    )
    config["preserve_insertion_order"] = False
    connection = duckdb.connect(str(duckdb_path), config=config)
    # The buffer pool's blocks come from a pool as big as the memory limit, reserved
    # once and touched only as used: most blocks a query frees stay for the next one
    # instead of going back to the system to be faulted in again (publishing a million
    # articles took a million page faults and 2.5 s of kernel time fewer). DuckDB still
    # hands pool blocks back when it evicts (BufferPool::EvictBlocks ->
    # BlockAllocator::TryFlushDeallocated): most of the 3.7M faults left. Set from the
    # limit as DuckDB reads it: the setting takes no percentage of memory.
    connection.execute("set block_allocator_memory = current_setting('memory_limit')")
    for _, ddl in models("schema"):
        connection.execute(ddl)
    stale = _stale_tables(connection)
    if stale:
        connection.close()
        raise WarehouseSchemaError(duckdb_path, stale)
    return connection


class WarehouseSchemaError(RuntimeError):
    """The warehouse was written by a version of newsdyads with other table columns."""

    def __init__(self, path: Path, stale: list[str]) -> None:
        super().__init__(
            f"{path} was written by another version of newsdyads (tables with other "
            f"columns: {', '.join(stale)}). Move its warehouse folder aside and run again: "
            "the inbox's files are read anew into a fresh warehouse."
        )


def check_schema(duckdb_path: Path) -> None:
    """Raise ``WarehouseSchemaError`` now if an existing warehouse has other columns, so a
    run stops before it starts rather than in its first task."""
    if duckdb_path.exists():
        with connect(duckdb_path):
            pass


@cache
def _expected_columns() -> dict[str, list[str]]:
    """Each state table's columns, as sql/schema creates them."""
    with duckdb.connect() as blank:
        for _, ddl in models("schema"):
            blank.execute(ddl)
        return {
            name: [row[0] for row in blank.sql(f"describe {name}").fetchall()]
            for name, _ in models("schema")
        }


def _stale_tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """The state tables whose columns differ from what sql/schema creates (a warehouse
    from another version: ``create table if not exists`` kept its old tables)."""
    return [
        name
        for name, columns in _expected_columns().items()
        if [row[0] for row in connection.sql(f"describe {name}").fetchall()] != columns
    ]


def known_files(duckdb_path: Path) -> KnownFiles:
    """The files the warehouse has already handled (see ``KnownFiles``)."""
    known = KnownFiles()
    if not duckdb_path.exists():
        return known
    with connect(duckdb_path) as connection:  # the run holds the writer lock
        known.add(connection.sql(model("summary", "known_files")).pl())
    return known


def stage_batch(
    run_dir: str | Path,
    batch_key: str,
    frames: dict[str, pl.DataFrame],
    storage_options: dict[str, Any] | None = None,
) -> None:
    """Write one batch's frames (any of ``STAGED_KINDS``) as Parquet in the run's folder.

    ``run_dir`` may be an fsspec URL, so Dask workers on other machines can stage into
    shared storage. Staged files are read once, whole, by the publish step: on a
    local disk they are written uncompressed and without statistics (a third of the
    time of lz4 with statistics, half again as many bytes, deleted after the run);
    remote staging is lz4-compressed, as bytes cost more there than time. Articles
    are staged as Arrow IPC (tasks/article_texts.py), the rest as Parquet.
    """
    fs, root = filesystem(run_dir, **(storage_options or {}))
    fs.makedirs(root, exist_ok=True)
    compression: Literal["lz4", "uncompressed"] = (
        "lz4" if is_remote(str(run_dir)) else "uncompressed"
    )
    for kind, frame in frames.items():
        if kind not in STAGED_KINDS:
            raise ValueError(f"unknown staged kind {kind!r}")
        suffix = STAGED_SUFFIX if kind == "articles" else ".parquet"
        path = f"{root}/{kind}-{batch_key}{suffix}"
        if compression == "uncompressed":
            # A local file is written by Polars itself, not through a Python file
            # object (fsspec's): a batch's 38 MB of articles took 128 ms that way
            # against 108 ms (18 alternated batches, each to a new file).
            _write_staged(kind, frame, path, compression)
            continue
        with fs.open(path, "wb") as output:
            _write_staged(kind, frame, output, compression)


def _write_staged(
    kind: str,
    frame: pl.DataFrame,
    output: str | IO[bytes],
    compression: Literal["lz4", "uncompressed"],
) -> None:
    if kind == "articles":
        write_staged_articles(frame, output, compression)
    else:
        frame.write_parquet(output, compression=compression, statistics=False)


def sql_string(text: str) -> str:
    """``text`` as a SQL string literal (for paths in DDL, where no parameter can go)."""
    return "'" + text.replace("'", "''") + "'"


def _register_staged(connection: duckdb.DuckDBPyConnection, run_dir: Path) -> None:
    """Expose the run's staged batches as staged_<kind> views (empty tables if none)."""
    empty_like = {
        "articles": (
            "select * exclude (run_id, story_id), "
            "'' as filename, 0::bigint as file_row_number from articles where false"
        ),
        "article_countries": (
            "select * exclude (run_id), '' as filename from article_countries where false"
        ),
        "quarantine": "select * exclude (run_id) from quarantine where false",
        "files": "select * exclude (run_id) from input_files where false",
        "story_bands": "select *, '' as filename from article_bands where false",
    }
    for kind in STAGED_KINDS:
        suffix = STAGED_SUFFIX if kind == "articles" else ".parquet"
        paths = sorted(str(p) for p in run_dir.glob(f"{kind}-*{suffix}"))
        name = f"staged_{kind}"
        # Earlier versions left these views in the state database (a relation's
        # create_view is persistent), reading the deleted batches of their run.
        connection.execute(f"drop view if exists main.{name}")
        if paths and kind == "articles":
            # Articles keep their place (file, row): their texts are taken from it when
            # published. Their other columns are scanned from the mapped batches.
            connection.register(name, staged_article_metadata(map(Path, paths)))
        elif paths:
            # Evidence and story keys keep their file: those of an article's kept copy
            # are the ones in the batch its text came from. A temp view: it reads
            # this run's batches, which are deleted once it is published.
            with_filename = kind in ("article_countries", "story_bands")
            connection.execute(
                f"create or replace temp view {name} as select * from read_parquet("
                f"[{', '.join(map(sql_string, paths))}], "
                f"filename = {str(with_filename).lower()})"
            )
        else:
            connection.execute(f"create or replace temp table {name} as {empty_like[kind]}")


def refresh_countries(connection: duckdb.DuckDBPyConnection) -> None:
    """(Re)load the countries dimension from the reference data shipped with the code."""
    connection.execute("set variable countries_csv = ?", [str(REFERENCE_DIR / "countries.csv")])
    connection.execute(f"create or replace table countries as {model('staging', 'stg_countries')}")


def _assign_stories(connection: duckdb.DuckDBPyConnection) -> None:
    """The story of each article the run loads, as temp table ``new_stories``, from the
    pairs stg_story_matches found (see tasks.enrich.stories)."""
    new_ids = connection.sql("select article_id from stg_new_articles").pl()["article_id"]
    matches = connection.sql("select * from stg_story_matches").pl()
    loaded = connection.sql(model("staging", "stg_matched_stories")).pl()
    stories = assign_stories(new_ids, matches, loaded)
    connection.register("assigned_stories", stories.to_arrow())
    connection.execute("create or replace temp table new_stories as select * from assigned_stories")
    connection.unregister("assigned_stories")


def _stage(connection: duckdb.DuckDBPyConnection, staged: Path, seconds: dict[str, float]) -> None:
    """Expose the run's staged batches, work out what it loads (sql/staging) and the
    stories of its new articles (``new_stories``), as the connection's temp tables.

    Called before the load's transaction begins: nothing here writes the warehouse's
    tables (it only drops staging views that earlier versions left in it) or reads
    what the run writes. A table registered from Python stays referenced until
    the transaction it was unregistered in ends, so inside it the run's mapped article
    metadata, their places and their stories (~0.5 GB for two million articles) were
    held through the marts, the checks and the export.
    """
    with stage_timer(seconds, "load"):
        _register_staged(connection, staged)
    connection.execute("set variable min_shared_bands = ?", [MIN_SHARED_BANDS])
    for name in STAGING_MODELS:
        kind = "view" if name in STAGING_VIEWS else "table"
        with stage_timer(seconds, "match stories" if "stor" in name else "load"):
            connection.execute(f"create or replace temp {kind} {name} as {model('staging', name)}")
        if name == "stg_articles":
            # Nothing else reads the staged articles' columns: their table (~0.2 GB
            # of a million articles' places and mapped pages) goes before the heavy
            # queries. (A no-op where no articles were staged: that is a temp table.)
            connection.unregister("staged_articles")
    with stage_timer(seconds, "match stories"):
        _assign_stories(connection)


def _load(connection: duckdb.DuckDBPyConnection, seconds: dict[str, float]) -> None:
    """Insert what ``_stage`` worked out into the warehouse's tables (in the load's
    transaction)."""
    with stage_timer(seconds, "load"):
        connection.execute(
            "insert into input_files by name "
            "select *, getvariable('run_id') as run_id from stg_files"
        )
        connection.execute(
            "insert into quarantine by name select *, getvariable('run_id') as run_id "
            "from stg_quarantine"
        )
        _insert_loaded(connection)


def _insert_loaded(connection: duckdb.DuckDBPyConnection) -> None:
    """Append the run's new articles, story keys, evidence and duplicates."""
    connection.execute(
        "insert into articles by name "
        "select stg_new_articles.* exclude (staged_file, staged_row), new_stories.story_id "
        "from stg_new_articles join new_stories using (article_id)"
    )
    connection.execute("insert into article_bands select * from stg_new_story_bands")
    connection.execute(
        "insert into article_countries by name select * from stg_new_article_countries"
    )
    connection.execute("insert into duplicates by name select * from stg_duplicate_records")


def _record_run(connection: duckdb.DuckDBPyConnection, summary: RunSummary) -> None:
    row = {k: v for k, v in asdict(summary).items() if k not in ("top_pairs", "stage_seconds")}
    columns = ", ".join(row)
    placeholders = ", ".join("?" for _ in row)
    connection.execute(
        f"insert into pipeline_runs ({columns}) values ({placeholders})", list(row.values())
    )


def localize_staging(
    run_dir: str, local_dir: Path, storage_options: dict[str, Any] | None = None
) -> Path:
    """The run's staged batches as a local folder DuckDB can read.

    Staging on another filesystem (workers on other machines staged to s3://…) is
    copied into ``local_dir`` first; a local staging folder is used where it is.
    """
    if not is_remote(run_dir):
        return Path(run_dir)
    fs, root = filesystem(run_dir, **(storage_options or {}))
    local_dir.mkdir(parents=True, exist_ok=True)
    if fs.exists(root):
        fs.get(f"{root}/", f"{local_dir}/", recursive=True)
    return local_dir


def remove_staging(run_dir: str, storage_options: dict[str, Any] | None = None) -> None:
    """Delete a run's staging folder (local or remote) and its parent if now empty."""
    fs, root = filesystem(run_dir, **(storage_options or {}))
    if fs.exists(root):
        fs.rm(root, recursive=True)
    parent = root.rstrip("/").rsplit("/", 1)[0]
    if not is_remote(run_dir) and fs.isdir(parent) and not fs.ls(parent):
        fs.rmdir(parent)


def publish_run(
    duckdb_path: Path,
    parquet_dir: Path,
    run_dir: str,
    summary: RunSummary,
    top_n: int,
    memory_limit: str = "2GB",
    storage_options: dict[str, Any] | None = None,
    publish_url: str | None = None,
    *,
    zstd_level: int,
) -> RunSummary:
    """Load the run's staged batches into the warehouse, all or nothing.

    In one DuckDB transaction: load, recompute the marts of the weeks the run touches,
    record the run, check, and write the changed tables' Parquet to a new version
    folder; then commit, and point each ``parquet/<table>`` link at its new version. A
    crash before the commit leaves both sides as they were; after it, the next run
    finishes pointing the links (``recover_runs``). Raises ``DataCheckError`` (after
    rolling back and recording the failed run) when a check in sql/checks fails.
    """
    return_freed_memory()
    local_runs = duckdb_path.parent.parent / "_runs"
    staged = localize_staging(run_dir, local_runs / summary.run_id, storage_options)
    with connect(duckdb_path, memory_limit) as connection:
        connection.execute("set variable run_id = ?", [summary.run_id])
        connection.execute("set variable top_n = ?", [top_n])
        _stage(connection, staged, summary.stage_seconds)
        connection.execute("begin transaction")
        with stage_timer(summary.stage_seconds, "load"):
            refresh_countries(connection)
        _load(connection, summary.stage_seconds)
        faults.point("during-load")
        with stage_timer(summary.stage_seconds, "marts"):
            for touched in ("touched_weeks", "touched_months"):
                connection.execute(f"create temp table {touched} as {model('summary', touched)}")
            build_marts(connection, incremental=True)
        counts = connection.sql(model("summary", "run_counts")).pl().to_dicts()[0]
        for key, value in counts.items():
            setattr(summary, key, int(value))
        changed = summary.files_loaded + summary.files_duplicate + summary.files_quarantined > 0
        tables = list(PARQUET_TABLES) if changed else ["pipeline_runs"]
        _check_export_commit(connection, summary, parquet_dir, tables, zstd_level)
    # Pointing the links, the analysts' database, and deleting the staged batches
    # (1.2 GB for 300,000 articles: 1.35 s on a disk mounted with discard, where an
    # unlink waits on the device; deleting them earlier, in the background, only
    # moved that wait into the commit's sync).
    with stage_timer(summary.stage_seconds, "swap"):
        _publish_links(parquet_dir, summary.run_id, publish_url, storage_options)
        remove_staging(run_dir, storage_options)
        remove_staging(str(staged))
    return summary


def rebuild_weeks(
    duckdb_path: Path,
    parquet_dir: Path,
    summary: RunSummary,
    since: date,
    until: date,
    *,
    zstd_level: int,
) -> RunSummary:
    """Recompute the marts of every week from ``since`` to ``until`` from what is loaded.

    Reads no input; publishes like a run (one transaction, checks, new Parquet
    version for the marts) and is recorded in pipeline_runs with the weeks it touched.
    """
    with connect(duckdb_path) as connection:
        connection.execute("set variable run_id = ?", [summary.run_id])
        connection.execute("set variable since = ?", [since])
        connection.execute("set variable until = ?", [until])
        connection.execute("set variable top_n = ?", [0])
        connection.execute("begin transaction")
        connection.execute(
            f"create temp table touched_weeks as {model('summary', 'weeks_between')}"
        )
        connection.execute(
            f"create temp table touched_months as {model('summary', 'months_between')}"
        )
        build_marts(connection, incremental=True)
        summary.weeks_touched = int(
            connection.sql("select count(*) from touched_weeks").fetchall()[0][0]
        )
        tables = [*MART_TABLES, "pipeline_runs"]
        _check_export_commit(connection, summary, parquet_dir, tables, zstd_level)
    _publish_links(parquet_dir, summary.run_id)
    return summary


def _check_export_commit(
    connection: duckdb.DuckDBPyConnection,
    summary: RunSummary,
    parquet_dir: Path,
    tables: list[str],
    zstd_level: int,
) -> None:
    """Record the run, run the checks, export ``tables`` and commit; or roll back."""
    summary.finished_at = datetime.now()
    summary.duration_s = (summary.finished_at - summary.started_at).total_seconds()
    _record_run(connection, summary)
    with stage_timer(summary.stage_seconds, "checks"):
        failures = run_checks(connection)
    if failures:
        connection.execute("rollback")
        _record_failed_run(connection, summary, failures)
    faults.point("after-checks")
    if summary.files_seen or summary.articles_loaded:
        summary.top_pairs = [
            tuple(row)
            for row in connection.sql(model("summary", "top_pairs_in_run_weeks")).fetchall()
        ]
    version_dir = parquet_dir.parent / VERSIONS_DIR / summary.run_id
    with stage_timer(summary.stage_seconds, "export"):
        written = export_version(
            connection, version_dir, tables, parquet_dir, zstd_level=zstd_level
        )
        failures = written_files_failures(connection, written)
    if failures:
        connection.execute("rollback")
        shutil.rmtree(version_dir, ignore_errors=True)
        _record_failed_run(connection, summary, failures)
    faults.point("before-commit")
    # The commit writes the run's rows into the database file (DuckDB's checkpoint)
    # and syncs it: timed apart from the checks and the export.
    with stage_timer(summary.stage_seconds, "commit"):
        connection.execute("commit")


def _record_failed_run(
    connection: duckdb.DuckDBPyConnection, summary: RunSummary, failures: list[CheckFailure]
) -> NoReturn:
    """After a rollback: record the run as failed (outside the rolled-back transaction)
    and raise ``DataCheckError``."""
    failed = RunSummary(
        run_id=summary.run_id,
        status="failed",
        started_at=summary.started_at,
        finished_at=summary.finished_at,
        duration_s=summary.duration_s,
        inbox=summary.inbox,
        files_seen=summary.files_seen,
        files_skipped=summary.files_skipped,
        error=str(DataCheckError(failures)),
    )
    _record_run(connection, failed)
    raise DataCheckError(failures)


def written_files_failures(
    connection: duckdb.DuckDBPyConnection, written: dict[str, list[str]]
) -> list[CheckFailure]:
    """Check the files a run wrote for its appended tables, from their Parquet metadata.

    Each table's new files must hold exactly the rows the run added to the table, and
    the columns in ``PUBLISHED_NOT_NULL`` no nulls: the published Parquet reconciles
    with the warehouse state.
    """
    failures = []
    for table, files in written.items():
        expected = connection.table(table).filter("run_id = getvariable('run_id')").count("*")
        wanted = int(expected.fetchall()[0][0])
        rows = (
            int(connection.execute(model("publish", "written_rows"), [files]).fetchall()[0][0])
            if files
            else 0
        )
        if rows != wanted:
            failures.append(
                CheckFailure(f"{table}_published_rows_reconcile", 1, [(table, wanted, rows)])
            )
        required = PUBLISHED_NOT_NULL.get(table, ())
        if files and required:
            nulls = dict(connection.execute(model("publish", "written_nulls"), [files]).fetchall())
            for column in required:
                if nulls.get(column, 0):
                    failures.append(
                        CheckFailure(
                            f"{table}_published_{column}_not_null", 1, [(table, nulls[column])]
                        )
                    )
    return failures


def _publish_links(
    parquet_dir: Path,
    run_id: str,
    publish_url: str | None = None,
    storage_options: dict[str, Any] | None = None,
) -> None:
    faults.point("after-commit")
    versions_dir = parquet_dir.parent / VERSIONS_DIR
    point_links(parquet_dir, versions_dir / run_id)
    write_reader_database(parquet_dir)
    if publish_url:
        publish_remote(parquet_dir, publish_url, storage_options)
    remove_unused_versions(parquet_dir, versions_dir)


def write_reader_database(parquet_dir: Path) -> Path:
    """(Re)write warehouse/newsdyads.duckdb: one view per published Parquet table.

    Analysts open this file, never the writer's state, so an open session cannot block
    a run, and what they query is always a complete published state. The analytics
    views (sql/analytics, such as pair_trends) are defined on top. The new file is
    built aside and renamed over the old one (sessions already open keep the old one).
    """
    reader_path = parquet_dir.parent / READER_DATABASE
    building = reader_path.with_name(f".{reader_path.name}.building")
    building.unlink(missing_ok=True)
    with duckdb.connect(str(building)) as connection:
        tables = set()
        for link in sorted(parquet_dir.iterdir()):
            if not link.is_symlink() or link.name.startswith("."):
                continue
            hive = any("=" in child.name for child in link.iterdir())
            files = sql_string(str(link.absolute() / "**" / "*.parquet"))
            # Table names are our own (PARQUET_TABLES); the path is quoted.
            connection.execute(
                f"create view {link.name} as select * from "
                f"read_parquet({files}, hive_partitioning = {str(hive).lower()})"
            )
            tables.add(link.name)
        for name, query in in_dependency_order(models("analytics")):
            # A warehouse published before a table existed gets the views that read it
            # once a run publishes it.
            needs = {table for table in PARQUET_TABLES if re.search(rf"\b{table}\b", query)}
            if needs <= tables:
                connection.execute(f"create view {name} as {query}")
    building.replace(reader_path)
    return reader_path


def _carry_over(previous: Path, target: Path, except_folders: frozenset[str] = frozenset()) -> int:
    """Hard-link the files of a table's previous version into its new version folder.

    Appended tables never rewrite what earlier runs published: a new version is the
    previous files (linked, not copied) plus the run's new files. Weekly marts keep the
    partitions of the weeks the run did not touch (``except_folders`` are the others).
    Returns the count.
    """
    carried = 0
    for path in previous.rglob("*.parquet"):
        if path.name.startswith(EMPTY_FILE_PREFIX):
            continue
        if path.relative_to(previous).parts[0] in except_folders:
            continue
        destination = target / path.relative_to(previous)
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, destination)
        except OSError:  # a filesystem without hard links
            shutil.copy2(path, destination)
        carried += 1
    return carried


def _new_rows(connection: duckdb.DuckDBPyConnection, table: str) -> duckdb.DuckDBPyRelation:
    """The rows this run adds to an appended table, as published (not articles: their
    texts are only in the run's staged batches, see ``_export_new_articles``)."""
    return connection.table(table).filter("run_id = getvariable('run_id')")


def _export_new_articles(
    connection: duckdb.DuckDBPyConnection, target: Path, file_name: str, zstd_level: int
) -> list[Path]:
    """Write the run's new articles with their texts under ``target`` (one file a week
    named ``file_name``), taken from the staged batches (tasks/article_texts.py)."""
    threads = _threads(connection)  # asked before the stream holds the connection
    places = connection.sql(model("publish", "new_articles")).arrow()
    return write_new_articles(places, target, file_name, zstd_level=zstd_level, threads=threads)


def _threads(connection: duckdb.DuckDBPyConnection) -> int:
    """The connection's threads: as many as the Parquet writers of its exports use."""
    return int(connection.sql("select current_setting('threads')").fetchall()[0][0])


def export_version(
    connection: duckdb.DuckDBPyConnection,
    version_dir: Path,
    tables: list[str],
    parquet_dir: Path | None = None,
    *,
    zstd_level: int,
) -> dict[str, list[str]]:
    """Write ``tables`` as Parquet (zstd at ``zstd_level``, sorted) under
    ``version_dir``, then mark it complete. Runs inside the load transaction, so it
    sees the run's uncommitted rows.

    Appended tables (``APPENDED_TABLES``) get only the run's new rows, in files named
    after the run, next to links to their files published before (``parquet_dir``);
    the other tables are small and written whole. Returns the files written for each
    appended table (its new rows), for ``written_files_failures``.
    """
    version_dir.mkdir(parents=True, exist_ok=True)
    written_files: dict[str, list[str]] = {}
    run_id = connection.sql("select getvariable('run_id')").fetchall()[0][0]
    for number, table in enumerate(tables):
        if number == 1:
            faults.point("during-parquet-export")
        partition, order = PARQUET_TABLES[table]
        target = version_dir / table
        target.mkdir()
        carried = 0
        if table in APPENDED_TABLES:
            previous = parquet_dir / table if parquet_dir else None
            if previous is not None and previous.exists():
                carried = _carry_over(previous.resolve(), target)
        if table == "articles":
            stem = f"part-{run_id}"
            new_files = _export_new_articles(connection, target, f"{stem}-0.parquet", zstd_level)
            if not new_files and carried == 0:  # readers still see the columns
                write_empty_articles(target / f"{EMPTY_FILE_PREFIX}{run_id}.parquet")
            written_files[table] = sorted(str(p) for p in new_files)
            continue
        if table in APPENDED_TABLES:
            rows = _new_rows(connection, table)
        elif partition == "week_start" and temp_kind(connection, TOUCHED_WEEKS) is not None:
            # A weekly mart changes only in the weeks the run recomputed: those
            # partitions are rewritten, the others linked from the previous version.
            rows = connection.table(table).filter(
                "week_start in (select week_start from touched_weeks)"
            )
            previous = parquet_dir / table if parquet_dir else None
            if previous is not None and previous.exists():
                touched = {
                    f"week_start={row[0]}"
                    for row in connection.sql("select week_start from touched_weeks").fetchall()
                }
                carried = _carry_over(previous.resolve(), target, frozenset(touched))
            else:
                rows = connection.table(table)
        else:
            rows = connection.table(table)
        # Asked of the rows before they are sorted: one row of a sorted relation is a
        # top-N over the whole table (11.5M rows of a million articles' by-source mart).
        has_rows = bool(rows.limit(1).fetchall())
        relation = rows if table in APPENDED_TABLES else rows.order(order)
        # Appended tables' files are named after their run (they accumulate); rewritten
        # tables keep fixed names, so an unchanged table is byte-identical.
        stem = f"part-{run_id}" if table in APPENDED_TABLES else "data"
        if has_rows and partition:
            # Written aside, then moved in: the folder already holds earlier files.
            written = version_dir / f".{table}.new"
            threads = _threads(connection)  # asked before the stream holds the connection
            write_week_files(
                relation.arrow(),
                written,
                f"{stem}-0.parquet",
                zstd_level=zstd_level,
                row_group_rows=NARROW_ROW_GROUP_ROWS,
                threads=threads,
            )
            for path in sorted(written.rglob("*.parquet")):
                destination = target / path.relative_to(written)
                destination.parent.mkdir(parents=True, exist_ok=True)
                path.rename(destination)
            shutil.rmtree(written)
        elif has_rows:
            write_parquet(connection, relation, target / f"{stem}-0.parquet", zstd_level)
        elif carried == 0:  # no rows at all: one empty file, so readers see the columns
            write_parquet(
                connection, relation, target / f"{EMPTY_FILE_PREFIX}{run_id}.parquet", zstd_level
            )
        if table in APPENDED_TABLES:
            written_files[table] = sorted(str(p) for p in target.rglob(f"{stem}-*.parquet"))
    (version_dir / COMPLETE_MARKER).write_text(json.dumps(tables), encoding="utf-8")
    return written_files


def write_parquet(
    connection: duckdb.DuckDBPyConnection,
    relation: duckdb.DuckDBPyRelation,
    path: Path,
    level: int,
) -> None:
    """Write ``relation`` as one zstd Parquet file at ``path`` at compression ``level``
    (weekly marts' files are written by tasks/week_files.py).

    A COPY statement: the relation API's ``to_parquet`` has no compression level.
    The query goes on lines of its own, as a model's SQL may end in a comment.
    """
    connection.execute(
        f"copy (\n{relation.sql_query()}\n) to {sql_string(str(path))} "
        f"(format parquet, compression zstd, compression_level {level:d})"
    )


def point_links(parquet_dir: Path, version_dir: Path) -> None:
    """Point ``parquet/<table>`` at the version's folder of each table it holds.

    Each link is replaced by an atomic rename, so a reader sees the old folder or the
    new one, whole, never a folder being written or a missing table.
    """
    parquet_dir.mkdir(parents=True, exist_ok=True)
    tables = json.loads((version_dir / COMPLETE_MARKER).read_text(encoding="utf-8"))
    for number, table in enumerate(tables):
        if number == 1:
            faults.point("during-parquet-swap")
        live = parquet_dir / table
        target = os.path.relpath(version_dir / table, parquet_dir)
        if live.is_symlink() and os.readlink(live) == target:
            continue
        if live.exists() and not live.is_symlink():  # a plain folder from an older layout
            shutil.rmtree(live)
        staged_link = parquet_dir / f".{table}.link"
        staged_link.unlink(missing_ok=True)
        staged_link.symlink_to(target, target_is_directory=True)
        staged_link.replace(live)


def remove_unused_versions(parquet_dir: Path, versions_dir: Path) -> None:
    """Delete version folders no table points at, keeping the newest such one.

    The newest superseded version stays for readers that listed its files just before
    the links moved; older ones go.
    """
    if not versions_dir.is_dir():
        return
    in_use = {
        (parquet_dir / os.readlink(link)).resolve().parent
        for link in parquet_dir.iterdir()
        if link.is_symlink()
    }
    unused = sorted(p for p in versions_dir.iterdir() if p.resolve() not in in_use)
    for version in unused[:-1]:
        shutil.rmtree(version, ignore_errors=True)


def recover_runs(duckdb_path: Path, runs_dir: Path, parquet_dir: Path) -> list[str]:
    """Clean up after runs that died; returns the ids of the runs it found.

    A run that committed but died before pointing the Parquet links gets its links
    pointed (roll forward). Staged batches and versions of runs that never committed
    are deleted: the warehouse never saw them.
    """
    versions_dir = parquet_dir.parent / VERSIONS_DIR
    committed: set[str] = set()
    if duckdb_path.exists():
        # Read-write: a run killed mid-transaction leaves a log only a writer replays.
        with connect(duckdb_path) as connection:
            committed = {
                row[0]
                for row in connection.sql(
                    "select run_id from pipeline_runs where status = 'succeeded'"
                ).fetchall()
            }
    found = []
    if versions_dir.is_dir():
        for version in sorted(versions_dir.iterdir()):
            complete = (version / COMPLETE_MARKER).exists()
            if version.name in committed and complete:
                point_links(parquet_dir, version)
            elif version.name not in committed:
                found.append(version.name)
                shutil.rmtree(version, ignore_errors=True)
        remove_unused_versions(parquet_dir, versions_dir)
        if parquet_dir.is_dir() and not (parquet_dir.parent / READER_DATABASE).exists():
            write_reader_database(parquet_dir)
    if runs_dir.is_dir():
        for run in sorted(runs_dir.iterdir()):
            found.append(run.name)
            shutil.rmtree(run, ignore_errors=True)
    return sorted(set(found))


known_files_task = task(name="known-files", cache_policy=NO_CACHE)(known_files)
stage_batch_task = task(name="stage-batch", cache_policy=NO_CACHE)(stage_batch)
publish_run_task = task(name="publish", cache_policy=NO_CACHE)(publish_run)
recover_runs_task = task(name="recover", cache_policy=NO_CACHE)(recover_runs)
rebuild_weeks_task = task(name="rebuild-weeks", cache_policy=NO_CACHE)(rebuild_weeks)
