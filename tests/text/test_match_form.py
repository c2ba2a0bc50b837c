"""The compiled match-form kernel writes exactly what the regex definition writes, and
byte positions convert to the right character positions."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdyads.text.buffers import string_series, utf8_buffers
from newsdyads.text.match_form import padded_match_form
from newsdyads.text.utf8 import char_offsets
from tasks.enrich.gazetteer import match_form

# Characters Python's Unicode database knows (the kernel's tables come from it; the
# regex engine also knows characters added since, which the kernel reads as spaces).
KNOWN_CHARACTERS = st.characters(exclude_categories=("Cn", "Cs"))

# Real text mixes scripts, marks, punctuation, spaces and symbols outside the BMP.
texts_strategy = st.lists(
    st.one_of(
        st.text(alphabet=KNOWN_CHARACTERS, max_size=40),
        st.text(
            alphabet="Côte d’Ivoire, São Tomé — 東京、日本 e\u0301 \U00030001\U000e0100!",
            max_size=40,
        ),
    ),
    max_size=8,
)


def _regex_form(texts: list[str]) -> list[str]:
    column = pl.Series("text", texts, dtype=pl.String)
    padded = pl.concat_str([pl.lit(" "), match_form(pl.lit(column)), pl.lit(" ")])
    return pl.select(padded).to_series().to_list()


@settings(max_examples=150, deadline=None)
@given(texts=texts_strategy)
def test_kernel_writes_what_the_regex_writes(texts: list[str]) -> None:
    kernel = string_series("text", padded_match_form(utf8_buffers(pl.Series(texts))))
    assert kernel.to_list() == _regex_form(texts)


def test_punctuation_becomes_spaces_and_letters_with_marks_stay() -> None:
    texts = pl.Series(["Côte d’Ivoire, Guinea-Bissau.", "東京、日本"])
    kernel = string_series("text", padded_match_form(utf8_buffers(texts)))
    assert kernel.to_list() == [" Côte d Ivoire  Guinea Bissau  ", " 東京 日本 "]


def test_a_slice_of_a_column_is_read_from_its_own_start() -> None:
    texts = pl.Series(["first, text", "second; text", "third"]).slice(1, 2)
    kernel = string_series("text", padded_match_form(utf8_buffers(texts)))
    assert kernel.to_list() == [" second  text ", " third "]


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=5), data=st.data())
def test_byte_positions_become_character_positions(texts: list[str], data: st.DataObject) -> None:
    buffers = utf8_buffers(pl.Series(texts))
    rows, byte_positions, expected = [], [], []
    for row, text in enumerate(texts):
        starts = [len(text[:index].encode()) for index in range(len(text) + 1)]
        for index in sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=4))):
            rows.append(row)
            byte_positions.append(starts[index])
            expected.append(index)
    found = char_offsets(buffers.data, buffers.offsets, np.array(rows), np.array(byte_positions))
    assert found.tolist() == expected


def test_positions_out_of_order_are_still_right() -> None:
    buffers = utf8_buffers(pl.Series(["ééé abc", "ü x"]))
    found = char_offsets(buffers.data, buffers.offsets, np.array([0, 1, 0]), np.array([7, 3, 2]))
    assert found.tolist() == [4, 2, 1]
