"""Joining runs of strings gives what joining each run's kept strings in Python gives."""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdyads.text.buffers import string_series, utf8_buffers
from newsdyads.text.join import join_runs


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.text(max_size=6), st.booleans()),
        max_size=20,
    ),
    st.sampled_from(["\n\n", "", " — "]),
)
def test_each_run_is_its_kept_values_joined(items, separator):
    groups = np.array([group for group, _, _ in items], dtype=np.int64)
    values = [value.encode("utf-8", "replace").decode("utf-8") for _, value, _ in items]
    keep = np.array([kept for _, _, kept in items], dtype=np.bool_)
    run_groups, joined = join_runs(
        utf8_buffers(pl.Series(values, dtype=pl.String)), groups, keep, separator
    )
    expected = [
        (group, separator.join(value for _, value, kept in run if kept))
        for group, run in (
            (key, list(run))
            for key, run in itertools.groupby(
                zip(groups.tolist(), values, keep.tolist(), strict=True), key=lambda item: item[0]
            )
        )
    ]
    found = list(zip(run_groups.tolist(), string_series("v", joined).to_list(), strict=True))
    assert found == expected


def test_a_run_with_nothing_kept_is_an_empty_string():
    groups, joined = join_runs(
        utf8_buffers(pl.Series(["a", "b", "c"])),
        np.array([7, 7, 9]),
        np.array([False, False, True]),
        "\n\n",
    )
    assert groups.tolist() == [7, 9]
    assert string_series("v", joined).to_list() == ["", "c"]
