"""Read the published tables where they are: a local warehouse or an object store.

For a warehouse published to a URL (``publish_url``), the table's files are the ones
``_current.json`` lists, so a reader never mixes two runs' files::

    from newsdyads.published import read_table
    pairs = read_table("s3://bucket/newsdyads", "country_pair_weekly")
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pyarrow.dataset as ds

from newsdyads.storage import filesystem
from tasks.remote_publish import read_current


def read_table(url: str, table: str, storage_options: dict[str, Any] | None = None) -> pl.DataFrame:
    """One published table as a Polars frame (hive partition columns included)."""
    manifest = read_current(url, storage_options)
    if table not in manifest["tables"]:
        raise KeyError(f"{url} publishes no table {table!r}")
    fs, root = filesystem(url, **(storage_options or {}))
    paths: list[str] = manifest["tables"][table]
    files = [f"{root}/{path}" for path in paths]
    # Every file of a table lies under _versions/<run_id>/<table>/ (plus partitions).
    bases = {"/".join(path.split("/")[:3]) for path in paths}
    dataset = ds.dataset(
        files,
        filesystem=fs,
        format="parquet",
        partitioning=ds.partitioning(flavor="hive") if len(bases) == 1 else None,
        partition_base_dir=f"{root}/{bases.pop()}" if len(bases) == 1 else None,
    )
    return pl.from_arrow(dataset.to_table())  # type: ignore[return-value]


__all__ = ["read_table"]
