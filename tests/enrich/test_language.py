import polars as pl

from tasks.enrich import add_languages


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
