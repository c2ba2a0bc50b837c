"""Join runs of strings into one string per run, in one compiled pass.

The cleaner joins each article's kept paragraphs back into its body. Polars' list
aggregation with ``str.join`` built a list per article before copying every byte;
this copies each kept paragraph once into the bodies' buffer.
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt

from newsdyads.text.buffers import Utf8Buffers


@numba.njit(cache=True, nogil=True)
def _join_runs(  # pragma: no cover - compiled; tested through join_runs
    data: npt.NDArray[np.uint8],
    offsets: npt.NDArray[np.int64],
    groups: npt.NDArray[np.int64],
    keep: npt.NDArray[np.bool_],
    separator: npt.NDArray[np.uint8],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    values = groups.shape[0]
    runs = 0
    for value in range(values):
        if value == 0 or groups[value] != groups[value - 1]:
            runs += 1
    run_groups = np.empty(runs, np.int64)
    out = np.empty(offsets[values] - offsets[0] + values * separator.shape[0], np.uint8)
    out_offsets = np.zeros(runs + 1, np.int64)
    run = -1
    written = 0
    first_in_run = True
    for value in range(values):
        if value == 0 or groups[value] != groups[value - 1]:
            run += 1
            run_groups[run] = groups[value]
            out_offsets[run] = written
            first_in_run = True
        if keep[value]:
            if not first_in_run:
                out[written : written + separator.shape[0]] = separator
                written += separator.shape[0]
            start = offsets[value]
            length = offsets[value + 1] - start
            out[written : written + length] = data[start : start + length]
            written += length
            first_in_run = False
    out_offsets[runs] = written
    return run_groups, out[:written], out_offsets


def join_runs(
    values: Utf8Buffers,
    groups: npt.NDArray[np.int64],
    keep: npt.NDArray[np.bool_],
    separator: str,
) -> tuple[npt.NDArray[np.int64], Utf8Buffers]:
    """For each run of equal ``groups`` (consecutive values of one group), its group
    and the ``keep`` values of the run joined by ``separator`` (empty when none is
    kept), in order."""
    encoded = np.frombuffer(separator.encode("utf-8"), dtype=np.uint8)
    run_groups, data, offsets = _join_runs(
        values.data, values.offsets, groups.astype(np.int64), keep.astype(np.bool_), encoded
    )
    return run_groups, Utf8Buffers(data, offsets)
