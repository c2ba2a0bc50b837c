"""Wire datelines as evidence, and which countries an article is about."""

import pytest

from tests.enrich.helpers import countries_of


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("MOSCOW, March 9 -", "RUS"),
        ("LITTLE ROCK, Ark., Feb 26 -", "USA"),
        ("PARÍS, 31 ene (EFE) -", "FRA"),
        ("PARIS, Texas, March 3 -", "USA"),
        ("TORONTO, April 1 -", "CAN"),
    ],
)
def test_dateline_city_gives_its_country(dateline, expected):
    found = countries_of("Shares rose on the news.", dateline=dateline)
    assert set(found) == {expected}
    assert found[expected]["in_dateline"] is True
    assert found[expected]["first_offset"] is None


def test_dateline_in_the_body_of_a_scraped_article_counts_too():
    found = countries_of("Mercados cerrados por la huelga.", "es", dateline="RABAT, 1 feb (EFE) -")
    assert found["MAR"]["in_dateline"] is True


def test_unknown_dateline_place_gives_nothing():
    assert countries_of("Shares rose.", dateline="SPRINGFIELDTOWN, March 9 -") == {}


def test_countries_in_title_dateline_or_lede_are_the_focus():
    body = (
        "Japan's exports rose in March, the finance ministry said.\n\n"
        + "Analysts had expected a smaller rise. " * 10
        + "\n\nSome of the goods were shipped through Singapore."
    )
    found = countries_of(body, title="Exports climb", dateline="TOKYO, April 1 -")
    assert found["JPN"]["focus"] is True
    assert found["SGP"]["focus"] is False


def test_most_mentioned_country_is_a_focus_even_late_in_the_text():
    body = "Officials met on Monday. " * 20 + "\n\nPeru said Peru and Peru again; Chile agreed."
    found = countries_of(body)
    assert found["PER"]["focus"] is True
    assert found["CHL"]["focus"] is False


@pytest.mark.parametrize(
    "dateline",
    ["GREENWICH, Conn, March 2 -", "RICHMOND, Va. Feb 26 -", "ST LOUIS, March 3 -"],
)
def test_dateline_spellings_without_dots_or_commas_resolve(dateline):
    assert set(countries_of("Profits rose.", dateline=dateline)) == {"USA"}
