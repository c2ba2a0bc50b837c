"""Reference data shipped with the package: gazetteer, month names, cleaning rules.

The files in this folder are data, rebuilt by ``scripts/build_reference.py`` from their
sources (CLDR via babel, pycountry) and the curated CSV/TOML files in ``curated/``.
This module only finds and loads them, once per process.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

REFERENCE_DIR = Path(__file__).parent
CURATED_DIR = REFERENCE_DIR / "curated"


@cache
def cleaning_rules() -> dict[str, Any]:
    """Noise phrases and patterns the cleaner removes, per language (cleaning.toml)."""
    with (CURATED_DIR / "cleaning.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def jsonl_field_keys() -> dict[str, list[str]]:
    """The JSON keys each JSON Lines field is read from, in order of preference
    (jsonl_fields.toml)."""
    with (CURATED_DIR / "jsonl_fields.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def language_codes() -> pl.DataFrame:
    """How a metadata hint may name a language (lower-cased code or name, ``form``) and
    its ISO 639-1 code (``language``): ``eng``, ``fre``, ``English``, ``français``."""
    return pl.read_csv(
        REFERENCE_DIR / "language_codes.csv", columns=["form", "language"], infer_schema=False
    )


@cache
def month_names() -> pl.DataFrame:
    """Month names and abbreviations per language from CLDR: lang, name, month."""
    return pl.read_csv(REFERENCE_DIR / "month_names.csv", schema_overrides={"month": pl.Int8})


@cache
def dateline_places() -> pl.DataFrame:
    """Places a wire dateline names (upper case) and their country: place, iso3."""
    return pl.read_csv(
        REFERENCE_DIR / "dateline_places.csv", columns=["place", "iso3"], infer_schema=False
    )


@cache
def dateline_regions() -> pl.DataFrame:
    """State and province names and abbreviations in datelines: region, iso3."""
    return pl.read_csv(
        REFERENCE_DIR / "dateline_regions.csv", columns=["region", "iso3"], infer_schema=False
    )


@cache
def context_rules() -> pl.DataFrame:
    """Terms that name a country only in some contexts: term, lang, rule."""
    return pl.read_csv(
        CURATED_DIR / "context_rules.csv", columns=["term", "lang", "rule"], infer_schema=False
    )


@cache
def gazetteer() -> pl.DataFrame:
    """Country surface forms: term, iso3, lang, kind (name, demonym, capital, leader…),
    and for leaders the years (valid_from, valid_to) in which they are evidence."""
    return pl.read_csv(
        REFERENCE_DIR / "gazetteer.csv",
        infer_schema=False,
        schema_overrides={"valid_from": pl.Int32, "valid_to": pl.Int32},
    )
