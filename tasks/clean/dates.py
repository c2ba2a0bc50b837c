"""Publication dates from metadata, localized date lines, and wire datelines.

Month names come from CLDR (reference/month_names.csv), so a date line in any of the
configured languages parses the same way: "Mis à jour le mardi 31 janvier 2023 – 18:14",
"Updated January 31, 2023 6:14 PM", "31 de enero de 2023", "31. Januar 2023".
"""

from __future__ import annotations

from functools import cache

import polars as pl

from newsdyads.reference import month_names

EARLIEST_YEAR = 1800
LATEST_YEAR = 2100

_TZ_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%dT%H:%M%z",
    "%Y-%m-%d %H:%M%z",
    # RFC 822/2822, as RSS writes pubDate (the weekday is taken off first: feeds get
    # it wrong, and chrono refuses a date whose weekday does not match).
    "%d %B %Y %H:%M:%S %z",  # %B reads "Mar" as well as "March"
    "%d %B %Y %H:%M %z",
)
_NAIVE_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y%m%d%H%M%S",  # GDELT's DATEADDED
)
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d")
_UTC_SUFFIX = r"\s*(?:[Zz]|UTC|GMT|UT)$"
"""How a metadata time says it is UTC by name: read as the offset +00:00."""
_NAMED_ZONES = {
    " EST": " -0500",
    " EDT": " -0400",
    " CST": " -0600",
    " CDT": " -0500",
    " MST": " -0700",
    " MDT": " -0600",
    " PST": " -0800",
    " PDT": " -0700",
}
"""The North American zones RFC 822 names, as their offsets."""
_WEEKDAY_PREFIX = r"^(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+"


@cache
def _month_alternation() -> str:
    names = sorted(month_names()["name"].to_list(), key=len, reverse=True)
    return "|".join(pl.escape_regex(name) for name in names)


@cache
def _month_number() -> dict[str, int]:
    return dict(zip(month_names()["name"], month_names()["month"], strict=True))


def day_month_year_pattern() -> str:
    """``31 janvier 2023``, ``1er février 2023``, ``31 de enero de 2023``, ``31. Januar 2023``."""
    return (
        rf"(?i)\b(\d{{1,2}})(?:er|º|°|\.)?\s+(?:de\s+)?({_month_alternation()})\.?,?"
        rf"\s+(?:de\s+)?(\d{{4}})\b"
    )


def month_day_year_pattern() -> str:
    """``January 31, 2023``, ``Jan. 31 2023``."""
    return rf"(?i)\b({_month_alternation()})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"


NUMERIC_DATE_PATTERN = r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b"
"""``31/01/2023``, ``31.1.2023``, ``31-01-2023``: the year last."""
# A date or a time may follow the T of an ISO 8601 timestamp (2023-05-12T22:16:00), where
# a word boundary alone would not let them start or end.
ISO_DATE_PATTERN = r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:T|\b)"
"""``2023-01-31``, and the year-first forms written with slashes or dots (``2023/1/31``)."""
TIME_PATTERN = r"(?:\b|T)(\d{1,2})[:h](\d{2})\b(?:\s*([AaPp])\.?[Mm]\b)?"
_CLOCK = r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
_OFFSET = r"(?:[Zz]|[+-]\d{2}:?\d{2})"
ISO_TIMESTAMP_PATTERN = rf"\b\d{{4}}-\d{{2}}-\d{{2}}(?:T{_CLOCK}{_OFFSET}?|[ ]{_CLOCK}{_OFFSET})"
"""A whole ISO 8601 timestamp in a line of text (``Published 2023-05-12T22:16:00+02:00``),
read as metadata dates are: an offset puts it in UTC, date and time together. With a
space for the T, only where an offset follows: ``2023-01-31 12:00 am`` is read by the
date and time patterns, which know the am."""


def _date_from_parts(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """A Date from string parts; impossible dates (31 February) give null."""
    text = pl.concat_str(
        [year, month.cast(pl.String).str.zfill(2), day.cast(pl.String).str.zfill(2)],
        separator="-",
    )
    date = text.str.to_date("%Y-%m-%d", strict=False)
    return pl.when(date.dt.year().is_between(EARLIEST_YEAR, LATEST_YEAR)).then(date)


def _month_of(name: pl.Expr) -> pl.Expr:
    return (
        name.str.to_lowercase()
        .str.strip_chars_end(".")
        .replace_strict(_month_number(), default=None, return_dtype=pl.Int8)
    )


def date_in_text(text: pl.Expr) -> pl.Expr:
    """The first full date written in ``text`` (day, month name and year), or null.

    Tries a whole ISO 8601 timestamp (``ISO_TIMESTAMP_PATTERN``), day-month-year,
    month-day-year, year-first numeric and numeric day/month/year, in that order.
    Numeric dates with the year last are read day first unless the second number
    cannot be a month (European use, which the localized sites we read follow).
    Evaluated by ``dates_in_texts`` on the whole column.
    """
    return text.map_batches(dates_in_texts, return_dtype=pl.Date)


def dates_in_texts(texts: pl.Series) -> pl.Series:
    """``date_in_text`` of every value of ``texts``.

    Each pattern is searched once, into a column, and the date is put together from
    those columns: in one expression, every reference to a pattern's groups ran the
    search again (three times the cost).
    """
    text = pl.col(texts.name)
    parts = texts.to_frame().select(
        stamp=_timestamps_in(texts),
        dmy=text.str.extract_groups(day_month_year_pattern()),
        mdy=text.str.extract_groups(month_day_year_pattern()),
        iso=text.str.extract_groups(ISO_DATE_PATTERN),
        num=text.str.extract_groups(NUMERIC_DATE_PATTERN),
    )
    dmy, mdy, iso, num = (pl.col(name) for name in ("dmy", "mdy", "iso", "num"))
    first = num.struct.field("1").cast(pl.Int32, strict=False)
    second = num.struct.field("2").cast(pl.Int32, strict=False)
    found = pl.coalesce(
        pl.col("stamp").dt.date(),
        _date_from_parts(
            dmy.struct.field("3"), _month_of(dmy.struct.field("2")), dmy.struct.field("1")
        ),
        _date_from_parts(
            mdy.struct.field("3"), _month_of(mdy.struct.field("1")), mdy.struct.field("2")
        ),
        _date_from_parts(iso.struct.field("1"), iso.struct.field("2"), iso.struct.field("3")),
        pl.when(second <= 12)
        .then(_date_from_parts(num.struct.field("3"), second, first))
        .otherwise(_date_from_parts(num.struct.field("3"), first, second)),
    )
    return parts.select(found.alias(texts.name)).to_series()


def time_in_text(text: pl.Expr) -> pl.Expr:
    """The time of day in ``text`` (``18:14``, ``18h14``, ``6:14 PM``) as a Duration, or
    null. Evaluated by ``times_in_texts`` on the whole column."""
    return text.map_batches(times_in_texts, return_dtype=pl.Duration("us"))


def times_in_texts(texts: pl.Series) -> pl.Series:
    """``time_in_text`` of every value of ``texts`` (each pattern searched once)."""
    text = pl.col(texts.name)
    parts = texts.to_frame().select(
        _timestamps_in(texts).alias("stamp"),
        text.str.extract_groups(TIME_PATTERN).struct.unnest(),
    )
    stamp = pl.col("stamp")
    clock_hour = pl.col("1").cast(pl.Int64, strict=False)
    meridiem = pl.col("3").str.to_lowercase()
    hour = (
        pl.when((meridiem == "p") & (clock_hour < 12))
        .then(clock_hour + 12)
        .when((meridiem == "a") & (clock_hour == 12))
        .then(0)
        .otherwise(clock_hour)
    )
    minute = pl.col("2").cast(pl.Int64, strict=False)
    valid = hour.is_between(0, 23) & minute.is_between(0, 59)
    time = pl.when(valid).then(pl.duration(hours=hour, minutes=minute, time_unit="us"))
    of_stamp = stamp - stamp.dt.truncate("1d")
    return parts.select(pl.coalesce(of_stamp, time).alias(texts.name)).to_series()


def _timestamps_in(texts: pl.Series) -> pl.Series:
    """The ISO 8601 timestamp written in each of ``texts`` (naive UTC where it has an
    offset), or null: the date and the time of day a date line gives, read together.

    Read by the column reader (``timestamps_from_metadata``), which parses nothing
    when no text holds one, as in most batches: the one-value reader's two dozen
    forms cost a fixed ~6 ms per call however few the values, twice a batch (for
    the date and the time), a tenth of its paragraph classification."""
    return timestamps_from_metadata(texts.str.extract(ISO_TIMESTAMP_PATTERN, 0))


def timestamp_from_metadata(raw: pl.Expr) -> pl.Expr:
    """Parse a metadata date into a naive UTC Datetime, or null.

    Read: ISO 8601 (with ``T`` or a space, with or without seconds, fraction and
    offset), the same with slashes (``2023/01/31 18:14``), RFC 2822 as RSS writes it
    (``Tue, 31 Jan 2023 18:14:00 GMT``, or ``EST`` and the other zones it names),
    compact digits (``20230131``, GDELT's ``20230131181400``) and Unix time (10
    digits: seconds, 13: milliseconds). Offsets (``+01:00``, ``+0100``) and UTC by
    name (``Z``, ``UTC``, ``GMT``) are converted to UTC; a date without a time is
    midnight; anything outside years 1800-2100 is treated as unparseable.
    """
    text = (
        raw.str.strip_chars()
        .str.replace(_WEEKDAY_PREFIX, "")
        .str.replace(_UTC_SUFFIX, "+00:00")
        .str.replace_many(list(_NAMED_ZONES), list(_NAMED_ZONES.values()))
    )
    aware = [
        text.str.to_datetime(fmt, strict=False, time_unit="us")
        .dt.convert_time_zone("UTC")
        .dt.replace_time_zone(None)
        for fmt in _TZ_FORMATS
    ]
    naive = [text.str.to_datetime(fmt, strict=False, time_unit="us") for fmt in _NAIVE_FORMATS]
    dates = [text.str.to_date(fmt, strict=False).cast(pl.Datetime("us")) for fmt in _DATE_FORMATS]
    stamp = pl.coalesce(*aware, *naive, *dates, _unix_time(text))
    return pl.when(stamp.dt.year().is_between(EARLIEST_YEAR, LATEST_YEAR)).then(stamp)


def _unix_time(text: pl.Expr) -> pl.Expr:
    """A Unix time written as 10 digits (seconds) or 13 (milliseconds), as UTC."""
    digits = text.str.extract(r"^(\d{10}|\d{13})$", 1)
    count = digits.str.len_bytes()
    number = digits.cast(pl.Int64, strict=False)
    micros = pl.when(count == 10).then(number * 1_000_000).otherwise(number * 1_000)
    return micros.cast(pl.Datetime("us"))


_COMMON_FORMAT = "%Y-%m-%dT%H:%M:%S"
"""How most feeds write a metadata date (no offset, no fraction)."""


def timestamps_from_metadata(raw: pl.Series) -> pl.Series:
    """``timestamp_from_metadata`` for a whole column, at a fraction of the cost.

    Every value is first read in the commonest form, then only the values that did
    not parse go through every other form. A value in that form parses under no
    earlier format with an offset and to the same time under the others, so the
    result is the same; parsing every value in every form (with time zone conversions)
    was a tenth of cleaning.
    """
    text = raw.str.strip_chars()
    common = text.str.to_datetime(_COMMON_FORMAT, strict=False, time_unit="us")
    stamp = pl.col(raw.name)
    stamps = (
        common.to_frame()
        .select(pl.when(stamp.dt.year().is_between(EARLIEST_YEAR, LATEST_YEAR)).then(stamp))
        .to_series()
    )
    rest = (stamps.is_null() & raw.is_not_null()).arg_true()
    if rest.len():
        parsed = raw.gather(rest).to_frame().select(timestamp_from_metadata(pl.col(raw.name)))
        stamps = stamps.scatter(rest, parsed.to_series())
    return stamps.rename(raw.name)


@cache
def wire_dateline_pattern() -> str:
    """``MOSCOW, March 9 -``, ``LITTLE ROCK, Ark., Feb 26 -``, ``PARÍS, 31 ene (EFE) -``.

    Groups: 1 the place, 2 the state or province when one is written, 3 the date
    part, 4 the year when one is written.
    """
    months = _month_alternation()
    return (
        r"^\s*(\p{Lu}[\p{Lu}\p{M} .'\-]{1,40}?)(?:,\s*(\p{Lu}[\p{L}. ]{1,20}?))?\s*,?\s+"
        rf"((?i:(?:\d{{1,2}}\s+(?:de\s+)?(?:{months})|(?:{months})\.?\s+\d{{1,2}})))"
        r"(?:,?\s+(\d{4}))?\s*(?:\([^)]{1,30}\))?\s*[-–—]"
    )


def dateline_date(dateline: pl.Expr) -> pl.Expr:
    """The date of a wire dateline when it writes the year, else null.

    A dateline without a year ("MOSCOW, March 9 -") cannot be dated on its own; such
    articles keep their metadata date or stay undated.
    """
    parts = dateline.str.extract_groups(wire_dateline_pattern())
    with_year = pl.concat_str([parts.struct.field("3"), parts.struct.field("4")], separator=" ")
    return date_in_text(with_year)


def dateline_dates(datelines: pl.Series) -> pl.Series:
    """``dateline_date`` of each value of a column, evaluated only where one is set.

    Most articles have no dateline; the patterns (every CLDR month name) cost more to
    set up than to run, so a batch without datelines skips them.
    """
    rows = datelines.is_not_null().arg_true()
    dates = pl.Series(datelines.name, [None] * datelines.len(), dtype=pl.Date)
    if rows.len():
        found = datelines.gather(rows).to_frame().select(dateline_date(pl.col(datelines.name)))
        dates = dates.scatter(rows, found.to_series())
    return dates
