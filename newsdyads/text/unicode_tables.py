"""Per-code-point tables the compiled kernels look characters up in.

Built once per process from Python's own Unicode database (a fraction of a second),
so kernels agree with ``str.lower`` and the ``\\p{L}``/``\\p{N}`` classes without
decoding Unicode rules themselves. Code points past the supplementary ideographic
plane are rare in news text and read as non-word characters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache

import numba
import numpy as np
import numpy.typing as npt

TABLE_SIZE = 0x30000


@cache
def word_char_table() -> npt.NDArray[np.uint8]:
    """1 where the code point is a letter or a number (``\\p{L}``, ``\\p{N}``)."""
    return np.fromiter(
        (unicodedata.category(chr(code))[0] in "LN" for code in range(TABLE_SIZE)),
        dtype=np.uint8,
        count=TABLE_SIZE,
    )


@cache
def lowercase_table() -> npt.NDArray[np.int32]:
    """The lowercase code point of each code point (itself when lowercasing gives
    anything but one character, such as a dotted capital I)."""
    table = np.arange(TABLE_SIZE, dtype=np.int32)
    for code in range(TABLE_SIZE):
        lowered = chr(code).lower()
        if len(lowered) == 1 and lowered != chr(code):
            table[code] = ord(lowered)
    return table


# Beyond TABLE_SIZE, only plane 3 (CJK extension G and later) and plane 14 (tags,
# variation selectors) assign characters outside the private use areas.
_HIGH_ASSIGNED = (range(0x30000, 0x32400), range(0xE0000, 0xE1000))


@cache
def letter_number_mark_table() -> npt.NDArray[np.uint8]:
    """1 where the code point is a letter, number or mark (``[\\p{L}\\p{N}\\p{M}]``)."""
    return np.fromiter(
        (unicodedata.category(chr(code))[0] in "LNM" for code in range(TABLE_SIZE)),
        dtype=np.uint8,
        count=TABLE_SIZE,
    )


@cache
def letter_number_mark_high() -> npt.NDArray[np.int64]:
    """Ranges of letters, numbers and marks at or past TABLE_SIZE (see
    ``code_ranges``), for kernels that must not misread those rare characters."""
    return code_ranges(
        code
        for block in _HIGH_ASSIGNED
        for code in block
        if unicodedata.category(chr(code))[0] in "LNM"
    )


def code_ranges(codes: Iterable[int]) -> npt.NDArray[np.int64]:
    """``codes`` as ranges ``[first, last]``, one per row, in order: a few rows where
    a table indexed by code point would be mostly empty."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return np.array(ranges, dtype=np.int64).reshape(-1, 2)


@numba.njit(cache=True, nogil=True)
def in_ranges(  # pragma: no cover - compiled
    code: np.int64, ranges: npt.NDArray[np.int64]
) -> bool:
    """Whether ``code`` falls in one of ``ranges`` (from ``code_ranges``)."""
    for index in range(ranges.shape[0]):  # noqa: SIM110 - numba compiles loops, not any()
        if ranges[index, 0] <= code <= ranges[index, 1]:
            return True
    return False
