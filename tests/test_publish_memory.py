"""What publishing holds while it builds the marts: nothing its staging handed DuckDB
from Python. A table registered and then unregistered inside a DuckDB transaction stays
referenced until that transaction ends; the run's staged article metadata (mapped
pages and row places, ~0.5 GB for two million articles) must be gone before the marts,
the checks and the export."""

from __future__ import annotations

import gc
import shutil
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa
import pytest

import tasks.publish
from flows.daily import daily_run
from newsdyads.settings import Settings
from tasks.aggregate import build_marts
from tasks.article_texts import staged_article_metadata
from tasks.enrich.stories import assign_stories
from tests.conftest import data_file


def test_staged_python_tables_are_released_before_the_marts_are_built(
    seed_inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(data_file("wire_en.txt"), seed_inbox / "wire_en.txt")
    handed_over: list[weakref.ref[Any]] = []
    alive_at_marts: list[int] = []

    def traced_metadata(paths: Iterable[Path]) -> pa.Table:
        table = staged_article_metadata(paths)
        handed_over.append(weakref.ref(table))
        return table

    def traced_stories(*args: Any) -> pl.DataFrame:
        frame = assign_stories(*args)
        to_arrow = frame.to_arrow

        def traced_to_arrow() -> pa.Table:  # what publishing registers
            table = to_arrow()
            handed_over.append(weakref.ref(table))
            return table

        frame.to_arrow = traced_to_arrow  # type: ignore[method-assign,assignment]
        return frame

    def checked_build_marts(connection: duckdb.DuckDBPyConnection, **options: Any) -> list[str]:
        gc.collect()
        alive_at_marts.append(sum(ref() is not None for ref in handed_over))
        return build_marts(connection, **options)

    monkeypatch.setattr(tasks.publish, "staged_article_metadata", traced_metadata)
    monkeypatch.setattr(tasks.publish, "assign_stories", traced_stories)
    monkeypatch.setattr(tasks.publish, "build_marts", checked_build_marts)
    summary = daily_run(
        Settings(inbox=str(seed_inbox), warehouse=tmp_path / "wh", show_progress=False)
    )
    assert summary.articles_loaded == 2
    assert len(handed_over) == 2
    assert alive_at_marts == [0]
