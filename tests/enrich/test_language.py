import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from newsdyads.text.buffers import Utf8Buffers
from newsdyads.text.fasttext_predict import WHOLE_TEXT
from tasks.enrich import add_languages
from tasks.enrich.language import (
    DIGITS_AND_SPACES,
    QUICK_PASSES,
    has_letters,
    hint_language,
    language_sample,
)


def _languages(titles: list[str], bodies: list[str], hints: list[str | None]) -> list[str | None]:
    articles = pl.DataFrame(
        {"title": titles, "body": bodies, "language_hint": hints},
        schema={"title": pl.String, "body": pl.String, "language_hint": pl.String},
    )
    return add_languages(articles, 1000, 0.4)["language"].to_list()


def test_languages_of_a_batch_are_detected():
    assert _languages(
        [
            "Poutine approuve la création de centres",
            "Germany pledges tanks to Ukraine",
            "España y Marruecos celebran su primera cumbre",
        ],
        [
            "Le président russe a approuvé la proposition du gouvernement.",
            "The government said on Wednesday it would send the tanks.",
            "Los gobiernos celebran este miércoles una reunión de alto nivel.",
        ],
        [None, None, None],
    ) == ["fr", "en", "es"]


def test_language_from_metadata_wins_and_is_reduced_to_its_code():
    assert _languages(["Title"], ["Some English text here for sure."], ["fr-FR"]) == ["fr"]


def test_too_little_text_leaves_the_language_unknown():
    assert _languages(["12"], ["3,4 5"], [None]) == [None]


def test_headline_in_capitals_is_still_english():
    assert _languages(["SOVIET UNION BUYS U.S. CORN"], [""], [None]) == ["en"]


def _recording_predict(monkeypatch) -> list[tuple[list[int], int]]:
    """Record which samples each fastText pass is shown, and how many characters."""
    import tasks.enrich.language as language

    shown: list[tuple[list[int], int]] = []
    predict = language._predict

    def recording(texts: Utf8Buffers, rows: pl.Series, chars: int, confidence: float) -> pl.Series:
        shown.append((rows.to_list(), chars))
        return predict(texts, rows, chars, confidence)

    monkeypatch.setattr(language, "_predict", recording)
    return shown


def test_article_with_a_language_in_its_metadata_is_not_shown_to_the_detector(monkeypatch):
    shown = _recording_predict(monkeypatch)
    languages = _languages(
        ["Titre", "Germany pledges tanks"],
        ["Un texte en français.", "The government said it would send the tanks."],
        ["fr", None],
    )
    assert languages == ["fr", "en"]
    assert [rows for rows, _ in shown] == [[0]]


_NAMES = "Jean-Claude Juncker, Angela Merkel, Mark Rutte, Pedro Sánchez, Olaf Scholz, "
_FRENCH = (
    "Les dirigeants européens se sont réunis jeudi à Bruxelles pour discuter du budget "
    "de l'Union et de la politique migratoire, a annoncé la présidence du Conseil."
)


def test_sample_the_first_quick_pass_is_unsure_of_is_read_further(monkeypatch):
    shown = _recording_predict(monkeypatch)
    assert _languages([_NAMES * 2], [_FRENCH], [None]) == ["fr"]
    assert len(shown) >= 2
    assert shown[1][1] > shown[0][1]


def test_sample_no_quick_pass_decides_is_read_in_full(monkeypatch):
    shown = _recording_predict(monkeypatch)
    assert _languages([_NAMES * 5], [_FRENCH], [None]) == ["fr"]
    assert [chars for _, chars in shown] == [*(chars for chars, _ in QUICK_PASSES), WHOLE_TEXT]


_TEXT = (
    st.text(
        alphabet=st.sampled_from("aé Ж1 2\n\t.,-;:!?") | st.characters(exclude_categories=("Cs",)),
        max_size=120,
    )
    | st.none()
)


@given(st.lists(_TEXT, max_size=8), st.integers(min_value=1, max_value=40))
def test_letters_are_counted_as_in_the_whole_sample(samples, at_least):
    series = pl.Series("sample", samples, dtype=pl.String)

    whole = series.fill_null("").str.count_matches(r"\p{L}") >= at_least

    assert has_letters(series, at_least).to_list() == whole.to_list()


@given(st.lists(st.tuples(_TEXT, _TEXT), max_size=6), st.integers(min_value=0, max_value=60))
def test_the_sample_is_the_start_of_title_and_whole_body(articles, chars):
    frame = pl.DataFrame(
        {"title": [t for t, _ in articles], "body": [b for _, b in articles]},
        schema={"title": pl.String, "body": pl.String},
    )
    joined = pl.concat_str(
        [pl.col("title").fill_null(""), pl.col("body").fill_null("")], separator=" "
    )
    expected = joined.str.slice(0, chars).str.to_lowercase().str.replace_all(r"[\d\s]+", " ")

    sample = language_sample(pl.col("title"), pl.col("body"), chars)

    assert (
        frame.select(sample).to_series().to_list() == frame.select(expected).to_series().to_list()
    )


@given(
    st.text(
        alphabet=st.sampled_from("ab é1٣ \n\t\u3000\x85.")
        | st.characters(exclude_categories=("Cs",)),
        max_size=60,
    )
)
def test_digits_and_spaces_become_one_space_as_every_run_would(text):
    column = pl.Series("s", [text])
    every_run = column.str.replace_all(r"[\d\s]+", " ")
    assert column.str.replace_all(DIGITS_AND_SPACES, " ").to_list() == every_run.to_list()


def _hinted(hints: list[str | None]) -> list[str | None]:
    frame = pl.DataFrame({"hint": hints}, schema={"hint": pl.String})
    return frame.select(hint_language(pl.col("hint")))["hint"].to_list()


def test_a_three_letter_hint_gives_the_two_letter_code():
    assert _hinted(["eng", "fra", "fre", "ger"]) == ["en", "fr", "fr", "de"]


def test_a_hint_keeps_only_the_language_of_its_tag():
    assert _hinted(["pt_BR", "zh-Hant-TW", "EN-gb"]) == ["pt", "zh", "en"]


def test_a_language_named_in_english_or_in_itself_gives_its_code():
    assert _hinted(["English", " Français ", "Deutsch"]) == ["en", "fr", "de"]


def test_a_three_letter_code_without_a_two_letter_one_is_kept():
    assert _hinted(["ceb", "yue"]) == ["ceb", "yue"]


def test_a_withdrawn_code_gives_the_current_one():
    assert _hinted(["iw", "in"]) == ["he", "id"]


def test_a_hint_that_names_no_language_is_left_to_the_detector():
    assert _hinted(["xx", "und", "n/a", "", None]) == [None, None, None, None, None]


def test_an_article_hinted_eng_counts_with_the_detected_english_ones():
    assert _languages(
        ["Germany pledges tanks", "Germany pledges tanks"],
        ["The government said it would send the tanks.", "The government said so."],
        ["eng", None],
    ) == ["en", "en"]
