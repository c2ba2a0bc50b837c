"""Paths that may live on another filesystem: a local folder or an fsspec URL (s3://…).

Everything that may sit outside this machine (the inbox, the run's staging folder
shared with Dask workers, the published Parquet) is addressed by a string and goes
through fsspec, so `s3://bucket/prefix` works wherever a local path does. Writer
state (DuckDB) always stays on local disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import fsspec
from fsspec.core import url_to_fs


def is_remote(location: str | Path) -> bool:
    """True for a URL with a protocol other than the local filesystem's."""
    text = str(location)
    return "://" in text and not text.startswith("file://")


def filesystem(location: str | Path, **options: Any) -> tuple[fsspec.AbstractFileSystem, str]:
    """The filesystem holding ``location`` and the path inside it."""
    fs, path = url_to_fs(str(location), **options)
    return fs, path


def join(location: str | Path, *parts: str) -> str:
    """``location``/``parts``, for a local path or a URL alike."""
    base = str(location).rstrip("/")
    return "/".join([base, *(part.strip("/") for part in parts)])


__all__ = ["filesystem", "is_remote", "join"]
