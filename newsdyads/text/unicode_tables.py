"""Per-code-point tables the compiled kernels look characters up in.

Built once per process from Python's own Unicode database, so kernels agree with
``str.lower`` and the ``\\p{L}``/``\\p{N}`` classes without decoding Unicode rules
themselves. Each table is built by C-level passes over all code points at once
(``map`` over the characters, one joined string read back by NumPy): the same tables
by a Python loop per code point took 0.6 s of every process's first batch. Code
points past the supplementary ideographic plane are rare in news text and read as
non-word characters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache

import numba
import numpy as np
import numpy.typing as npt

TABLE_SIZE = 0x30000


@cache
def table_characters() -> tuple[str, ...]:
    """Every code point below ``TABLE_SIZE`` as a one-character string."""
    return tuple(map(chr, range(TABLE_SIZE)))


def category_initials(characters: Sequence[str]) -> npt.NDArray[np.uint8]:
    """The first letter of each character's general category (``L``, ``N``, ``M``…),
    as ASCII codes: categories are two ASCII letters, so the joined string's every
    other byte."""
    joined = "".join(map(unicodedata.category, characters)).encode("ascii")
    return np.frombuffer(joined, dtype=np.uint8)[::2]


def _in_categories(characters: Sequence[str], initials: str) -> npt.NDArray[np.uint8]:
    """1 where a character's general category starts with one of ``initials``."""
    wanted = np.frombuffer(initials.encode("ascii"), dtype=np.uint8)
    return np.isin(category_initials(characters), wanted).astype(np.uint8)


@cache
def word_char_table() -> npt.NDArray[np.uint8]:
    """1 where the code point is a letter or a number (``\\p{L}``, ``\\p{N}``)."""
    return _in_categories(table_characters(), "LN")


@cache
def lowercase_table() -> npt.NDArray[np.int32]:
    """The lowercase code point of each code point (itself when lowercasing gives
    anything but one character, such as a dotted capital I)."""
    characters = table_characters()
    single = [
        lowered if len(lowered) == 1 else character
        for character, lowered in zip(characters, map(str.lower, characters), strict=True)
    ]
    # Surrogates are code points too: "surrogatepass" writes them as themselves.
    joined = "".join(single).encode("utf-32-le", "surrogatepass")
    return np.frombuffer(joined, dtype=np.int32).copy()


# Beyond TABLE_SIZE, only plane 3 (CJK extension G and later) and plane 14 (tags,
# variation selectors) assign characters outside the private use areas.
_HIGH_ASSIGNED = (range(0x30000, 0x32400), range(0xE0000, 0xE1000))


@cache
def letter_number_mark_table() -> npt.NDArray[np.uint8]:
    """1 where the code point is a letter, number or mark (``[\\p{L}\\p{N}\\p{M}]``)."""
    return _in_categories(table_characters(), "LNM")


@cache
def letter_number_mark_high() -> npt.NDArray[np.int64]:
    """Ranges of letters, numbers and marks at or past TABLE_SIZE (see
    ``code_ranges``), for kernels that must not misread those rare characters."""
    codes = [code for block in _HIGH_ASSIGNED for code in block]
    marked = _in_categories(list(map(chr, codes)), "LNM")
    return code_ranges(np.asarray(codes)[marked.astype(bool)].tolist())


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
