"""Unify line breaks, spaces, quotes and invisible characters of a batch of texts in
one compiled pass, flagging the texts that may not be in NFC.

A Polars replace_many (Aho-Corasick) plus a regex search for characters NFC could
change cost two passes over every text; here one loop looks each character up in
two tables. What to replace lives in ``tasks.clean.normalize``; this module only
applies a table.
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt

from newsdyads.text.buffers import Utf8Buffers
from newsdyads.text.unicode_tables import in_ranges
from newsdyads.text.utf8 import decode

KEEP = -1
"""``actions`` value: write the character as it is."""
DROP = -2
"""``actions`` value: leave the character out."""
_CR = 0x0D
_LF = 0x0A


@numba.njit(cache=True, nogil=True)
def _normalize(  # pragma: no cover - compiled; tested through normalize_texts
    data: npt.NDArray[np.uint8],
    offsets: npt.NDArray[np.int64],
    actions: npt.NDArray[np.int16],
    maybe_not_nfc: npt.NDArray[np.uint8],
    high_not_nfc: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    texts = offsets.shape[0] - 1
    table_size = actions.shape[0]
    out = np.empty(offsets[texts] - offsets[0], np.uint8)
    out_offsets = np.empty(texts + 1, np.int64)
    needs_nfc = np.zeros(texts, np.bool_)
    out_offsets[0] = 0
    # ASCII, most of the text: what to write for each byte, looked up without branching
    # on the action (no ASCII character needs NFC).
    ascii_out = np.empty(0x80, np.int16)
    for byte in range(0x80):
        ascii_out[byte] = byte if actions[byte] == KEEP else actions[byte]
    written = 0
    for text in range(texts):
        position = offsets[text]
        end = offsets[text + 1]
        while position < end:
            byte = data[position]
            if byte == _CR:  # CR LF and a lone CR are both one line break
                out[written] = _LF
                written += 1
                position += 2 if position + 1 < end and data[position + 1] == _LF else 1
                continue
            if byte < 0x80:
                value = ascii_out[byte]
                if value >= 0:
                    out[written] = value
                    written += 1
                position += 1
                continue
            code, width = decode(data, position)
            action = actions[code] if code < table_size else KEEP
            if action == KEEP:
                for index in range(width):
                    out[written + index] = data[position + index]
                written += width
                if (code < table_size and maybe_not_nfc[code]) or (
                    code >= table_size and in_ranges(code, high_not_nfc)
                ):
                    needs_nfc[text] = True
            elif action != DROP:
                out[written] = action
                written += 1
            position += width
        out_offsets[text + 1] = written
    return out[:written], out_offsets, needs_nfc


def normalize_texts(
    texts: Utf8Buffers,
    actions: npt.NDArray[np.int16],
    maybe_not_nfc: npt.NDArray[np.uint8],
    high_not_nfc: npt.NDArray[np.int64],
) -> tuple[Utf8Buffers, npt.NDArray[np.bool_]]:
    """Each text with every character replaced as ``actions`` says (indexed by code
    point: ``KEEP``, ``DROP`` or the ASCII byte to write instead; CR LF and CR become
    LF), and whether the text keeps a character that NFC may change
    (``maybe_not_nfc`` by code point below the table's size, ``high_not_nfc`` ranges
    above it)."""
    data, offsets, needs_nfc = _normalize(
        texts.data, texts.offsets, actions, maybe_not_nfc, high_not_nfc
    )
    return Utf8Buffers(data, offsets), needs_nfc
