"""Stable content hashes computed in bulk.

Polars' own hash is not stable across versions, so identifiers that live in the
warehouse are SHA-256 digests, computed by DuckDB over a whole column at once.
"""

from __future__ import annotations

import duckdb
import polars as pl

ID_HEX_CHARS = 32


def stable_ids(keys: pl.Series) -> pl.Series:
    """SHA-256 of each string in ``keys``, as the first 32 hex characters (128 bits).

    The result has the same length and order as ``keys``; a null key gives null.
    """
    frame = pl.DataFrame({"key": keys})
    with duckdb.connect() as connection:
        connection.register("hash_input", frame.to_arrow())
        digests = connection.sql(
            f"select left(sha256(key), {ID_HEX_CHARS}) as id from hash_input"
        ).pl()
    ids: pl.Series = digests["id"]
    return ids.rename(keys.name)
