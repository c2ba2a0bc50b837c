"""Turn the gazetteer into the patterns one language's articles are matched against."""

from __future__ import annotations

from functools import cache

import polars as pl

from newsdyads.reference import gazetteer
from newsdyads.text.terms import TermIndex

ANY_LANGUAGE = "*"
FALLBACK_LANGUAGE = "en"
# Scripts written without spaces between words: their terms match without boundaries.
_UNSPACED_SCRIPTS = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]"


def match_form(text: pl.Expr) -> pl.Expr:
    """Text as the matcher sees it: every character that is not a letter, digit or
    combining mark becomes one space, so character offsets are unchanged and word
    boundaries become spaces on both sides of a term.

    Spaces are left out of the class: they are a sixth of all text and replacing
    them with themselves made this the slowest step of matching.
    """
    return text.str.replace_all(r"[^\p{L}\p{N}\p{M} ]", " ")


@cache
def patterns_by_language() -> dict[str, pl.DataFrame]:
    """For each language: ``pattern``, ``term``, ``iso3``, ``kind``, ``valid_from/to``.

    A language's patterns are its own terms plus the terms valid in any language;
    where both give a pattern, the language's own wins. Patterns are padded with a
    space on each side (word boundaries), except in scripts written without spaces.
    """
    terms = gazetteer().with_columns(
        pattern=pl.when(pl.col("term").str.contains(_UNSPACED_SCRIPTS))
        .then(match_form(pl.col("term")))
        .otherwise(pl.concat_str([pl.lit(" "), match_form(pl.col("term")), pl.lit(" ")]))
    )
    shared = terms.filter(pl.col("lang") == ANY_LANGUAGE)
    by_language: dict[str, pl.DataFrame] = {}
    for (lang,), own in terms.filter(pl.col("lang") != ANY_LANGUAGE).group_by("lang"):
        combined = (
            pl.concat(
                [own.with_columns(priority=pl.lit(0)), shared.with_columns(priority=pl.lit(1))]
            )
            .sort("priority", "pattern")
            .unique("pattern", keep="first", maintain_order=True)
            .select("pattern", "term", "iso3", "kind", "valid_from", "valid_to")
        )
        by_language[str(lang)] = combined
    return by_language


def patterns_for(language: str | None) -> pl.DataFrame:
    """The patterns for articles in ``language``; English ones when it has none."""
    table = patterns_by_language()
    if language is not None and language in table:
        return table[language]
    return table[FALLBACK_LANGUAGE]


@cache
def term_index_for(language: str | None) -> TermIndex:
    """``patterns_for(language)`` indexed for ``newsdyads.text.terms.find_terms``
    (pattern ids are its row numbers), built once per process and language."""
    return TermIndex.build(patterns_for(language)["pattern"].to_list())
