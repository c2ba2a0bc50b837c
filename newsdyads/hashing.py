"""Stable content hashes computed in bulk.

Polars' own hash is not stable across versions, so identifiers that live in the
warehouse are SHA-256 digests, computed by DuckDB over a whole column at once.
"""

from __future__ import annotations

import functools

import duckdb
import polars as pl

ID_HEX_CHARS = 32


@functools.cache
def _hashing_database() -> duckdb.DuckDBPyConnection:
    """One in-memory database per process, on one thread.

    Opening a database costs ~15 ms and starts a thread per CPU: paid per batch, that
    was most of the hashing time, and on a many-core machine each of the parallel
    workers started a full thread pool for a few milliseconds of hashing. Each call
    takes its own cursor, so threads never share one connection.
    """
    return duckdb.connect(config={"threads": 1})


def stable_ids(keys: pl.Series) -> pl.Series:
    """SHA-256 of each string in ``keys``, as the first 32 hex characters (128 bits).

    The result has the same length and order as ``keys``; a null key gives null.
    """
    frame = pl.DataFrame({"key": keys})
    with _hashing_database().cursor() as connection:
        connection.register("hash_input", frame.to_arrow())
        digests = connection.sql(
            f"select left(sha256(key), {ID_HEX_CHARS}) as id from hash_input"
        ).pl()
    ids: pl.Series = digests["id"]
    return ids.rename(keys.name)
