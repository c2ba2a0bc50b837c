"""Stories: copies of one wire story form one story; other stories on the same topic
do not. Precision and recall of the story pairs are measured on a small set."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import duckdb
import polars as pl
import pytest

from flows.daily import daily_run
from newsdyads.settings import Settings
from tasks.enrich.stories import EXACT_BAND, assign_stories, story_bands
from tests.conftest import data_file

FOOTERS = [
    "© 2023 The Northern Ledger. All rights reserved.",
    "Reporting by staff; editing by the night desk. Follow us for more world news.",
    "This article was published from a wire feed and has not been edited by our newsroom.",
]


def _copies(story: dict[str, object]) -> list[dict[str, str]]:
    """The ways outlets republish one wire story: as is, with their own headline, with
    the last paragraph cut, with their footer, with a sentence reworded."""
    paragraphs: list[str] = list(story["paragraphs"])  # type: ignore[call-overload]
    reworded = [paragraphs[0].replace("said", "told reporters"), *paragraphs[1:]]
    variants = [
        (str(story["title"]), paragraphs),
        ("Breaking: " + str(story["title"]).lower(), paragraphs),
        (str(story["title"]), paragraphs[:-1]),
        (str(story["title"]), [*paragraphs, FOOTERS[0]]),
        (str(story["title"]) + " - officials", [*reworded, FOOTERS[1]]),
        (str(story["title"]), [*paragraphs[:-1], FOOTERS[2]]),
    ]
    return [
        {
            "id": f"{story['story']}-{number}",
            "title": title,
            "text": "\n\n".join(body),
            "published": "2023-03-07",
            "source": f"outlet-{number}",
            "truth": str(story["story"]),
        }
        for number, (title, body) in enumerate(variants)
    ]


@pytest.fixture(scope="module")
def near_duplicates() -> list[dict[str, str]]:
    stories = json.loads(data_file("wire_stories.json").read_text(encoding="utf-8"))
    return [copy for story in stories for copy in _copies(story)]


def _pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
    return {(a, b) for a, b in itertools.combinations(sorted(labels), 2) if labels[a] == labels[b]}


def test_story_pairs_have_precision_and_recall_of_at_least_95_percent(
    near_duplicates: list[dict[str, str]], tmp_path: Path
):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "wire.jsonl").write_text("\n".join(json.dumps(c) for c in near_duplicates))
    daily_run(Settings(inbox=inbox, warehouse=tmp_path / "warehouse", show_progress=False))
    with duckdb.connect(str(tmp_path / "warehouse" / "newsdyads.duckdb"), read_only=True) as db:
        found = dict(db.sql("select record_key, story_id from articles").fetchall())
    truth = {copy["id"]: copy["truth"] for copy in near_duplicates}
    predicted, expected = _pairs(found), _pairs(truth)
    precision = len(predicted & expected) / len(predicted)
    recall = len(predicted & expected) / len(expected)
    print(f"story pairs: precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95
    assert recall >= 0.95


LONG = " ".join(f"word{n}" for n in range(60))


def test_exact_copies_share_the_exact_key_whatever_their_case_and_spacing():
    bands = story_bands(
        pl.DataFrame({"article_id": ["a", "b"], "body": [LONG, "  " + LONG.upper() + "!"]})
    )
    exact = bands.filter(pl.col("band") == EXACT_BAND)
    assert exact.height == 2
    assert exact["band_key"].n_unique() == 1


def test_short_texts_are_never_matched():
    bands = story_bands(pl.DataFrame({"article_id": ["a"], "body": ["Blah blah blah."]}))
    assert bands.height == 0


def test_new_copy_joins_the_story_of_the_loaded_article():
    stories = assign_stories(
        pl.Series(["new"]),
        pl.DataFrame({"article_id": ["new"], "other_id": ["old"], "shared": [16], "exact": [True]}),
        pl.DataFrame({"other_id": ["old"], "story_id": ["story-of-old"]}),
    )
    assert stories.rows() == [("new", "story-of-old")]


def test_new_copies_of_each_other_form_one_story_named_after_the_smallest_id():
    stories = assign_stories(
        pl.Series(["c", "a", "b", "d"]),
        pl.DataFrame(
            {
                "article_id": ["c", "b"],
                "other_id": ["b", "a"],
                "shared": [5, 7],
                "exact": [False, False],
            }
        ),
        pl.DataFrame(schema={"other_id": pl.String, "story_id": pl.String}),
    )
    assert stories.rows() == [("c", "a"), ("a", "a"), ("b", "a"), ("d", "d")]


def test_copy_arriving_on_a_later_day_joins_the_published_story(
    near_duplicates: list[dict[str, str]], tmp_path: Path
):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    warehouse = tmp_path / "warehouse"
    first, later = near_duplicates[0], near_duplicates[3]
    (inbox / "day1.jsonl").write_text(json.dumps(first))
    daily_run(Settings(inbox=inbox, warehouse=warehouse, show_progress=False))
    (inbox / "day2.jsonl").write_text(json.dumps(later))
    daily_run(Settings(inbox=inbox, warehouse=warehouse, show_progress=False))
    with duckdb.connect(str(warehouse / "newsdyads.duckdb"), read_only=True) as db:
        stories = db.sql("select record_key, story_id, article_id from articles").fetchall()
        weekly = db.sql("select sum(articles), sum(stories) from country_pair_weekly").fetchall()
    by_key = {key: (story, article) for key, story, article in stories}
    assert by_key[later["id"]][0] == by_key[first["id"]][0] == by_key[first["id"]][1]
    articles, story_count = weekly[0]
    assert story_count < articles
