"""The bulk-built code-point tables equal their definitions, one code point at a time."""

from __future__ import annotations

import unicodedata

import numpy as np

from newsdyads.text.unicode_tables import (
    TABLE_SIZE,
    code_ranges,
    letter_number_mark_high,
    letter_number_mark_table,
    lowercase_table,
    word_char_table,
)


def _category_table(initials: str) -> np.ndarray:
    return np.array(
        [unicodedata.category(chr(code))[0] in initials for code in range(TABLE_SIZE)],
        dtype=np.uint8,
    )


def test_word_char_table_marks_exactly_the_letters_and_numbers():
    assert np.array_equal(word_char_table(), _category_table("LN"))


def test_letter_number_mark_table_marks_exactly_letters_numbers_and_marks():
    assert np.array_equal(letter_number_mark_table(), _category_table("LNM"))


def test_lowercase_table_is_str_lower_where_that_gives_one_character():
    expected = np.arange(TABLE_SIZE, dtype=np.int32)
    for code in range(TABLE_SIZE):
        lowered = chr(code).lower()
        if len(lowered) == 1:
            expected[code] = ord(lowered)
    table = lowercase_table()
    assert table.dtype == np.int32
    assert np.array_equal(table, expected)


def test_lowercase_table_keeps_surrogates_and_multi_character_lowercases():
    table = lowercase_table()
    assert table[0xD800] == 0xD800
    assert table[ord("İ")] == ord("İ")  # "i̇": two characters
    assert table[ord("Ä")] == ord("ä")


def test_high_ranges_hold_exactly_the_letters_numbers_and_marks_past_the_table():
    expected = code_ranges(
        code
        for block in (range(0x30000, 0x32400), range(0xE0000, 0xE1000))
        for code in block
        if unicodedata.category(chr(code))[0] in "LNM"
    )
    assert np.array_equal(letter_number_mark_high(), expected)
