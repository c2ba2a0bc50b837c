"""JSON Lines articles (``.jsonl``, ``.ndjson``, optionally gzip-compressed)."""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterable
from itertools import accumulate
from typing import Any

import orjson
import polars as pl
from isal import isal_zlib

from newsdyads.reference import jsonl_field_keys
from newsdyads.text.json_lines import JsonLinesScan, scan_json_lines
from tasks.ingest.decode import decode_bytes, is_clean_utf8
from tasks.ingest.markup import texts_of_markup
from tasks.ingest.schema import RAW_RECORD_SCHEMA, ParsedFile, quarantine_frame

_FIELD_COLUMNS = {
    "id": "record_key",
    "title": "title",
    "text": "text",
    "published": "published_raw",
    "language": "language_hint",
    "source": "source_hint",
    "url": "url",
}
"""The raw-record column each field of a record fills."""


def _field_keys() -> dict[str, tuple[str, ...]]:
    """The JSON keys of each field, in preference order (jsonl_fields.toml), checked:
    every field named, each key in one field only."""
    keys = jsonl_field_keys()
    if set(keys) != set(_FIELD_COLUMNS):
        raise ValueError(f"jsonl_fields.toml must name exactly the fields {sorted(_FIELD_COLUMNS)}")
    flat = [key for field in _FIELD_COLUMNS for key in keys[field]]
    if len(flat) != len(set(flat)) or not all(keys[field] for field in _FIELD_COLUMNS):
        raise ValueError("jsonl_fields.toml: each field needs keys, and a key one field only")
    return {field: tuple(keys[field]) for field in _FIELD_COLUMNS}


_FIELD_KEYS = _field_keys()
_KEYS = tuple(key for keys in _FIELD_KEYS.values() for key in keys)
"""Every key read, field after field (the id's first)."""


def _key_slices(field_keys: dict[str, tuple[str, ...]]) -> tuple[slice, ...]:
    """Where each field's keys are in the flat sequence of every field's keys."""
    ends = accumulate(len(keys) for keys in field_keys.values())
    return tuple(
        slice(end - len(keys), end) for end, keys in zip(ends, field_keys.values(), strict=True)
    )


_FIELD_SLICES = _key_slices(_FIELD_KEYS)
"""Where each field's keys are in ``_KEYS``."""
# The raw-record columns: each field's, then the id's.
_KEY_COLUMNS = tuple(_FIELD_COLUMNS.values())
_COLUMNS = (*_KEY_COLUMNS[1:], _KEY_COLUMNS[0])
JSON_KEY_OF_COLUMN = {column: _FIELD_KEYS[field][0] for field, column in _FIELD_COLUMNS.items()}
"""The project's own JSON key of each raw-record column (``record_key`` from ``id``...)."""
_READ_CHUNK = 1 << 20
# isal's stubs declare its error as an instance; it is an exception class.
_ISAL_ERROR: type[Exception] = isal_zlib.error  # type: ignore[assignment]


def gunzip_limited(data: bytes, max_bytes: int) -> tuple[bytes, str | None]:
    """Decompress gzip ``data`` (one or more members) up to ``max_bytes``.

    Returns what could be decompressed and a problem note: a truncated or corrupt
    stream keeps the bytes decompressed before the damage; output beyond
    ``max_bytes`` (a compression bomb, or just a huge file) is cut there.
    The decompressor is asked for at most the room left under the limit, so a bomb
    never expands in memory past it; each member is decompressed in one call.
    """
    parts: list[bytes] = []
    size = 0
    pending = data
    while pending:
        part, pending, problem = _gunzip_member(pending, max_bytes - size)
        parts.append(part)
        size += len(part)
        if size > max_bytes:
            return b"".join(parts)[:max_bytes], (
                f"decompressed size exceeds the limit of {max_bytes} bytes"
            )
        if problem is not None:
            return b"".join(parts), problem
    return b"".join(parts), None


def _gunzip_member(data: bytes, room: int) -> tuple[bytes, bytes, str | None]:
    """The first gzip member of ``data`` decompressed (at most ``room`` + 1 bytes,
    so that going over the limit shows), the bytes after it, and a problem note.

    ISA-L's inflate is about twice as fast as zlib's on a sound member; a member it
    cannot finish (damaged or truncated) is decompressed again by zlib, which gives
    back more of what comes before the damage.
    """
    fast = isal_zlib.decompressobj(wbits=31)
    try:
        out = fast.decompress(data, room + 1)
        if fast.eof or len(out) > room:
            return out, fast.unused_data, None
    except _ISAL_ERROR:
        pass
    stream = zlib.decompressobj(wbits=31)
    try:
        out = stream.decompress(data, room + 1)
    except zlib.error as exc:
        # zlib gives nothing back from a call that fails: find how far it gets.
        return _before_damage(data, room), b"", f"compressed stream is damaged ({exc})"
    if len(out) > room or stream.eof:
        return out, stream.unused_data, None
    return out, b"", "compressed stream is truncated"


def _before_damage(member: bytes, room: int) -> bytes:
    """What a damaged gzip ``member`` decompresses to before the damage (at most
    ``room`` bytes), fed in 1 MiB pieces so that the good part comes out."""
    out = bytearray()
    stream = zlib.decompressobj(wbits=31)
    for start in range(0, len(member), _READ_CHUNK):
        try:
            out += stream.decompress(member[start : start + _READ_CHUNK], room - len(out) + 1)
        except zlib.error:
            break
        if len(out) > room:
            break
    return bytes(out[:room])


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


_PLAIN_TYPES = frozenset({str, type(None)})
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _record_values(line: str | bytes) -> tuple[list[str | None], str | None]:
    """One line's ``_KEYS`` fields as text (None where absent), or the reason the line
    is not a JSON object.

    orjson reads the lines (several times faster than the standard library); a line
    it refuses is read again by ``json``, which accepts a little more (NaN, lone
    surrogates) and words its errors for people. A lone surrogate (an escape such as
    ``\\ud800`` without its pair) is no character: it becomes U+FFFD, as an invalid
    byte does when a file is decoded, so the record loads. The fields are taken and
    their types checked with C-level ``map`` calls: per-field Python code was a fifth
    of ingest. A line may come as UTF-8 bytes (see ``_lines``).
    """
    lenient = False
    try:
        item = orjson.loads(line)
    except orjson.JSONDecodeError:
        try:
            item = json.loads(_text(line))
        except json.JSONDecodeError as exc:
            return [], f"not valid JSON ({exc.msg}, column {exc.colno})"
        lenient = True
    if not isinstance(item, dict):
        return [], f"JSON value is a {type(item).__name__}, not an object"
    values = list(map(item.get, _KEYS))
    if not _PLAIN_TYPES.issuperset(map(type, values)):
        if float in map(type, values):
            # orjson reads integers past 64 bits as floats: such an id is read exactly.
            values = list(map(json.loads(_text(line)).get, _KEYS))
        values = [_as_text(value) for value in values]
    values = _by_field(values)
    if lenient:
        values = [
            None if value is None else _LONE_SURROGATE.sub("\ufffd", value) for value in values
        ]
    return values, None


def _by_field(values: list[str | None]) -> list[str | None]:
    """Each field's value from the values of ``_KEYS``: its first key's that is not
    None (absent or null)."""
    return [next((v for v in values[keys] if v is not None), None) for keys in _FIELD_SLICES]


def _text(line: str | bytes) -> str:
    return line.decode("utf-8") if isinstance(line, bytes) else line


def _is_blank(line: str | bytes) -> bool:
    """Whether a line is empty or only white space (Unicode's, as ``str.isspace``)."""
    if isinstance(line, bytes):
        # A line that opens an object is not blank; any other is judged on its text.
        return not line or (not line.startswith(b"{") and _text(line).isspace())
    return not line or line.isspace()


def _lines(
    data: bytes, max_line_bytes: int
) -> tuple[JsonLinesScan | None, Iterable[tuple[int, str | bytes]], str | None]:
    """What the compiled pass read of the file, the numbered lines left to read one by
    one, and the decoding note (``decode_bytes``).

    Clean UTF-8 (nearly every file) goes through ``scan_json_lines``, which reads
    every plain line (an object whose fields are strings or null) into columns at
    once and leaves the rest, as bytes for orjson: decoding each line into a dict of
    Python strings, then building the columns from them, was two thirds of reading
    a shard. Any other file is decoded by ``decode_bytes`` first, then read line by
    line. JSON Lines end at "\n" only: str.splitlines would also cut at U+0085 or
    U+2028, which JSON writers leave unescaped inside strings.
    """
    if is_clean_utf8(data):
        visible = (*_FIELD_KEYS["title"], *_FIELD_KEYS["text"])
        scan = scan_json_lines(data, _KEYS, visible, max_line_bytes)
        return scan, scan.fallback_lines, None
    text, note = decode_bytes(data)
    return None, enumerate(text.split("\n"), start=1), note


def _first_set(columns: list[pl.Series]) -> pl.Series:
    """Row by row, the first of ``columns`` (one field's keys, in preference order)
    that is not null."""
    if len(columns) == 1 or all(column.null_count() == len(column) for column in columns[1:]):
        return columns[0]
    return pl.select(pl.coalesce(columns)).to_series()


def _scanned_records(scan: JsonLinesScan) -> pl.DataFrame:
    """The compiled pass's records as raw-record columns, with their line numbers."""
    columns = {
        column: _first_set([scan.columns[key] for key in _FIELD_KEYS[field]])
        for field, column in _FIELD_COLUMNS.items()
    }
    columns["record_key"] = columns["record_key"].fill_null("")
    columns["text"] = columns["text"].fill_null("")
    return pl.DataFrame(
        [pl.Series("line", scan.line_numbers, dtype=pl.Int64)]
        + [columns[name].rename(name) for name in _COLUMNS]
    )


def parse_jsonl(
    source_file: str, data: bytes, *, compressed: bool, max_bytes: int, max_record_chars: int
) -> ParsedFile:
    """Parse one JSON Lines file, one article per line.

    Each field is read from its first key present (``jsonl_fields.toml``); a title or
    text holding HTML is read as its text (``tasks.ingest.markup``). A line that is
    not a JSON object, or has neither title nor text, or is longer than
    ``max_record_chars``, is quarantined with its line number; the other lines still
    load. A damaged gzip stream loads the lines before the damage and
    quarantines the rest of the file as one entry.
    """
    problems: list[dict[str, str]] = []
    if compressed:
        data, gz_problem = gunzip_limited(data, max_bytes)
        if gz_problem:
            # The last line before the damage is likely cut in half: drop it.
            data = data[: data.rfind(b"\n") + 1]
            problems.append({"source_file": source_file, "record_key": "", "reason": gz_problem})
    # A line's bytes are at least its characters: one of at most max_record_chars
    # bytes is short enough; a longer one is counted by the line-by-line reading.
    scan, lines, note = _lines(data, max_record_chars)
    columns: dict[str, list[str | None]] = {name: [] for name in _COLUMNS}
    line_numbers: list[int] = []
    # Each field's column, in ``_KEYS`` order.
    appenders = [columns[column].append for column in _KEY_COLUMNS]
    for number, line in lines:
        if _is_blank(line):
            continue
        where = f"line {number}"
        # A line's bytes are at least its characters: only long ones are counted.
        if len(line) > max_record_chars and len(_text(line)) > max_record_chars:
            problems.append(
                {
                    "source_file": source_file,
                    "record_key": where,
                    "reason": f"record longer than {max_record_chars} characters",
                }
            )
            continue
        values, problem = _record_values(line)
        if problem is not None:
            problems.append({"source_file": source_file, "record_key": where, "reason": problem})
            continue
        record_key, title, text_value = values[0], values[1], values[2]
        if not (title or "").strip() and not (text_value or "").strip():
            problems.append(
                {
                    "source_file": source_file,
                    "record_key": record_key or where,
                    "reason": "record has neither title nor text",
                }
            )
            continue
        values[2] = text_value or ""
        values[0] = record_key or ""
        for append, value in zip(appenders, values, strict=True):
            append(value)
        line_numbers.append(number)
    read = pl.DataFrame(
        {"line": line_numbers, **columns},
        schema={"line": pl.Int64(), **dict.fromkeys(_COLUMNS, pl.String())},
    )
    parts = [read] if scan is None else [_scanned_records(scan), read]
    parts = [part for part in parts if part.height] or [read]
    if not parts[0].height and not problems:
        problems.append(
            {"source_file": source_file, "record_key": "", "reason": "empty file: no records"}
        )
    # The compiled pass's records and those read line by line, in line order.
    in_order = pl.concat(parts).sort("line") if len(parts) > 1 else parts[0]
    # A feed's title and text may be HTML (an RSS item's content:encoded).
    in_order = in_order.with_columns(
        texts_of_markup(in_order["title"]), texts_of_markup(in_order["text"])
    )
    return ParsedFile(
        records=_raw_records(source_file, in_order),
        quarantined=quarantine_frame(problems),
        decode_note=note,
    )


def _raw_records(source_file: str, lines: pl.DataFrame) -> pl.DataFrame:
    """The records read from a file's lines as raw records (``RAW_RECORD_SCHEMA``): the
    file and the format on every row, the columns JSON Lines has not null."""
    constants = {"source_file": source_file, "format": "jsonl"}
    return lines.select(
        pl.col(name) if name in lines.columns else pl.lit(constants.get(name), dtype).alias(name)
        for name, dtype in RAW_RECORD_SCHEMA.items()
    )
