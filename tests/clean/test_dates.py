from datetime import date, datetime

import polars as pl
import pytest

from tasks.clean.dates import date_in_text, dateline_date, time_in_text, timestamp_from_metadata


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
    ],
)
def test_localized_date_lines_are_read(line: str, expected: date):
    assert _one(date_in_text(pl.col("v")), line) == expected


def test_impossible_date_is_null():
    assert _one(date_in_text(pl.col("v")), "30 février 2023") is None


def test_afternoon_time_with_pm_is_read_as_24_hours():
    assert str(_one(time_in_text(pl.col("v")), "6:14 PM")) == "18:14:00"


def test_metadata_offset_is_converted_to_utc():
    stamp = _one(timestamp_from_metadata(pl.col("v")), "2023-01-31T18:14:00+01:00")
    assert stamp == datetime(2023, 1, 31, 17, 14)


def test_metadata_date_without_time_is_midnight():
    assert _one(timestamp_from_metadata(pl.col("v")), "2023-01-31") == datetime(2023, 1, 31)


def test_unparseable_metadata_is_null():
    assert _one(timestamp_from_metadata(pl.col("v")), "last Tuesday") is None


def test_dateline_with_a_year_gives_a_date():
    assert _one(dateline_date(pl.col("v")), "PARÍS, 31 ene 2023 (EFE) -") == date(2023, 1, 31)


def test_dateline_without_a_year_gives_no_date():
    assert _one(dateline_date(pl.col("v")), "MOSCOW, March 9 -") is None
