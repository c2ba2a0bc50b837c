"""Ingest: inbox files to raw records, with every refusal quarantined."""

from tasks.ingest.discover import InboxFile, discover_inbox
from tasks.ingest.read import IngestBatch, ReadLimits, read_files

__all__ = ["IngestBatch", "InboxFile", "ReadLimits", "discover_inbox", "read_files"]
