"""The compiled term finder returns what a plain search for every occurrence of every
pattern returns, less the occurrences that an earlier or longer one contains."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdyads.text.buffers import utf8_buffers
from newsdyads.text.terms import TermIndex, _may_start, _space_candidates, _words, find_terms


def _reference(texts: list[str], patterns: list[str]) -> list[tuple[int, int, int]]:
    """(row, character start, pattern) of every kept occurrence, by brute force."""
    kept = []
    for row, text in enumerate(texts):
        occurrences = [
            (start, -len(pattern), number)
            for number, pattern in enumerate(patterns)
            for start in range(len(text))
            if text.startswith(pattern, start)
        ]
        longest_end = -1
        for start, negative_length, number in sorted(occurrences):
            end = start - negative_length
            if end > longest_end:
                kept.append((row, start, number))
                longest_end = end
    return kept


def _found(texts: list[str], patterns: list[str]) -> list[tuple[int, int, int]]:
    matches = find_terms(utf8_buffers(pl.Series(texts, dtype=pl.String)), TermIndex.build(patterns))
    return list(
        zip(
            matches.row.tolist(), matches.char_start.tolist(), matches.pattern.tolist(), strict=True
        )
    )


# Few characters, so that patterns occur often, overlap and contain each other; with
# multi-byte ones, so that byte and character offsets differ.
ALPHABET = "ab é中\U0001f30d"
texts_strategy = st.lists(st.text(alphabet=ALPHABET, max_size=30), max_size=6)
patterns_strategy = st.lists(
    st.text(alphabet=ALPHABET, min_size=1, max_size=7), min_size=1, max_size=12, unique=True
)


@settings(max_examples=300, deadline=None)
@given(texts=texts_strategy, patterns=patterns_strategy)
def test_finds_what_a_brute_force_search_finds(texts: list[str], patterns: list[str]) -> None:
    assert _found(texts, patterns) == _reference(texts, patterns)


@settings(max_examples=200, deadline=None)
@given(texts=texts_strategy, words=patterns_strategy)
def test_patterns_padded_with_spaces_match_as_brute_force_does(
    texts: list[str], words: list[str]
) -> None:
    patterns = sorted({f" {word.strip()} " for word in words})
    assert _found(texts, patterns) == _reference(texts, patterns)


def test_a_name_inside_a_longer_name_is_not_a_match_of_its_own() -> None:
    found = _found([" South Sudan and Sudan "], [" Sudan ", " South Sudan "])
    assert found == [(0, 0, 1), (0, 16, 0)]


def test_same_start_keeps_the_longest_pattern() -> None:
    found = _found([" Guinea Bissau "], [" Guinea ", " Guinea Bissau "])
    assert found == [(0, 0, 1)]


def test_overlapping_matches_that_do_not_contain_each_other_are_both_kept() -> None:
    assert _found(["abcd"], ["abc", "bcd"]) == [(0, 0, 0), (0, 1, 1)]


def test_offsets_count_characters_not_bytes() -> None:
    assert _found([" Côte d Ivoire  Bénin "], [" Bénin "]) == [(0, 15, 0)]


def test_matches_never_run_into_the_next_text() -> None:
    assert _found([" Chi", "na "], [" China "]) == []


def test_texts_without_matches_and_no_texts_give_nothing() -> None:
    assert _found([], [" France "]) == []
    assert _found(["", " nothing here "], [" France "]) == []


def test_an_empty_pattern_is_refused() -> None:
    with pytest.raises(ValueError, match="no empty one"):
        TermIndex.build([" France ", ""])


def _space_reference(data: np.ndarray, low: int, high: int, prefixes: np.ndarray) -> list[int]:
    """Spaces of ``data[low:high]`` whose three-byte prefix is in ``prefixes`` (and
    spaces in the last two positions), one byte at a time."""
    kept = [
        position
        for position in range(low, high - 2)
        if data[position] == 0x20 and _may_start(data, position, prefixes)
    ]
    tail = min(2, max(high - low, 0))
    return kept + [position for position in range(high - tail, high) if data[position] == 0x20]


@settings(max_examples=300, deadline=None)  # the first call loads the compiled kernel
@given(
    data=st.binary(max_size=80).map(lambda raw: np.frombuffer(raw, np.uint8).copy()),
    bounds=st.tuples(st.integers(0, 80), st.integers(0, 80)),
    prefix_patterns=st.lists(st.text(alphabet=" ab", min_size=3, max_size=5), max_size=4),
)
def test_space_candidates_word_at_a_time_are_the_bytes_one_at_a_time(
    data: np.ndarray, bounds: tuple[int, int], prefix_patterns: list[str]
) -> None:
    low, high = min(bounds), max(bounds)
    high = min(high, data.shape[0])
    low = min(low, high)
    index = TermIndex.build([" " + pattern for pattern in prefix_patterns] or [" ab"])
    prefixes = index.tables[5]
    # Mostly spaces and the patterns' letters, so that candidates are common.
    data = np.where(data % 3 == 0, 0x20, np.where(data % 3 == 1, ord("a"), data)).astype(np.uint8)

    found = _space_candidates(data, _words(data), low, high, prefixes)

    assert found.tolist() == _space_reference(data, low, high, prefixes)
