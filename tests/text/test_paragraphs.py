"""The compiled paragraph splitter gives the paragraphs its Polars formulation gives."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdyads.text.buffers import string_series, utf8_buffers
from newsdyads.text.paragraphs import split_paragraphs


def _polars_paragraphs(texts: list[str]) -> list[tuple[int, int, str]]:
    """What the cleaner did with Polars before the kernel: the specification."""
    frame = pl.DataFrame({"text": texts}, schema={"text": pl.String}).with_row_index("text_of")
    return (
        frame.select(
            "text_of",
            paragraph=pl.col("text")
            .str.replace_all(r"\n[ \t]+", "\n\n")
            .str.replace_all(r"\n\s*\n\s*", "\u2029")
            .str.replace_all("\n", " ")
            .str.split("\u2029"),
        )
        .explode("paragraph")
        .with_columns(
            paragraph=pl.col("paragraph")
            .fill_null("")
            .str.replace_all(r" {2,}", " ")
            .str.strip_chars()
        )
        .filter(pl.col("paragraph") != "")
        .with_columns(position=pl.int_range(pl.len()).over("text_of"))
        .select("text_of", "position", "paragraph")
        .rows()
    )


def _kernel_paragraphs(texts: list[str]) -> list[tuple[int, int, str]]:
    text_of, positions, buffers = split_paragraphs(utf8_buffers(pl.Series(texts, dtype=pl.String)))
    paragraphs = string_series("paragraph", buffers).to_list()
    return list(zip(text_of.tolist(), positions.tolist(), paragraphs, strict=True))


# Line breaks, every kind of white space Unicode has (and some that is not: U+180E,
# U+200B, U+001C), the break mark itself, and letters of several widths in UTF-8.
_ALPHABET = st.sampled_from(
    list("\n\n\n   \t\r\x0b\x0c\x1c\u0085\u00a0\u1680\u2000\u200a\u200b\u2028\u2029\u202f")
    + list("\u205f\u3000\u180eab.é€😀")
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(_ALPHABET, max_size=40), max_size=6))
def test_kernel_splits_as_the_polars_formulation(texts):
    assert _kernel_paragraphs(texts) == _polars_paragraphs(texts)


def test_blank_and_indented_lines_start_paragraphs_and_wrapped_lines_join():
    text = "Title line\n\nFirst para\nwrapped  here.\n    Indented wire para.\n \n  \nLast."
    assert _kernel_paragraphs([text]) == [
        (0, 0, "Title line"),
        (0, 1, "First para wrapped here."),
        (0, 2, "Indented wire para."),
        (0, 3, "Last."),
    ]


def test_texts_without_paragraphs_and_nulls_give_none():
    assert _kernel_paragraphs(["", " \n\n \u2029 ", None, "x"]) == [(3, 0, "x")]  # type: ignore[list-item]


def test_a_space_that_ends_or_starts_a_text_is_trimmed_whatever_its_neighbours_hold():
    # In the batch's one buffer "ab " runs into "c", and " d" follows "c": each space
    # sits between two letters there, yet ends or starts its own text.
    assert _kernel_paragraphs(["ab ", "c", " d"]) == [(0, 0, "ab"), (1, 0, "c"), (2, 0, "d")]


def test_batches_of_every_short_length_split_as_the_polars_formulation():
    """The first and last bytes of a batch, and a batch shorter than three bytes or
    not a multiple of eight, are flagged outside the vector pass."""
    sample = "a b  c\n\nd e\u00a0f g"
    for length in range(len(sample) + 1):
        for texts in ([sample[:length]], [sample[:length], sample[length:]]):
            assert _kernel_paragraphs(texts) == _polars_paragraphs(texts), texts


def test_plain_bytes_are_those_that_neither_are_nor_start_white_space():
    """The vector pass compares bytes instead of looking them up: the comparisons
    must say what the list of white space lead bytes says."""
    from newsdyads.text.paragraphs import _WHITE_SPACE_LEADS, _is_plain

    plain = [byte for byte in range(256) if _is_plain(np.uint8(byte))]

    assert plain == [b for b in range(0x21, 256) if b not in _WHITE_SPACE_LEADS]


def test_white_space_lead_bytes_cover_every_non_ascii_white_space_character():
    from newsdyads.text.paragraphs import _WHITE_SPACE_LEADS

    leads = {
        chr(code).encode()[0]
        for code in range(0x80, 0x110000)
        if chr(code).isspace() and not 0xD800 <= code <= 0xDFFF
    }

    assert leads <= set(_WHITE_SPACE_LEADS)
