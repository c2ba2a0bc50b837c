"""Names that are a country only some of the time, each in two languages."""

import pytest

from tests.enrich.helpers import codes


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "The US economy grew, he told us.", {"USA"}),
        ("fr", "Les US ont répondu, nous a-t-il dit.", {"USA"}),
        ("en", "He told us the truth.", set()),
        ("es", "Nos dijo que us era una abreviatura.", set()),
    ],
)
def test_us_is_the_united_states_only_in_capitals(language, text, expected):
    assert codes(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Chad Smith played the drums.", set()),
        ("en", "Chad and Niger signed a border pact.", {"TCD", "NER"}),
        ("es", "Chad Smith tocó la batería.", set()),
        ("es", "Chad y Níger firmaron un pacto.", {"TCD", "NER"}),
        ("fr", "Le Tchad et le Niger ont signé un accord.", {"TCD", "NER"}),
    ],
)
def test_chad_the_given_name_is_not_the_country(language, text, expected):
    assert codes(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "We ate roast turkey at Thanksgiving.", set()),
        ("en", "Turkey closed its airspace.", {"TUR"}),
        ("de", "Wir aßen Truthahn; die Türkei schloss den Luftraum.", {"TUR"}),
    ],
)
def test_turkey_the_bird_is_not_the_country(language, text, expected):
    assert codes(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Michael Jordan scored 40 points.", set()),
        ("en", "King Abdullah of Jordan met Syrian officials.", {"JOR", "SYR"}),
        ("es", "Michael Jordan anotó 40 puntos.", set()),
        ("es", "El rey de Jordania se reunió con Siria.", {"JOR", "SYR"}),
    ],
)
def test_jordan_the_person_is_not_the_country(language, text, expected):
    assert codes(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Niger closed its border.", {"NER"}),
        ("en", "Nigeria closed its border.", {"NGA"}),
        ("fr", "Le Niger a fermé sa frontière.", {"NER"}),
        ("fr", "Le Nigeria a fermé sa frontière.", {"NGA"}),
    ],
)
def test_niger_is_not_nigeria(language, text, expected):
    assert codes(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Fishermen on the Niger River reported low water."),
        ("fr", "Les pêcheurs du fleuve Niger signalent des eaux basses."),
    ],
)
def test_niger_the_river_is_not_the_country(language, text):
    assert codes(text, language) == set()


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "The guinea pig escaped.", set()),
        ("fr", "Le cochon d'Inde s'est échappé en Guinée.", {"GIN"}),
        ("en", "Papua New Guinea held elections.", {"PNG"}),
        ("fr", "La Papouasie-Nouvelle-Guinée a voté.", {"PNG"}),
    ],
)
def test_guinea_inside_other_names_is_not_guinea(language, text, expected):
    assert codes(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Atlanta-based Coca-Cola said sales in Georgia and across the U.S. rose.", {"USA"}),
        ("fr", "À Atlanta, en Géorgie, les États-Unis ont voté.", {"USA"}),
        ("en", "Georgia and Russia fought in 2008, officials in Tbilisi said.", {"GEO", "RUS"}),
        ("fr", "La Géorgie et la Russie se sont affrontées, a dit Tbilissi.", {"GEO", "RUS"}),
    ],
)
def test_georgia_the_us_state_is_not_the_country(language, text, expected):
    assert codes(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "New Mexico and Texas passed the law.", set()),
        ("fr", "Le Nouveau-Mexique a voté la loi.", set()),
        ("en", "South Sudan and Sudan met.", {"SSD", "SDN"}),
        ("fr", "Le Soudan du Sud a rencontré le Soudan.", {"SSD", "SDN"}),
        ("en", "The Dominican Republic beat Dominica.", {"DOM", "DMA"}),
        ("es", "La República Dominicana ganó.", {"DOM"}),
    ],
)
def test_longer_names_win_over_the_names_inside_them(language, text, expected):
    assert codes(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Latin America and Central America grew."), ("fr", "L'Amérique latine a crû.")],
)
def test_regions_named_after_america_are_not_the_united_states(language, text):
    assert codes(text, language) == set()
