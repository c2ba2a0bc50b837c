"""Remove scraping noise paragraph by paragraph, for a whole batch at once.

Bodies are split into one row per paragraph by a compiled pass
(newsdyads.text.paragraphs), each paragraph is classified by
vectorized rules whose phrases and patterns live in reference/curated/cleaning.toml,
and the kept paragraphs are joined back in order.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import polars as pl

from newsdyads.reference import cleaning_rules
from newsdyads.text.buffers import Utf8Buffers, string_series, utf8_buffers
from newsdyads.text.folded import paragraph_keys, stripped_keys
from newsdyads.text.join import join_runs
from newsdyads.text.paragraphs import split_paragraphs
from tasks.clean.dates import date_in_text, time_in_text

NOISE_REASONS = (
    "blank",
    "footer",
    "date line",
    "photo credit",
    "repeated title",
    "page chrome before the date line",
    "repeated lede",
)
"""Why a paragraph is noise, in the order the rules are tried."""
FOOTER_STRIP = " :.…"
"""Footer phrases are compared without these characters around them."""
_ROW_MIX = 0x9E3779B97F4A7C15
"""An odd 64-bit constant: a paragraph's article number times it, xor its lede key, is
one key for the pair."""


@cache
def _rules() -> dict[str, Any]:
    rules = dict(cleaning_rules())
    phrases = [
        phrase for per_language in rules["footer_phrases"].values() for phrase in per_language
    ]
    keys, _ = stripped_keys(utf8_buffers(pl.Series(phrases)), FOOTER_STRIP, 10**6)
    rules["footer_keys"] = np.unique(keys)
    rules["footer_max_chars"] = max(len(phrase.strip(FOOTER_STRIP)) for phrase in phrases)
    return rules


def _text_keys(buffers: Utf8Buffers, rules: dict[str, Any]) -> list[pl.Series]:
    """``lede_key``: a key of the paragraph's first characters, lower-cased (null when
    it is shorter); ``is_footer``: whether it is a footer phrase, ignoring case and
    the characters around it. Compared as hash keys (newsdyads.text.folded):
    lower-casing every paragraph to compare strings was a third of cleaning."""
    prefix, long_enough, stripped, short_enough = paragraph_keys(
        buffers, rules["repeated_lede_prefix_chars"], FOOTER_STRIP, rules["footer_max_chars"]
    )
    lede_key = pl.Series("lede_key", prefix, dtype=pl.UInt64)
    return [
        lede_key.scatter(np.flatnonzero(~long_enough), None),
        pl.Series("is_footer", short_enough & np.isin(stripped, rules["footer_keys"])),
    ]


def classify_paragraphs(paragraphs: pl.DataFrame, buffers: Utf8Buffers) -> pl.DataFrame:
    """Flag the noise among paragraphs.

    Takes one row per paragraph (``row``, ``position``, ``paragraph``, ``title``), in
    article order (an article's paragraphs together, by position), and
    adds ``noise`` (the reason, or null to keep it) plus ``line_date`` and
    ``line_time`` for the paragraph that is the article's date line. The rows keep
    their order. ``buffers`` are the paragraphs' UTF-8 buffers (the caller joins the
    bodies from the same copy).
    """
    rules = _rules()
    paragraph = pl.col("paragraph")
    length = paragraph.str.len_chars()
    is_date_candidate = (length <= rules["date_line_max_chars"]) & (
        pl.col("position") < rules["date_line_max_position"]
    )
    paragraphs = paragraphs.with_columns(_text_keys(buffers, rules))
    # The expensive patterns run only on the few paragraphs they can apply to (a
    # when/then would still evaluate them on every paragraph of the batch).
    indexed = paragraphs.with_row_index("paragraph_row")
    short = indexed.filter(length <= rules["photo_credit_max_chars"])
    # One search per pattern, not one for their alternation: each alone keeps the regex
    # engine's literal optimizations (the "/" of a credit line, an anchored start), and
    # the three together cost a third of the alternation.
    is_credit = pl.any_horizontal(
        [paragraph.str.contains(pattern) for pattern in rules["photo_credit_patterns"]]
    )
    credits = short.filter(is_credit).select("paragraph_row", is_credit=pl.lit(True))
    # Every date pattern needs a four-digit year: a cheap test before the costly ones,
    # and only on the few paragraphs near the top (filters run one after the other).
    dated = (
        short.filter(is_date_candidate)
        .filter(paragraph.str.contains(r"\d{4}"))
        .select("paragraph_row", line_date=date_in_text(paragraph), text=paragraph)
        .filter(pl.col("line_date").is_not_null())
        .with_columns(line_time=time_in_text(pl.col("text")))
        .drop("text")
    )
    flagged = (
        indexed.join(dated, on="paragraph_row", how="left")
        .join(credits, on="paragraph_row", how="left")
        .sort("paragraph_row")
        .drop("paragraph_row")
        .with_columns(is_credit=pl.col("is_credit").fill_null(False))
    ).with_columns(
        date_line_position=pl.col("position")
        .filter(pl.col("line_date").is_not_null())
        .min()
        .over("row"),
        # Whether a later paragraph of the article has the same lede key: not the last
        # of its (article, key) pair, in article order. One 64-bit key for the pair
        # (keys are hashes already) costs a fifth of a window over both columns.
        has_later_copy=~(
            pl.col("lede_key") ^ (pl.col("row").cast(pl.UInt64) * _ROW_MIX)
        ).is_last_distinct(),
    )
    is_date_line = pl.col("position") == pl.col("date_line_position")
    # Each rule as the number of its reason, the first that applies; the reasons'
    # texts are taken by number once (a chain of text literals cost twice as much).
    reason = (
        pl.when(paragraph == "")
        .then(NOISE_REASONS.index("blank"))
        .when(pl.col("is_footer"))
        .then(NOISE_REASONS.index("footer"))
        .when(is_date_line)
        .then(NOISE_REASONS.index("date line"))
        .when(pl.col("is_credit"))
        .then(NOISE_REASONS.index("photo credit"))
        .when(paragraph == pl.col("title"))
        .then(NOISE_REASONS.index("repeated title"))
        .when(pl.lit(_page_chrome(flagged, rules)))
        .then(NOISE_REASONS.index("page chrome before the date line"))
        .when(pl.col("lede_key").is_not_null() & pl.col("has_later_copy"))
        .then(NOISE_REASONS.index("repeated lede"))
    )
    return flagged.with_columns(
        noise=pl.lit(pl.Series(NOISE_REASONS, dtype=pl.String)).gather(reason),
        line_date=pl.when(is_date_line).then(pl.col("line_date")),
        line_time=pl.when(is_date_line).then(pl.col("line_time")),
    ).drop("lede_key", "is_footer", "has_later_copy", "date_line_position", "is_credit")


def _page_chrome(flagged: pl.DataFrame, rules: dict[str, Any]) -> pl.Series:
    """Whether each paragraph is page chrome: before its article's date line, short,
    and not ending like a sentence.

    Only the few paragraphs before a date line (a few hundred a batch) are searched
    for a sentence end: on every paragraph that search was a fifth of classifying.
    """
    before = flagged.select(pl.arg_where(pl.col("position") < pl.col("date_line_position")))
    rows = before.to_series()
    texts = flagged["paragraph"].gather(rows)
    ends_like_sentence = texts.str.contains(
        "[" + pl.escape_regex(rules["sentence_end_chars"]) + r"]\s*$"
    )
    chrome = rows.filter(~ends_like_sentence & (texts.str.len_chars() <= rules["chrome_max_chars"]))
    return pl.zeros(flagged.height, pl.Boolean, eager=True).scatter(chrome, True)


def remove_noise(records: pl.DataFrame) -> pl.DataFrame:
    """Clean the ``text`` of each record into ``body`` and find its date line.

    Takes ``row`` (a unique row number), ``title`` and ``text``; returns ``row``,
    ``body`` (kept paragraphs joined by blank lines), ``text_date`` (Datetime from the
    date line, or null) and ``noise_removed`` (count of dropped paragraphs).
    """
    # One copy of the paragraphs' bytes serves their keys and the bodies' join: the
    # classified rows keep the paragraphs' order.
    text_of, positions, buffers = split_paragraphs(utf8_buffers(records["text"]))
    paragraphs = pl.DataFrame(
        [
            records["row"].gather(text_of),
            records["title"].gather(text_of),
            string_series("paragraph", buffers),
            pl.Series("position", positions, dtype=pl.Int64),
        ]
    )
    classified = classify_paragraphs(paragraphs, buffers)
    # Paragraphs come in article order: each article's kept ones are joined in one pass.
    rows, bodies = join_runs(
        buffers,
        classified["row"].to_numpy(),
        classified["noise"].is_null().to_numpy(),
        "\n\n",
    )
    dates = classified.group_by("row").agg(
        text_date=(
            pl.col("line_date").cast(pl.Datetime("us"))
            + pl.col("line_time").fill_null(pl.duration(hours=0))
        )
        .drop_nulls()
        .first(),
        noise_removed=pl.col("noise").is_not_null().sum(),
    )
    cleaned = pl.DataFrame(
        [pl.Series("row", rows, dtype=records["row"].dtype), string_series("body", bodies)]
    )
    return (
        records.select("row")
        .join(cleaned, on="row", how="left", maintain_order="left")
        .join(dates, on="row", how="left", maintain_order="left")
        .with_columns(
            body=pl.col("body").fill_null(""),
            noise_removed=pl.col("noise_removed").fill_null(0).cast(pl.Int32),
        )
    )
