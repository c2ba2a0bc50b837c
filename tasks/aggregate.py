"""Aggregate: rebuild the weekly marts and check the warehouse's data contract.

Both are SQL in sql/marts and sql/checks, run by DuckDB inside the run's transaction,
so a failed check leaves nothing published.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from newsdyads.sql_files import models

MART_ORDER = ("country_weekly", "country_pair_weekly")


@dataclass(frozen=True)
class CheckFailure:
    """A data check that returned rows: its name, how many, and a few of them."""

    check: str
    rows: int
    sample: list[tuple[object, ...]]

    def __str__(self) -> str:
        return f"{self.check}: {self.rows} offending row(s), e.g. {self.sample[:3]}"


def build_marts(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create every mart table from its model; returns the mart names."""
    built = []
    for name, query in models("marts"):
        # The table name is the model's file name, from our own sql/ folder.
        connection.execute(f"create or replace table {name} as {query}")
        built.append(name)
    return built


def run_checks(connection: duckdb.DuckDBPyConnection) -> list[CheckFailure]:
    """Run every check in sql/checks; each must return no rows."""
    failures = []
    for name, query in models("checks"):
        offending = connection.sql(query).fetchall()
        if offending:
            failures.append(CheckFailure(name, len(offending), offending[:5]))
    return failures
