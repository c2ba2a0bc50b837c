"""Read flat JSON Lines records into Arrow string columns in one compiled pass.

A crawl's shard is tens of thousands of one-line JSON objects whose few fields that
matter are strings. Decoding each line into a dict of Python strings (orjson), taking
the fields in a Python loop and building the columns from those strings cost three
times what decoding alone costs; this pass finds each wanted field's string in the
line, unescapes it straight into its column's buffer, and validates the rest of the
line as JSON.

It accepts only what it can read exactly as a JSON parser would: a line that is not
a well-formed object, has a wanted field that is not a string or null, escapes a key,
is longer than the caller allows, or may have neither title nor text is left to the
caller (``JsonLinesScan.fallback_lines``), which reads it the slow, general way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np
import numpy.typing as npt
import polars as pl
import pyarrow as pa

from newsdyads.text.utf8 import encode

_MAX_DEPTH = 64
"""Nesting a skipped value may have; a deeper one is left to the caller."""


@numba.njit(cache=True, nogil=True, inline="always")
def _is_space(byte: int) -> bool:  # pragma: no cover - compiled
    return byte == 0x20 or byte == 0x09 or byte == 0x0D


@numba.njit(cache=True, nogil=True, inline="always")
def _skip_space(data: npt.NDArray[np.uint8], position: int, end: int) -> int:  # pragma: no cover
    while position < end and _is_space(data[position]):
        position += 1
    return position


@numba.njit(cache=True, nogil=True, inline="always")
def _hex4(data: npt.NDArray[np.uint8], position: int, end: int) -> int:  # pragma: no cover
    """The value of four hex digits at ``position``, or -1."""
    if position + 4 > end:
        return -1
    value = 0
    for index in range(position, position + 4):
        byte = data[index]
        if 0x30 <= byte <= 0x39:
            digit = byte - 0x30
        elif 0x61 <= byte <= 0x66:
            digit = byte - 0x57
        elif 0x41 <= byte <= 0x46:
            digit = byte - 0x37
        else:
            return -1
        value = value * 16 + digit
    return value


@numba.njit(cache=True, nogil=True)
def _escape_end(  # pragma: no cover - compiled
    data: npt.NDArray[np.uint8], position: int, end: int
) -> tuple[int, int]:
    """Read the escape at ``position`` (its backslash): the position after it and the
    character it stands for (-1 for an unknown escape or a lone surrogate)."""
    if position + 1 >= end:
        return -1, -1
    kind = data[position + 1]
    if kind == 0x75:
        code = _hex4(data, position + 2, end)
        if code < 0 or 0xDC00 <= code <= 0xDFFF:
            return -1, -1
        if 0xD800 <= code <= 0xDBFF:
            low = -1
            if position + 7 < end and data[position + 6] == 0x5C and data[position + 7] == 0x75:
                low = _hex4(data, position + 8, end)
            if not 0xDC00 <= low <= 0xDFFF:
                return -1, -1
            return position + 12, 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        return position + 6, code
    if kind == 0x22 or kind == 0x5C or kind == 0x2F:
        return position + 2, kind
    if kind == 0x62:
        return position + 2, 0x08
    if kind == 0x66:
        return position + 2, 0x0C
    if kind == 0x6E:
        return position + 2, 0x0A
    if kind == 0x72:
        return position + 2, 0x0D
    if kind == 0x74:
        return position + 2, 0x09
    return -1, -1


@numba.njit(cache=True, nogil=True)
def _string_end(  # pragma: no cover - compiled; tested through scan_json_lines
    data: npt.NDArray[np.uint8], position: int, end: int
) -> tuple[int, bool]:
    """Check a JSON string whose opening quote is just before ``position``: the
    position after its closing quote (-1 when it is not a valid string: a raw control
    character, an unknown escape, a lone surrogate) and whether it has escapes."""
    escaped = False
    while position < end:
        byte = data[position]
        if byte == 0x22:
            return position + 1, escaped
        if byte == 0x5C:
            escaped = True
            position, _ = _escape_end(data, position, end)
            if position < 0:
                return -1, False
        elif byte < 0x20:
            return -1, False
        else:
            position += 1
    return -1, False


@numba.njit(cache=True, nogil=True)
def _string_copy(  # pragma: no cover - compiled; tested through scan_json_lines
    data: npt.NDArray[np.uint8],
    position: int,
    end: int,
    out: npt.NDArray[np.uint8],
    written: int,
) -> tuple[int, int]:
    """Like ``_string_end``, writing the string's characters (unescaped, UTF-8) at
    ``out[written:]``: returns the position after it and the new ``written``."""
    while position < end:
        byte = data[position]
        if byte == 0x22:
            return position + 1, written
        if byte == 0x5C:
            position, code = _escape_end(data, position, end)
            if position < 0:
                return -1, written
            written = encode(code, out, written)
        elif byte < 0x20:
            return -1, written
        else:
            out[written] = byte
            written += 1
            position += 1
    return -1, written


@numba.njit(cache=True, nogil=True, inline="always")
def _digits_end(data: npt.NDArray[np.uint8], position: int, end: int) -> int:  # pragma: no cover
    """The position after the run of ASCII digits at ``position`` (it when none)."""
    while position < end and 0x30 <= data[position] <= 0x39:
        position += 1
    return position


@numba.njit(cache=True, nogil=True)
def _number_end(data: npt.NDArray[np.uint8], position: int, end: int) -> int:  # pragma: no cover
    """The position after the JSON number at ``position``, or -1."""
    if position < end and data[position] == 0x2D:
        position += 1
    if position >= end:
        return -1
    if data[position] == 0x30:
        position += 1
    elif 0x31 <= data[position] <= 0x39:
        position = _digits_end(data, position, end)
    else:
        return -1
    if position < end and data[position] == 0x2E:
        digits = _digits_end(data, position + 1, end)
        if digits == position + 1:
            return -1
        position = digits
    if position < end and (data[position] == 0x65 or data[position] == 0x45):
        position += 1
        if position < end and (data[position] == 0x2B or data[position] == 0x2D):
            position += 1
        digits = _digits_end(data, position, end)
        if digits == position:
            return -1
        position = digits
    return position


@numba.njit(cache=True, nogil=True, inline="always")
def _literal_end(  # pragma: no cover - compiled
    data: npt.NDArray[np.uint8], position: int, end: int, literal: npt.NDArray[np.uint8]
) -> int:
    size: int = literal.shape[0]
    if position + size > end:
        return -1
    for index in range(size):
        if data[position + index] != literal[index]:
            return -1
    return position + size


@numba.njit(cache=True, nogil=True)
def _member_key_end(
    data: npt.NDArray[np.uint8], position: int, end: int
) -> int:  # pragma: no cover
    """Past ``"key" :`` and the space after it, at ``position``; -1 when not there."""
    if position >= end or data[position] != 0x22:
        return -1
    position, _ = _string_end(data, position + 1, end)
    if position < 0:
        return -1
    position = _skip_space(data, position, end)
    if position >= end or data[position] != 0x3A:
        return -1
    return position + 1


@numba.njit(cache=True, nogil=True)
def _value_end(  # pragma: no cover - compiled; tested through scan_json_lines
    data: npt.NDArray[np.uint8],
    position: int,
    end: int,
    literals: tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8], npt.NDArray[np.uint8]],
) -> int:
    """The position after the JSON value (of any kind) at ``position``, or -1."""
    stack = np.empty(_MAX_DEPTH, np.uint8)
    depth = 0
    while True:
        position = _skip_space(data, position, end)
        if position >= end:
            return -1
        byte = data[position]
        if byte == 0x7B or byte == 0x5B:
            if depth == _MAX_DEPTH:
                return -1
            closer = 0x7D if byte == 0x7B else 0x5D
            position = _skip_space(data, position + 1, end)
            if position < end and data[position] == closer:
                position += 1
            else:
                stack[depth] = closer
                depth += 1
                if closer == 0x7D:
                    position = _member_key_end(data, position, end)
                    if position < 0:
                        return -1
                continue
        elif byte == 0x22:
            position, _ = _string_end(data, position + 1, end)
        elif byte == 0x74:
            position = _literal_end(data, position, end, literals[0])
        elif byte == 0x66:
            position = _literal_end(data, position, end, literals[1])
        elif byte == 0x6E:
            position = _literal_end(data, position, end, literals[2])
        else:
            position = _number_end(data, position, end)
        if position < 0:
            return -1
        # After a value: close the containers it ends, or go on to the next member.
        while depth > 0:
            position = _skip_space(data, position, end)
            if position >= end:
                return -1
            byte = data[position]
            if byte == stack[depth - 1]:
                depth -= 1
                position += 1
                continue
            if byte != 0x2C:
                return -1
            position = _skip_space(data, position + 1, end)
            if stack[depth - 1] == 0x7D:
                position = _member_key_end(data, position, end)
                if position < 0:
                    return -1
            break
        if depth == 0:
            return position


@numba.njit(cache=True, nogil=True)
def _key_index(  # pragma: no cover - compiled
    data: npt.NDArray[np.uint8],
    start: int,
    end: int,
    keys: npt.NDArray[np.uint8],
    key_offsets: npt.NDArray[np.int64],
) -> int:
    """The index of the key ``data[start:end]`` among ``keys``, or -1."""
    for key in range(key_offsets.shape[0] - 1):
        key_bytes = keys[key_offsets[key] : key_offsets[key + 1]]
        if key_bytes.shape[0] == end - start and _literal_end(data, start, end, key_bytes) == end:
            return key
    return -1


@numba.njit(cache=True, nogil=True)
def _line_end(data: npt.NDArray[np.uint8], position: int) -> int:  # pragma: no cover
    """Where the line holding ``position`` ends: its newline, or the end of the data."""
    while position < data.shape[0] and data[position] != 0x0A:
        position += 1
    return position


@numba.njit(cache=True, nogil=True)
def _has_visible(values: npt.NDArray[np.uint8]) -> bool:  # pragma: no cover - compiled
    # A loop, not any(): numba compiles no generator expressions over arrays.
    for byte in values:  # noqa: SIM110
        if 0x21 <= byte <= 0x7E:
            return True
    return False


@numba.njit(cache=True, nogil=True)
def _scan(  # pragma: no cover - compiled; tested through scan_json_lines
    data: npt.NDArray[np.uint8],
    keys: npt.NDArray[np.uint8],
    key_offsets: npt.NDArray[np.int64],
    visible_keys: npt.NDArray[np.int64],
    max_line_bytes: int,
    literals: tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8], npt.NDArray[np.uint8]],
) -> tuple[
    npt.NDArray[np.uint8],
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.bool_],
    npt.NDArray[np.int64],
]:
    """Read every line in one pass, writing each key's strings to its row of ``out``.

    Returns ``out`` and how much of each row is written, then for each accepted line
    its number, where each key's value ends in ``out`` and whether it is set (not
    absent or null), and (number, start, end) of each line left to the caller. A line
    found wanting is rolled back: each key's row is cut back to where the line began.
    """
    size = data.shape[0]
    key_count = key_offsets.shape[0] - 1
    out = np.empty((key_count, size), np.uint8)
    written = np.zeros(key_count, np.int64)
    line_written = np.zeros(key_count, np.int64)
    present = np.zeros(key_count, np.bool_)
    null = np.zeros(key_count, np.bool_)
    capacity = size // 1024 + 16
    row_lines = np.empty(capacity, np.int64)
    row_ends = np.empty((capacity, key_count), np.int64)
    row_set = np.empty((capacity, key_count), np.bool_)
    left = np.empty((16, 3), np.int64)
    rows = 0
    lefts = 0
    line = 0
    line_start = 0
    while line_start <= size:
        line += 1
        present[:] = False
        position = _skip_space(data, line_start, size)
        valid = position < size and data[position] == 0x7B
        if not valid and (position == size or data[position] == 0x0A) and position == line_start:
            line_start = position + 1  # an empty line
            continue
        if valid:
            position = _skip_space(data, position + 1, size)
            if position < size and data[position] == 0x7D:
                position += 1
            else:
                while True:
                    if position >= size or data[position] != 0x22:
                        valid = False
                        break
                    key_end, key_escaped = _string_end(data, position + 1, size)
                    if key_end < 0 or key_escaped:
                        valid = False
                        break
                    key = _key_index(data, position + 1, key_end - 1, keys, key_offsets)
                    position = _skip_space(data, key_end, size)
                    if position >= size or data[position] != 0x3A:
                        valid = False
                        break
                    position = _skip_space(data, position + 1, size)
                    if position >= size:
                        valid = False
                        break
                    if key >= 0:
                        # A repeated key: the last one counts, as in a dict.
                        written[key] = line_written[key]
                        present[key] = True
                        if data[position] == 0x22:
                            null[key] = False
                            position, written[key] = _string_copy(
                                data, position + 1, size, out[key], written[key]
                            )
                        else:  # null, or a number, list... where text is wanted
                            null[key] = True
                            position = _literal_end(data, position, size, literals[2])
                    else:
                        position = _value_end(data, position, size, literals)
                    if position < 0:
                        valid = False
                        break
                    position = _skip_space(data, position, size)
                    if position < size and data[position] == 0x2C:
                        position = _skip_space(data, position + 1, size)
                        continue
                    if position < size and data[position] == 0x7D:
                        position += 1
                        break
                    valid = False
                    break
        if valid:
            position = _skip_space(data, position, size)
            valid = position == size or data[position] == 0x0A
        line_end = position if valid else _line_end(data, line_start)
        if valid:
            valid = line_end - line_start <= max_line_bytes
        if valid:
            # A record must have a title or a text: one with a visible ASCII
            # character has; any other (blank, or only non-ASCII letters) is left.
            seen = False
            for key in visible_keys:
                values = out[key, line_written[key] : written[key]]
                if present[key] and not null[key] and _has_visible(values):
                    seen = True
                    break
            valid = seen
        if valid:
            if rows == capacity:
                capacity *= 2
                grown_lines = np.empty(capacity, np.int64)
                grown_lines[:rows] = row_lines
                row_lines = grown_lines
                grown_ends = np.empty((capacity, key_count), np.int64)
                grown_ends[:rows] = row_ends
                row_ends = grown_ends
                grown_set = np.empty((capacity, key_count), np.bool_)
                grown_set[:rows] = row_set
                row_set = grown_set
            row_lines[rows] = line
            for key in range(key_count):
                if not present[key]:
                    written[key] = line_written[key]
                row_ends[rows, key] = written[key]
                row_set[rows, key] = present[key] and not null[key]
                line_written[key] = written[key]
            rows += 1
        else:
            written[:] = line_written
            if lefts == left.shape[0]:
                grown = np.empty((2 * lefts, 3), np.int64)
                grown[:lefts] = left
                left = grown
            left[lefts, 0] = line
            left[lefts, 1] = line_start
            left[lefts, 2] = line_end
            lefts += 1
        line_start = line_end + 1
    return (
        out,
        written,
        row_lines[:rows],
        row_ends[:rows],
        row_set[:rows],
        left[:lefts],
    )


@dataclass(frozen=True)
class JsonLinesScan:
    """What one pass read: the ``columns`` of the accepted lines (one string column
    per key, null where the object lacks the key or holds null), their 1-based
    ``line_numbers``, and the lines left to the caller as (line number, bytes)."""

    columns: dict[str, pl.Series]
    line_numbers: npt.NDArray[np.int64]
    fallback_lines: list[tuple[int, bytes]]


_LITERALS = (
    np.frombuffer(b"true", np.uint8),
    np.frombuffer(b"false", np.uint8),
    np.frombuffer(b"null", np.uint8),
)


def scan_json_lines(
    data: bytes, keys: tuple[str, ...], visible_keys: tuple[str, ...], max_line_bytes: int
) -> JsonLinesScan:
    """Read the string fields ``keys`` of each line of ``data`` (valid UTF-8, lines
    ending in "\\n").

    A line is accepted when it is a JSON object, its ``keys`` are strings or null, and
    one of ``visible_keys`` has a visible ASCII character; empty lines are skipped;
    every other line, and any line over ``max_line_bytes``, is returned to be read
    another way.
    """
    encoded = [key.encode("utf-8") for key in keys]
    key_offsets = np.cumsum([0, *map(len, encoded)]).astype(np.int64)
    key_bytes = np.frombuffer(b"".join(encoded) or b"\0", np.uint8)
    visible = np.array([keys.index(key) for key in visible_keys], np.int64)
    out, written, lines, ends, is_set, left = _scan(
        np.frombuffer(data, np.uint8), key_bytes, key_offsets, visible, max_line_bytes, _LITERALS
    )
    columns = {}
    for number, key in enumerate(keys):
        offsets = np.concatenate([np.zeros(1, np.int64), ends[:, number]])
        valid = is_set[:, number]
        nulls = None if valid.all() else pa.py_buffer(np.packbits(valid, bitorder="little"))
        array = pa.LargeStringArray.from_buffers(
            len(lines), pa.py_buffer(offsets), pa.py_buffer(out[number, : written[number]]), nulls
        )
        columns[key] = pl.Series(key, array)
    fallback = [(int(number), data[start:end]) for number, start, end in left.tolist()]
    return JsonLinesScan(columns, lines, fallback)


__all__ = ["JsonLinesScan", "scan_json_lines"]
