"""Turn input bytes into text without ever dropping a file for its encoding."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa

_BYTE_ORDER_MARK = b"\xef\xbb\xbf"
_VALID_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode ``data`` as UTF-8 when it is, else with the most plausible fallback.

    Returns the text and a note saying what was done when it was not clean UTF-8
    (``None`` when it was). A file that is mostly UTF-8 with a few bad bytes keeps
    its UTF-8 characters and gets U+FFFD for the bad bytes; a file with no UTF-8
    multibyte sequence at all is legacy 8-bit text and is read as Windows-1252.
    """
    if data.startswith(_BYTE_ORDER_MARK):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    if _VALID_UTF8_MULTIBYTE.search(data) is None:
        return data.decode("cp1252", errors="replace"), "not UTF-8: decoded as Windows-1252"
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    return text, f"{bad} byte(s) not valid UTF-8 replaced by U+FFFD"


def is_clean_utf8(data: bytes) -> bool:
    """Whether ``decode_bytes`` would return ``data`` decoded as it is, without a note:
    valid UTF-8 without a byte-order mark. Checked by Arrow, without building a str."""
    if data.startswith(_BYTE_ORDER_MARK):
        return False
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    binary = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        binary.cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True
