"""Countries mentioned in each article, with evidence, matched a batch at a time.

Matching runs one compiled pass (newsdyads.text.terms) over every article of one
language at once; results are resolved and aggregated with frame operations, never a
Python loop per article.
"""

from __future__ import annotations

import polars as pl

from newsdyads.text.buffers import utf8_buffers
from newsdyads.text.match_form import padded_match_form
from newsdyads.text.terms import find_terms
from tasks.enrich.context import drop_person_names, drop_us_states
from tasks.enrich.datelines import dateline_countries
from tasks.enrich.gazetteer import patterns_for, term_index_for

ARTICLE_COUNTRY_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "iso3": pl.String(),
    "mentions": pl.Int32(),
    "first_offset": pl.Int32(),
    "in_title": pl.Boolean(),
    "in_dateline": pl.Boolean(),
    "focus": pl.Boolean(),
    "surface_forms": pl.List(pl.String()),
}
"""One row per (article, country): how often, where first, and in which words."""


ARTICLE_ROW = "article_row"
"""The frame work of a batch's matches is keyed on each article's number in the batch,
not its 32-character id: grouping, joining and sorting a hundred thousand matches on
the id was a third of country matching."""

LEDE_MIN_CHARS = 200
"""The lede is the first paragraph, or the first 200 characters if that is longer."""


def focus_rule(key: str) -> pl.Expr:
    """Whether the article is about the country, not just mentioning it.

    True when the title or the wire dateline names it, when its first mention is in
    the lede, or when it is among the most mentioned countries (at least twice, and at
    least half as often as the most mentioned one). On Reuters-21578 this set matches
    the editors' PLACES tags far more precisely than all mentioned countries.
    """
    in_lede = pl.col("first_offset") < pl.col("lede_chars")
    dominant = (pl.col("mentions") >= 2) & (
        pl.col("mentions") * 2 >= pl.col("mentions").max().over(key)
    )
    return pl.col("in_title") | pl.col("in_dateline") | in_lede.fill_null(False) | dominant


def _matches_for_language(articles: pl.DataFrame, language: str | None) -> pl.DataFrame:
    """Every gazetteer match in ``articles`` (all of one language) that no longer match
    contains ("Sudan" in "South Sudan", "Guinea" in "Guinea-Bissau" are not mentions
    of their own).

    Returns ``article_row``, ``iso3``, ``term``, ``start`` (character offset in
    ``title + "\\n" + body``).
    """
    patterns = patterns_for(language)
    text = pl.concat_str([pl.col("title").fill_null(""), pl.col("body")], separator="\n")
    texts = articles.select(ARTICLE_ROW, text=text)
    matches = find_terms(padded_match_form(utf8_buffers(texts["text"])), term_index_for(language))
    # The match text has one leading space; a pattern padded with a space starts one
    # character before its term.
    padded = pl.col("pattern").str.starts_with(" ").cast(pl.Int64)
    found = (
        patterns[matches.pattern]
        .with_columns(
            texts[ARTICLE_ROW].gather(matches.row),
            match_start=pl.Series(matches.char_start, dtype=pl.Int64),
        )
        # Names that only contain a country's name ("Latin America") have no code.
        .drop_nulls("iso3")
        .with_columns(start=pl.col("match_start") - 1 + padded)
        .select(ARTICLE_ROW, "iso3", "term", "start", "valid_from", "valid_to")
    )
    found = _within_term_years(found, articles)
    return drop_person_names(found, texts, ARTICLE_ROW)


def _within_term_years(found: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Keep a time-bound term (a leader's name) only for articles of its years.

    "Reagan" is evidence for the USA in 1987, not in 2023; an undated article gets no
    evidence from time-bound terms at all.
    """
    if "published_at" not in articles.columns:
        years = articles.select(ARTICLE_ROW, year=pl.lit(None, pl.Int32))
    else:
        years = articles.select(ARTICLE_ROW, year=pl.col("published_at").dt.year())
    bounded = pl.col("valid_from").is_not_null() | pl.col("valid_to").is_not_null()
    in_years = pl.col("year").is_between(
        pl.col("valid_from").fill_null(0), pl.col("valid_to").fill_null(9999)
    )
    return (
        found.join(years, on=ARTICLE_ROW, how="left")
        .filter(~bounded | in_years.fill_null(False))
        .drop("year", "valid_from", "valid_to")
    )


def match_countries(articles: pl.DataFrame) -> pl.DataFrame:
    """Countries of each article (see ``ARTICLE_COUNTRY_SCHEMA``).

    Takes ``article_id``, ``language``, ``title``, ``body`` and optionally ``dateline``.
    ``first_offset`` is the character offset of the first mention in the body (null
    when the country is named only in the title or dateline); ``in_title`` and
    ``in_dateline`` say whether the title or the wire dateline names it. A dateline
    counts as one mention. Rows sharing an ``article_id`` (a record delivered twice)
    are one article: the first copy is read, as publishing keeps the first copy.
    """
    articles = articles.unique("article_id", keep="first", maintain_order=True).with_row_index(
        ARTICLE_ROW
    )
    per_language = [
        _matches_for_language(group, language).with_columns(from_dateline=pl.lit(False))
        for (language,), group in articles.group_by("language", maintain_order=True)
    ]
    if "dateline" in articles.columns:
        per_language.append(
            dateline_countries(articles)
            .join(articles.select("article_id", ARTICLE_ROW), on="article_id")
            .select(
                ARTICLE_ROW,
                "iso3",
                "term",
                start=pl.lit(None, pl.Int64),
                from_dateline=pl.lit(True),
            )
        )
    if not per_language:
        return pl.DataFrame(schema=ARTICLE_COUNTRY_SCHEMA)
    first_break = pl.col("body").str.find("\n\n", literal=True)
    title_chars = articles.select(
        ARTICLE_ROW,
        title_chars=pl.col("title").fill_null("").str.len_chars().cast(pl.Int64),
        lede_chars=pl.max_horizontal(
            pl.coalesce(first_break, pl.col("body").str.len_chars()).cast(pl.Int64),
            pl.lit(LEDE_MIN_CHARS, pl.Int64),
        ),
    )
    body_start = pl.col("title_chars") + 1
    found = drop_us_states(pl.concat(per_language), ARTICLE_ROW).join(
        title_chars, on=ARTICLE_ROW, how="left"
    )
    keys = [ARTICLE_ROW, "iso3"]
    # The surface forms on their own, from distinct sorted rows: a sorted list of
    # distinct strings built per group was half of the aggregation. They come out in
    # key order (articles in batch order, then countries), which the result keeps.
    forms = (
        found.select(*keys, "term")
        .unique()
        .sort(*keys, "term")
        .group_by(keys, maintain_order=True)
        .agg(surface_forms="term")
    )
    counted = found.group_by(keys).agg(
        mentions=pl.len(),
        first_offset=(pl.col("start") - body_start).filter(pl.col("start") >= body_start).min(),
        in_title=(pl.col("start") < pl.col("title_chars")).fill_null(False).any(),
        in_dateline=pl.col("from_dateline").any(),
        lede_chars=pl.col("lede_chars").first(),
    )
    return (
        forms.join(counted, on=keys, how="left", maintain_order="left")
        .with_columns(
            articles["article_id"].gather(forms[ARTICLE_ROW]),
            focus=focus_rule(ARTICLE_ROW),
        )
        .select([pl.col(name).cast(dtype) for name, dtype in ARTICLE_COUNTRY_SCHEMA.items()])
    )
