"""Unicode normalization of titles and bodies."""

from __future__ import annotations

import unicodedata
from functools import cache

import polars as pl

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
def not_nfc_class() -> str:
    """A regex class of the characters NFC may change: combining marks, characters
    whose NFC differs, and later parts of canonical compositions.

    Text without any of them is already NFC, so only the rare rows holding one pay
    for normalization (a full NFC pass costs more than the rest of cleaning).
    """
    codes = set(_HANGUL_COMPOSING)
    for code in _ASSIGNED_WITH_MARKS:
        char = chr(code)
        if unicodedata.combining(char) or not unicodedata.is_normalized("NFC", char):
            codes.add(code)
        decomposition = unicodedata.decomposition(char)
        if decomposition and not decomposition.startswith("<"):
            codes.update(int(part, 16) for part in decomposition.split()[1:])
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(rf"\x{{{a:x}}}-\x{{{b:x}}}" for a, b in ranges) + "]"


def nfc(text: pl.Series) -> pl.Series:
    """``text`` in NFC, normalizing only the values that may not be NFC already."""
    needs = text.str.contains(not_nfc_class()).fill_null(False)
    rows = needs.arg_true()
    if rows.len() == 0:
        return text
    return text.scatter(rows, text.gather(rows).str.normalize("NFC"))


def normalize_unicode(text: pl.Series) -> pl.Series:
    """NFC-normalize ``text``, unify line breaks, spaces and quotes, and remove
    invisible characters, in one pass after NFC.

    Line breaks are kept: paragraph structure is the cleaner's next input. Guillemets
    stay as they are (they are punctuation, not a quote style to unify).
    """
    return nfc(text).str.replace_many(
        list(_REPLACEMENTS), list(_REPLACEMENTS.values()), leftmost=True
    )


def collapse_spaces(text: pl.Expr) -> pl.Expr:
    """Collapse runs of spaces inside one line of text and trim its ends."""
    return text.str.replace_all(r" {2,}", " ").str.strip_chars()
