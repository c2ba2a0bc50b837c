"""The ``newsdyads`` command's entry point: Prefect's temporary API starts first.

A run needs Prefect's temporary API, whose server takes longer to start (~7 s of its
own CPU on a 2-core laptop) than the command's imports (typer, Polars, pydantic
settings, Prefect, the flow: ~5 s), so the run waits for it. Starting it here, before
any of those imports (0.8 s of them came before it when the command started it),
shortens that wait by as much. Only the commands that run a flow start it, and the
command itself decides the rest (``newsdyads.prefect_server``: a configured
PREFECT_API_URL means nothing is started).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

FLOW_COMMANDS = frozenset({"run", "backfill"})
"""Commands that run a Prefect flow, and so need an API."""


def runs_a_flow(arguments: Sequence[str]) -> bool:
    """Whether the command line (without the program name) runs a flow: ``run`` or
    ``backfill``, not asking for help."""
    return bool(arguments) and arguments[0] in FLOW_COMMANDS and "--help" not in arguments


def main() -> None:
    """Start the temporary API when the command will need it, then run the command."""
    if runs_a_flow(sys.argv[1:]):
        from newsdyads.prefect_env import configure_prefect
        from newsdyads.prefect_server import start_early_ephemeral_api

        configure_prefect()
        start_early_ephemeral_api()
    from newsdyads.cli import app

    app()


__all__ = ["FLOW_COMMANDS", "main", "runs_a_flow"]
