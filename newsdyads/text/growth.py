"""Growing the position arrays compiled kernels fill without knowing their size first.

A kernel that stores every position and counts only the ones it keeps (no branch per
byte) needs room for a whole stretch of positions before it walks it; these helpers
give it that room by doubling, so the arrays stay the size of what is kept.
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt

CHUNK = 1 << 16
"""Positions a branch-free pass walks between two checks for room."""


@numba.njit(cache=True, nogil=True)
def grown(  # pragma: no cover - compiled
    array: npt.NDArray[np.int64], capacity: int
) -> npt.NDArray[np.int64]:
    """``array`` copied into a new one of ``capacity`` elements."""
    bigger = np.empty(capacity, np.int64)
    bigger[: array.shape[0]] = array
    return bigger


@numba.njit(cache=True, nogil=True)
def with_room(  # pragma: no cover - compiled
    array: npt.NDArray[np.int64], used: int, needed: int
) -> npt.NDArray[np.int64]:
    """``array`` (its first ``used`` elements filled), or a copy at least twice its
    size, so that ``needed`` more fit."""
    if array.shape[0] - used >= needed:
        return array
    return grown(array, max(array.shape[0] * 2, used + needed))
