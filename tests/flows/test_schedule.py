"""The deployment `newsdyads serve` runs: its schedule, and a run of it."""

from __future__ import annotations

from pathlib import Path

from flows.scheduled import DEFAULT_CRON, build_deployment, scheduled_daily_run
from newsdyads.settings import Settings


def test_deployment_runs_the_scheduled_flow_daily_on_the_configured_folders(seed_inbox, tmp_path):
    settings = Settings(inbox=seed_inbox, warehouse=tmp_path / "w")
    deployment = build_deployment(settings)
    [schedule] = deployment.schedules
    assert schedule.schedule.cron == DEFAULT_CRON
    assert deployment.parameters == {
        "inbox": str(seed_inbox.resolve()),
        "warehouse": str((tmp_path / "w").resolve()),
    }


def test_custom_cron_is_kept(seed_inbox, tmp_path):
    deployment = build_deployment(Settings(inbox=seed_inbox, warehouse=tmp_path), "30 2 * * 1")
    assert deployment.schedules[0].schedule.cron == "30 2 * * 1"


def test_a_run_with_the_deployments_parameters_completes(seed_inbox, tmp_path):
    deployment = build_deployment(Settings(inbox=seed_inbox, warehouse=tmp_path / "w"))
    summary = scheduled_daily_run(**deployment.parameters)
    assert summary["status"] == "succeeded"
    assert summary["articles_loaded"] == 1
    assert (Path(deployment.parameters["warehouse"]) / "newsdyads.duckdb").exists()


def test_serve_starts_a_schedule_that_runs_the_flow(seed_inbox, tmp_path):
    """`newsdyads serve` with a cron of every ten seconds (croniter's sixth field): a
    scheduled run loads the inbox. The runner looks for due runs every second instead
    of Prefect's ten; the first published state is read, before a later run's."""
    import os
    import signal
    import subprocess
    import sys
    import time

    import polars as pl

    warehouse = tmp_path / "w"
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "newsdyads",
                "serve",
                "--cron",
                "* * * * * */10",
                "--inbox",
                str(seed_inbox),
                "--warehouse",
                str(warehouse),
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={
                **{k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"},
                "PREFECT_RUNNER_POLL_FREQUENCY": "1",
            },
        )
    runs: list[tuple] = []
    published = warehouse / "parquet" / "pipeline_runs"
    try:
        deadline = time.monotonic() + 200
        while time.monotonic() < deadline and not runs:
            time.sleep(0.5)
            if published.exists():  # readers see the last published state
                runs = pl.read_parquet(published).select("status", "articles_loaded").rows()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    assert runs == [("succeeded", 1)], log.read_text()[-3000:]
