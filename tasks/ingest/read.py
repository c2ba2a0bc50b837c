"""Read inbox files into raw records, fingerprinting each file first.

The loop here is per file, not per article: each parser handles all the records of
its file at once.
"""

from __future__ import annotations

import hashlib
import signal
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

import polars as pl

from newsdyads.storage import filesystem
from tasks.ingest.discover import InboxFile
from tasks.ingest.html import parse_html
from tasks.ingest.jsonl import parse_jsonl
from tasks.ingest.plain_text import parse_plain_text
from tasks.ingest.reuters_sgml import parse_reuters_sgml
from tasks.ingest.schema import (
    QUARANTINE_SCHEMA,
    ParsedFile,
    quarantine_frame,
    records_frame,
)
from tasks.ingest.warc import parse_warc

FILES_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String(),
    "sha256": pl.String(),
    "bytes": pl.Int64(),
    "format": pl.String(),
    "status": pl.String(),
    "duplicate_of": pl.String(),
    "records_read": pl.Int64(),
    "decode_note": pl.String(),
    "modified_at": pl.Datetime("us"),
}
"""One row per input file handled by a run: its fingerprint and what became of it."""


@dataclass(frozen=True)
class ReadLimits:
    """Size and time limits applied while reading, from the settings."""

    max_file_bytes: int
    max_record_chars: int
    max_parse_seconds: float = 0.0
    max_page_bytes: int = 5_000_000
    """Largest HTML page parsed, saved alone or inside an archive."""


STREAMED_FORMATS = ("warc",)
"""Archives: hashed and parsed as streams, never read whole. ``max_file_bytes`` and the
file's parse time limit do not apply to them (each page has its own limits)."""


class ParseTimeoutError(Exception):
    """Parsing one file took longer than its time limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``ParseTimeoutError`` in the block after ``seconds`` (0: no limit).

    Uses SIGALRM, so it works in the main thread (where Prefect runs our tasks) and
    interrupts Python code; elsewhere, or for 0, the block runs unlimited.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _expire(signum: int, frame: object) -> None:
        raise ParseTimeoutError

    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class KnownFiles:
    """What earlier runs handled: read files by path and content, refused-unread files
    by name.

    ``by_sha256`` maps a content fingerprint to the first file read with it (later
    copies are duplicates of it); ``handled`` holds every ``(source_file, sha256)``
    handled, copies included, so a re-run skips them all; ``unread`` holds
    ``(source_file, bytes)`` of files refused without being read (unsupported type,
    link out of the inbox), so a re-run does not refuse them again. ``stamps`` holds
    each path's ``(bytes, modified_at)`` when it was last read: a file that still has
    them is taken as unchanged without reading it again (as make and rsync do).

    Not a dataclass: every task of a run gets it as an argument, and Prefect visits
    every field, set and dict of a dataclass argument looking for upstream results
    (a warehouse that has loaded a year of one-article files knows millions).
    """

    __slots__ = ("_version", "by_sha256", "handled", "stamps", "unread")

    def __init__(self) -> None:
        self.by_sha256: dict[str, str] = {}
        self.handled: set[tuple[str, str]] = set()
        self.unread: set[tuple[str, int]] = set()
        self.stamps: dict[str, tuple[int, datetime]] = {}
        self._version = uuid.uuid4().hex

    def __dask_tokenize__(self) -> str:
        """What Dask hashes for this argument: a name for this state, not its entries.

        Dask names every task it is given after a hash of its arguments, and each task
        of a Dask run gets this one; hashing 200,000 known files took 4 s a task. The
        name changes with every ``add`` (Prefect gives each task run a key of its own
        anyway, so Dask never needs two equal states to share one).
        """
        return self._version

    def add(self, files: pl.DataFrame) -> None:
        """Remember files handled (a frame with ``FILES_SCHEMA``'s columns), oldest
        first: the first path read with a content is the one later copies point to."""
        self._version = uuid.uuid4().hex
        columns = ("source_file", "sha256", "bytes", "modified_at")
        for source_file, sha256, size, modified_at in files.select(columns).rows():
            if sha256 is None:
                self.unread.add((source_file, size))
                self.stamps.pop(source_file, None)
                continue
            self.by_sha256.setdefault(sha256, source_file)
            self.handled.add((source_file, sha256))
            if modified_at is None:
                self.stamps.pop(source_file, None)
            else:
                self.stamps[source_file] = (size, modified_at)


@dataclass
class IngestBatch:
    """Raw records, quarantined parts and per-file outcomes of a set of files."""

    records: pl.DataFrame
    quarantine: pl.DataFrame
    files: pl.DataFrame
    skipped_files: int = 0


_BINARY_SAMPLE = 8192
# Bytes that never appear in text: NUL and the C0 controls other than tab, LF, FF, CR, ESC.
_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def looks_binary(data: bytes, compressed: bool) -> bool:
    """True for content that is not text: a NUL byte, or many control bytes, in the
    first 8 KiB (after decompression for gzip, which the JSONL parser checks itself)."""
    if compressed:
        return False
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    return len(sample) > 0 and controls / len(sample) > 0.05


_FEW_RECORDS = 16
"""Files with at most this many records (a scraped page, a short feed) have their
texts measured in Python: a Polars filter costs ~0.15 ms whatever the frame's size,
a fifth of reading a one-article file."""


def _refuse_long_records(parsed: ParsedFile, max_chars: int) -> ParsedFile:
    """Move records whose text is longer than ``max_chars`` to the quarantine."""
    if parsed.records.height <= _FEW_RECORDS and all(
        text is None or len(text) <= max_chars
        for text in parsed.records.get_column("text").to_list()
    ):
        return parsed
    too_long = pl.col("text").str.len_chars() > max_chars
    refused = parsed.records.filter(too_long)
    if refused.height == 0:
        return parsed
    notes = refused.select(
        "source_file",
        record_key=pl.when(pl.col("record_key") == "")
        .then(pl.lit("record 1"))
        .otherwise(pl.col("record_key")),
        scope=pl.lit("record"),
        reason=pl.lit(f"record longer than {max_chars} characters"),
    )
    return ParsedFile(
        records=parsed.records.filter(~too_long),
        quarantined=pl.concat([parsed.quarantined, notes]),
        decode_note=parsed.decode_note,
    )


def _open(file: InboxFile, storage_options: dict[str, Any] | None) -> IO[bytes]:
    if file.url is None:
        return file.path.open("rb")
    fs, path = filesystem(file.url, **(storage_options or {}))
    handle: IO[bytes] = fs.open(path, "rb")
    return handle


def _stream_digest(file: InboxFile, storage_options: dict[str, Any] | None) -> str:
    """SHA-256 of a file read in chunks, never whole in memory."""
    with _open(file, storage_options) as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()  # type: ignore[arg-type]


def _parse(
    file: InboxFile, data: bytes, limits: ReadLimits, storage_options: dict[str, Any] | None
) -> ParsedFile:
    if file.format == "warc":
        with _open(file, storage_options) as stream:
            return parse_warc(file.source_file, stream, limits.max_page_bytes)
    if file.format == "html":
        return parse_html(file.source_file, data, limits.max_page_bytes)
    if file.format == "text":
        return parse_plain_text(file.source_file, data)
    if file.format in ("jsonl", "jsonl.gz"):
        return parse_jsonl(
            file.source_file,
            data,
            compressed=file.format == "jsonl.gz",
            max_bytes=limits.max_file_bytes,
            max_record_chars=limits.max_record_chars,
        )
    if file.format == "reuters-sgml":
        return parse_reuters_sgml(file.source_file, data)
    raise ValueError(f"no parser for format {file.format!r}")


def _refused(
    file: InboxFile, reason: str, sha256: str | None = None
) -> tuple[dict[str, object], pl.DataFrame]:
    row: dict[str, object] = {
        "source_file": file.source_file,
        "sha256": sha256,
        "bytes": file.size,
        "format": file.format,
        "status": "quarantined",
        "duplicate_of": None,
        "records_read": 0,
        "decode_note": None,
        "modified_at": file.modified_at if sha256 else None,
    }
    return row, quarantine_frame(
        [{"source_file": file.source_file, "record_key": "", "reason": reason}]
    )


def _read_bytes(file: InboxFile, storage_options: dict[str, Any] | None) -> bytes:
    if file.url is None:
        return file.path.read_bytes()
    fs, path = filesystem(file.url, **(storage_options or {}))
    data: bytes = fs.cat_file(path)
    return data


def unchanged_known_files(
    files: Iterable[InboxFile],
    known: KnownFiles,
    storage_options: dict[str, Any] | None = None,
) -> set[str]:
    """The files an earlier run handled under the same path with the same content.

    A file with the size and modification time it had when last read is taken as
    unchanged; other files whose path is known are fingerprinted. So a daily run over
    an inbox that keeps its history neither reads, parses nor ships old files to
    workers.
    """
    paths = {path for path, _ in known.handled}
    unchanged = set()
    for file in files:
        if file.problem is not None or file.source_file not in paths:
            continue
        stamp = known.stamps.get(file.source_file)
        if file.modified_at is not None and stamp == (file.size, file.modified_at):
            unchanged.add(file.source_file)
            continue
        try:
            digest = _stream_digest(file, storage_options)
        except OSError:
            continue  # read_files reports it
        if (file.source_file, digest) in known.handled:
            unchanged.add(file.source_file)
    return unchanged


def read_files(
    files: Iterable[InboxFile],
    known: KnownFiles,
    limits: ReadLimits,
    storage_options: dict[str, Any] | None = None,
) -> IngestBatch:
    """Fingerprint and parse ``files``.

    A file whose path and content are both in ``known`` was handled by an earlier run
    and is skipped without a trace; a known content under another name is a
    duplicate; anything else is parsed. Parser failures are quarantined, never
    raised, so one bad file cannot stop a run.
    """
    seen = dict(known.by_sha256)
    file_rows: list[dict[str, object]] = []
    record_frames: list[pl.DataFrame] = []
    quarantine_frames: list[pl.DataFrame] = []
    skipped = 0
    for file in files:
        if file.problem is not None and (file.source_file, file.size) in known.unread:
            skipped += 1
            continue
        if file.problem is not None:
            row, refused = _refused(file, file.problem)
            file_rows.append(row)
            quarantine_frames.append(refused)
            continue
        too_big = file.size > limits.max_file_bytes and file.format not in STREAMED_FORMATS
        if too_big and (file.source_file, file.size) in known.unread:
            skipped += 1
            continue
        if too_big:
            row, refused = _refused(
                file, f"file is {file.size} bytes, over the limit of {limits.max_file_bytes}"
            )
            file_rows.append(row)
            quarantine_frames.append(refused)
            continue
        try:
            if file.format in STREAMED_FORMATS:  # archives: hashed and parsed as streams
                data = b""
                sha256 = _stream_digest(file, storage_options)
            else:
                data = _read_bytes(file, storage_options)
                sha256 = hashlib.sha256(data).hexdigest()
        except OSError as exc:
            row, refused = _refused(file, f"cannot be read: {exc.strerror or exc}")
            file_rows.append(row)
            quarantine_frames.append(refused)
            continue
        if (file.source_file, sha256) in known.handled:
            skipped += 1
            continue
        if sha256 in seen:
            file_rows.append(
                {
                    "source_file": file.source_file,
                    "sha256": sha256,
                    "bytes": file.size,
                    "format": file.format,
                    "status": "duplicate",
                    "duplicate_of": seen[sha256],
                    "records_read": 0,
                    "decode_note": None,
                    "modified_at": file.modified_at,
                }
            )
            continue
        seen[sha256] = file.source_file
        if looks_binary(data, compressed=file.format in ("jsonl.gz", *STREAMED_FORMATS)):
            row, refused = _refused(file, "binary content, not text", sha256)
            file_rows.append(row)
            quarantine_frames.append(refused)
            continue
        try:
            seconds = 0.0 if file.format in STREAMED_FORMATS else limits.max_parse_seconds
            with time_limit(seconds):
                parsed = _parse(file, data, limits, storage_options)
            parsed = _refuse_long_records(parsed, limits.max_record_chars)
        except ParseTimeoutError:
            row, refused = _refused(
                file, f"parsing took longer than {limits.max_parse_seconds:g} s", sha256
            )
            file_rows.append(row)
            quarantine_frames.append(refused)
            continue
        except Exception as exc:
            row, refused = _refused(file, f"parser failed: {type(exc).__name__}: {exc}", sha256)
            file_rows.append(row)
            quarantine_frames.append(refused)
            continue
        record_quarantine = (
            parsed.quarantined.filter(pl.col("scope") == "record").height
            if parsed.quarantined.height
            else 0
        )
        records_read = parsed.records.height + record_quarantine
        file_rows.append(
            {
                "source_file": file.source_file,
                "sha256": sha256,
                "bytes": file.size,
                "format": file.format,
                "status": "loaded" if parsed.records.height else "quarantined",
                "duplicate_of": None,
                "records_read": records_read,
                "decode_note": parsed.decode_note,
                "modified_at": file.modified_at,
            }
        )
        record_frames.append(parsed.records)
        quarantine_frames.append(parsed.quarantined)
    return IngestBatch(
        records=pl.concat(record_frames) if record_frames else records_frame([]),
        quarantine=(
            pl.concat(quarantine_frames)
            if quarantine_frames
            else pl.DataFrame(schema=QUARANTINE_SCHEMA)
        ),
        files=pl.DataFrame(file_rows, schema=FILES_SCHEMA),
        skipped_files=skipped,
    )
