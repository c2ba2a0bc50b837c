import unicodedata

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.clean import clean_records
from tasks.clean.normalize import (
    _ASSIGNED_WITH_MARKS,
    _HANGUL_COMPOSING,
    _REPLACEMENTS,
    _not_nfc_codes,
    normalize_unicode,
)


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


# What normalization means, written plainly: replacements, then NFC. Characters
# Python's Unicode database knows (the kernel's tables come from it), with the ones
# the replacements and NFC act on made common.
_SPECIAL = "\r\n\r\u2028\t\u00a0\u202f\u2009\u00ad\u200b\ufeff\u2019\u201c\u0301\u0308\u1161\u11a8e"
_texts = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=("Cn", "Cs")), st.sampled_from(list(_SPECIAL))
    ),
    max_size=40,
)


def _reference(text: str) -> str:
    text = text.replace("\r\n", "\n")
    return unicodedata.normalize("NFC", "".join(_REPLACEMENTS.get(ch, ch) for ch in text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), _texts), min_size=1, max_size=8))
def test_batch_normalization_is_replacements_then_nfc(texts: list[str | None]):
    column = pl.Series("t", texts, dtype=pl.String)
    expected = [None if text is None else _reference(text) for text in texts]
    assert normalize_unicode(column).to_list() == expected


def test_soft_hyphen_between_a_letter_and_its_accent_is_removed_before_composing():
    assert _normalize("Bie\u00ad\u0301lorussie") == "Biélorussie"


def test_windows_and_old_mac_line_breaks_become_one_line_feed_each():
    assert _normalize("a\r\nb\rc\r\n\r\nd") == "a\nb\nc\n\nd"


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


@given(
    st.text(
        alphabet=st.sampled_from("ab é \n\t\r\u3000\x85\u2029\x1c")
        | st.characters(exclude_categories=("Cs",)),
        max_size=40,
    )
)
def test_each_white_space_run_of_a_title_becomes_one_space(title):
    raw = pl.DataFrame({"title": [title], "text": ["Body."]})
    normalized = normalize_unicode(pl.Series("title", [title]))
    every_run = normalized.str.replace_all(r"\s+", " ").str.strip_chars().replace("", None)
    assert clean_records(raw)["title"].to_list() == every_run.to_list()


def test_not_nfc_code_points_are_those_nfc_may_change():
    expected = set(_HANGUL_COMPOSING)
    for code in _ASSIGNED_WITH_MARKS:
        char = chr(code)
        if unicodedata.combining(char) or not unicodedata.is_normalized("NFC", char):
            expected.add(code)
        decomposition = unicodedata.decomposition(char)
        if decomposition and not decomposition.startswith("<"):
            expected.update(int(part, 16) for part in decomposition.split()[1:])
    assert _not_nfc_codes() == expected
