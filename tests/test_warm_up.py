"""The warm-up runs the real cleaning and enrichment on its sample, and never fails."""

from __future__ import annotations

import pytest

import tasks.warm_up
from newsdyads.settings import Settings
from tasks.warm_up import warm_up


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
