"""Stories: copies of the same text (wire copy republished, lightly edited) grouped.

Each article gets *band keys* here, in its worker, in one compiled pass over the
batch's text buffers (newsdyads.text.minhash):

- one exact key: the hash of its opening ``WORDS`` words, lowercase, shared by copies
  of a text whatever their headline, footer or source;
- ``BANDS`` MinHash band keys (locality-sensitive hashing): the first ``WORDS`` words of
  the body are cut into overlapping ``SHINGLE``-word shingles, hashed once, and spread
  over ``BANDS * ROWS`` bins by one-permutation hashing (a shingle's hash picks its bin;
  the bin keeps its smallest value). Two texts share a bin's value with a probability
  equal to their Jaccard similarity, so a band of ``ROWS`` bins matches with
  probability J**ROWS.

At publish (SQL), two articles are the same story when they share the exact key, or at
least ``MIN_SHARED_BANDS`` of the 16 band keys (4 rows each): ~99% of pairs at
Jaccard 0.9 (a wire copy with a new headline, footer or reworded sentence), ~15% at
0.7 and ~1% at 0.6 (templated items, such as filings or weekly figures, that share
wording but not facts). ``assign_stories`` then joins each new
article to the story of the best matching article already loaded, or groups new
articles among themselves (connected components). Stories already published never
change: a new article that matches two old stories joins the one it matches best.

Only the first words are used: a wire copy keeps its opening paragraphs, while edits,
trimmed endings and outlet footers come last. Translations are not matched: the same
story in two languages shares no words, and telling translated copies from two stories
about the same event needs models this project does not ship.
"""

from __future__ import annotations

import polars as pl

from newsdyads.text.buffers import utf8_buffers
from newsdyads.text.minhash import band_keys

WORDS = 160
MIN_WORDS = 40
"""Texts shorter than this are never matched: briefs, tables of figures and title-only
items ("Blah blah blah.") look alike without being one story."""
SHINGLE = 5
BANDS = 16
ROWS = 4
MIN_SHARED_BANDS = 6
EXACT_BAND = -1
"""The band number of the exact-copy key."""
_SEED = 0x5EED

BANDS_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "band": pl.Int8(),
    "band_key": pl.UInt64(),
}
"""One row per article and band it has a key for."""


_MIX = (
    0x9E3779B97F4A7C15,
    0xC2B2AE3D27D4EB4F,
    0x165667B19E3779F9,
    0xD6E8FEB86659FD93,
    0xFF51AFD7ED558CCD,
)
"""Odd 64-bit constants: a shingle's hash is a wrapping sum of its words' hashes times
these (a band's key, of its bins' values), so nothing is hashed by building strings."""


def story_bands(articles: pl.DataFrame) -> pl.DataFrame:
    """The exact key and the MinHash band keys of each article (``BANDS_SCHEMA``).

    Takes ``article_id`` and ``body``. A band whose bins are not all filled keys on the
    values it has and on which bins they are (copies of a text leave the same bins
    empty, so short texts keep their bands without densifying). Texts under
    ``MIN_WORDS`` words get no key: their own story. Rows sharing an ``article_id`` (a
    record delivered twice) are one article, keyed once.
    """
    articles = articles.unique("article_id", keep="first", maintain_order=True)
    rows, bands, keys = band_keys(
        utf8_buffers(articles["body"]),
        words=WORDS,
        min_words=MIN_WORDS,
        shingle=SHINGLE,
        bands=BANDS,
        rows=ROWS,
        constants=_MIX,
        seed=_SEED,
    )
    return pl.DataFrame(
        {
            "article_id": articles["article_id"].gather(rows),
            "band": bands,
            "band_key": keys,
        },
        schema=BANDS_SCHEMA,
    )


def assign_stories(
    new_ids: pl.Series, matches: pl.DataFrame, loaded_stories: pl.DataFrame
) -> pl.DataFrame:
    """The story of each new article: ``article_id``, ``story_id``.

    ``matches``: pairs (``article_id`` new, ``other_id`` new or loaded, ``shared`` band
    keys, ``exact``) that are the same story. ``loaded_stories``: ``other_id`` →
    ``story_id`` for the loaded articles among them. New articles linked to each other
    form groups (connected components); a group that matches loaded articles joins the
    story of its best match (exact first, then most shared keys, then the smallest
    story id); any other group is a new story named after its smallest article id.
    Rows come in ``new_ids``' order.
    """
    new_pairs = matches.join(loaded_stories, on="other_id", how="anti")
    new_articles = pl.DataFrame({"article_id": new_ids})
    edges = pl.concat(
        [
            new_pairs.select("article_id", neighbour="other_id"),
            new_pairs.select(article_id="other_id", neighbour="article_id"),
        ]
    )
    # Labels spread only among the articles an edge links (a few percent of a run's):
    # every other one is a story of its own. Spreading over all of a million
    # articles' ids took 1.6-1.9 s a run, most of it joins of ids that never change.
    labels = edges.select("article_id").unique().with_columns(label=pl.col("article_id"))
    while True:  # smallest label spreads along edges until it changes no more
        spread = (
            edges.join(labels, left_on="neighbour", right_on="article_id")
            .group_by("article_id")
            .agg(pl.col("label").min().alias("neighbour_label"))
        )
        updated = labels.join(spread, on="article_id", how="left").select(
            "article_id", label=pl.min_horizontal("label", "neighbour_label")
        )
        if updated.join(labels, on=["article_id", "label"], how="anti").height == 0:
            break
        labels = updated
    labels = new_articles.join(
        labels, on="article_id", how="left", maintain_order="left"
    ).with_columns(label=pl.coalesce("label", "article_id"))
    anchors = (
        matches.join(loaded_stories, on="other_id")
        .join(labels, on="article_id")
        .sort(["label", "exact", "shared", "story_id"], descending=[False, True, True, False])
        .group_by("label", maintain_order=True)
        .agg(pl.col("story_id").first().alias("anchor"))
    )
    # In ``new_ids``' order: the stories are only ever joined to (sorting a million
    # ids was 0.4 s of a run).
    return labels.join(anchors, on="label", how="left", maintain_order="left").select(
        "article_id", story_id=pl.coalesce("anchor", "label")
    )
