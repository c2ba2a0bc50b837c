"""A Polars string column as the two Arrow buffers compiled kernels walk.

Kernels (numba) cannot take Python strings without a per-article conversion; the
column's UTF-8 bytes and its offsets are two NumPy arrays over Arrow's memory instead,
so a batch is handed over in one step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl
import pyarrow as pa


@dataclass(frozen=True)
class Utf8Buffers:
    """``data[offsets[i]:offsets[i + 1]]`` is value ``i`` (empty when null)."""

    data: npt.NDArray[np.uint8]
    offsets: npt.NDArray[np.int64]


def utf8_buffers(texts: pl.Series) -> Utf8Buffers:
    """The UTF-8 bytes and offsets of ``texts`` (nulls read as empty strings)."""
    array = texts.fill_null("").cast(pl.String).to_arrow()
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    array = array.cast(pa.large_string())
    _, offsets_buffer, data_buffer = array.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[
        array.offset : array.offset + len(array) + 1
    ]
    if data_buffer is None:  # every value empty
        return Utf8Buffers(np.zeros(0, dtype=np.uint8), np.zeros(len(array) + 1, np.int64))
    return Utf8Buffers(np.frombuffer(data_buffer, dtype=np.uint8), offsets)


def string_series(name: str, buffers: Utf8Buffers) -> pl.Series:
    """A Polars string column over ``buffers`` (what a kernel wrote), no nulls."""
    offsets = buffers.offsets - buffers.offsets[0]
    array = pa.LargeStringArray.from_buffers(
        len(offsets) - 1,
        pa.py_buffer(np.ascontiguousarray(offsets)),
        pa.py_buffer(buffers.data[buffers.offsets[0] : buffers.offsets[-1]]),
    )
    return pl.Series(name, array)
