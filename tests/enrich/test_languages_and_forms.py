"""Native names, inflected demonyms and scripts other than Latin."""

from datetime import datetime

import pytest

from tests.enrich.helpers import codes


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("fr", "les autorités ukrainiennes et les militaires biélorusses", {"UKR", "BLR"}),
        ("fr", "une délégation allemande et des diplomates françaises", {"DEU", "FRA"}),
        ("es", "las autoridades marroquíes y los ministros españoles", {"MAR", "ESP"}),
        ("es", "la economía alemana y las empresas francesas", {"DEU", "FRA"}),
        ("de", "die russischen Truppen und dem ukrainischen Präsidenten", {"RUS", "UKR"}),
        ("de", "des französischen Außenministers und der Briten", {"FRA", "GBR"}),
        ("ru", "российских военных и украинскими властями", {"RUS", "UKR"}),
        ("ru", "белорусского лидера и американской делегации", {"BLR", "USA"}),
    ],
)
def test_inflected_demonyms_are_recognised(language, text, expected):
    assert codes(text, language) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Президент России прибыл в Москву.", {"RUS"}),
        ("Переговоры Украины и Белоруссии", {"UKR", "BLR"}),
        ("Китаем и Ираном подписан договор", {"CHN", "IRN"}),
    ],
)
def test_russian_place_names_in_every_case(text, expected):
    assert codes(text, "ru") == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ar", "التقى الرئيس الروسي بنظيره الصيني في موسكو", {"RUS", "CHN"}),
        ("ar", "وقالت وزارة الخارجية الإيرانية إن طهران لن تتفاوض مع واشنطن", {"IRN", "USA"}),
        ("zh", "美国和中国在北京举行会谈，俄罗斯表示关注。", {"USA", "CHN", "RUS"}),
        ("zh", "乌克兰与白俄罗斯边境", {"UKR", "BLR"}),
    ],
)
def test_scripts_other_than_latin(language, text, expected):
    assert codes(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "it",
            "Il governo tedesco e quello francese criticano le sanzioni russe.",
            {"DEU", "FRA", "RUS"},
        ),
        ("pt", "O presidente brasileiro falou com autoridades chinesas.", {"BRA", "CHN"}),
        ("nl", "De Russische troepen trokken zich terug uit Oekraïne.", {"RUS", "UKR"}),
    ],
)
def test_italian_portuguese_and_dutch_forms(language, text, expected):
    assert codes(text, language) == expected


def test_historical_names_map_to_todays_codes():
    assert codes("The USSR, West Germany, Burma and Zaire.") == {"RUS", "DEU", "MMR", "COD"}


@pytest.mark.parametrize(
    ("language", "text", "year", "expected"),
    [
        ("en", "Reagan met his advisers.", 1987, {"USA"}),
        ("en", "Reagan was remembered fondly.", 2023, set()),
        ("fr", "Poutine a signé le décret.", 2023, {"RUS"}),
        ("fr", "Poutine a signé le décret.", 1987, set()),
        ("de", "Merkel und Macron trafen sich.", 2019, {"DEU", "FRA"}),
        ("ru", "Путин заявил журналистам.", 2023, {"RUS"}),
    ],
)
def test_leaders_are_evidence_only_in_their_years(language, text, year, expected):
    assert codes(text, language, published=datetime(year, 6, 1)) == expected


def test_leader_in_an_undated_article_is_no_evidence():
    assert codes("Reagan met his advisers.", published=None) == set()


def test_kremlin_is_russia_in_any_language():
    assert codes("Le chef du Kremlin a parlé.", "fr") == {"RUS"}
    assert codes("Der Kreml teilte mit.", "de") == {"RUS"}
