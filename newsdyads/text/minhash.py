"""MinHash band keys of many texts in one compiled pass (see tasks.enrich.stories).

One loop per text reads its UTF-8 bytes, cuts the first words (letters and numbers,
lowercased), hashes them, hashes overlapping shingles of words, keeps the smallest
value per bin (one-permutation hashing) and folds each band's bins into one key. In
Polars the same work took list expressions and several group-bys per batch, about ten
times slower; here it is integer arithmetic on arrays.
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt

from newsdyads.text.buffers import Utf8Buffers
from newsdyads.text.mixing import FNV_OFFSET, FNV_PRIME, mix
from newsdyads.text.unicode_tables import TABLE_SIZE, lowercase_table, word_char_table
from newsdyads.text.utf8 import decode

_EMPTY = np.uint64(0xFFFFFFFFFFFFFFFF)


@numba.njit(cache=True, nogil=True)
def _band_keys(  # pragma: no cover - compiled; tested through story_band_keys
    data: npt.NDArray[np.uint8],
    offsets: npt.NDArray[np.int64],
    is_word: npt.NDArray[np.uint8],
    lower: npt.NDArray[np.int32],
    words_limit: int,
    min_words: int,
    shingle: int,
    bands: int,
    rows: int,
    constants: npt.NDArray[np.uint64],
    seed: np.uint64,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int8], npt.NDArray[np.uint64]]:
    texts = offsets.shape[0] - 1
    out_rows = np.empty(texts * (bands + 1), np.int64)
    out_bands = np.empty(texts * (bands + 1), np.int8)
    out_keys = np.empty(texts * (bands + 1), np.uint64)
    found = 0
    words = np.empty(words_limit, np.uint64)
    bins = bands * rows
    bins_u = np.uint64(bins)
    minima = np.empty(bins, np.uint64)
    for text in range(texts):
        position = offsets[text]
        end = offsets[text + 1]
        count = 0
        current = FNV_OFFSET
        in_word = False
        while position < end and count < words_limit:
            code, width = decode(data, position)
            position += width
            if code < TABLE_SIZE and is_word[code]:
                current = (current ^ np.uint64(lower[code])) * FNV_PRIME
                in_word = True
            elif in_word:
                words[count] = mix(current)
                count += 1
                current = FNV_OFFSET
                in_word = False
        if in_word and count < words_limit:
            words[count] = mix(current)
            count += 1
        if count < min_words:
            continue
        exact = seed
        for number in range(count):
            exact = mix(exact * constants[0] + words[number])
        out_rows[found] = text
        out_bands[found] = -1
        out_keys[found] = exact
        found += 1
        minima[:] = _EMPTY
        for start in range(count - shingle + 1):
            value = np.uint64(0)
            for place in range(shingle):
                value += words[start + place] * constants[place]
            value = mix(value ^ seed)
            slot = value % bins_u
            value = value // bins_u
            if value < minima[slot]:
                minima[slot] = value
        for band in range(bands):
            key = np.uint64(0)
            filled = np.uint64(0)
            for row in range(rows):
                value = minima[band * rows + row]
                if value != _EMPTY:
                    key += value * constants[row]
                    filled |= np.uint64(1) << np.uint64(row)
            if filled:
                out_rows[found] = text
                out_bands[found] = band
                out_keys[found] = mix((key + filled * constants[rows]) ^ seed)
                found += 1
    return out_rows[:found], out_bands[:found], out_keys[:found]


def band_keys(
    texts: Utf8Buffers,
    words: int,
    min_words: int,
    shingle: int,
    bands: int,
    rows: int,
    constants: tuple[int, ...],
    seed: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int8], npt.NDArray[np.uint64]]:
    """For each text with at least ``min_words`` words: its exact key (band -1, the
    hash of its first ``words`` words) and a key for each of ``bands`` bands of
    ``rows`` bins that holds a value. Returns three aligned arrays: the text's number,
    the band and the key. ``constants`` needs ``max(shingle, rows + 1)`` odd numbers.
    """
    if len(constants) < max(shingle, rows + 1):
        raise ValueError("need a constant per shingle word and per band row, plus one")
    return _band_keys(
        texts.data,
        texts.offsets,
        word_char_table(),
        lowercase_table(),
        words,
        min_words,
        shingle,
        bands,
        rows,
        np.array(constants, dtype=np.uint64),
        np.uint64(seed),
    )
