"""One writer per warehouse: an exclusive advisory lock on warehouse/.writer.lock.

The operating system releases the lock when the process ends, however it ends (even
SIGKILL), so a crashed run never blocks the next one. Readers take no lock: they read
the last published Parquet and the last committed DuckDB state.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

LOCK_NAME = ".writer.lock"


class WarehouseBusyError(RuntimeError):
    """Another process is writing this warehouse."""


def _holder(lock_path: Path) -> str:
    try:
        holder = json.loads(lock_path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return "another process"
    return f"process {holder.get('pid', '?')} (since {holder.get('since', '?')})"


@contextmanager
def writer_lock(warehouse: Path, wait_s: float = 0.0) -> Iterator[None]:
    """Hold the warehouse's writer lock for the duration of the block.

    Waits up to ``wait_s`` seconds for a running writer to finish, then raises
    ``WarehouseBusyError`` naming the process that holds it.
    """
    warehouse.mkdir(parents=True, exist_ok=True)
    lock_path = warehouse / LOCK_NAME
    handle = lock_path.open("a+", encoding="utf-8")
    deadline = time.monotonic() + wait_s
    try:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusyError(
                        f"{warehouse} is being written by {_holder(lock_path)}; "
                        "try again when it has finished (or pass --wait SECONDS)"
                    ) from None
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "since": datetime.now().isoformat()}))
        handle.flush()
        yield
    finally:
        handle.close()
