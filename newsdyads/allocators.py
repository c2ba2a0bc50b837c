"""How the allocators of the processes that process file groups keep freed memory.

A batch builds and drops the same few hundred megabytes again and again; memory handed
back to the system between batches comes back as fresh pages, which the kernel zeroes
on first touch. Local Dask workers are spawned with these settings in their environment
(``newsdyads.runners``); the command's own process, whose threads process a big
inbox's groups by default, sets them for itself before Polars is imported
(``keep_freed_memory``).
"""

from __future__ import annotations

import ctypes
import os

WORKER_ALLOCATOR_ENVIRONMENT = {
    # glibc: allocations below 1 GiB come from the heap (not one mmap each, returned
    # at free), and the heap keeps up to 4 GiB of freed memory at its top. Dask's
    # nannies set MALLOC_TRIM_THRESHOLD_=65536 instead, which suits long-lived workers
    # holding data between tasks, not ours, which build and drop the same few hundred
    # megabytes for every batch.
    "MALLOC_MMAP_THRESHOLD_": str(1 << 30),
    "MALLOC_TRIM_THRESHOLD_": str(1 << 32),
}
"""How a local worker's allocators keep the memory a batch freed for the next one
(``worker_pre_spawn_environment``).

Returned memory comes back as fresh pages, which the kernel zeroes on first touch:
on a 2-core laptop that was a fifth of each worker's CPU time (15.6 of 71 s in a
million-article run), and six groups in one process with Dask's settings took 1.55 s
of system time against 0.19 s with these (minor page faults 674,000 -> 17,500), for
~100 MB more peak RSS a worker. In a million-article run on 2 workers, the workers'
page faults went from 12.8M to 7.9M and the process stage took ~2 s less.
"""

WORKER_JEMALLOC_CONF = "dirty_decay_ms:60000,muzzy_decay_ms:60000"
"""Polars' jemalloc in a local worker keeps freed pages a minute before returning them.

Polars itself asks for half a second (``polars/__init__.py``), shorter than the gap
between two batches: each batch faulted its frames' pages in again. Six batches in
one process took 1,190-1,210 ms each with Polars' setting and no glibc settings (101k
page faults, 237 ms of it in the kernel), 1,096 ms with this alone (40k faults) and
1,026-1,083 ms with this and the glibc settings (4-5k faults, 46-49 ms in the kernel),
for ~180 MB more peak RSS.
"""


def worker_jemalloc_conf(current: str | None) -> str:
    """``_RJEM_MALLOC_CONF`` for local workers, given the one in our environment.

    jemalloc takes the last value of an option, and Polars puts its defaults before
    the environment's value when it is imported: ours go last. Idempotent, as one
    process may start several runs (``flows.scheduled``).
    """
    if not current:
        return WORKER_JEMALLOC_CONF
    if current.endswith(WORKER_JEMALLOC_CONF):
        return current
    return f"{current},{WORKER_JEMALLOC_CONF}"


_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_GLIBC_MAX_INT = 2**31 - 1
"""mallopt takes an int: the trim threshold is 2 GiB, not the workers' 4 GiB."""


def keep_freed_memory() -> bool:
    """Give this process the allocator settings of a local worker: Polars' jemalloc
    keeps freed pages a minute (``WORKER_JEMALLOC_CONF``, read when Polars is
    imported: call this before), and glibc's malloc keeps what it frees (``mallopt``:
    blocks below 1 GiB from the heap, whose top is trimmed only beyond 2 GiB), as the
    environment variables a worker is spawned with do. Returns whether glibc took its
    settings (False on another C library).

    Two threads of one process processing a million articles' groups took 77.8 s
    without these and 65.0 s with them (cleaning alone: 53.1 worker-seconds, 36.6),
    the jemalloc setting alone 66.5 s; the process tree's peak RSS stayed at 3.5 GB.
    """
    os.environ["_RJEM_MALLOC_CONF"] = worker_jemalloc_conf(os.environ.get("_RJEM_MALLOC_CONF"))
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc: its own defaults stay
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    mmap_set = mallopt(
        _M_MMAP_THRESHOLD, int(WORKER_ALLOCATOR_ENVIRONMENT["MALLOC_MMAP_THRESHOLD_"])
    )
    trim_set = mallopt(_M_TRIM_THRESHOLD, _GLIBC_MAX_INT)
    return bool(mmap_set and trim_set)


def return_freed_memory() -> bool:
    """Hand what glibc's malloc keeps of the memory freed so far back to the system
    (``malloc_trim``), when this process turns from processing batches to publishing.

    ``keep_freed_memory`` has the heap keep what the batches freed, for the next batch;
    publishing needs none of it (DuckDB has its own allocator and buffer pool), so it
    only added to the run's peak: 172 MB of a 300,000-article run's process handed
    back in 62 ms. Returns whether glibc did it (False on another C library).
    """
    try:
        malloc_trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return False
    malloc_trim.argtypes = [ctypes.c_size_t]
    malloc_trim.restype = ctypes.c_int
    malloc_trim(0)
    return True


__all__ = [
    "WORKER_ALLOCATOR_ENVIRONMENT",
    "WORKER_JEMALLOC_CONF",
    "keep_freed_memory",
    "return_freed_memory",
    "worker_jemalloc_conf",
]
