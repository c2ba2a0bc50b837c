"""Publish the warehouse's Parquet tables to object storage (any fsspec URL).

The local warehouse stays the writer's source of truth; after each committed run the
versions its tables point at are uploaded under ``<url>/_versions/<run_id>/<table>/``
and then one object, ``<url>/_current.json``, is replaced to list the files of every
table. Object stores have no links or atomic folder renames, but a single PUT is
atomic: readers who start from ``_current.json`` (``newsdyads.published``) always see
one complete published state. Uploading is idempotent, so a run that died while
uploading is finished by the next one.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsdyads.storage import filesystem

CURRENT = "_current.json"
TABLE_COMPLETE = "_COMPLETE"


def _local_versions(parquet_dir: Path) -> dict[str, Path]:
    """Each published table and the local version folder its link points at."""
    if not parquet_dir.is_dir():
        return {}
    return {
        link.name: (parquet_dir / os.readlink(link)).resolve()
        for link in sorted(parquet_dir.iterdir())
        if link.is_symlink() and not link.name.startswith(".")
    }


def read_current(url: str, storage_options: dict[str, Any] | None = None) -> dict[str, Any]:
    """The manifest readers start from (empty when nothing was published yet)."""
    fs, root = filesystem(url, **(storage_options or {}))
    path = f"{root}/{CURRENT}"
    if not fs.exists(path):
        return {"run_id": None, "tables": {}}
    manifest: dict[str, Any] = json.loads(fs.cat_file(path))
    return manifest


def publish_remote(
    parquet_dir: Path, url: str, storage_options: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Make ``url`` show the tables ``parquet_dir`` shows; returns the new manifest."""
    fs, root = filesystem(url, **(storage_options or {}))
    fs.makedirs(root, exist_ok=True)
    previous = read_current(url, storage_options)
    tables: dict[str, list[str]] = {}
    run_ids = set()
    for table, version_dir in _local_versions(parquet_dir).items():
        run_ids.add(version_dir.parent.name)
        prefix = f"_versions/{version_dir.parent.name}/{table}"
        files = sorted(
            p.relative_to(version_dir).as_posix() for p in version_dir.rglob("*.parquet")
        )
        if not fs.exists(f"{root}/{prefix}/{TABLE_COMPLETE}"):
            for relative in files:
                fs.put_file(str(version_dir / relative), f"{root}/{prefix}/{relative}")
            fs.pipe_file(f"{root}/{prefix}/{TABLE_COMPLETE}", b"")
        tables[table] = [f"{prefix}/{relative}" for relative in files]
    manifest = {
        "run_id": max(run_ids) if run_ids else None,
        "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": tables,
    }
    fs.pipe_file(f"{root}/{CURRENT}", json.dumps(manifest, indent=1).encode())
    _remove_unlisted(fs, root, manifest, previous)
    return manifest


def _remove_unlisted(fs: Any, root: str, current: dict[str, Any], previous: dict[str, Any]) -> None:
    """Delete remote versions neither the new manifest nor the previous one lists.

    The previous one stays for readers that read its manifest just before the switch.
    """
    keep = {
        path.split("/")[1]
        for manifest in (current, previous)
        for files in manifest.get("tables", {}).values()
        for path in files
    }
    versions = f"{root}/_versions"
    if not fs.exists(versions):
        return
    for folder in fs.ls(versions, detail=False):
        if folder.rstrip("/").rsplit("/", 1)[-1] not in keep:
            fs.rm(folder, recursive=True)


def catch_up_remote(
    parquet_dir: Path, url: str, storage_options: dict[str, Any] | None = None
) -> bool:
    """Publish to ``url`` if it lags the local warehouse (a run died while uploading,
    or a backfill published locally); returns whether it did."""
    local = _local_versions(parquet_dir)
    if not local:
        return False
    latest = max(version.parent.name for version in local.values())
    if read_current(url, storage_options).get("run_id") == latest:
        return False
    publish_remote(parquet_dir, url, storage_options)
    return True


__all__ = ["CURRENT", "catch_up_remote", "publish_remote", "read_current"]
