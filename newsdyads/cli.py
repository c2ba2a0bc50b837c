"""The ``newsdyads`` command line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from newsdyads.prefect_env import configure_prefect
from newsdyads.query_output import OutputFormat
from newsdyads.settings import Settings

if TYPE_CHECKING:  # Prefect must not be imported before configure_prefect()
    from tasks.publish import RunSummary

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="News country-pair warehouse: raw articles in, weekly country-pair tables out.",
)


InboxOption = Annotated[
    str | None,
    typer.Option(help="Folder or fsspec URL of input files (default: settings.inbox)."),
]
WarehouseOption = Annotated[
    Path | None, typer.Option(help="Output folder (default: settings.warehouse).")
]
WaitOption = Annotated[
    float, typer.Option(help="Seconds to wait for another run on this warehouse.")
]


def _settings(**overrides: object) -> Settings:
    """The settings, with the options the user gave (None: not given) taking precedence."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]


def inbox_exists(settings: Settings) -> bool:
    """Whether the inbox folder (local, or on an fsspec filesystem) exists."""
    from newsdyads.storage import filesystem

    fs, path = filesystem(settings.inbox, **settings.storage_options)
    return bool(fs.isdir(path))


@app.callback()
def main() -> None:
    """Turn raw news articles into weekly country-pair tables (DuckDB + Parquet)."""


def _as_the_writer(
    settings: Settings, wait: float, err: Console, work: Callable[[], RunSummary]
) -> RunSummary:
    """Do ``work`` holding the warehouse's writer lock; turn the expected failures
    (busy warehouse: exit 3, failed data checks: exit 1) into messages, not tracebacks."""
    from newsdyads.lock import WarehouseBusyError, writer_lock
    from tasks.publish import DataCheckError, WarehouseSchemaError, check_schema

    try:
        with writer_lock(settings.warehouse, wait_s=wait):
            check_schema(settings.state_path)
            return work()
    except WarehouseBusyError as exc:
        err.print(f"[yellow]Not started:[/yellow] {exc}")
        raise typer.Exit(3) from None
    except WarehouseSchemaError as exc:
        err.print(f"[red]Not started:[/red] {exc}")
        raise typer.Exit(2) from None
    except DataCheckError as exc:
        err.print("[red]Data checks failed; nothing was published.[/red]")
        for failure in exc.failures:
            err.print(f"  - {failure}")
        raise typer.Exit(1) from None


@app.command()
def run(
    inbox: InboxOption = None,
    warehouse: WarehouseOption = None,
    batch_records: Annotated[
        int | None, typer.Option(help="Records cleaned and enriched per batch.")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Processes of a local Dask cluster (0: this process's threads; 1: one "
            "group at a time in this process)."
        ),
    ] = None,
    threads: Annotated[
        int | None,
        typer.Option(help="Threads of this process when workers is 0 (0: one per CPU)."),
    ] = None,
    dask_address: Annotated[
        str | None, typer.Option(help="Run on this Dask scheduler (tcp://host:8786).")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    wait: WaitOption = 0.0,
    json_summary: Annotated[
        bool, typer.Option("--json", help="End with the summary as one JSON line too.")
    ] = False,
) -> None:
    """Load every new file of the inbox and publish the warehouse."""
    settings = _settings(
        inbox=inbox,
        warehouse=warehouse,
        batch_records=batch_records,
        workers=workers,
        threads=threads,
        dask_address=dask_address,
    )
    if not progress:
        settings.show_progress = False
    console = Console(stderr=False)
    err = Console(stderr=True, soft_wrap=True)
    if not inbox_exists(settings):
        err.print(f"[red]Inbox folder not found:[/red] {settings.inbox}")
        raise typer.Exit(2)
    configure_prefect()
    from newsdyads.prefect_server import start_early_ephemeral_api

    api = start_early_ephemeral_api()  # started by newsdyads.launch, or now
    from newsdyads import faults

    faults.arm(settings.fault_point)
    from flows.daily import daily_run  # after configure_prefect: Prefect reads env on import
    from newsdyads.summary import render_summary
    from tasks.warm_up import warm_up, warm_up_in_background

    def work() -> RunSummary:
        # A daily run's few files are processed in this process: its first batch's
        # one-time loading is done while the API starts, or, with an API already up
        # (a configured PREFECT_API_URL), in the background while the flow run is
        # created (~1 s of waiting on the API), not while the first batch runs.
        sample = (settings.language_sample_chars, settings.min_language_confidence)
        api.wait_ready(while_waiting=lambda: warm_up(*sample))
        warm_up_in_background(*sample)  # nothing to do when the wait warmed up
        with api.flow_settings():
            return daily_run(settings)

    summary = _as_the_writer(settings, wait, err, work)
    render_summary(summary, console)
    if summary.articles_loaded:
        where = (
            "" if settings.warehouse == Path("warehouse") else f" --warehouse {settings.warehouse}"
        )
        console.print(
            f'Explore: newsdyads query{where} "select * from pair_trends limit 10" · '
            f"newsdyads report{where} · docs/data-dictionary.md",
            style="dim",
        )
    if json_summary:
        import json
        from dataclasses import asdict

        print(json.dumps(asdict(summary), default=str))


@app.command()
def backfill(
    since: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"], help="First day (YYYY-MM-DD).")],
    until: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"], help="Last day (YYYY-MM-DD).")],
    warehouse: WarehouseOption = None,
    wait: WaitOption = 0.0,
) -> None:
    """Recompute the weekly tables of a date range from loaded articles (no input read)."""
    settings = _settings(warehouse=warehouse)
    err = Console(stderr=True, soft_wrap=True)
    if not settings.state_path.exists():
        err.print(f"[red]No warehouse at[/red] {settings.warehouse}: run `newsdyads run` first.")
        raise typer.Exit(2)
    configure_prefect()
    from newsdyads.prefect_server import start_early_ephemeral_api

    api = start_early_ephemeral_api()  # started by newsdyads.launch, or now
    from flows.backfill import backfill_run

    def work() -> RunSummary:
        api.wait_ready()
        with api.flow_settings():
            return backfill_run(settings, since.date(), until.date())

    summary = _as_the_writer(settings, wait, err, work)
    Console().print(
        f"Rebuilt {summary.weeks_touched} week(s) from {since:%Y-%m-%d} to {until:%Y-%m-%d} "
        f"in {summary.duration_s:.1f} s (run {summary.run_id})."
    )


@app.command()
def serve(
    cron: Annotated[str, typer.Option(help="When to run, as a cron expression.")] = "0 6 * * *",
    inbox: InboxOption = None,
    warehouse: WarehouseOption = None,
) -> None:
    """Run the daily job on a schedule until stopped (Ctrl-C), as a Prefect deployment."""
    settings = _settings(inbox=inbox, warehouse=warehouse)
    configure_prefect()
    import os
    from contextlib import nullcontext

    from prefect import serve as prefect_serve
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.scheduled import build_deployment
    from newsdyads.prefect_server import local_prefect_server

    console = Console()
    configured = os.environ.get("PREFECT_API_URL")
    log = settings.warehouse / "prefect-server.log"
    server = nullcontext(configured) if configured else local_prefect_server(log)
    with server as api_url:
        if not configured:
            console.print(f"Started a local Prefect server at {api_url} (log: {log}).")
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            deployment = build_deployment(settings, cron)
            console.print(
                f"Serving newsdyads-scheduled/{deployment.name}: {settings.inbox} → "
                f"{settings.warehouse} on '{cron}'. Stop with Ctrl-C."
            )
            prefect_serve(deployment, print_starting_message=False)


@app.command()
def query(
    sql: Annotated[str | None, typer.Argument(help="One SELECT statement.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the SQL from this file.")
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="name=value, bound as $name (repeatable)."),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table, csv, json or parquet.")
    ] = OutputFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of the terminal.")
    ] = None,
    warehouse: WarehouseOption = None,
) -> None:
    """Run read-only SQL on the warehouse: SELECT only, values bound, never written."""
    import duckdb

    from newsdyads.query import RefusedQueryError, parse_params, run_query
    from newsdyads.query_output import write_result

    err = Console(stderr=True, soft_wrap=True)
    if (sql is None) == (file is None):
        err.print("[red]Give the SQL as an argument or with --file, not both.[/red]")
        raise typer.Exit(2)
    text = sql if sql is not None else file.read_text(encoding="utf-8")  # type: ignore[union-attr]
    settings = _settings(warehouse=warehouse)
    try:
        frame = run_query(settings.warehouse, text, parse_params(param or []))
        write_result(frame, output_format, output, Console())
    except RefusedQueryError as exc:
        err.print(f"[red]Not run:[/red] {exc}")
        raise typer.Exit(2) from None
    except FileNotFoundError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    except (duckdb.Error, ValueError) as exc:
        err.print(f"[red]Query failed:[/red] {exc}")
        raise typer.Exit(1) from None


@app.command(name="compile")
def compile_command() -> None:
    """Compile the text kernels into numba's cache (``make setup`` does it once), so
    that no run pays for compiling them."""
    from time import perf_counter

    from newsdyads.kernels import compile_kernels

    settings = _settings()
    started = perf_counter()
    compiled = compile_kernels(settings.language_sample_chars, settings.min_language_confidence)
    Console().print(
        f"Text kernels: {compiled.compiled} compiled into numba's cache, "
        f"{compiled.loaded} loaded from it ({perf_counter() - started:.1f} s)."
    )


@app.command()
def shell(warehouse: WarehouseOption = None) -> None:
    """Open an interactive, read-only SQL session on the warehouse (harlequin or duckdb)."""
    import os
    import shutil

    settings = _settings(warehouse=warehouse)
    database = settings.warehouse / "newsdyads.duckdb"
    err = Console(stderr=True, soft_wrap=True)
    if not database.exists():
        err.print(f"[red]No warehouse at {settings.warehouse}:[/red] run `newsdyads run` first.")
        raise typer.Exit(2)
    for program, arguments in (
        ("harlequin", ["--read-only", str(database)]),
        ("duckdb", ["-readonly", str(database)]),
    ):
        found = shutil.which(program)
        if found:
            os.execv(found, [found, *arguments])  # noqa: S606 - a program found on PATH
    err.print(
        "No interactive SQL client found. Install one of:\n"
        "  pip install harlequin      (a terminal SQL IDE), or\n"
        "  the DuckDB CLI             (https://duckdb.org/docs/installation)\n"
        f"then run `newsdyads shell` again, or query directly:\n"
        f'  newsdyads query "select * from country_pair_weekly limit 10" '
        f"--warehouse {settings.warehouse}"
    )
    raise typer.Exit(1)


@app.command()
def report(
    weeks: Annotated[int, typer.Option(help="How many recent weeks (with articles) to show.")] = 8,
    top: Annotated[int, typer.Option(help="How many country pairs to chart.")] = 15,
    out_dir: Annotated[
        Path | None, typer.Option(help="Write here (default: the warehouse's reports/).")
    ] = None,
    warehouse: WarehouseOption = None,
) -> None:
    """Write an HTML report and PNG charts of recent weeks to warehouse/reports/."""
    import duckdb

    from newsdyads.report import build_report

    settings = _settings(warehouse=warehouse)
    err = Console(stderr=True, soft_wrap=True)
    try:
        written = build_report(settings.warehouse, weeks, top, out_dir)
    except (FileNotFoundError, ValueError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    except duckdb.CatalogException as exc:
        err.print(
            f"[red]The warehouse at {settings.warehouse} lacks a table the report reads[/red] "
            f"({exc}); it was published by an older newsdyads: run `newsdyads run` into a "
            "fresh warehouse folder to rebuild it."
        )
        raise typer.Exit(2) from None
    console = Console()
    console.print(f"Report: {written.html}")
    for image in written.images:
        console.print(f"Chart:  {image}")
