"""Aggregate: rebuild the weekly marts and check the warehouse's data contract.

Both are SQL in sql/marts and sql/checks, run by DuckDB inside the run's transaction,
so a failed check leaves nothing published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from newsdyads.sql_files import model, models

TOUCHED_WEEKS = "touched_weeks"
TOUCHED_MONTHS = "touched_months"
"""Tables of ``week_start`` / ``month_start`` values an incremental build recomputes."""


@dataclass(frozen=True)
class CheckFailure:
    """A data check that returned rows: its name, how many, and a few of them."""

    check: str
    rows: int
    sample: list[tuple[object, ...]]

    def __str__(self) -> str:
        return f"{self.check}: {self.rows} offending row(s), e.g. {self.sample[:3]}"


def in_dependency_order(named: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Models ordered so each comes after the models its SQL names (DuckDB binds a
    view's dependencies when it is created)."""
    pending = dict(named)
    ordered: list[tuple[str, str]] = []
    while pending:
        ready = [
            name
            for name, query in pending.items()
            if not any(re.search(rf"\b{other}\b", query) for other in pending if other != name)
        ]
        if not ready:
            raise ValueError(f"models depend on each other in a cycle: {sorted(pending)}")
        for name in sorted(ready):
            ordered.append((name, pending.pop(name)))
    return ordered


def temp_kind(connection: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """``"view"`` or ``"table"`` for a temp object of that name in this connection,
    None when there is none."""
    found = connection.execute(
        "select table_type from information_schema.tables "
        "where table_schema = 'main' and table_catalog = 'temp' and table_name = ?",
        [name],
    ).fetchall()
    if not found:
        return None
    return "view" if found[0][0] == "VIEW" else "table"


def _drop_temp(connection: duckdb.DuckDBPyConnection, name: str) -> None:
    """Drop a temp view or table of that name, whichever it is."""
    kind = temp_kind(connection, name)
    if kind is not None:
        connection.execute(f"drop {kind} temp.{name}")


def _week_span(connection: duckdb.DuckDBPyConnection) -> str:
    """The weeks an incremental build reads (sql/summary/touched_week_span), as a SQL
    list of date literals: DuckDB pushes a constant list down to the articles' scan,
    through the window functions an ``in (select ...)`` cannot pass (a daily run's
    int_dated_articles: 0.65 s over a million articles, 0.11 s). The dates come from
    our own table, never from input."""
    weeks = connection.sql(model("summary", "touched_week_span")).fetchall()
    return ", ".join(f"DATE '{week.isoformat()}'" for (week,) in weeks) or "NULL"


def build_marts(connection: duckdb.DuckDBPyConnection, incremental: bool = False) -> list[str]:
    """Bring every mart up to date with the loaded articles; returns the mart names.

    ``incremental``: only the weeks in ``touched_weeks`` and the months in
    ``touched_months`` (temp tables the caller made) are recomputed: their rows are
    deleted and rebuilt from the model; the others stay as they are. Marts with neither
    a week nor a month (sources) read the loaded tables, not the intermediates, and are
    rebuilt whole. Otherwise each mart is rebuilt whole.
    """
    touched = (
        f"week_start in (select week_start from {TOUCHED_WEEKS}) "
        f"or month_start in (select month_start from {TOUCHED_MONTHS})"
    )
    if incremental:
        touched = f"week_start in ({_week_span(connection)}) and ({touched})"
    marts = models("marts")
    intermediates = in_dependency_order(models("intermediate"))
    for name, query in intermediates:
        # For an incremental build the dated ones (a week and a month on each row)
        # hold only the touched weeks and months: filtering there, not after the
        # marts' self-join and aggregation, keeps a daily run's cost to its own weeks
        # instead of the whole archive's. (Code lists and the weeks' names follow from
        # what they read.)
        dated = {"week_start", "month_start"} <= set(connection.sql(query).columns)
        restricted = f"select * from ({query}) where {touched}" if incremental and dated else query
        # Views (inlined by DuckDB), except those several models read: computed once.
        readers = sum(
            bool(re.search(rf"\b{name}\b", other))
            for other_name, other in [*intermediates, *marts]
            if other_name != name
        )
        kind = "table" if readers > 1 else "view"
        _drop_temp(connection, name)
        connection.execute(f"create temp {kind} {name} as {restricted}")
    built = []
    for name, query in marts:
        # Table names are the models' file names, from our own sql/ folder.
        if not incremental:
            connection.execute(f"create or replace table {name} as {query}")
        else:
            connection.execute(f"create table if not exists {name} as {query} limit 0")
            columns = {row[0] for row in connection.sql(f"describe {name}").fetchall()}
            if "week_start" in columns:
                key, keys_table = "week_start", TOUCHED_WEEKS
            elif "month_start" in columns:
                key, keys_table = "month_start", TOUCHED_MONTHS
            else:  # a small mart with no period: rebuilt whole from the tables
                connection.execute(f"create or replace table {name} as {query}")
                built.append(name)
                continue
            in_touched = f"{key} in (select {key} from {keys_table})"
            connection.execute(f"delete from {name} where {in_touched}")
            connection.execute(f"insert into {name} select * from ({query}) where {in_touched}")
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
