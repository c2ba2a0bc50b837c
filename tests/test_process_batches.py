"""How a group's records are cut into batches when its batches run on threads."""

from __future__ import annotations

import pytest

from tasks.process import GroupOptions, batch_size


def _options(batch_records: int, batch_threads: int) -> GroupOptions:
    return GroupOptions(
        batch_records=batch_records,
        language_sample_chars=400,
        min_language_confidence=0.4,
        batch_threads=batch_threads,
    )


def test_one_thread_keeps_the_configured_batch_size():
    assert batch_size(10_000, _options(20_000, 1)) == 20_000


def test_a_small_group_is_split_into_a_batch_per_thread():
    assert batch_size(10_000, _options(20_000, 2)) == 5_000


def test_an_odd_count_leaves_no_record_behind():
    assert batch_size(10_001, _options(20_000, 2)) == 5_001


def test_a_big_group_keeps_batches_no_larger_than_configured():
    assert batch_size(100_000, _options(20_000, 2)) == 20_000


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_an_empty_group_still_has_a_positive_batch_size(threads):
    assert batch_size(0, _options(20_000, threads)) > 0
