"""Unicode normalization of titles and bodies."""

from __future__ import annotations

import polars as pl

# Every space-like character becomes a plain space (NBSP, narrow NBSP, thin spaces…).
_SPACES = r"[\t\x0b\x0c\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
# Invisible characters that only break matching (not ZWJ/ZWNJ, which some scripts need).
_INVISIBLE = r"[\u00ad\u200b\u2060\ufeff]"
_SINGLE_QUOTES = r"[\u2018\u2019\u201a\u201b\u2032]"
_DOUBLE_QUOTES = r"[\u201c\u201d\u201e\u201f\u2033]"


def normalize_unicode(text: pl.Expr) -> pl.Expr:
    """NFC-normalize ``text``, unify spaces and quotes, and remove invisible characters.

    Line breaks are kept: paragraph structure is the cleaner's next input. Guillemets
    stay as they are (they are punctuation, not a quote style to unify).
    """
    return (
        text.str.normalize("NFC")
        .str.replace_all(r"\r\n?|\u2028", "\n")
        .str.replace_all(_SPACES, " ")
        .str.replace_all(_INVISIBLE, "")
        .str.replace_all(_SINGLE_QUOTES, "'")
        .str.replace_all(_DOUBLE_QUOTES, '"')
    )


def collapse_spaces(text: pl.Expr) -> pl.Expr:
    """Collapse runs of spaces inside one line of text and trim its ends."""
    return text.str.replace_all(r" {2,}", " ").str.strip_chars()
