"""Text as the gazetteer matcher sees it, for a whole batch in one compiled pass.

Every character that is not a letter, number or combining mark (nor a space) becomes
one space, so word boundaries are spaces and character offsets do not move; each
text is padded with a space at both ends so that a term at the very start or end
still has its boundaries. The same as ``tasks.enrich.gazetteer.match_form`` (a regex
replacement), which was the slowest step of country matching; characters newer than
Python's Unicode database (the tables' source) are read as spaces.
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt

from newsdyads.text.buffers import Utf8Buffers
from newsdyads.text.unicode_tables import (
    TABLE_SIZE,
    in_ranges,
    letter_number_mark_high,
    letter_number_mark_table,
)
from newsdyads.text.utf8 import decode

_SPACE = 0x20


@numba.njit(cache=True, nogil=True)
def _padded_match_form(  # pragma: no cover - compiled; tested through padded_match_form
    data: npt.NDArray[np.uint8],
    offsets: npt.NDArray[np.int64],
    keep: npt.NDArray[np.uint8],
    high: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    texts = offsets.shape[0] - 1
    ascii_form = np.empty(0x80, np.uint8)
    for byte in range(0x80):
        ascii_form[byte] = byte if (byte == _SPACE or keep[byte]) else _SPACE
    out = np.empty(offsets[texts] - offsets[0] + 2 * texts, np.uint8)
    out_offsets = np.empty(texts + 1, np.int64)
    out_offsets[0] = 0
    written = 0
    for text in range(texts):
        out[written] = _SPACE
        written += 1
        position = offsets[text]
        end = offsets[text + 1]
        while position < end:
            byte = data[position]
            if byte < 0x80:  # ASCII: most of the text, one lookup, no branch
                out[written] = ascii_form[byte]
                written += 1
                position += 1
                continue
            code, width = decode(data, position)
            if (code < TABLE_SIZE and keep[code]) or (code >= TABLE_SIZE and in_ranges(code, high)):
                for index in range(width):
                    out[written + index] = data[position + index]
                written += width
            else:
                out[written] = _SPACE
                written += 1
            position += width
        out[written] = _SPACE
        written += 1
        out_offsets[text + 1] = written
    return out[:written], out_offsets


def padded_match_form(texts: Utf8Buffers) -> Utf8Buffers:
    """`` " " + match_form(text) + " "`` for every text (see the module docstring)."""
    data, offsets = _padded_match_form(
        texts.data,
        texts.offsets,
        letter_number_mark_table(),
        letter_number_mark_high(),
    )
    return Utf8Buffers(data, offsets)
