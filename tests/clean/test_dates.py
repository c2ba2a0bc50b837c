from datetime import date, datetime

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.clean.dates import (
    date_in_text,
    dateline_date,
    dateline_dates,
    time_in_text,
    timestamp_from_metadata,
    timestamps_from_metadata,
)


def _one(expr: pl.Expr, value: str):
    return pl.DataFrame({"v": [value]}).select(expr).item()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Mis à jour le mardi 31 janvier 2023 – 18:14", date(2023, 1, 31)),
        ("Publié le 1er février 2023 à 9h05", date(2023, 2, 1)),
        ("Updated January 31, 2023 6:14 PM", date(2023, 1, 31)),
        ("Actualizado el 31 de enero de 2023, 18:14", date(2023, 1, 31)),
        ("Aktualisiert am 31. Januar 2023", date(2023, 1, 31)),
        ("Aggiornato il 31 gennaio 2023 alle 18:14", date(2023, 1, 31)),
        ("Atualizado em 31 de janeiro de 2023", date(2023, 1, 31)),
        ("31/01/2023 18:14", date(2023, 1, 31)),
        ("31-01-2023", date(2023, 1, 31)),
        ("2023/01/31 18:14", date(2023, 1, 31)),
        ("2023.1.31", date(2023, 1, 31)),
    ],
)
def test_localized_date_lines_are_read(line: str, expected: date):
    assert _one(date_in_text(pl.col("v")), line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2023-05-12T22:16:00", datetime(2023, 5, 12, 22, 16)),
        ("Published 2023-05-12T22:16Z", datetime(2023, 5, 12, 22, 16)),
        ("Mis à jour : 2023-05-12T01:16:00+02:00", datetime(2023, 5, 11, 23, 16)),
        ("2023-05-12 22:16:00-05:00", datetime(2023, 5, 13, 3, 16)),
    ],
)
def test_iso_timestamp_line_gives_its_date_and_time_in_utc(line: str, expected: datetime):
    day = _one(date_in_text(pl.col("v")), line)
    time_of_day = _one(time_in_text(pl.col("v")), line)
    assert datetime.combine(day, datetime.min.time()) + time_of_day == expected


def test_impossible_date_is_null():
    assert _one(date_in_text(pl.col("v")), "30 février 2023") is None


def test_afternoon_time_with_pm_is_read_as_24_hours():
    assert str(_one(time_in_text(pl.col("v")), "6:14 PM")) == "18:14:00"


def _metadata(value: str):
    return _one(timestamp_from_metadata(pl.col("v")), value)


def test_metadata_offset_is_converted_to_utc():
    assert _metadata("2023-01-31T18:14:00+01:00") == datetime(2023, 1, 31, 17, 14)


def test_metadata_time_without_seconds_keeps_its_offset():
    assert _metadata("2023-01-31T18:14+01:00") == datetime(2023, 1, 31, 17, 14)


def test_metadata_date_without_time_is_midnight():
    assert _metadata("2023-01-31") == datetime(2023, 1, 31)


def test_rss_pub_date_is_read_in_utc():
    assert _metadata("Tue, 31 Jan 2023 18:14:00 +0100") == datetime(2023, 1, 31, 17, 14)


def test_a_pub_date_with_the_wrong_weekday_keeps_its_date():
    assert _metadata("Sun, 31 Jan 2023 18:14:00 GMT") == datetime(2023, 1, 31, 18, 14)


def test_a_pub_date_in_a_named_north_american_zone_is_converted():
    assert _metadata("Tue, 31 Jan 2023 18:14 EST") == datetime(2023, 1, 31, 23, 14)


def test_utc_written_as_a_name_is_read_as_utc():
    assert _metadata("2023-01-31 18:14:00 UTC") == datetime(2023, 1, 31, 18, 14)


def test_a_date_written_with_slashes_is_read():
    assert _metadata("2023/01/31 18:14") == datetime(2023, 1, 31, 18, 14)


def test_compact_digits_are_read_as_a_date_or_a_date_and_time():
    assert _metadata("20230131") == datetime(2023, 1, 31)
    assert _metadata("20230131181400") == datetime(2023, 1, 31, 18, 14)


def test_unix_time_in_seconds_or_milliseconds_is_read_as_utc():
    assert _metadata("1675188840") == datetime(2023, 1, 31, 18, 14)
    assert _metadata("1675188840000") == datetime(2023, 1, 31, 18, 14)


def test_digits_of_another_length_are_no_date():
    assert _metadata("123456") is None


def test_unparseable_metadata_is_null():
    assert _metadata("last Tuesday") is None


def test_dateline_with_a_year_gives_a_date():
    assert _one(dateline_date(pl.col("v")), "PARÍS, 31 ene 2023 (EFE) -") == date(2023, 1, 31)


def test_dateline_without_a_year_gives_no_date():
    assert _one(dateline_date(pl.col("v")), "MOSCOW, March 9 -") is None


# Metadata dates as feeds write them, and as they get them wrong.
_STAMP = st.one_of(
    st.none(),
    st.builds(
        "{}-{:02d}-{:02d}{}{:02d}:{:02d}{}{}".format,
        st.sampled_from(["2023", "1999", "1700", "2150"]),
        st.integers(0, 13),
        st.integers(0, 32),
        st.sampled_from(["T", " ", "t"]),
        st.integers(0, 25),
        st.integers(0, 61),
        st.sampled_from(["", ":00", ":59", ":07.25", ":61"]),
        st.sampled_from(["", "Z", "z", "+01:00", "-0530", " ", " junk", "+01:00 "]),
    ),
    st.sampled_from(
        [
            "2023-01-31",
            " 2023-01-31T18:14:00 ",
            "last Tuesday",
            "",
            "Tue, 31 Jan 2023 18:14:00 GMT",
            "Sun, 31 January 2023 18:14 -0500",
            "31 Jan 2023 18:14:00 PDT",
            "2023/01/31 18:14:00",
            "2023/01/31",
            "20230131",
            "20230131181400",
            "1675188840",
            "1675188840000",
            "2023-01-31 18:14 UTC",
        ]
    ),
    st.text(max_size=25),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_STAMP, max_size=12))
def test_column_of_metadata_dates_reads_as_each_date_alone(values: list[str | None]) -> None:
    column = pl.Series("published_raw", values, dtype=pl.String)
    expected = column.to_frame().select(timestamp_from_metadata(pl.col("published_raw")))
    expected = expected.to_series()
    assert timestamps_from_metadata(column).to_list() == expected.to_list()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.sampled_from(["PARÍS, 31 ene 2023 (EFE) -", "MOSCOW, March 9 -", "LONDON, 2 May -"]),
            st.text(max_size=30),
        ),
        max_size=8,
    )
)
def test_column_of_datelines_reads_as_each_dateline_alone(values: list[str | None]) -> None:
    column = pl.Series("dateline", values, dtype=pl.String)
    expected = column.to_frame().select(dateline_date(pl.col("dateline"))).to_series()
    assert dateline_dates(column).to_list() == expected.to_list()


_LINE_WITH_DATE = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "Mis à jour le mardi 31 janvier 2023 – 18:14",
            "Updated January 31, 2023 6:14 PM",
            "31/01/2023 18h14",
            "2023-01-31 12:00 am",
            "30 février 2023",
            "2023-01-31T18:14:00+01:00",
            "Publié 2023-01-31T00:30Z",
        ]
    ),
    st.text(alphabet="0123456789 /:.-+hApmTZ janvierFebruary", max_size=30),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(_LINE_WITH_DATE, max_size=8))
def test_dates_and_times_of_a_column_are_those_of_each_line_alone(lines: list[str | None]):
    column = pl.Series("v", lines, dtype=pl.String)
    for expression in (date_in_text(pl.col("v")), time_in_text(pl.col("v"))):
        together = column.to_frame().select(expression).to_series().to_list()
        alone = [
            pl.Series("v", [line], dtype=pl.String).to_frame().select(expression).item()
            for line in lines
        ]
        assert together == alone
