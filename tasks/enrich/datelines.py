"""The country of a wire dateline ("MOSCOW, March 9 -", "LITTLE ROCK, Ark., Feb 26 -").

In wire copy the dateline is often the only clue to where a story happens: most US
business stories never name the country. The place is looked up, upper-cased, in
reference/dateline_places.csv (curated capitals, country names, GeoNames cities); a
state or province abbreviation, when written, decides first ("PARIS, Texas" is not
France).
"""

from __future__ import annotations

from functools import cache

import polars as pl

from newsdyads.reference import dateline_places, dateline_regions
from tasks.clean.dates import wire_dateline_pattern

DATELINE_EVIDENCE_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "iso3": pl.String(),
    "term": pl.String(),
}


def _lookup_key(name: pl.Expr) -> pl.Expr:
    """Upper case without dots: "St. Louis", "ST LOUIS" and "Conn" meet "CONN."."""
    return (
        name.str.to_uppercase()
        .str.replace_all(".", "", literal=True)
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


@cache
def _regions() -> pl.DataFrame:
    """``region`` (lookup key) → ``region_iso3``, prepared once per process."""
    regions = dateline_regions().select(region=_lookup_key(pl.col("region")), region_iso3="iso3")
    return regions.unique("region", keep="first", maintain_order=True)


@cache
def _places() -> pl.DataFrame:
    """``place`` (lookup key) → ``place_iso3``, prepared once per process (tens of
    thousands of places: preparing them was most of a batch's dateline matching)."""
    places = dateline_places().select(place=_lookup_key(pl.col("place")), place_iso3="iso3")
    return places.unique("place", keep="first", maintain_order=True)


def dateline_countries(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per article whose dateline resolves: ``article_id``, ``iso3``, ``term``.

    Takes ``article_id`` and ``dateline``; ``term`` is the place as written.
    """
    parts = (
        articles.filter(pl.col("dateline").is_not_null())
        .select(
            "article_id",
            dateline=pl.col("dateline").str.extract_groups(wire_dateline_pattern()),
        )
        .unnest("dateline")
        .select(
            "article_id",
            term=pl.col("1").str.strip_chars(),
            region=_lookup_key(pl.col("2")),
        )
        .drop_nulls("term")
        .with_columns(place=_lookup_key(pl.col("term")))
    )
    resolved = (
        parts.join(_regions(), on="region", how="left")
        .join(_places(), on="place", how="left")
        .with_columns(iso3=pl.coalesce("region_iso3", "place_iso3"))
        .drop_nulls("iso3")
    )
    return resolved.select(
        [pl.col(name).cast(dtype) for name, dtype in DATELINE_EVIDENCE_SCHEMA.items()]
    )
