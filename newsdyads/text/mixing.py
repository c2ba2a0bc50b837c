"""The 64-bit hashing the kernels share: FNV-1a over code points, SplitMix64 to finish.

Not for storage across versions on its own (story band keys, which are stored, fix
their own seeds and constants on top of it).
"""

from __future__ import annotations

import numba
import numpy as np

FNV_OFFSET = np.uint64(0xCBF29CE484222325)
FNV_PRIME = np.uint64(0x100000001B3)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)


@numba.njit(cache=True, nogil=True, inline="always")
def mix(value: np.uint64) -> np.uint64:  # pragma: no cover - compiled
    """SplitMix64's finalizer: every input bit moves every output bit."""
    value = (value ^ (value >> _S30)) * _M1
    value = (value ^ (value >> _S27)) * _M2
    return value ^ (value >> _S31)
