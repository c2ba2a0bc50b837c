"""Turn input bytes into text without ever dropping a file for its encoding."""

from __future__ import annotations

import re

_VALID_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode ``data`` as UTF-8 when it is, else with the most plausible fallback.

    Returns the text and a note saying what was done when it was not clean UTF-8
    (``None`` when it was). A file that is mostly UTF-8 with a few bad bytes keeps
    its UTF-8 characters and gets U+FFFD for the bad bytes; a file with no UTF-8
    multibyte sequence at all is legacy 8-bit text and is read as Windows-1252.
    """
    if data.startswith(b"\xef\xbb\xbf"):
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
