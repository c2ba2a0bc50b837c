"""JSON Lines articles (``.jsonl``, ``.ndjson``, optionally gzip-compressed)."""

from __future__ import annotations

import json
import zlib
from typing import Any

from tasks.ingest.decode import decode_bytes
from tasks.ingest.schema import ParsedFile, quarantine_frame, records_frame

_FIELDS = ("title", "text", "published", "language", "source", "url")
_READ_CHUNK = 1 << 20


def gunzip_limited(data: bytes, max_bytes: int) -> tuple[bytes, str | None]:
    """Decompress gzip ``data`` (one or more members) up to ``max_bytes``.

    Returns what could be decompressed and a problem note: a truncated or corrupt
    stream keeps the bytes decompressed before the damage; output beyond
    ``max_bytes`` (a compression bomb, or just a huge file) is cut there.
    Decompression is incremental, so a bomb never expands in memory past the limit.
    """
    out = bytearray()
    pending = data
    while pending:
        stream = zlib.decompressobj(wbits=31)
        try:
            for start in range(0, len(pending), _READ_CHUNK):
                room = max_bytes - len(out) + 1
                out += stream.decompress(pending[start : start + _READ_CHUNK], room)
                while stream.unconsumed_tail and len(out) <= max_bytes:
                    out += stream.decompress(stream.unconsumed_tail, max_bytes - len(out) + 1)
                if len(out) > max_bytes:
                    return bytes(out[:max_bytes]), (
                        f"decompressed size exceeds the limit of {max_bytes} bytes"
                    )
                if stream.eof:
                    break
        except zlib.error as exc:
            return bytes(out), f"compressed stream is damaged ({exc})"
        if not stream.eof:
            return bytes(out), "compressed stream is truncated"
        pending = stream.unused_data
    return bytes(out), None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def parse_jsonl(
    source_file: str, data: bytes, *, compressed: bool, max_bytes: int, max_record_chars: int
) -> ParsedFile:
    """Parse one JSON Lines file, one article per line.

    A line that is not a JSON object, or has neither ``title`` nor ``text``, or is
    longer than ``max_record_chars``, is quarantined with its line number; the other
    lines still load. A damaged gzip stream loads the lines before the damage and
    quarantines the rest of the file as one entry.
    """
    problems: list[dict[str, str]] = []
    if compressed:
        data, gz_problem = gunzip_limited(data, max_bytes)
        if gz_problem:
            # The last line before the damage is likely cut in half: drop it.
            data = data[: data.rfind(b"\n") + 1]
            problems.append({"source_file": source_file, "record_key": "", "reason": gz_problem})
    text, note = decode_bytes(data)
    rows: list[dict[str, str | None]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        if len(line) > max_record_chars:
            problems.append(
                {
                    "source_file": source_file,
                    "record_key": where,
                    "reason": f"record longer than {max_record_chars} characters",
                }
            )
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(
                {
                    "source_file": source_file,
                    "record_key": where,
                    "reason": f"not valid JSON ({exc.msg}, column {exc.colno})",
                }
            )
            continue
        if not isinstance(item, dict):
            problems.append(
                {
                    "source_file": source_file,
                    "record_key": where,
                    "reason": f"JSON value is a {type(item).__name__}, not an object",
                }
            )
            continue
        fields = {name: _as_text(item.get(name)) for name in _FIELDS}
        if not (fields["title"] or "").strip() and not (fields["text"] or "").strip():
            problems.append(
                {
                    "source_file": source_file,
                    "record_key": _as_text(item.get("id")) or where,
                    "reason": "record has neither title nor text",
                }
            )
            continue
        rows.append(
            {
                "source_file": source_file,
                "record_key": _as_text(item.get("id")) or "",
                "format": "jsonl",
                "title": fields["title"],
                "text": fields["text"] or "",
                "published_raw": fields["published"],
                "language_hint": fields["language"],
                "source_hint": fields["source"],
                "url": fields["url"],
            }
        )
    if not rows and not problems:
        problems.append(
            {"source_file": source_file, "record_key": "", "reason": "empty file: no records"}
        )
    return ParsedFile(
        records=records_frame(rows), quarantined=quarantine_frame(problems), decode_note=note
    )
