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
def _terms() -> pl.DataFrame:
    """The gazetteer with each term's ``pattern``: padded with a space on each side (word
    boundaries), except in scripts written without spaces."""
    return gazetteer().with_columns(
        pattern=pl.when(pl.col("term").str.contains(_UNSPACED_SCRIPTS))
        .then(match_form(pl.col("term")))
        .otherwise(pl.concat_str([pl.lit(" "), match_form(pl.col("term")), pl.lit(" ")]))
    )


@cache
def _languages_with_terms() -> frozenset[str]:
    return frozenset(_terms().filter(pl.col("lang") != ANY_LANGUAGE)["lang"].unique().to_list())


def _gazetteer_language(language: str | None) -> str:
    """``language`` when the gazetteer has terms of its own for it, else English."""
    if language is None or language not in _languages_with_terms():
        return FALLBACK_LANGUAGE
    return language


@cache
def _patterns_of(language: str) -> pl.DataFrame:
    """``pattern``, ``term``, ``iso3``, ``kind``, ``valid_from/to`` of ``language``: its own
    terms plus the terms valid in any language; where both give a pattern, the
    language's own wins. Built when a batch first needs the language (a worker sees a
    handful of the gazetteer's hundreds of languages)."""
    terms = _terms()
    own = terms.filter(pl.col("lang") == language).with_columns(priority=pl.lit(0))
    shared = terms.filter(pl.col("lang") == ANY_LANGUAGE).with_columns(priority=pl.lit(1))
    return (
        pl.concat([own, shared])
        .sort("priority", "pattern")
        .unique("pattern", keep="first", maintain_order=True)
        .select("pattern", "term", "iso3", "kind", "valid_from", "valid_to")
    )


def patterns_for(language: str | None) -> pl.DataFrame:
    """The patterns for articles in ``language``; English ones when it has none."""
    return _patterns_of(_gazetteer_language(language))


def term_index_for(language: str | None) -> TermIndex:
    """``patterns_for(language)`` indexed for ``newsdyads.text.terms.find_terms``
    (pattern ids are its row numbers), built once per process and language."""
    return _term_index_of(_gazetteer_language(language))


@cache
def _term_index_of(language: str) -> TermIndex:
    return TermIndex.build(_patterns_of(language)["pattern"].to_list())
