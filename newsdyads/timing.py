"""Wall time per stage, accumulated in a run's ``stage_seconds``."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def stage_timer(seconds: dict[str, float], stage: str) -> Iterator[None]:
    """Add the block's wall time to ``seconds[stage]``: the benchmark and the run summary
    report where the time goes from these, so a slow stage is found without a profiler."""
    started = time.perf_counter()
    try:
        yield
    finally:
        add_seconds(seconds, {stage: time.perf_counter() - started})


def add_seconds(seconds: dict[str, float], more: dict[str, float]) -> None:
    """Add each stage's seconds in ``more`` to ``seconds`` (a run's groups, a group's
    batches), to the millisecond as the summary reports them."""
    for stage, spent in more.items():
        seconds[stage] = round(seconds.get(stage, 0.0) + spent, 3)
