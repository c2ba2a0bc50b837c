"""The benchmark's target checks (bench/targets.py): what `make bench` says was met."""

from __future__ import annotations

from typing import Any

from bench.targets import (
    SCALE_TARGETS,
    TARGET_ARTICLES,
    check_targets,
    machine,
    machine_line,
    target_lines,
)


def _result(**overrides: Any) -> dict[str, Any]:
    result: dict[str, Any] = {
        "articles": TARGET_ARTICLES,
        "wall_s": 110.0,
        "records_per_s": 9091,
        "peak_rss_mb": 3420,
        "speedup": {"spacy_sm_ner": 939.1, "geotext": 0.66},
        "increment": {"wall_s": 15.0},
        "increment_with_server": {"wall_s": 10.2},
    }
    result.update(overrides)
    return result


def _verdicts(result: dict[str, Any]) -> dict[str, bool | None]:
    return {row["target"]: row["met"] for row in check_targets(result)}


def test_a_figure_within_its_bound_meets_the_target() -> None:
    assert _verdicts(_result())["1M articles end to end"] is True


def test_a_figure_on_the_bound_meets_an_at_most_target() -> None:
    assert _verdicts(_result())["daily 10k increment, as a command"] is True


def test_a_ratio_below_its_bound_does_not_meet_the_target() -> None:
    assert _verdicts(_result())["× geotext"] is False


def test_a_slow_million_article_run_does_not_meet_the_wall_time_target() -> None:
    assert _verdicts(_result(wall_s=171.7))["1M articles end to end"] is False


def test_the_wall_time_target_is_not_checked_on_a_smaller_corpus() -> None:
    verdicts = _verdicts(_result(articles=100_000, wall_s=500.0))
    assert verdicts["1M articles end to end"] is None
    assert verdicts["articles/s"] is True


def test_a_baseline_that_was_not_installed_is_not_checked() -> None:
    result = _result(speedup={"geotext": 1.2})
    assert _verdicts(result)["× spaCy small-model NER"] is None


def test_peak_rss_is_held_to_four_billion_bytes() -> None:
    assert _verdicts(_result(peak_rss_mb=3814))["peak RSS of the process tree"] is True
    assert _verdicts(_result(peak_rss_mb=3815))["peak RSS of the process tree"] is False


def test_each_target_prints_one_line_with_its_verdict() -> None:
    lines = target_lines(check_targets(_result(articles=10, increment={})))
    assert len(lines) == len(check_targets(_result()))
    assert any(line.rstrip().endswith("not checked") for line in lines)
    assert any(line.rstrip().endswith("NOT met") for line in lines)


def test_the_machine_line_names_its_cpus_and_libraries() -> None:
    described = machine()
    line = machine_line(described)
    assert f"{described['cpus']} CPUs" in line
    assert "duckdb " in line


def test_the_dask_target_is_read_from_the_eight_worker_speed_up() -> None:
    result = {"speedup_wall": {"dask-8": 4.1}, "speedup_process": {"dask-8": 6.3}}
    verdicts = {row["target"]: row["met"] for row in check_targets(result, SCALE_TARGETS)}
    assert verdicts == {
        "Dask 8 workers over 1, wall time": False,
        "Dask 8 workers over 1, process stage": True,
    }


def test_matching_geotext_exactly_is_not_faster_than_geotext() -> None:
    result = _result(speedup={"spacy_sm_ner": 939.1, "geotext": 1.0})
    assert _verdicts(result)["× geotext"] is False


def test_a_strict_bound_prints_as_a_strict_relation() -> None:
    bounds = {row["target"]: row["bound"] for row in check_targets(_result())}
    assert bounds["× geotext"] == "> 1 ×"
    assert bounds["articles/s"] == "≥ 8,000 /s"
