"""Context rules for names that are a country only some of the time.

The terms and the rule each one follows are data (reference/curated/context_rules.csv);
what a rule means is code, here:

- ``person_name``: "Jordan", "Chad", "Georgia" next to another capitalised word are a
  person ("Michael Jordan", "Chad Smith", "Georgia O'Keeffe"), not the country;
- ``us_state``: "Georgia" in an article that is otherwise about the United States,
  with no other evidence for the country (Tbilisi, Georgian), is the US state.
"""

from __future__ import annotations

import polars as pl

from newsdyads.reference import context_rules

_CAPITALISED_WORD_AFTER = r"^ \p{Lu}[\p{Ll}'’]"
_CAPITALISED_WORD_BEFORE = r"(?:^|[^.!?:;\s])\s?\p{Lu}\p{Ll}+ $"
_WINDOW = 30


def _terms(rule: str) -> list[str]:
    rules = context_rules()
    return rules.filter(pl.col("rule") == rule)["term"].unique().sort().to_list()


def drop_person_names(found: pl.DataFrame, texts: pl.DataFrame, key: str) -> pl.DataFrame:
    """Drop matches of person-name terms that stand next to another capitalised word.

    ``found`` has the article ``key``, ``term``, ``start`` (character offset in the
    text); ``texts`` has ``key`` and ``text`` (the text the offsets point into).
    """
    terms = _terms("person_name")
    candidates = found.with_row_index("match_row").filter(
        pl.col("term").is_in(terms) & pl.col("start").is_not_null()
    )
    if candidates.height == 0:
        return found
    around = candidates.join(texts, on=key, how="left").select(
        "match_row",
        after=pl.col("text").str.slice(pl.col("start") + pl.col("term").str.len_chars(), _WINDOW),
        before=pl.col("text").str.slice(
            (pl.col("start") - _WINDOW).clip(lower_bound=0),
            pl.min_horizontal(pl.col("start"), pl.lit(_WINDOW)),
        ),
    )
    people = around.filter(
        pl.col("after").str.contains(_CAPITALISED_WORD_AFTER)
        | pl.col("before").str.contains(_CAPITALISED_WORD_BEFORE)
    )["match_row"]
    return (
        found.with_row_index("match_row")
        .filter(~pl.col("match_row").is_in(people.implode()))
        .drop("match_row")
    )


def drop_us_states(found: pl.DataFrame, key: str) -> pl.DataFrame:
    """Drop "Georgia" (the US state) from articles about the United States.

    Applies when the article (``key``) has evidence for the USA and no evidence for
    Georgia other than the ambiguous name itself.
    """
    ambiguous = pl.col("term").is_in(_terms("us_state")) & (pl.col("iso3") == "GEO")
    us_context = (pl.col("iso3") == "USA").any().over(key)
    other_georgia = ((pl.col("iso3") == "GEO") & ~ambiguous).any().over(key)
    return found.filter(~(ambiguous & us_context & ~other_georgia))
