"""Clean: raw records to articles with a clean body, a source and a publication date."""

from __future__ import annotations

import polars as pl
from prefect import task
from prefect.cache_policies import NO_CACHE

from newsdyads.hashing import stable_ids
from tasks.clean.dates import dateline_dates, timestamps_from_metadata, wire_dateline_pattern
from tasks.clean.normalize import collapse_spaces, normalize_unicode
from tasks.clean.paragraphs import remove_noise
from tasks.clean.sources import sources_from_urls
from tasks.ingest.schema import RAW_RECORD_SCHEMA

ARTICLE_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "source_file": pl.String(),
    "record_key": pl.String(),
    "format": pl.String(),
    "source": pl.String(),
    "url": pl.String(),
    "language_hint": pl.String(),
    "title": pl.String(),
    "body": pl.String(),
    "dateline": pl.String(),
    "published_at": pl.Datetime("us"),
    "date_source": pl.String(),
    "iso_week": pl.String(),
    "week_start": pl.Date(),
    "noise_removed": pl.Int32(),
}
"""One row per cleaned article, before enrichment."""


def _identity_key() -> pl.Expr:
    """What makes two records the same article.

    A record with its own id (Reuters NEWID, JSONL ``id``) is identified by its source
    and that id; a record without one by its source and its raw title and text. So a
    re-delivered record is a duplicate, while the same wire story published by two
    sources is two articles (counted once as a story later on).
    """
    source = pl.col("source").fill_null("")
    keyed = pl.concat_str([pl.lit("id"), source, pl.col("record_key")], separator="\x1f")
    by_content = pl.concat_str(
        [pl.lit("content"), source, pl.col("title").fill_null(""), pl.col("text")],
        separator="\x1f",
    )
    return pl.when(pl.col("record_key") != "").then(keyed).otherwise(by_content)


def clean_records(raw: pl.DataFrame) -> pl.DataFrame:
    """Turn raw records into articles (see ``ARTICLE_SCHEMA``).

    Normalizes Unicode, removes scraping noise from the body, reads the source, and
    dates each article from metadata, else its date line, else a wire dateline that
    writes the year, else when a crawler captured it (WARC); ``date_source`` says which.
    Undated articles are kept with nulls.
    """
    missing = [
        pl.lit(None, dtype).alias(name)
        for name, dtype in RAW_RECORD_SCHEMA.items()
        if name not in raw.columns
    ]
    raw = raw.with_columns(missing) if missing else raw
    records = (
        raw.with_row_index("row")
        .with_columns(
            normalize_unicode(raw["title"]),
            normalize_unicode(raw["text"].fill_null("")),
            normalize_unicode(raw["dateline"]),
        )
        .with_columns(
            # Every white-space run becomes one space; only the runs where that changes
            # the title are matched (not one per word).
            title=collapse_spaces(pl.col("title").str.replace_all(r"\s{2,}|[^\S ]", " ")),
            dateline=collapse_spaces(pl.col("dateline")),
            source=pl.col("source_hint").str.strip_chars().replace("", None),
        )
        .with_columns(title=pl.col("title").replace("", None))
    )
    records = records.with_columns(pl.coalesce(pl.col("source"), sources_from_urls(records["url"])))
    cleaned = records.join(remove_noise(records), on="row", how="left", maintain_order="left")
    wire_dateline = pl.col("body").str.extract(wire_dateline_pattern(), 0).str.strip_chars()
    cleaned = cleaned.with_columns(
        dateline=pl.coalesce(pl.col("dateline"), wire_dateline),
        identity=_identity_key(),
    )
    articles = (
        cleaned.with_columns(
            dateline_dates(cleaned["dateline"]).cast(pl.Datetime("us")).alias("dateline_date"),
            timestamps_from_metadata(cleaned["published_raw"]).alias("metadata_date"),
            timestamps_from_metadata(cleaned["captured_raw"]).alias("captured_date"),
        )
        .with_columns(
            published_at=pl.coalesce(
                "metadata_date", "text_date", "dateline_date", "captured_date"
            ),
            date_source=pl.when(pl.col("metadata_date").is_not_null())
            .then(pl.lit("metadata"))
            .when(pl.col("text_date").is_not_null())
            .then(pl.lit("text"))
            .when(pl.col("dateline_date").is_not_null())
            .then(pl.lit("dateline"))
            .when(pl.col("captured_date").is_not_null())
            .then(pl.lit("warc")),
        )
        .with_columns(
            iso_week=pl.col("published_at").dt.strftime("%G-W%V"),
            week_start=pl.col("published_at").dt.truncate("1w").dt.date(),
        )
    )
    articles = articles.with_columns(article_id=stable_ids(articles["identity"]))
    return articles.select([pl.col(name).cast(dtype) for name, dtype in ARTICLE_SCHEMA.items()])


clean_records_task = task(name="clean", cache_policy=NO_CACHE)(clean_records)

__all__ = ["ARTICLE_SCHEMA", "clean_records"]
