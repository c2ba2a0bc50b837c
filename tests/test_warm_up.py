"""The warm-up runs the real cleaning and enrichment on its sample, and never fails."""

from __future__ import annotations

import threading

import pytest

import tasks.warm_up
from newsdyads.settings import Settings
from tasks.warm_up import warm_up, warm_up_in_background


def _warm_up_as_configured():
    settings = Settings()
    return warm_up(settings.language_sample_chars, settings.min_language_confidence)


def test_warm_up_cleans_and_enriches_its_sample_articles():
    countries = _warm_up_as_configured()
    assert {"DEU", "FRA", "MAR", "DZA"} <= set(countries["iso3"])


def test_a_failing_warm_up_returns_nothing_instead_of_raising(monkeypatch: pytest.MonkeyPatch):
    def broken(*_: object) -> None:
        raise RuntimeError("no model")

    monkeypatch.setattr(tasks.warm_up, "clean_records", broken)
    assert _warm_up_as_configured().is_empty()


def test_a_process_not_yet_warm_warms_up_once_in_the_background(monkeypatch: pytest.MonkeyPatch):
    calls: list[tuple[int, float]] = []
    monkeypatch.setattr(tasks.warm_up, "_WARMING", threading.Event())
    monkeypatch.setattr(tasks.warm_up, "warm_up", lambda *settings: calls.append(settings))
    thread = warm_up_in_background(300, 0.5)
    assert thread is not None
    assert thread.daemon
    thread.join(timeout=60)
    assert calls == [(300, 0.5)]
    assert warm_up_in_background(300, 0.5) is None


def test_a_process_warmed_up_already_starts_no_second_warm_up(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(tasks.warm_up, "_WARMING", threading.Event())
    _warm_up_as_configured()
    settings = Settings()
    assert (
        warm_up_in_background(settings.language_sample_chars, settings.min_language_confidence)
        is None
    )
