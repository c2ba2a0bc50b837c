"""Unicode normalization of titles and bodies."""

from __future__ import annotations

import unicodedata
from functools import cache, partial

import numpy as np
import numpy.typing as npt
import polars as pl

from newsdyads.text.buffers import string_series, utf8_buffers
from newsdyads.text.normalize import DROP, KEEP, normalize_texts
from newsdyads.text.unicode_tables import TABLE_SIZE, code_ranges

# Hangul vowel and final-consonant jamo compose algorithmically (no decomposition entry).
_HANGUL_COMPOSING = (*range(0x1161, 0x1176), *range(0x11A8, 0x11C3))

# Planes where Unicode assigns combining marks or decompositions: the BMP, the SMP, the
# SIP (compatibility ideographs) and the variation selectors of plane 14. Scanning
# only these keeps building the class under a tenth of a second.
_ASSIGNED_WITH_MARKS = (*range(0x30000), *range(0xE0000, 0xE1000))

_REPLACEMENTS: dict[str, str] = {
    # Line breaks: CR LF, lone CR and the Unicode line separator become LF.
    "\r\n": "\n",
    "\r": "\n",
    "\u2028": "\n",
    # Every space-like character becomes a plain space (NBSP, narrow NBSP, thin spaces…).
    **{ch: " " for ch in "\t\x0b\x0c\u00a0\u1680\u202f\u205f\u3000"},
    **{chr(code): " " for code in range(0x2000, 0x200B)},
    # Invisible characters that only break matching (not ZWJ/ZWNJ, which scripts need).
    **{ch: "" for ch in "\u00ad\u200b\u2060\ufeff"},
    **{ch: "'" for ch in "\u2018\u2019\u201a\u201b\u2032"},
    **{ch: '"' for ch in "\u201c\u201d\u201e\u201f\u2033"},
}


@cache
def _not_nfc_codes() -> frozenset[int]:
    """The code points NFC may change: combining marks, characters whose NFC differs,
    and later parts of canonical compositions.

    Text without any of them is already NFC, so only the rare texts holding one pay
    for normalization (a full NFC pass costs more than the rest of cleaning). Each
    property is read for all code points by one ``map`` (a loop per code point took
    0.2 s of every process's first batch).
    """
    codes = set(_HANGUL_COMPOSING)
    characters = list(map(chr, _ASSIGNED_WITH_MARKS))
    combining = map(unicodedata.combining, characters)
    normalized = map(partial(unicodedata.is_normalized, "NFC"), characters)
    codes.update(
        code
        for code, mark, is_nfc in zip(_ASSIGNED_WITH_MARKS, combining, normalized, strict=True)
        if mark or not is_nfc
    )
    for decomposition in map(unicodedata.decomposition, characters):
        if decomposition and not decomposition.startswith("<"):
            codes.update(int(part, 16) for part in decomposition.split()[1:])
    return frozenset(codes)


@cache
def _kernel_tables() -> tuple[npt.NDArray[np.int16], npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    """``_REPLACEMENTS`` and the not-NFC code points as the kernel's lookup tables."""
    actions = np.full(TABLE_SIZE, KEEP, dtype=np.int16)
    for char, replacement in _REPLACEMENTS.items():
        if len(char) > 1:
            continue  # CR LF: the kernel's own rule
        if len(replacement) > 1 or not replacement.isascii():
            raise ValueError(f"replacement {replacement!r} is not one ASCII character")
        actions[ord(char)] = ord(replacement) if replacement else DROP
    codes = _not_nfc_codes()
    maybe_not_nfc = np.zeros(TABLE_SIZE, dtype=np.uint8)
    maybe_not_nfc[[code for code in codes if code < TABLE_SIZE]] = 1
    high = code_ranges(code for code in codes if code >= TABLE_SIZE)
    return actions, maybe_not_nfc, high


def normalize_unicode(text: pl.Series) -> pl.Series:
    """Unify line breaks, spaces and quotes, remove invisible characters, then
    NFC-normalize ``text`` (nulls stay null).

    Line breaks are kept: paragraph structure is the cleaner's next input. Guillemets
    stay as they are (they are punctuation, not a quote style to unify). One compiled
    pass does the replacements and finds the few texts that need NFC at all.
    """
    buffers, needs_nfc = normalize_texts(utf8_buffers(text), *_kernel_tables())
    normalized = string_series(text.name, buffers)
    rows = np.flatnonzero(needs_nfc)
    if rows.size:
        normalized = normalized.scatter(rows, normalized.gather(rows).str.normalize("NFC"))
    if text.null_count():
        normalized = pl.select(pl.when(text.is_not_null()).then(normalized)).to_series()
    return normalized.rename(text.name)


def collapse_spaces(text: pl.Expr) -> pl.Expr:
    """Collapse runs of spaces inside one line of text and trim its ends."""
    return text.str.replace_all(r" {2,}", " ").str.strip_chars()
