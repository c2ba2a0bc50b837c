"""A process's first group freezes what its imports made, once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import gc
from tasks.process import freeze_loaded_objects

assert gc.get_freeze_count() == 0
freeze_loaded_objects()
frozen = gc.get_freeze_count()
made_later = [[number] for number in range(10_000)]
freeze_loaded_objects()
print(frozen, gc.get_freeze_count())
"""


def test_the_first_group_freezes_the_loaded_objects_and_later_ones_freeze_nothing():
    # In a process of its own: freezing the test runner's objects would outlive the test.
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True
    )
    first, after_second = (int(value) for value in result.stdout.split())

    assert first > 10_000  # the imports' objects (Polars, Prefect, numba...)
    assert after_second == first
