"""Case-folded hash keys of short text pieces, for comparing paragraphs of a batch.

The cleaner compares the first characters of paragraphs (a repeated lede) and whole
short paragraphs against footer phrases, case-insensitively. Lower-casing hundreds
of thousands of paragraphs to compare their strings was a third of cleaning; a
64-bit hash of the lower-cased characters, computed in one compiled pass, compares
the same (two different texts share a key once in about 10^19).
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt

from newsdyads.text.buffers import Utf8Buffers
from newsdyads.text.mixing import FNV_OFFSET, FNV_PRIME, mix
from newsdyads.text.unicode_tables import TABLE_SIZE, lowercase_table
from newsdyads.text.utf8 import decode


@numba.njit(cache=True, nogil=True)
def _paragraph_keys(  # pragma: no cover - compiled; tested through paragraph_keys
    data: npt.NDArray[np.uint8],
    offsets: npt.NDArray[np.int64],
    lower: npt.NDArray[np.int32],
    strip: npt.NDArray[np.uint8],
    prefix_chars: int,
    max_chars: int,
) -> tuple[
    npt.NDArray[np.uint64], npt.NDArray[np.bool_], npt.NDArray[np.uint64], npt.NDArray[np.bool_]
]:
    texts = offsets.shape[0] - 1
    prefix = np.zeros(texts, np.uint64)
    prefix_valid = np.zeros(texts, np.bool_)
    stripped = np.zeros(texts, np.uint64)
    stripped_valid = np.zeros(texts, np.bool_)
    for text in range(texts):
        position = offsets[text]
        end = offsets[text + 1]
        prefix_hash = FNV_OFFSET
        prefix_count = 0
        prefix_done = False
        current = FNV_OFFSET
        kept = FNV_OFFSET  # the stripped hash up to the last character not stripped
        count = 0
        started = False
        too_long = False
        while position < end and not (prefix_done and too_long):
            code, width = decode(data, position)
            position += width
            folded = lower[code] if code < TABLE_SIZE else code
            if not prefix_done:
                prefix_count += 1
                prefix_hash = (prefix_hash ^ np.uint64(folded)) * FNV_PRIME
                prefix_done = prefix_count == prefix_chars
            if too_long:
                continue
            is_strip = code < strip.shape[0] and strip[code] != 0
            if not started and is_strip:
                continue
            started = True
            count += 1
            if count > max_chars and not is_strip:
                too_long = True
                continue
            current = (current ^ np.uint64(folded)) * FNV_PRIME
            if not is_strip:
                kept = current
        prefix[text] = mix(prefix_hash)
        prefix_valid[text] = prefix_count == prefix_chars
        stripped[text] = mix(kept)
        stripped_valid[text] = not too_long
    return prefix, prefix_valid, stripped, stripped_valid


def paragraph_keys(
    texts: Utf8Buffers, prefix_chars: int, strip: str, max_chars: int
) -> tuple[
    npt.NDArray[np.uint64], npt.NDArray[np.bool_], npt.NDArray[np.uint64], npt.NDArray[np.bool_]
]:
    """``prefix_keys(texts, prefix_chars)`` and ``stripped_keys(texts, strip, max_chars)``
    in one pass: the cleaner needs both for every paragraph, and each character is
    decoded and lower-cased once (two passes, each comparing every character with
    the characters to strip, took two and a half times as long)."""
    # The characters to strip as a table indexed by code point (one lookup a character).
    table = np.zeros(max((ord(char) for char in strip), default=-1) + 1, np.uint8)
    table[[ord(char) for char in strip]] = 1
    return _paragraph_keys(
        texts.data, texts.offsets, lowercase_table(), table, prefix_chars, max_chars
    )


def prefix_keys(
    texts: Utf8Buffers, chars: int
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.bool_]]:
    """A key of each text's first ``chars`` characters, lower-cased, and whether the
    text has that many characters (its key is meaningless otherwise)."""
    keys, valid, _, _ = paragraph_keys(texts, chars, "", 0)
    return keys, valid


def stripped_keys(
    texts: Utf8Buffers, strip: str, max_chars: int
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.bool_]]:
    """A key of each text lower-cased with the characters of ``strip`` removed from
    both ends, and whether what remains is at most ``max_chars`` characters long (the
    key is meaningless otherwise)."""
    _, _, keys, valid = paragraph_keys(texts, 0, strip, max_chars)
    return keys, valid
