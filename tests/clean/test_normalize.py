import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.clean import clean_records
from tasks.clean.normalize import nfc, normalize_unicode


def _normalize(text: str) -> str:
    return normalize_unicode(pl.Series("t", [text])).item()


def test_no_break_and_thin_spaces_become_plain_spaces():
    assert _normalize("9\u00a0000 militaires\u202f!") == "9 000 militaires !"


def test_curly_quotes_are_unified():
    assert _normalize("l’Ukraine “quoted”") == 'l\'Ukraine "quoted"'


def test_guillemets_are_kept():
    assert _normalize("« l'unification »") == "« l'unification »"


def test_decomposed_accents_are_composed():
    assert _normalize("Bie\u0301lorussie") == "Biélorussie"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_normalization_is_idempotent(text: str):
    once = _normalize(text)
    assert _normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=8))
def test_skipping_text_that_is_already_nfc_gives_the_same_result_as_full_nfc(texts):
    import unicodedata

    column = pl.Series("t", texts)
    assert nfc(column).to_list() == [unicodedata.normalize("NFC", t) for t in texts]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400), st.one_of(st.none(), st.text(max_size=60)))
def test_cleaner_never_fails_and_keeps_one_article_per_record(text: str, title: str | None):
    raw = pl.DataFrame(
        {
            "source_file": ["f"],
            "record_key": [""],
            "format": ["text"],
            "title": [title],
            "text": [text],
            "published_raw": [None],
            "language_hint": [None],
            "source_hint": [None],
            "url": [None],
            "dateline": [None],
        },
        schema={
            c: pl.String
            for c in [
                "source_file",
                "record_key",
                "format",
                "title",
                "text",
                "published_raw",
                "language_hint",
                "source_hint",
                "url",
                "dateline",
            ]
        },
    )
    articles = clean_records(raw)
    assert articles.height == 1
    assert articles["body"][0] is not None
