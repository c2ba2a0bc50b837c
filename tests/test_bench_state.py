"""The benchmark's record of what its warehouse holds (bench/run.py), which lets
`make bench-increment` add new days to the last full bench's warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.run import next_increment_day, read_bench_state, write_bench_state


def test_state_written_after_a_day_reads_back(tmp_path: Path) -> None:
    state = tmp_path / "warehouse.bench.json"
    write_bench_state(state, 1_000_000, 10_000, 2)
    assert read_bench_state(state) == {"articles": 1_000_000, "increment": 10_000, "days": 2}
    assert not state.with_suffix(".part").exists()


def test_missing_or_foreign_state_reads_as_none(tmp_path: Path) -> None:
    assert read_bench_state(tmp_path / "absent.json") is None
    garbled = tmp_path / "garbled.json"
    garbled.write_text('{"articles": 1000000, "days": "two"')
    assert read_bench_state(garbled) is None
    wrong_types = tmp_path / "wrong.json"
    wrong_types.write_text('{"articles": 1000000, "increment": 10000, "days": "2"}')
    assert read_bench_state(wrong_types) is None


def test_next_day_follows_the_days_loaded() -> None:
    state = {"articles": 1_000_000, "increment": 10_000, "days": 2}
    assert next_increment_day(state, 1_000_000, 10_000) == 3


def test_a_cold_warehouse_without_days_takes_any_day_size() -> None:
    cold = {"articles": 1_000_000, "increment": 0, "days": 0}
    assert next_increment_day(cold, 1_000_000, 5_000) == 1


def test_days_planned_but_not_loaded_do_not_fix_the_day_size() -> None:
    cold = {"articles": 1_000_000, "increment": 10_000, "days": 0}
    assert next_increment_day(cold, 1_000_000, 5_000) == 1


def test_no_warehouse_says_to_run_the_full_bench() -> None:
    with pytest.raises(SystemExit, match="run `make bench`"):
        next_increment_day(None, 1_000_000, 10_000)


def test_days_of_another_size_are_refused() -> None:
    state = {"articles": 1_000_000, "increment": 10_000, "days": 2}
    with pytest.raises(SystemExit, match="days of 10,000, not 1,000,000 and 5,000"):
        next_increment_day(state, 1_000_000, 5_000)


def test_a_warehouse_of_another_corpus_is_refused() -> None:
    state = {"articles": 100_000, "increment": 10_000, "days": 0}
    with pytest.raises(SystemExit, match="holds 100,000 articles"):
        next_increment_day(state, 1_000_000, 10_000)
