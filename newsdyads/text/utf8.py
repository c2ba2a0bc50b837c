"""UTF-8 arithmetic shared by the compiled kernels: decoding one character, and
turning byte positions into character positions.

Arrow strings are valid UTF-8, so the decoder trusts its input and never checks
continuation bytes.
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt


@numba.njit(cache=True, nogil=True, inline="always")
def decode(  # pragma: no cover - compiled
    data: npt.NDArray[np.uint8], position: int
) -> tuple[np.int64, int]:
    """The code point starting at ``data[position]`` and its length in bytes."""
    byte = data[position]
    if byte < 0x80:
        return np.int64(byte), 1
    if byte < 0xE0:
        return ((np.int64(byte) & 0x1F) << 6) | (np.int64(data[position + 1]) & 0x3F), 2
    if byte < 0xF0:
        return (
            ((np.int64(byte) & 0x0F) << 12)
            | ((np.int64(data[position + 1]) & 0x3F) << 6)
            | (np.int64(data[position + 2]) & 0x3F)
        ), 3
    return (
        ((np.int64(byte) & 0x07) << 18)
        | ((np.int64(data[position + 1]) & 0x3F) << 12)
        | ((np.int64(data[position + 2]) & 0x3F) << 6)
        | (np.int64(data[position + 3]) & 0x3F)
    ), 4


@numba.njit(cache=True, nogil=True)
def _char_offsets(  # pragma: no cover - compiled; tested through char_offsets
    data: npt.NDArray[np.uint8],
    offsets: npt.NDArray[np.int64],
    rows: npt.NDArray[np.int64],
    byte_offsets: npt.NDArray[np.int64],
) -> npt.NDArray[np.int64]:
    result = np.empty(rows.shape[0], np.int64)
    last_row = -1
    last_byte = 0
    chars = 0
    for match in range(rows.shape[0]):
        row = rows[match]
        target = byte_offsets[match]
        if row != last_row or target < last_byte:  # count from the text's start again
            last_row = row
            last_byte = 0
            chars = 0
        start = offsets[row]
        for position in range(start + last_byte, start + target):
            if data[position] & 0xC0 != 0x80:  # not a continuation byte
                chars += 1
        last_byte = target
        result[match] = chars
    return result


def char_offsets(
    data: npt.NDArray[np.uint8],
    offsets: npt.NDArray[np.int64],
    rows: npt.NDArray[np.int64],
    byte_offsets: npt.NDArray[np.int64],
) -> npt.NDArray[np.int64]:
    """Character offset of each ``byte_offsets[i]`` inside text ``rows[i]``.

    Texts are ``data[offsets[r]:offsets[r + 1]]``. Positions sorted by row, then by
    offset, are counted in one pass over each text (any order is right, just slower).
    """
    return _char_offsets(data, offsets, rows.astype(np.int64), byte_offsets.astype(np.int64))
