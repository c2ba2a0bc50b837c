"""A quantized fastText classifier (lid.176.ftz) read into the arrays a kernel walks.

fastText's own predictor builds a C++ string for every word and character n-gram
of every line and looks each n-gram up in a hash map; on news samples that was a
third of our workers' time. The model itself is small: a 16-dimension input matrix
stored as product-quantizer codes, a dense output matrix and a Huffman tree over the
176 labels (hierarchical softmax). Read once into NumPy arrays, the same prediction
is a compiled loop over a batch (``newsdyads.text.fasttext_predict``).

Only what supervised prediction needs is kept, each array holding exactly the values
fastText computes with, so the answers are its answers to the last bit: an input row
is stored as ``norm * centroid`` rounded to float32, the product fastText's
``ProductQuantizer::addcode`` adds; the n-gram buckets that quantization pruned map to
no row; the Huffman tree is rebuilt from the label counts by fastText's algorithm.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numba
import numpy as np
import numpy.typing as npt

FASTTEXT_MAGIC = 793712314
FASTTEXT_VERSION = 12
LABEL_PREFIX = b"__label__"
EOS = b"</s>"
"""fastText's end-of-line word: always word 0, it stands for the line's newline."""

_LOSS_HIERARCHICAL_SOFTMAX = 1
_MODEL_SUPERVISED = 3
_CENTROIDS = 256
_INFINITE_COUNT = 10**15
"""What fastText's buildTree gives a tree node before it is counted."""


@dataclass(frozen=True)
class FastTextModel:
    """What predicting a label needs, as arrays (see the module's docstring)."""

    input_rows: npt.NDArray[np.float32]
    """Row ``i`` of the input matrix, dequantized: word ``i`` below ``nwords``, n-gram
    bucket rows above it."""
    output_rows: npt.NDArray[np.float32]
    """One row per inner node of the tree, node ``labels + i`` is row ``i``."""
    tree_left: npt.NDArray[np.int32]
    tree_right: npt.NDArray[np.int32]
    """Children of each tree node (``-1`` for leaves, which are the labels)."""
    bucket_rows: npt.NDArray[np.int32]
    """Input row of each n-gram hash bucket, ``-1`` where quantization pruned it."""
    word_slots: npt.NDArray[np.int32]
    """Open-addressing table of the vocabulary by fastText's word hash (``-1`` free)."""
    word_bytes: npt.NDArray[np.uint8]
    word_offsets: npt.NDArray[np.int64]
    """The vocabulary (words, then labels) as UTF-8 bytes and offsets."""
    word_rows: npt.NDArray[np.int32]
    word_row_offsets: npt.NDArray[np.int64]
    """Input rows of each known word: itself, then its pruned n-grams."""
    nwords: int
    min_n: int
    max_n: int
    buckets: int
    labels: tuple[str, ...]
    """Label names without ``__label__``, in the tree's leaf order."""


class _Reader:
    """Little-endian fields of fastText's binary format, read in order."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def fields(self, layout: str) -> tuple[int | float | bool, ...]:
        values = struct.unpack_from("<" + layout, self.data, self.at)
        self.at += struct.calcsize("<" + layout)
        return values

    def array(self, dtype: str, count: int) -> npt.NDArray[np.generic]:
        values = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.at).copy()
        self.at += values.nbytes
        return values

    def word(self) -> bytes:
        end = self.data.index(b"\0", self.at)
        value = self.data[self.at : end]
        self.at = end + 1
        return value


def read_model(path: Path) -> FastTextModel:
    """Read a quantized supervised fastText model with hierarchical softmax (the
    format of lid.176.ftz); anything else is refused, as it would predict otherwise."""
    reader = _Reader(path.read_bytes())
    magic, version = reader.fields("ii")
    if (magic, version) != (FASTTEXT_MAGIC, FASTTEXT_VERSION):
        raise ValueError(f"{path} is not a fastText model of format {FASTTEXT_VERSION}")
    dim, _ws, _epoch, _min_count, _neg, word_ngrams, loss, model, buckets, min_n, max_n, _lr = (
        int(value) for value in reader.fields("12i")
    )
    reader.fields("d")  # sampling threshold: training only
    if (loss, model, word_ngrams) != (_LOSS_HIERARCHICAL_SOFTMAX, _MODEL_SUPERVISED, 1):
        raise ValueError(f"{path}: not a supervised hierarchical-softmax model")
    size, nwords, _labels = (int(value) for value in reader.fields("3i"))
    _tokens, pruned = (int(value) for value in reader.fields("2q"))
    words: list[bytes] = []
    counts: list[int] = []
    for _ in range(size):
        words.append(reader.word())
        count, _kind = reader.fields("qb")
        counts.append(int(count))
    if not words or words[0] != EOS:
        raise ValueError(f"{path}: the vocabulary does not start with {EOS!r}")
    kept = reader.array("<i4", 2 * pruned).reshape(-1, 2)
    bucket_rows = np.full(buckets, -1, dtype=np.int32)
    bucket_rows[kept[:, 0]] = nwords + kept[:, 1]
    input_rows = _read_quantized_input(reader, dim)
    (quantized_output,) = reader.fields("?")
    if quantized_output:
        raise ValueError(f"{path}: a quantized output matrix is not supported")
    rows, columns = (int(value) for value in reader.fields("2q"))
    output_rows = reader.array("<f4", rows * columns).reshape(rows, columns).astype(np.float32)
    if reader.at != len(reader.data):
        raise ValueError(f"{path}: {len(reader.data) - reader.at} bytes after the model")
    word_bytes = np.frombuffer(b"".join(words), dtype=np.uint8)
    word_offsets = np.zeros(size + 1, dtype=np.int64)
    word_offsets[1:] = np.cumsum([len(word) for word in words])
    word_slots = _word_table(word_bytes, word_offsets, 1 << max(4, (2 * size).bit_length()))
    word_rows, word_row_offsets = _word_rows(
        word_bytes, word_offsets, nwords, bucket_rows, min_n, max_n
    )
    left, right = huffman_tree(counts[nwords:])
    return FastTextModel(
        input_rows=input_rows,
        output_rows=output_rows,
        tree_left=left,
        tree_right=right,
        bucket_rows=bucket_rows,
        word_slots=word_slots,
        word_bytes=word_bytes,
        word_offsets=word_offsets,
        word_rows=word_rows,
        word_row_offsets=word_row_offsets,
        nwords=nwords,
        min_n=min_n,
        max_n=max_n,
        buckets=buckets,
        labels=tuple(word[len(LABEL_PREFIX) :].decode() for word in words[nwords:]),
    )


def _read_quantized_input(reader: _Reader, dim: int) -> npt.NDArray[np.float32]:
    """The input matrix (product-quantized, with quantized row norms), dequantized."""
    (quantized,) = reader.fields("?")
    (with_norms,) = reader.fields("?")
    if not (quantized and with_norms):
        raise ValueError("only product-quantized input matrices with norms are supported")
    rows, _columns = (int(value) for value in reader.fields("2q"))
    (code_count,) = reader.fields("i")
    codes = reader.array("u1", int(code_count))
    pq_dim, subquantizers, sub_dim, last_sub_dim = (int(value) for value in reader.fields("4i"))
    centroids = reader.array("<f4", pq_dim * _CENTROIDS)
    norm_codes = reader.array("u1", rows)
    norm_layout = tuple(int(value) for value in reader.fields("4i"))
    if pq_dim != dim or norm_layout != (1, 1, 1, 1):
        raise ValueError("unexpected product-quantizer layout")
    norm_centroids = reader.array("<f4", _CENTROIDS).astype(np.float32)
    codes = codes.reshape(rows, subquantizers)
    dequantized = np.empty((rows, dim), dtype=np.float32)
    for sub in range(subquantizers):
        width = last_sub_dim if sub == subquantizers - 1 else sub_dim
        start = sub * _CENTROIDS * sub_dim
        table = centroids[start : start + _CENTROIDS * width].reshape(_CENTROIDS, width)
        dequantized[:, sub * sub_dim : sub * sub_dim + width] = table[codes[:, sub]]
    norms = norm_centroids[norm_codes]
    # float32 * float32, rounded once: what addcode adds (alpha * c[n]).
    scaled: npt.NDArray[np.float32] = np.multiply(dequantized, norms[:, None], dtype=np.float32)
    return scaled


def huffman_tree(counts: list[int]) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """Left and right children of fastText's hierarchical-softmax tree over labels
    with these counts (its ``HierarchicalSoftmaxLoss::buildTree``); the root is the
    last node, leaves have no children."""
    labels = len(counts)
    node_count = [*counts, *([_INFINITE_COUNT] * (labels - 1))]
    left = np.full(2 * labels - 1, -1, dtype=np.int32)
    right = np.full(2 * labels - 1, -1, dtype=np.int32)
    leaf, node = labels - 1, labels
    for parent in range(labels, 2 * labels - 1):
        children = [0, 0]
        for side in range(2):
            if leaf >= 0 and node_count[leaf] < node_count[node]:
                children[side], leaf = leaf, leaf - 1
            else:
                children[side], node = node, node + 1
        left[parent], right[parent] = children
        node_count[parent] = node_count[children[0]] + node_count[children[1]]
    return left, right


@numba.njit(cache=True, nogil=True, inline="always")
def fnv_step(hash_value: np.int64, byte: np.uint8) -> np.int64:  # pragma: no cover - compiled
    """One byte of fastText's FNV-1a hash, which reads bytes as signed chars."""
    extended = np.int64(byte) | 0xFFFFFF00 if byte >= 128 else np.int64(byte)
    return ((hash_value ^ extended) * 16777619) & 0xFFFFFFFF


FNV_OFFSET = 2166136261


@numba.njit(cache=True, nogil=True, inline="always")
def _framed_byte(
    data: npt.NDArray[np.uint8], start: int, length: int, at: int
) -> np.uint8:  # pragma: no cover - compiled
    """Byte ``at`` of ``<word>``, the word framed as fastText frames it for n-grams."""
    if at == 0:
        return np.uint8(60)  # <
    if at == length + 1:
        return np.uint8(62)  # >
    return np.uint8(data[start + at - 1])


@numba.njit(cache=True, nogil=True)
def add_ngram_rows(  # pragma: no cover - compiled; tested through predict_labels
    data: npt.NDArray[np.uint8],
    start: int,
    length: int,
    bucket_rows: npt.NDArray[np.int32],
    min_n: int,
    max_n: int,
    out: npt.NDArray[np.int32],
    count: int,
) -> int:
    """Append to ``out`` the input rows of the character n-grams of the word
    ``data[start:start + length]`` (fastText's computeSubwords on ``<word>``, in its
    order; pruned buckets skipped); returns the new count."""
    framed = length + 2
    buckets = len(bucket_rows)
    for first in range(framed):
        if (_framed_byte(data, start, length, first) & 0xC0) == 0x80:
            continue  # not the start of a character
        hash_value = np.int64(FNV_OFFSET)
        at = first
        chars = 1
        while at < framed and chars <= max_n:
            hash_value = fnv_step(hash_value, _framed_byte(data, start, length, at))
            at += 1
            while at < framed and (_framed_byte(data, start, length, at) & 0xC0) == 0x80:
                hash_value = fnv_step(hash_value, _framed_byte(data, start, length, at))
                at += 1
            if chars >= min_n:
                row = bucket_rows[hash_value % buckets]
                if row >= 0:
                    out[count] = row
                    count += 1
            chars += 1
    return count


@numba.njit(cache=True, nogil=True)
def _word_table(  # pragma: no cover - compiled; tested through read_model
    word_bytes: npt.NDArray[np.uint8], word_offsets: npt.NDArray[np.int64], slots: int
) -> npt.NDArray[np.int32]:
    table = np.full(slots, -1, dtype=np.int32)
    mask = slots - 1
    for word in range(len(word_offsets) - 1):
        hash_value = np.int64(FNV_OFFSET)
        for at in range(word_offsets[word], word_offsets[word + 1]):
            hash_value = fnv_step(hash_value, word_bytes[at])
        slot = hash_value & mask
        while table[slot] != -1:
            slot = (slot + 1) & mask
        table[slot] = word
    return table


@numba.njit(cache=True, nogil=True)
def _word_rows(  # pragma: no cover - compiled; tested through predict_labels
    word_bytes: npt.NDArray[np.uint8],
    word_offsets: npt.NDArray[np.int64],
    nwords: int,
    bucket_rows: npt.NDArray[np.int32],
    min_n: int,
    max_n: int,
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64]]:
    """Each known word's rows (fastText's initNgrams): the word, then its n-grams
    (none for the end-of-line word)."""
    capacity = nwords + 3 * (int(word_offsets[nwords]) + 2 * nwords)
    rows = np.empty(capacity, dtype=np.int32)
    offsets = np.zeros(nwords + 1, dtype=np.int64)
    count = 0
    for word in range(nwords):
        rows[count] = word
        count += 1
        start = word_offsets[word]
        length = word_offsets[word + 1] - start
        if word != 0:  # the end-of-line word, word 0 (read_model checks)
            count = add_ngram_rows(
                word_bytes, start, length, bucket_rows, min_n, max_n, rows, count
            )
        offsets[word + 1] = count
    return rows[:count].copy(), offsets
