"""Reuters-21578 SGML files: many ``<REUTERS>`` records per file.

Fields are cut out with regular expressions applied by Polars to all the records of a
file at once, which is both faster and more forgiving than an SGML parser (the corpus
is not well-formed XML).
"""

from __future__ import annotations

import polars as pl

from tasks.ingest.decode import decode_bytes
from tasks.ingest.markup import COMMON_REFERENCES
from tasks.ingest.schema import RAW_RECORD_SCHEMA, ParsedFile, quarantine_frame

# Control characters written as numeric entities (&#3; ends each story).
_CONTROL_ENTITY = r"&#(?:[0-9]|[12][0-9]|3[01]|127);"
_REUTERS_DATE = "%d-%b-%Y %H:%M:%S%.f"


def _field(tag: str) -> pl.Expr:
    return pl.col("record").str.extract(rf"(?s)<{tag}(?:\s[^>]*)?>(.*?)</{tag}>", 1)


def _unescape(expr: pl.Expr) -> pl.Expr:
    return (
        expr.str.replace_all(_CONTROL_ENTITY, "")
        .str.replace_many(list(COMMON_REFERENCES), list(COMMON_REFERENCES.values()))
        .str.strip_chars()
    )


def parse_reuters_sgml(source_file: str, data: bytes) -> ParsedFile:
    """Parse every ``<REUTERS>`` record of one SGML file.

    ``NEWID`` is the record key; ``DATE`` (``26-FEB-1987 15:01:01.79``) becomes ISO
    8601 metadata; ``TITLE``, ``DATELINE`` and ``BODY`` are kept. Records without a
    ``BODY`` (briefs, unprocessed items) take the text of ``TEXT`` instead; a record
    with neither title nor text is quarantined.
    """
    text, note = decode_bytes(data)
    records = (
        pl.DataFrame({"record": [text]})
        .select(pl.col("record").str.extract_all(r"(?s)<REUTERS[^>]*>.*?</REUTERS>"))
        .explode("record")
        .drop_nulls("record")
        .with_columns(
            record_key=pl.col("record").str.extract(r'NEWID="(\d+)"', 1).fill_null(""),
            date_text=_field("DATE").str.strip_chars(),
            title=_unescape(_field("TITLE")),
            dateline=_unescape(_field("DATELINE")),
            body=_field("BODY"),
            text_block=_field("TEXT"),
        )
        .with_columns(
            text=_unescape(
                pl.coalesce(
                    pl.col("body"),
                    pl.col("text_block").str.replace_all(r"(?s)<[^>]+>.*?</[^>]+>|<[^>]+>", ""),
                )
            )
            .str.replace(r"\s*Reuter\s*$", "")
            .fill_null(""),
            published_raw=pl.col("date_text")
            .str.to_datetime(_REUTERS_DATE, strict=False)
            .dt.to_string("%Y-%m-%dT%H:%M:%S")
            # A few stamps have a broken time ("605:12:19.12") or a note: keep the day.
            .fill_null(
                pl.col("date_text")
                .str.extract(r"^(\d{1,2}-[A-Za-z]{3}-\d{4})", 1)
                .str.to_date("%d-%b-%Y", strict=False)
                .dt.to_string("%Y-%m-%d")
            )
            .fill_null(pl.col("date_text")),
        )
    )
    empty = (pl.col("text") == "") & (pl.col("title").fill_null("") == "")
    quarantined = records.filter(empty).select(
        pl.lit(source_file).alias("source_file"),
        "record_key",
        pl.lit("record").alias("scope"),
        pl.lit("record has neither title nor text").alias("reason"),
    )
    loaded = records.filter(~empty).select(
        pl.lit(source_file).alias("source_file"),
        "record_key",
        pl.lit("reuters-sgml").alias("format"),
        pl.col("title").replace("", None),
        "text",
        "published_raw",
        pl.lit(None, pl.String).alias("language_hint"),
        pl.lit("reuters").alias("source_hint"),
        pl.lit(None, pl.String).alias("url"),
        pl.col("dateline").replace("", None),
        pl.lit(None, pl.String).alias("captured_raw"),
    )
    if loaded.height == 0 and quarantined.height == 0:
        quarantined = quarantine_frame(
            [{"source_file": source_file, "record_key": "", "reason": "no <REUTERS> record found"}]
        )
    return ParsedFile(
        records=loaded.cast(RAW_RECORD_SCHEMA),  # type: ignore[arg-type]
        quarantined=quarantined,
        decode_note=note,
    )
