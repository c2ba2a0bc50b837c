"""UTF-8 arithmetic shared by the compiled kernels: decoding and encoding one character.

Arrow strings are valid UTF-8, so the decoder trusts its input and never checks
continuation bytes; the encoder is given code points that are not surrogates.
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


@numba.njit(cache=True, nogil=True, inline="always")
def encode(  # pragma: no cover - compiled
    code: int, out: npt.NDArray[np.uint8], written: int
) -> int:
    """Write ``code`` as UTF-8 at ``out[written:]``; returns the new ``written``."""
    if code < 0x80:
        out[written] = code
        return written + 1
    if code < 0x800:
        out[written] = 0xC0 | (code >> 6)
        out[written + 1] = 0x80 | (code & 0x3F)
        return written + 2
    if code < 0x10000:
        out[written] = 0xE0 | (code >> 12)
        out[written + 1] = 0x80 | ((code >> 6) & 0x3F)
        out[written + 2] = 0x80 | (code & 0x3F)
        return written + 3
    out[written] = 0xF0 | (code >> 18)
    out[written + 1] = 0x80 | ((code >> 12) & 0x3F)
    out[written + 2] = 0x80 | ((code >> 6) & 0x3F)
    out[written + 3] = 0x80 | (code & 0x3F)
    return written + 4
