"""Shared by the SQL tests: a small warehouse in memory."""

from __future__ import annotations

import duckdb

from newsdyads.sql_files import models
from tests.conftest import data_file


def empty_warehouse() -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse with the schema's tables and no rows."""
    connection = duckdb.connect()
    for _, ddl in models("schema"):
        connection.execute(ddl)
    return connection


def one_article_warehouse() -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse where run r1 loaded one clean, dated English article
    about France and Germany (tests/data/warehouse_one_article.sql)."""
    connection = empty_warehouse()
    connection.execute("set variable run_id = 'r1'")
    connection.execute(data_file("warehouse_one_article.sql").read_text())
    return connection
