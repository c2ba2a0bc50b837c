"""The compiled band-key kernel: keys depend on a text's first words only (not their
case, punctuation or neighbours in the batch), in any script."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.enrich.stories import BANDS, EXACT_BAND, MIN_WORDS, WORDS, story_bands

# Letters whose upper case is one letter that lowercases back (so case can be varied).
ALPHABET = "abcdefghijklmnopqrstuvwxyzéèàçüöñжклмнопрстαβγδ0123456789"
SEPARATORS = [" ", "  ", ", ", ".\n\n", " — ", " « ", "\t", "-"]

words_strategy = st.lists(
    st.text(alphabet=ALPHABET, min_size=1, max_size=9), min_size=MIN_WORDS, max_size=WORDS + 20
)


def _keys(*bodies: str) -> list[dict[int, int]]:
    """Each body's keys, by band."""
    ids = [f"a{number:03d}" for number in range(len(bodies))]
    found = story_bands(pl.DataFrame({"article_id": ids, "body": list(bodies)}))
    return [
        dict(found.filter(pl.col("article_id") == article_id).select("band", "band_key").rows())
        for article_id in ids
    ]


@settings(max_examples=60, deadline=None)
@given(words=words_strategy, separators=st.lists(st.sampled_from(SEPARATORS), min_size=1))
def test_keys_ignore_case_and_what_separates_the_words(
    words: list[str], separators: list[str]
) -> None:
    plain = " ".join(words)
    styled = "".join(
        word.upper() + separators[number % len(separators)] for number, word in enumerate(words)
    )
    assert _keys(plain) == _keys(styled)


@settings(max_examples=40, deadline=None)
@given(words=words_strategy, tail=st.text(min_size=1, max_size=200))
def test_only_the_first_words_count(words: list[str], tail: str) -> None:
    padded = " ".join([*words[:WORDS], *["more"] * (WORDS - len(words[:WORDS]))])
    assert _keys(padded) == _keys(padded + " " + tail)


@settings(max_examples=40, deadline=None)
@given(bodies=st.lists(st.one_of(st.text(max_size=300), words_strategy.map(" ".join)), max_size=6))
def test_a_texts_keys_do_not_depend_on_the_rest_of_the_batch(bodies: list[str]) -> None:
    together = _keys(*bodies)
    assert together == [_keys(body)[0] for body in bodies]


def test_a_long_text_has_the_exact_key_and_every_band() -> None:
    body = " ".join(f"word{number}" for number in range(WORDS))
    assert sorted(_keys(body)[0]) == [EXACT_BAND, *range(BANDS)]


def test_texts_under_the_minimum_words_get_no_key() -> None:
    assert _keys(" ".join(["Zürich"] * (MIN_WORDS - 1))) == [{}]


def test_letters_of_every_script_make_words_and_symbols_do_not() -> None:
    cyrillic = " ".join(["Москва", "Київ", "東京", "Zürich", "٣٤"] * MIN_WORDS)
    with_symbols = " ★ ".join(["москва", "київ", "東京", "zürich", "٣٤"] * MIN_WORDS)
    assert _keys(cyrillic) == _keys(with_symbols)
    assert _keys(cyrillic) != _keys(cyrillic.replace("Київ", "Kyiv"))


def test_null_and_empty_bodies_get_no_key() -> None:
    found = story_bands(pl.DataFrame({"article_id": ["a", "b"], "body": [None, ""]}))
    assert found.height == 0
