"""Ad-hoc SQL on the published warehouse, safely: read-only, reads only, bound values.

An analyst's query runs on ``warehouse/newsdyads.duckdb`` opened read-only, with file
access limited to the warehouse folder and the configuration locked, and only
statements that read (SELECT, and EXPLAIN of one) are accepted: anything that would
write a table or a file, attach a database, install or load an extension, or change a
setting is refused with a message before it runs. Values given with ``--param`` are
bound as parameters (``$name``), never formatted into the SQL.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import polars as pl

READ_STATEMENTS = frozenset({duckdb.StatementType.SELECT})
_EXPLAIN = re.compile(r"^\s*explain\s+(?:analy[sz]e\s+)?", re.IGNORECASE)
_REFUSED_WHY = {
    "CREATE": "it would create a table, view, macro or sequence",
    "INSERT": "it would insert rows",
    "UPDATE": "it would update rows",
    "DELETE": "it would delete rows",
    "DROP": "it would drop a table or view",
    "ALTER": "it would alter a table",
    "COPY": "COPY reads into or writes out of the database (use --format/--output to save results)",
    "COPY_DATABASE": "it would copy a database",
    "EXPORT": "it would export the database to files",
    "ATTACH": "ATTACH would open another database",
    "DETACH": "DETACH would close a database",
    "LOAD": "INSTALL/LOAD would add an extension",
    "PRAGMA": "PRAGMA statements can change settings or write",
    "SET": "it would change a setting",
    "VARIABLE_SET": "it would change a setting",
    "CALL": "CALL runs a procedure that may write (checkpoint, settings)",
    "TRANSACTION": "transactions are for writers",
    "VACUUM": "VACUUM rewrites the database",
    "ANALYZE": "ANALYZE rewrites statistics",
    "MERGE_INTO": "it would merge rows into a table",
    "MULTI": "it is several statements in one (PIVOT creates a type first)",
}


class RefusedQueryError(ValueError):
    """The SQL would do something other than read; the message says what and why."""


def check_read_only(sql: str) -> str:
    """Return ``sql`` if it is one statement that only reads; raise ``RefusedQueryError``.

    Uses DuckDB's own parser (``extract_statements``), so comments, case and string
    literals cannot disguise a statement.
    """
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise RefusedQueryError(f"the SQL does not parse: {exc}") from None
    if len(statements) != 1:
        raise RefusedQueryError(
            f"give one statement at a time (found {len(statements)}); "
            "several statements could hide a write behind a read"
        )
    statement = statements[0]
    kind = statement.type
    if kind == duckdb.StatementType.EXPLAIN:
        inner = _EXPLAIN.sub("", statement.query, count=1)
        return check_read_only(inner) and sql
    if kind not in READ_STATEMENTS:
        why = _REFUSED_WHY.get(kind.name, "it is not a query that only reads")
        raise RefusedQueryError(
            f"refused ({kind.name.replace('_', ' ')} statement): the warehouse is read-only "
            f"here and {why}. Only SELECT (and EXPLAIN of one) runs."
        )
    return sql


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``name=value`` pairs as a dict for binding (``$name`` in the SQL)."""
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise RefusedQueryError(f"--param takes name=value with a plain name, got {pair!r}")
        params[name] = value
    return params


def connect_read_only(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """The reader database, read-only, able to read files under the warehouse only, with
    its configuration locked so a query cannot lift these limits."""
    database = warehouse / "newsdyads.duckdb"
    if not database.exists():
        raise FileNotFoundError(
            f"no warehouse at {warehouse} (missing {database.name}); run `newsdyads run` first"
        )
    connection = duckdb.connect(str(database), read_only=True)
    root = str(warehouse.resolve()).rstrip("/") + "/"
    connection.execute("set allowed_directories = [?]", [root])
    connection.execute("set enable_external_access = false")
    connection.execute("set lock_configuration = true")
    return connection


def run_query(warehouse: Path, sql: str, params: dict[str, str] | None = None) -> pl.DataFrame:
    """Run one read-only statement on the warehouse; returns its result as a frame."""
    check_read_only(sql)
    with connect_read_only(warehouse) as connection:
        result: pl.DataFrame = connection.sql(sql, params=params or None).pl()
    return result
