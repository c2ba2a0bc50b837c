"""The seed article's noise, one kind per test, through the real cleaner."""

import polars as pl
import pytest

from tasks.clean import clean_records
from tasks.ingest.plain_text import parse_plain_text
from tests.conftest import data_file


@pytest.fixture(scope="module")
def seed() -> dict:
    parsed = parse_plain_text("seed.txt", data_file("seed_fr-01.txt").read_bytes())
    return clean_records(parsed.records).row(0, named=True)


def test_stray_headline_before_the_date_line_is_dropped(seed: dict):
    assert "Une equipe de recherche internationale" not in seed["body"]


def test_date_line_is_dropped(seed: dict):
    assert "Mis à jour" not in seed["body"]


def test_photo_credit_is_dropped(seed: dict):
    assert "PEFE" not in seed["body"]
    assert "en image cette semaine" not in seed["body"]


def test_repeated_lede_keeps_only_the_full_paragraph(seed: dict):
    assert seed["body"].count("Leurs tâches principales seront") == 1
    assert "ainsi que l'échange d'expériences" in seed["body"]


def test_trust_project_footer_is_dropped(seed: dict):
    for phrase in ("Selon les critères de", "Le projet de confiance", "Savoir plus"):
        assert phrase not in seed["body"]


def test_source_id_is_not_in_the_body(seed: dict):
    assert not seed["body"].rstrip().endswith("fr-01")
    assert seed["source"] == "fr-01"


def test_subheading_is_kept(seed: dict):
    assert "\n\nExercices militaires conjoints\n\n" in seed["body"]


def test_body_starts_with_the_first_real_paragraph(seed: dict):
    assert seed["body"].startswith("Le président russe Vladimir Poutine a approuvé")


def test_date_comes_from_the_date_line(seed: dict):
    assert str(seed["published_at"]) == "2023-01-31 18:14:00"
    assert seed["date_source"] == "text"
    assert seed["iso_week"] == "2023-W05"
    assert str(seed["week_start"]) == "2023-01-30"


def test_apostrophes_are_unified(seed: dict):
    assert "’" not in seed["body"]
    assert "d'entraînement" in seed["body"]


def test_english_page_with_the_same_kinds_of_noise_is_cleaned():
    parsed = parse_plain_text("wire.txt", data_file("wire_en.txt").read_bytes())
    article = clean_records(parsed.records).row(0, named=True)
    assert article["body"].split("\n\n") == [
        "OPEC ministers gathered in Vienna on Tuesday as crude prices fell for a third week, "
        "with Saudi Arabia pressing for deeper cuts.",
        "Iraq and the United Arab Emirates resisted the proposal, delegates said.",
    ]
    assert str(article["published_at"]) == "2023-01-31 18:14:00"
    assert article["source"] == "en-07"


def test_iso_timestamp_date_line_dates_the_article_in_utc():
    """A scraper that writes the page's machine-readable time as the date line."""
    text = (
        "Moscow and Minsk sign a training accord\n\n"
        "2023-01-31T18:14:00+01:00\n\n"
        "Russia and Belarus agreed on Tuesday to open joint military training centres.\n\n"
        "en-07\n"
    )
    parsed = parse_plain_text("iso.txt", text.encode())
    article = clean_records(parsed.records).row(0, named=True)
    assert str(article["published_at"]) == "2023-01-31 17:14:00"
    assert article["date_source"] == "text"
    assert "2023" not in article["body"]


def test_article_id_is_stable_across_runs():
    parsed = parse_plain_text("seed.txt", data_file("seed_fr-01.txt").read_bytes())
    first = clean_records(parsed.records)["article_id"]
    second = clean_records(parsed.records)["article_id"]
    assert first.to_list() == second.to_list()
    assert first.str.len_chars().to_list() == [32]


def test_wire_lines_wrapped_with_indented_paragraphs_are_rejoined():
    raw = pl.DataFrame(
        {
            "source_file": ["r.sgm"],
            "record_key": ["1"],
            "format": ["reuters-sgml"],
            "title": ["T"],
            "text": ["First line\nwraps here.\n    Second paragraph."],
            "published_raw": [None],
            "language_hint": [None],
            "source_hint": ["reuters"],
            "url": [None],
            "dateline": [None],
        },
        schema_overrides={
            "published_raw": pl.String,
            "language_hint": pl.String,
            "url": pl.String,
            "dateline": pl.String,
        },
    )
    assert clean_records(raw)["body"][0] == "First line wraps here.\n\nSecond paragraph."
