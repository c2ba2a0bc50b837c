"""Split a batch of texts into paragraphs in two compiled passes.

What the cleaner means by a paragraph: a blank line (a line break, white space, and
another line break) or an indented line (a line break followed by spaces or tabs, as
wire copy starts its paragraphs) ends one, and so does U+2029 PARAGRAPH SEPARATOR; a
single line break inside a paragraph is line wrapping, read as a space. Each paragraph
has its runs of spaces collapsed to one and its ends trimmed of white space, and empty
ones are left out. White space is Unicode's White_Space property, as in Rust's regex
``\\s`` and ``str::trim``.

Written with Polars, that was three regex replacements over every text, a split, an
explode, two more passes per paragraph and a filter: a third of cleaning. Here one
branch-free pass finds the few bytes that need a decision (line breaks, runs of spaces,
the lead bytes of non-ASCII white space: not the one space between two words), the
bytes between them are copied in bulk, and each run of white space is taken as a
whole: it breaks the paragraph, or stays inside it, or is trimmed at one of its ends.
(One loop that branched on every byte was slower than the regular expressions: the
CPU cannot predict a branch at every space between two words.) The tests compare it
with the Polars formulation on generated texts.
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt

from newsdyads.text.buffers import Utf8Buffers
from newsdyads.text.growth import CHUNK, with_room
from newsdyads.text.utf8 import decode

_LF = 0x0A
_SPACE = 0x20
_TAB = 0x09
_PARAGRAPH_SEPARATOR = 0x2029


@numba.njit(cache=True, nogil=True, inline="always")
def _is_white_space(code: np.int64) -> bool:  # pragma: no cover - compiled
    """Unicode's White_Space property."""
    if code <= 0x20:
        return bool(code == 0x20 or 0x09 <= code <= 0x0D)
    if code < 0x85:
        return False
    return bool(
        code == 0x85
        or code == 0xA0
        or code == 0x1680
        or 0x2000 <= code <= 0x200A
        or code == 0x2028
        or code == 0x2029
        or code == 0x202F
        or code == 0x205F
        or code == 0x3000
    )


_WHITE_SPACE_LEADS = (0xC2, 0xE1, 0xE2, 0xE3)
"""First bytes of the UTF-8 of every non-ASCII white space character (U+0085, U+00A0,
U+1680, U+2000-U+205F, U+3000)."""


def _plain_bytes() -> npt.NDArray[np.uint8]:
    """1 for each byte that is neither white space nor may start it, else 0."""
    plain = np.zeros(256, np.uint8)
    plain[_SPACE + 1 :] = 1
    plain[list(_WHITE_SPACE_LEADS)] = 0
    return plain


_PLAIN = _plain_bytes()


@numba.njit(cache=True, nogil=True)
def _decision_points(  # pragma: no cover - compiled; tested through split_paragraphs
    data: npt.NDArray[np.uint8], low: int, high: int, plain: npt.NDArray[np.uint8]
) -> npt.NDArray[np.int64]:
    """Positions in ``data[low:high]`` of the bytes the kernel must look at, in order:
    every byte that may be white space or start it, except a space between two bytes
    that cannot (one space between two words, most of them).

    One pass without branches (each position is stored, and the count moves on only
    for a decision point), in chunks that make room for the next one first; each
    byte is looked up once, its neighbours' answers carried along.
    """
    points = np.empty(max(16, (high - low) // 8), np.int64)
    found = 0
    if high <= low:
        return points[:0]
    before = np.uint8(0)
    byte = data[low]
    current = plain[byte]
    chunk_start = low
    while chunk_start < high:
        chunk_end = min(high, chunk_start + CHUNK)
        points = with_room(points, found, chunk_end - chunk_start)
        for position in range(chunk_start, chunk_end):
            following = data[position + 1] if position + 1 < high else np.uint8(0)
            after = plain[following]
            between_words = np.uint8(byte == _SPACE) & before & after
            points[found] = position
            found += (current ^ np.uint8(1)) & (between_words ^ np.uint8(1))
            before = current
            current = after
            byte = following
        chunk_start = chunk_end
    return points[:found]


@numba.njit(cache=True, nogil=True)
def _split_paragraphs(  # pragma: no cover - compiled; tested through split_paragraphs
    data: npt.NDArray[np.uint8],
    offsets: npt.NDArray[np.int64],
    points: npt.NDArray[np.int64],
) -> tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.uint8], npt.NDArray[np.int64]
]:
    texts = offsets.shape[0] - 1
    out = np.empty(offsets[texts] - offsets[0], np.uint8)
    # Every paragraph but a text's last ends at a line break or a U+2029 (its UTF-8
    # starts with 0xE2), both decision points: counting them bounds the paragraphs.
    most = texts
    for point in points:
        most += data[point] == _LF or data[point] == 0xE2
    text_of = np.empty(most, np.int64)
    position_of = np.empty(most, np.int64)
    out_offsets = np.zeros(most + 1, np.int64)
    paragraphs = 0
    written = 0
    next_point = 0
    for text in range(texts):
        position = offsets[text]
        end = offsets[text + 1]
        paragraph_start = written
        number = 0
        while position < end:
            while next_point < points.shape[0] and points[next_point] < position:
                next_point += 1
            stop = end
            if next_point < points.shape[0] and points[next_point] < end:
                stop = points[next_point]
            elif data[end - 1] == _SPACE:
                # A space that ends a text is trimmed, whatever the next text holds
                # (it may have looked like a space between words).
                stop = end - 1
            if position == offsets[text] and data[position] == _SPACE:
                stop = position  # and so is one that starts it
            if stop > position:  # bytes that are neither white space nor next to it
                out[written : written + stop - position] = data[position:stop]
                written += stop - position
                position = stop
                continue
            code, width = decode(data, position)
            if not _is_white_space(code):
                for index in range(width):
                    out[written + index] = data[position + index]
                written += width
                position += width
                continue
            # A run of white space: a break, or kept inside the paragraph (line breaks
            # as spaces, runs of spaces as one), or trimmed at either end of it.
            run_end = position
            line_breaks = 0
            is_break = False
            while run_end < end:
                code, width = decode(data, run_end)
                if not _is_white_space(code):
                    break
                if code == _LF:
                    line_breaks += 1
                    following = data[run_end + 1] if run_end + 1 < end else 0
                    if line_breaks == 2 or following == _SPACE or following == _TAB:  # noqa: SIM109 - numba
                        is_break = True
                elif code == _PARAGRAPH_SEPARATOR:
                    is_break = True
                run_end += width
            if is_break:
                if written > paragraph_start:
                    text_of[paragraphs] = text
                    position_of[paragraphs] = number
                    number += 1
                    paragraphs += 1
                    out_offsets[paragraphs] = written
                    paragraph_start = written
            elif written > paragraph_start and run_end < end:
                for index in range(position, run_end):
                    byte = _SPACE if data[index] == _LF else data[index]
                    if byte == _SPACE and out[written - 1] == _SPACE:
                        continue
                    out[written] = byte
                    written += 1
            position = run_end
        if written > paragraph_start:
            text_of[paragraphs] = text
            position_of[paragraphs] = number
            paragraphs += 1
            out_offsets[paragraphs] = written
    return (
        text_of[:paragraphs],
        position_of[:paragraphs],
        out[:written],
        out_offsets[: paragraphs + 1],
    )


def split_paragraphs(
    texts: Utf8Buffers,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], Utf8Buffers]:
    """The paragraphs of every text, in order: the text each comes from (its index),
    its position among that text's paragraphs (from 0), and their bytes."""
    text_of, position_of, data, offsets = _split_paragraphs(
        texts.data,
        texts.offsets,
        _decision_points(texts.data, int(texts.offsets[0]), int(texts.offsets[-1]), _PLAIN),
    )
    return text_of, position_of, Utf8Buffers(data, offsets)
