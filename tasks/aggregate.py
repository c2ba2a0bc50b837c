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


def build_marts(connection: duckdb.DuckDBPyConnection, weeks_table: str | None = None) -> list[str]:
    """Bring every mart up to date with the loaded articles; returns the mart names.

    With ``weeks_table`` (a table of ``week_start`` values), only those weeks are
    recomputed: their rows are deleted and rebuilt from the model, the other weeks stay
    as they are. Without it, each mart is rebuilt whole.
    """
    in_weeks = f"week_start in (select week_start from {weeks_table})" if weeks_table else None
    for name, query in models("intermediate"):
        # Views, so the marts always read the current articles (inlined by DuckDB). For
        # an incremental build they hold only the weeks to recompute: filtering there,
        # not after the marts' self-join and aggregation, keeps a daily run's cost to
        # its own weeks instead of the whole archive's.
        restricted = f"select * from ({query}) where {in_weeks}" if in_weeks else query
        connection.execute(f"create or replace temp view {name} as {restricted}")
    built = []
    for name, query in models("marts"):
        # Table names are the models' file names, from our own sql/ folder.
        if in_weeks is None:
            connection.execute(f"create or replace table {name} as {query}")
        else:
            connection.execute(f"create table if not exists {name} as {query} limit 0")
            connection.execute(f"delete from {name} where {in_weeks}")
            connection.execute(f"insert into {name} {query}")
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
