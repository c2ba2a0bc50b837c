"""Ingest: inbox files to raw records, with every refusal quarantined."""

from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.ingest.discover import InboxFile, InboxFiles, discover_inbox
from tasks.ingest.read import (
    IngestBatch,
    KnownFiles,
    ReadLimits,
    read_files,
    unchanged_known_files,
)

discover_inbox_task = task(name="discover-inbox", cache_policy=NO_CACHE)(discover_inbox)
read_files_task = task(name="ingest", cache_policy=NO_CACHE)(read_files)
unchanged_known_files_task = task(name="skip-known-files", cache_policy=NO_CACHE)(
    unchanged_known_files
)

__all__ = [
    "InboxFile",
    "InboxFiles",
    "IngestBatch",
    "KnownFiles",
    "ReadLimits",
    "discover_inbox",
    "read_files",
    "unchanged_known_files",
]
