"""Fault injection for crash tests: die by SIGKILL at a named point of a run.

Armed only through the ``fault_point`` setting (``NEWSDYADS_FAULT_POINT``), which the
crash tests set in a child process; unarmed, every call is a no-op.
"""

from __future__ import annotations

import os
import signal

FAULT_POINTS = (
    "after-ingest",
    "after-enrich",
    "after-stage",
    "during-load",
    "after-checks",
    "during-parquet-export",
    "before-commit",
    "after-commit",
    "during-parquet-swap",
)
_armed: str | None = None


def arm(point: str | None) -> None:
    """Arm one fault point (or none). Unknown names are refused."""
    global _armed
    if point is not None and point not in FAULT_POINTS:
        raise ValueError(f"unknown fault point {point!r}; choose from {', '.join(FAULT_POINTS)}")
    _armed = point


def point(name: str) -> None:
    """Kill this process, as a power cut would, if ``name`` is the armed point."""
    if name == _armed:
        os.kill(os.getpid(), signal.SIGKILL)
