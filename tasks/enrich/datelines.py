"""The country of a wire dateline ("MOSCOW, March 9 -", "LITTLE ROCK, Ark., Feb 26 -").

In wire copy the dateline is often the only clue to where a story happens: most US
business stories never name the country. The place is looked up, upper-cased, in
reference/dateline_places.csv (curated capitals, country names, GeoNames cities); a
state or province abbreviation, when written, decides first ("PARIS, Texas" is not
France).
"""

from __future__ import annotations

import polars as pl

from newsdyads.reference import dateline_places, dateline_regions
from tasks.clean.dates import wire_dateline_pattern

DATELINE_EVIDENCE_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "iso3": pl.String(),
    "term": pl.String(),
}


def dateline_countries(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per article whose dateline resolves: ``article_id``, ``iso3``, ``term``.

    Takes ``article_id`` and ``dateline``; ``term`` is the place as written.
    """
    parts = (
        articles.select(
            "article_id",
            dateline=pl.col("dateline").str.extract_groups(wire_dateline_pattern()),
        )
        .unnest("dateline")
        .select(
            "article_id",
            term=pl.col("1").str.strip_chars(),
            region=pl.col("2").str.strip_chars(),
        )
        .drop_nulls("term")
        .with_columns(place=pl.col("term").str.to_uppercase())
    )
    resolved = (
        parts.join(dateline_regions().rename({"iso3": "region_iso3"}), on="region", how="left")
        .join(dateline_places().rename({"iso3": "place_iso3"}), on="place", how="left")
        .with_columns(iso3=pl.coalesce("region_iso3", "place_iso3"))
        .drop_nulls("iso3")
    )
    return resolved.select(
        [pl.col(name).cast(dtype) for name, dtype in DATELINE_EVIDENCE_SCHEMA.items()]
    )
