"""Enrich: language and countries of each article."""

from __future__ import annotations

import polars as pl
from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.enrich.countries import ARTICLE_COUNTRY_SCHEMA, match_countries
from tasks.enrich.language import detect_languages, hint_language, language_sample


def add_languages(articles: pl.DataFrame, sample_chars: int, min_confidence: float) -> pl.DataFrame:
    """Add ``language``: the metadata's when given, else fastText's, else null.

    Only articles without a usable language in their metadata are shown to fastText.
    """
    hinted = articles.select(hint_language(pl.col("language_hint"))).to_series()
    unknown = hinted.is_null().arg_true()
    samples = (
        articles[unknown]
        .select(language_sample(pl.col("title"), pl.col("body"), sample_chars))
        .to_series()
    )
    language = hinted.scatter(unknown, detect_languages(samples, min_confidence))
    return articles.with_columns(language.alias("language"))


add_languages_task = task(name="detect-language", cache_policy=NO_CACHE)(add_languages)
match_countries_task = task(name="match-countries", cache_policy=NO_CACHE)(match_countries)

__all__ = ["ARTICLE_COUNTRY_SCHEMA", "add_languages", "match_countries"]
