"""fastText's most likely label for each text of a batch, in one compiled pass.

The same computation as fastText's ``predict`` with ``k=1`` (``FastText::predictLine``
on the text and a newline), step by step and in the same float32 operations: the
text is split at ASCII white space; a known word adds its rows, an unknown one the
rows of its character n-grams; the end of the line adds word 0; the rows' sum is
scaled by one over their number; the hierarchical-softmax tree is searched depth
first, left child first, pruning branches below the threshold or below the best leaf
so far. Tests compare labels and probabilities with fastText's on real and random
texts; on 80,000 benchmark samples at three lengths and three thresholds every label
and every probability was equal, in a fourth to a fifth of fastText's time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np
import numpy.typing as npt

from newsdyads.text.buffers import Utf8Buffers
from newsdyads.text.fasttext_model import FNV_OFFSET, FastTextModel, add_ngram_rows, fnv_step

WHOLE_TEXT = -1
"""``max_chars`` that reads each text to its end."""


@dataclass(frozen=True)
class Predictions:
    """Per text: the label's index in ``FastTextModel.labels`` (``-1``: none reached the
    threshold) and its log-probability as fastText scores it (its probability is
    ``expf`` of it)."""

    labels: npt.NDArray[np.int32]
    log_probabilities: npt.NDArray[np.float32]


def predict_labels(
    model: FastTextModel,
    texts: Utf8Buffers,
    rows: npt.NDArray[np.uint32],
    max_chars: int,
    threshold: float,
) -> Predictions:
    """The most likely label of texts ``rows`` (their first ``max_chars`` characters,
    or all with ``WHOLE_TEXT``) if its probability is at least ``threshold``."""
    labels, scores = _predict(
        texts.data,
        texts.offsets,
        np.ascontiguousarray(rows, dtype=np.uint32),
        max_chars,
        np.float32(threshold),
        model.input_rows,
        model.output_rows,
        model.tree_left,
        model.tree_right,
        model.bucket_rows,
        model.word_slots,
        model.word_bytes,
        model.word_offsets,
        model.word_rows,
        model.word_row_offsets,
        model.nwords,
        model.min_n,
        model.max_n,
    )
    return Predictions(labels, scores)


@numba.njit(cache=True, nogil=True, inline="always")
def _is_separator(byte: np.uint8) -> bool:  # pragma: no cover - compiled
    """fastText's word separators (its readWord): space, \\n, \\r, \\t, \\v, \\f, \\0."""
    return bool(byte == 32 or (9 <= byte <= 13) or byte == 0)


@numba.njit(cache=True, nogil=True, inline="always")
def _cut(
    data: npt.NDArray[np.uint8], begin: int, end: int, max_chars: int
) -> int:  # pragma: no cover - compiled
    """The end of the first ``max_chars`` characters of ``data[begin:end]``."""
    if max_chars < 0:
        return end
    chars = 0
    at = begin
    while at < end:
        if (data[at] & 0xC0) != 0x80:
            if chars == max_chars:
                return at
            chars += 1
        at += 1
    return end


@numba.njit(cache=True, nogil=True, inline="always")
def _is_label(data: npt.NDArray[np.uint8], start: int, length: int) -> bool:  # pragma: no cover
    """Whether the word starts with ``__label__`` (fastText never reads those as words)."""
    if length < 9:
        return False
    prefix = (95, 95, 108, 97, 98, 101, 108, 95, 95)
    for at in range(9):  # noqa: SIM110 - numba compiles no generator expressions
        if data[start + at] != prefix[at]:
            return False
    return True


@numba.njit(cache=True, nogil=True)
def _word_id(  # pragma: no cover - compiled
    data: npt.NDArray[np.uint8],
    start: int,
    length: int,
    word_slots: npt.NDArray[np.int32],
    word_bytes: npt.NDArray[np.uint8],
    word_offsets: npt.NDArray[np.int64],
) -> int:
    """The vocabulary index of ``data[start:start + length]``, or -1."""
    hash_value = np.int64(FNV_OFFSET)
    for at in range(start, start + length):
        hash_value = fnv_step(hash_value, data[at])
    mask = len(word_slots) - 1
    slot = hash_value & mask
    while word_slots[slot] != -1:
        word = word_slots[slot]
        known = word_offsets[word]
        if word_offsets[word + 1] - known == length:
            same = True
            for at in range(length):
                if word_bytes[known + at] != data[start + at]:
                    same = False
                    break
            if same:
                return int(word)
        slot = (slot + 1) & mask
    return -1


@numba.njit(cache=True, nogil=True, inline="always")
def _add_row(
    hidden: npt.NDArray[np.float32], input_rows: npt.NDArray[np.float32], row: int
) -> None:  # pragma: no cover - compiled
    """Add an input row to the hidden vector, in float32 (Vector::addRow)."""
    for d in range(hidden.shape[0]):
        hidden[d] += input_rows[row, d]


@numba.njit(cache=True, nogil=True)
def _predict(  # pragma: no cover - compiled; tested through predict_labels
    data: npt.NDArray[np.uint8],
    offsets: npt.NDArray[np.int64],
    rows: npt.NDArray[np.uint32],
    max_chars: int,
    threshold: np.float32,
    input_rows: npt.NDArray[np.float32],
    output_rows: npt.NDArray[np.float32],
    tree_left: npt.NDArray[np.int32],
    tree_right: npt.NDArray[np.int32],
    bucket_rows: npt.NDArray[np.int32],
    word_slots: npt.NDArray[np.int32],
    word_bytes: npt.NDArray[np.uint8],
    word_offsets: npt.NDArray[np.int64],
    word_rows: npt.NDArray[np.int32],
    word_row_offsets: npt.NDArray[np.int64],
    nwords: int,
    min_n: int,
    max_n: int,
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]:
    dim = input_rows.shape[1]
    nodes = len(tree_left)
    leaves = (nodes + 1) // 2
    labels = np.full(len(rows), -1, dtype=np.int32)
    scores = np.zeros(len(rows), dtype=np.float32)
    hidden = np.zeros(dim, dtype=np.float32)
    ngram_rows = np.empty(64, dtype=np.int32)
    stack_node = np.empty(nodes, dtype=np.int32)
    stack_score = np.empty(nodes, dtype=np.float32)
    # fastText's std_log: log(x + 1e-5) in double, kept as float32.
    log_threshold = np.float32(np.log(np.float64(threshold) + 1e-5))
    for out in range(len(rows)):
        text = rows[out]
        at = offsets[text]
        end = _cut(data, at, offsets[text + 1], max_chars)
        hidden[:] = 0
        count = 0
        line_ended = False
        while not line_ended:
            while at < end and _is_separator(data[at]) and data[at] != 10:
                at += 1
            if at >= end or data[at] == 10:
                break  # the newline: the line's end-of-line word follows
            start = at
            while at < end and not _is_separator(data[at]):
                at += 1
            length = at - start
            if _is_label(data, start, length):
                continue
            word = _word_id(data, start, length, word_slots, word_bytes, word_offsets)
            if word >= nwords:
                continue  # a label's name
            if word >= 0:
                for item in range(word_row_offsets[word], word_row_offsets[word + 1]):
                    _add_row(hidden, input_rows, word_rows[item])
                count += word_row_offsets[word + 1] - word_row_offsets[word]
                line_ended = word == 0  # "</s>" in the text ends fastText's line
                continue
            if 3 * (length + 2) > len(ngram_rows):
                ngram_rows = np.empty(2 * 3 * (length + 2), dtype=np.int32)
            found = add_ngram_rows(data, start, length, bucket_rows, min_n, max_n, ngram_rows, 0)
            for item in range(found):
                _add_row(hidden, input_rows, ngram_rows[item])
            count += found
        if not line_ended:
            _add_row(hidden, input_rows, 0)  # the end-of-line word
            count += 1
        scale = np.float32(1.0 / count)
        for d in range(dim):
            hidden[d] = hidden[d] * scale
        best = np.float32(0.0)
        found_label = -1
        stack_node[0] = nodes - 1
        stack_score[0] = np.float32(0.0)
        top = 1
        while top > 0:
            top -= 1
            node = stack_node[top]
            score = stack_score[top]
            if score < log_threshold or (found_label >= 0 and score < best):
                continue
            if tree_left[node] == -1 and tree_right[node] == -1:
                best = score  # a leaf as good as the best replaces it, as in fastText
                found_label = node
                continue
            dot = np.float32(0.0)
            for d in range(dim):
                dot += output_rows[node - leaves, d] * hidden[d]
            sigmoid = np.float32(1.0 / np.float64(np.float32(1.0) + np.exp(-dot)))
            right_score = score + np.float32(np.log(np.float64(sigmoid) + 1e-5))
            left_score = score + np.float32(
                np.log(np.float64(np.float32(1.0 - np.float64(sigmoid))) + 1e-5)
            )
            # The right child is pushed first so that the left one is searched first.
            stack_node[top] = tree_right[node]
            stack_score[top] = right_score
            stack_node[top + 1] = tree_left[node]
            stack_score[top + 1] = left_score
            top += 2
        labels[out] = found_label
        scores[out] = best
    return labels, scores
