"""UTF-8 arithmetic shared by the compiled kernels: decoding one character.

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
