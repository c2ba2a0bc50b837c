"""`newsdyads query`: reads only, binds values, refuses anything that writes."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from newsdyads.cli import app

runner = CliRunner()


def _query(warehouse: Path, *arguments: str):
    return runner.invoke(app, ["query", *arguments, "--warehouse", str(warehouse)])


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE TABLE notes AS SELECT 1 AS x",
        "INSERT INTO articles (article_id) VALUES ('x')",
        "UPDATE countries SET name = 'x'",
        "DELETE FROM countries",
        "COPY (SELECT * FROM countries) TO 'countries.csv'",
        "ATTACH 'other.duckdb' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "PRAGMA enable_profiling",
        "SET enable_external_access = true",
        "DROP VIEW articles",
    ],
)
def test_statement_that_would_write_is_refused_with_a_message(sample_warehouse, statement):
    result = _query(sample_warehouse, statement)
    assert result.exit_code == 2
    assert "Not run: refused" in result.output
    assert "read-only" in result.output


def test_write_hidden_behind_a_select_is_refused(sample_warehouse):
    result = _query(sample_warehouse, "SELECT 1; DROP VIEW articles")
    assert result.exit_code == 2
    assert "one statement at a time" in result.output


def test_hostile_parameter_value_is_bound_not_executed(sample_warehouse):
    hostile = "x'); DROP TABLE articles; --"
    result = _query(
        sample_warehouse,
        "select count(*) as n from countries where name = $name",
        "--param",
        f"name={hostile}",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"n": 0}]
    still_there = _query(sample_warehouse, "select count(*) as n from articles", "--format", "json")
    assert json.loads(still_there.output)[0]["n"] > 0


def test_parameter_is_compared_as_the_column_type(sample_warehouse):
    result = _query(
        sample_warehouse,
        "select count(*) as n from country_pair_weekly where articles >= $least",
        "--param",
        "least=1",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    assert int(result.output.splitlines()[1]) > 0


def test_files_outside_the_warehouse_cannot_be_read(sample_warehouse, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    result = _query(sample_warehouse, f"select * from read_text('{secret}')")
    assert result.exit_code == 1
    assert "Permission Error" in result.output


def test_result_is_written_as_parquet(sample_warehouse, tmp_path):
    output = tmp_path / "pairs.parquet"
    result = _query(
        sample_warehouse,
        "select * from country_pair_weekly",
        "--format",
        "parquet",
        "--output",
        str(output),
    )
    assert result.exit_code == 0, result.output
    assert pl.read_parquet(output).columns == [
        "iso_week",
        "country_a",
        "country_b",
        "articles",
        "stories",
        "week_start",
    ]


def test_sql_is_read_from_a_file(sample_warehouse, tmp_path):
    query_file = tmp_path / "top.sql"
    query_file.write_text("select name from countries where iso3 = 'FRA'")
    result = _query(sample_warehouse, "--file", str(query_file), "--format", "csv")
    assert result.output.splitlines() == ["name", "France"]


def test_missing_warehouse_is_explained(tmp_path):
    result = _query(tmp_path / "nowhere", "select 1")
    assert result.exit_code == 2
    assert "run `newsdyads run` first" in result.output


def test_shell_without_a_client_explains_what_to_install(sample_warehouse, monkeypatch):
    monkeypatch.setenv("PATH", "")
    result = runner.invoke(app, ["shell", "--warehouse", str(sample_warehouse)])
    assert result.exit_code == 1
    assert "pip install harlequin" in result.output
