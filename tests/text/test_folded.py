"""Case-folded keys compare like lower-cased strings: equal texts (ignoring case, and
the stripped characters around them) get equal keys, different texts different ones."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdyads.text.buffers import utf8_buffers
from newsdyads.text.folded import paragraph_keys, prefix_keys, stripped_keys

# Letters whose case maps one to one, plus the characters footers are stripped of.
ALPHABET = "abcdeABCDEéÉжЖ .:…x"
texts = st.lists(st.text(alphabet=ALPHABET, max_size=12), min_size=1, max_size=10)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_prefix_keys_are_equal_exactly_when_the_lower_cased_prefixes_are(values: list[str]):
    keys, valid = prefix_keys(utf8_buffers(pl.Series(values)), 4)
    assert valid.tolist() == [len(value) >= 4 for value in values]
    for first, first_key in zip(values, keys, strict=True):
        for second, second_key in zip(values, keys, strict=True):
            same = first[:4].lower() == second[:4].lower()
            assert (first_key == second_key) == same or len(first) < 4 or len(second) < 4


@settings(max_examples=200, deadline=None)
@given(texts)
def test_stripped_keys_compare_like_python_strip_and_lower(values: list[str]):
    keys, valid = stripped_keys(utf8_buffers(pl.Series(values)), " :.…", 6)
    stripped = [value.strip(" :.…").lower() for value in values]
    assert valid.tolist() == [len(value) <= 6 for value in stripped]
    compared = [(text, key) for text, key, ok in zip(stripped, keys, valid, strict=True) if ok]
    for first, first_key in compared:
        for second, second_key in compared:
            assert (first_key == second_key) == (first == second)


def test_footer_with_other_case_and_trailing_dots_has_the_phrase_key():
    keys, valid = stripped_keys(utf8_buffers(pl.Series(["Read more", "…READ MORE..."])), " :.…", 9)
    assert keys[0] == keys[1]
    assert valid.all()


@settings(max_examples=200, deadline=None)
@given(texts, st.integers(min_value=0, max_value=8), st.integers(min_value=0, max_value=8))
def test_both_keys_in_one_pass_are_each_key_alone(
    values: list[str], prefix_chars: int, max_chars: int
):
    buffers = utf8_buffers(pl.Series(values))
    prefix, prefix_valid, stripped, stripped_valid = paragraph_keys(
        buffers, prefix_chars, " :.…", max_chars
    )
    # Each alone: the other key's work stops at once (prefix) or never (stripped).
    alone_prefix, alone_prefix_valid = prefix_keys(buffers, prefix_chars)
    alone_stripped, alone_stripped_valid = stripped_keys(buffers, " :.…", max_chars)
    assert (prefix.tolist(), prefix_valid.tolist()) == (
        alone_prefix.tolist(),
        alone_prefix_valid.tolist(),
    )
    assert (stripped.tolist(), stripped_valid.tolist()) == (
        alone_stripped.tolist(),
        alone_stripped_valid.tolist(),
    )
