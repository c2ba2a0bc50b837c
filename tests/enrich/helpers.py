"""Run the country matcher on a few hand-written texts."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from tasks.enrich import match_countries


def countries_of(
    body: str,
    language: str | None = "en",
    title: str = "",
    published: datetime | None = datetime(2023, 1, 31),
    dateline: str | None = None,
) -> dict[str, dict]:
    """iso3 → evidence row for one article."""
    articles = pl.DataFrame(
        {
            "article_id": ["a"],
            "language": [language],
            "title": [title],
            "body": [body],
            "published_at": [published],
            "dateline": [dateline],
        },
        schema={
            "article_id": pl.String,
            "language": pl.String,
            "title": pl.String,
            "body": pl.String,
            "published_at": pl.Datetime("us"),
            "dateline": pl.String,
        },
    )
    return {row["iso3"]: row for row in match_countries(articles).iter_rows(named=True)}


def codes(body: str, language: str | None = "en", **kwargs: object) -> set[str]:
    """The set of countries found in ``body``."""
    return set(countries_of(body, language, **kwargs))  # type: ignore[arg-type]
