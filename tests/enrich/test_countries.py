import polars as pl
import pytest

from tasks.clean import clean_records
from tasks.enrich import add_languages, match_countries
from tasks.ingest.plain_text import parse_plain_text
from tests.conftest import data_file


def _countries(body: str, language: str | None = "en", title: str = "") -> dict[str, dict]:
    articles = pl.DataFrame(
        {"article_id": ["a"], "language": [language], "title": [title], "body": [body]},
        schema={
            "article_id": pl.String,
            "language": pl.String,
            "title": pl.String,
            "body": pl.String,
        },
    )
    return {row["iso3"]: row for row in match_countries(articles).iter_rows(named=True)}


def test_seed_article_mentions_exactly_belarus_russia_and_ukraine():
    parsed = parse_plain_text("seed.txt", data_file("seed_fr-01.txt").read_bytes())
    articles = add_languages(clean_records(parsed.records), 1000, 0.4)
    assert set(match_countries(articles)["iso3"]) == {"BLR", "RUS", "UKR"}


def test_longest_name_wins_south_sudan_is_not_sudan():
    assert set(_countries("Talks in South Sudan resumed.")) == {"SSD"}


def test_niger_is_not_nigeria_and_nigeria_is_not_niger():
    assert set(_countries("Nigeria closed its border.")) == {"NGA"}
    assert set(_countries("Niger closed its border.")) == {"NER"}


def test_name_inside_a_longer_word_does_not_match():
    assert _countries("Indiana farmers and Omaha traders met.") == {}


def test_lowercase_us_is_not_the_united_states():
    assert _countries("He told us the truth.") == {}
    assert set(_countries("The US economy grew.")) == {"USA"}


def test_mentions_are_counted_and_surface_forms_listed():
    found = _countries("France and the French government; Paris said France agreed.")
    assert found["FRA"]["mentions"] == 4
    assert found["FRA"]["surface_forms"] == ["France", "French", "Paris"]


def test_first_offset_points_at_the_first_mention_in_the_body():
    body = "Officials said l’accord avec la Russie était signé."
    found = _countries(body, language="fr")
    assert body[found["RUS"]["first_offset"] :].startswith("Russie")


def test_country_named_only_in_the_title_is_flagged_and_has_no_body_offset():
    found = _countries("Nothing here.", title="Japan raises rates")
    assert found["JPN"]["in_title"] is True
    assert found["JPN"]["first_offset"] is None


@pytest.mark.parametrize(
    ("language", "body", "expected"),
    [
        ("fr", "Les autorités ukrainiennes et biélorusses", {"UKR", "BLR"}),
        ("es", "Las autoridades marroquíes y el gobierno español", {"MAR", "ESP"}),
        ("de", "Die russischen Truppen und die Türkei", {"RUS", "TUR"}),
    ],
)
def test_inflected_demonyms_are_recognised(language: str, body: str, expected: set[str]):
    assert set(_countries(body, language=language)) == expected


def test_chinese_names_match_without_spaces():
    assert set(_countries("中国和俄罗斯签署协议", language="zh")) == {"CHN", "RUS"}


def test_unknown_language_falls_back_to_english_names():
    assert set(_countries("Germany and Poland agreed.", language=None)) == {"DEU", "POL"}


def test_historical_names_map_to_todays_codes():
    assert set(_countries("The Soviet Union and West Germany traded with Burma.")) == {
        "RUS",
        "DEU",
        "MMR",
    }


def test_a_record_delivered_twice_in_one_batch_counts_its_mentions_once():
    body = "France and Germany met. France said it would talk to Germany again."
    articles = pl.DataFrame(
        {
            "article_id": ["same", "same", "other"],
            "language": ["en", "en", "en"],
            "title": ["Talks", "Talks", ""],
            "body": [body, body, "Peru and Chile."],
        }
    )
    found = {
        (row["article_id"], row["iso3"]): row
        for row in match_countries(articles).iter_rows(named=True)
    }
    assert found[("same", "FRA")]["mentions"] == 2
    assert found[("same", "DEU")]["first_offset"] == body.index("Germany")
    assert found[("other", "CHL")]["first_offset"] == len("Peru and ")
