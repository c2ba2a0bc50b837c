"""The warehouse connection publishing opens: DuckDB's memory settings."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tasks.publish import connect

UNITS = {"bytes": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}


def _bytes_of(connection: duckdb.DuckDBPyConnection, setting: str) -> float:
    """A size setting as DuckDB writes it back ("1.7 GiB"), in bytes."""
    written = connection.execute("select current_setting(?)", [setting]).fetchall()[0][0]
    value, unit = written.split()
    return float(value) * UNITS[unit]


@pytest.mark.parametrize("memory_limit", ["512MB", "25%"])
def test_block_pool_is_as_big_as_the_memory_limit(tmp_path: Path, memory_limit: str):
    with connect(tmp_path / "newsdyads.duckdb", memory_limit) as connection:
        limit = _bytes_of(connection, "memory_limit")
        pool = _bytes_of(connection, "block_allocator_memory")
    # Each is rounded to DuckDB's own units when it is written back.
    assert pool == pytest.approx(limit, rel=0.1)
