"""The example notebook runs headless on the sample warehouse and answers its questions."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "country_pairs.py"


def test_notebook_runs_headless_as_a_script(sample_warehouse: Path):
    result = subprocess.run(
        [sys.executable, str(NOTEBOOK)],
        env={**os.environ, "NEWSDYADS_WAREHOUSE": str(sample_warehouse)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_notebook_answers_its_three_questions(sample_warehouse: Path, monkeypatch):
    pytest.importorskip("marimo")
    monkeypatch.setenv("NEWSDYADS_WAREHOUSE", str(sample_warehouse))
    spec = importlib.util.spec_from_file_location("country_pairs_notebook", NOTEBOOK)
    assert spec is not None
    assert spec.loader is not None
    notebook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(notebook)
    _, defs = notebook.app.run()
    top = defs["top_pairs"]
    assert top.height >= 1
    assert top["name_a"].null_count() == 0
    trend = defs["trend"]
    assert trend["articles"].sum() >= top["articles"][0]
    assert defs["by_source"]["articles"].sum() == trend["articles"].sum()
    assert defs["chart"].to_dict()["mark"]["type"] == "line"
