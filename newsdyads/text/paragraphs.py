"""Split a batch of texts into paragraphs in two compiled passes.

What the cleaner means by a paragraph: a blank line (a line break, white space, and
another line break) or an indented line (a line break followed by spaces or tabs, as
wire copy starts its paragraphs) ends one, and so does U+2029 PARAGRAPH SEPARATOR; a
single line break inside a paragraph is line wrapping, read as a space. Each paragraph
has its runs of spaces collapsed to one and its ends trimmed of white space, and empty
ones are left out. White space is Unicode's White_Space property, as in Rust's regex
``\\s`` and ``str::trim``.

Written with Polars, that was three regex replacements over every text, a split, an
explode, two more passes per paragraph and a filter: a third of cleaning. Here a
vectorized pass flags the few bytes that need a decision (line breaks, runs of spaces,
the lead bytes of non-ASCII white space: not the one space between two words), a
second reads their positions, the bytes between them are copied in bulk, and each run
of white space is taken as a whole: it breaks the paragraph, or stays inside it, or is
trimmed at one of its ends.
(One loop that branched on every byte was slower than the regular expressions: the
CPU cannot predict a branch at every space between two words.) The tests compare it
with the Polars formulation on generated texts.
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt

from newsdyads.text.buffers import Utf8Buffers
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


@numba.njit(cache=True, nogil=True, inline="always")
def _is_plain(byte: np.uint8) -> bool:  # pragma: no cover - compiled
    """Whether ``byte`` is neither white space nor may start it (``_WHITE_SPACE_LEADS``).

    Comparisons, not a table: a table lookup per byte keeps the loop from being
    vectorized."""
    return bool((byte > _SPACE) & (byte != 0xC2) & (byte != 0xE1) & (byte != 0xE2) & (byte != 0xE3))


@numba.njit(cache=True, nogil=True)
def _flag_decisions(  # pragma: no cover - compiled; tested through split_paragraphs
    before: npt.NDArray[np.uint8],
    byte: npt.NDArray[np.uint8],
    after: npt.NDArray[np.uint8],
    flags: npt.NDArray[np.bool_],
) -> None:
    """``flags[i]``: whether ``byte[i]`` needs a decision, given the bytes on either
    side of it (``before[i]``, ``after[i]``): every byte that may be white space or
    start it, except a space between two bytes that cannot (one space between two
    words, most of them). Three aligned views of the same bytes, so the loop has no
    branch and no neighbour to carry: the compiler makes it vector code (7.7 ms for
    35 MB, against 46 ms for one pass that carried them)."""
    for index in range(flags.shape[0]):
        plain_before = _is_plain(before[index])
        plain = _is_plain(byte[index])
        plain_after = _is_plain(after[index])
        between_words = (byte[index] == _SPACE) & plain_before & plain_after
        flags[index] = (not plain) & (not between_words)


@numba.njit(cache=True, nogil=True)
def _flagged_positions(  # pragma: no cover - compiled; tested through split_paragraphs
    flags: npt.NDArray[np.bool_], low: int
) -> npt.NDArray[np.int64]:
    """``low`` plus the index of every set flag, in order. ``flags`` holds a multiple
    of eight: read eight at a time, most of those words have none set."""
    words = flags.view(np.uint64)
    count = 0
    for word in words:
        if word != 0:  # one 0/1 per byte: their sum is in the low byte
            word = word + (word >> np.uint64(8))
            word = word + (word >> np.uint64(16))
            word = word + (word >> np.uint64(32))
            count += word & np.uint64(0xFF)
    points = np.empty(count, np.int64)
    found = 0
    for number in range(words.shape[0]):
        if words[number] != 0:
            first = number * 8
            for index in range(first, first + 8):
                points[found] = low + index
                found += flags[index]
    return points[:found]


def _decision_points(data: npt.NDArray[np.uint8], low: int, high: int) -> npt.NDArray[np.int64]:
    """Positions in ``data[low:high]`` of the bytes the kernel must look at, in order
    (``_flag_decisions``); bytes outside the range count as white space."""
    length = high - low
    flags = np.zeros((length + 7) // 8 * 8, np.bool_)
    if length >= 3:
        _flag_decisions(
            data[low : high - 2],
            data[low + 1 : high - 1],
            data[low + 2 : high],
            flags[1 : length - 1],
        )
    # The first and last bytes have a neighbour outside the range: a zero byte there,
    # which is white space to the same kernel.
    outside = np.zeros(1, np.uint8)

    def one_byte(index: int) -> npt.NDArray[np.uint8]:
        return data[low + index : low + index + 1] if 0 <= index < length else outside

    for index in {0, length - 1} if length else set():
        _flag_decisions(
            one_byte(index - 1), one_byte(index), one_byte(index + 1), flags[index : index + 1]
        )
    return _flagged_positions(flags, low)


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
        _decision_points(texts.data, int(texts.offsets[0]), int(texts.offsets[-1])),
    )
    return text_of, position_of, Utf8Buffers(data, offsets)
