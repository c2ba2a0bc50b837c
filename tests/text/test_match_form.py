"""The compiled match-form kernel writes exactly what the regex definition writes."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdyads.text.buffers import string_series, utf8_buffers
from newsdyads.text.match_form import padded_match_form
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
