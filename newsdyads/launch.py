"""The ``newsdyads`` command's entry point: Prefect's temporary API starts first.

A run needs Prefect's temporary API, whose server takes longer to start (~6 s on a
2-core laptop, ``newsdyads.prefect_api_process``) than the command's imports (typer,
Polars, pydantic settings, Prefect, the flow: ~3 s), so the run waits for it. Starting
it here, before any of those imports (0.8 s of them came before it when the command
started it), shortens that wait by as much. Only the commands that run a flow start
it, and the command itself decides the rest (``newsdyads.prefect_server``: a
configured PREFECT_API_URL means nothing is started).

When the command is done, it leaves as soon as its exit handlers have run
(``exit_now``), without the interpreter's teardown.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import os
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import NoReturn

FLOW_COMMANDS = frozenset({"run", "backfill"})
"""Commands that run a Prefect flow, and so need an API."""

PREFECT_RUN_MODULES = (
    "prefect.flow_engine",
    "prefect.task_engine",
    "prefect.utilities.visualization",
    "fastapi.encoders",
)
"""What Prefect imports only once a flow is called: its engines, and FastAPI's JSON
encoder for the run's parameters (0.26 s of the 0.33 s on a 2-core laptop). Imported
here, before the wait for the temporary API, they no longer come after it."""

COMMAND_MODULES = {
    "run": ("flows.daily", "newsdyads.summary", "tasks.warm_up", *PREFECT_RUN_MODULES),
    "backfill": ("flows.backfill", *PREFECT_RUN_MODULES),
}
"""What each flow command imports before its work: imported with the command-line
module, with the garbage collector paused (``collector_paused``)."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's garbage collector while modules load.

    An import creates objects that live as long as the process (Prefect's pydantic
    models, Polars, numba, our flows: ~340,000 of them for a run) and no garbage worth
    collecting; the collector scanned them again and again as they were made, ~0.3 s of
    a run's ~2.7 s of imports on a 2-core laptop. It runs again afterwards, unless it
    was off before.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def runs_a_flow(arguments: Sequence[str]) -> bool:
    """Whether the command line (without the program name) runs a flow: ``run`` or
    ``backfill``, not asking for help."""
    return bool(arguments) and arguments[0] in FLOW_COMMANDS and "--help" not in arguments


def exit_code(code: str | int | None) -> int:
    """The process exit status ``sys.exit(code)`` gives (a message is printed, as
    Python does, and is status 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def exit_now(code: str | int | None) -> NoReturn:
    """End the process as ``sys.exit(code)`` would, less the interpreter's teardown.

    The exit handlers still run (Prefect's last logs and events, stopping the
    temporary API, logging's flush) and standard output is flushed; what is skipped
    is freeing every object and unloading the libraries one by one, 0.75 s of each
    command on a 2-core laptop after a daily run (Polars, DuckDB, numba, Prefect and
    the run's data). Python's own exit is taken instead while a thread that is not a
    daemon still runs (Python waits for it) or a profiler or tracer watches the
    process (cProfile and coverage write their files after the program returns).
    """
    others = [
        thread
        for thread in threading.enumerate()
        if thread is not threading.current_thread() and not thread.daemon
    ]
    if others or sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    status = exit_code(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe, a closed stream
            stream.flush()
    os._exit(status)


def main() -> None:
    """Start the temporary API when the command will need it, run the command, exit."""
    flow_command = runs_a_flow(sys.argv[1:])
    if flow_command:
        from newsdyads.allocators import keep_freed_memory
        from newsdyads.prefect_env import configure_prefect

        # Before Polars is imported: its jemalloc reads its settings then. (Prefect's
        # API server, started next, inherits them too: it allocates little.)
        keep_freed_memory()
        from newsdyads.prefect_server import start_early_ephemeral_api

        configure_prefect()
        start_early_ephemeral_api()
    with collector_paused():
        from newsdyads.cli import app

        for module in COMMAND_MODULES[sys.argv[1]] if flow_command else ():
            importlib.import_module(module)

    try:
        app()
    except SystemExit as finished:  # how a typer command always ends
        exit_now(finished.code)
    exit_now(0)


__all__ = [
    "COMMAND_MODULES",
    "FLOW_COMMANDS",
    "collector_paused",
    "exit_code",
    "exit_now",
    "main",
    "runs_a_flow",
]
