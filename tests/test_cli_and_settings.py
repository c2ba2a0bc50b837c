from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdyads.cli import app
from newsdyads.settings import Settings


def test_missing_inbox_is_reported_without_a_traceback(tmp_path: Path):
    result = CliRunner().invoke(
        app, ["run", "--inbox", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "w")]
    )
    assert result.exit_code == 2
    assert "Inbox folder not found" in result.output
    assert "Traceback" not in result.output


def test_run_prints_a_summary_with_the_top_pairs(seed_inbox: Path, tmp_path: Path):
    result = CliRunner().invoke(
        app,
        ["run", "--inbox", str(seed_inbox), "--warehouse", str(tmp_path / "w"), "--no-progress"],
    )
    assert result.exit_code == 0, result.output
    assert "articles loaded" in result.output
    assert "BLR–RUS" in result.output


def test_environment_variables_override_defaults(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NEWSDYADS_BATCH_RECORDS", "123")
    assert Settings().batch_records == 123


def test_toml_file_in_the_working_directory_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    (tmp_path / "newsdyads.toml").write_text('warehouse = "/data/wh"\nbatch_records = 77\n')
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert (settings.warehouse, settings.batch_records) == (Path("/data/wh"), 77)


def test_arguments_beat_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NEWSDYADS_BATCH_RECORDS", "123")
    assert Settings(batch_records=5).batch_records == 5


def test_backfill_without_a_warehouse_says_to_run_first(tmp_path: Path):
    result = CliRunner().invoke(
        app,
        [
            "backfill",
            "--since",
            "2023-01-01",
            "--until",
            "2023-01-31",
            "--warehouse",
            str(tmp_path / "w"),
        ],
    )
    assert result.exit_code == 2
    assert "run `newsdyads run` first" in result.output


def test_warehouse_from_another_version_is_refused_with_what_to_do(tmp_path):
    import duckdb
    from typer.testing import CliRunner

    from newsdyads.cli import app

    state = tmp_path / "warehouse" / "_state"
    state.mkdir(parents=True)
    with duckdb.connect(str(state / "newsdyads.duckdb")) as old:
        old.execute("create table articles (article_id varchar, body varchar)")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    result = CliRunner().invoke(
        app, ["run", "--inbox", str(inbox), "--warehouse", str(tmp_path / "warehouse")]
    )
    assert result.exit_code == 2
    assert "written by another version of newsdyads" in result.output
    assert "Move its warehouse folder aside" in result.output


def test_a_run_with_no_api_to_wait_for_warms_up_before_its_flow_starts(
    seed_inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Here no temporary API is started (Prefect is imported already), as with a
    configured PREFECT_API_URL: the warm-up starts before the flow run is created."""
    import threading
    from datetime import datetime

    import flows.daily
    import tasks.warm_up
    from tasks.publish import RunSummary

    warming = threading.Event()
    monkeypatch.setattr(tasks.warm_up, "_WARMING", warming)
    monkeypatch.setattr(tasks.warm_up, "warm_up", lambda *sample: None)
    warm_when_the_flow_starts = []

    def flow(settings: Settings) -> RunSummary:
        warm_when_the_flow_starts.append(warming.is_set())
        now = datetime.now()
        return RunSummary("r1", "succeeded", now, now, 0.0, settings.inbox, 0, 0)

    monkeypatch.setattr(flows.daily, "daily_run", flow)
    result = CliRunner().invoke(
        app,
        ["run", "--inbox", str(seed_inbox), "--warehouse", str(tmp_path / "w"), "--no-progress"],
    )

    assert result.exit_code == 0, result.output
    assert warm_when_the_flow_starts == [True]
