"""Prefect (and Dask) settings for a quiet, serverless command-line run.

Must run before Prefect is imported: Prefect reads its settings at import time. Each
value is only a default, so a user who points PREFECT_API_URL at a server, or wants
Prefect's logs, still gets what they asked for.
"""

from __future__ import annotations

import os

QUIET_PREFECT_DEFAULTS = {
    # No usage telemetry, and no telemetry service whose failures print tracebacks.
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # The temporary local API needs no UI.
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_UI_ENABLED": "false",
    # Flow and task state chatter stays out of the user's terminal; our own summary
    # and progress say what happened.
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_SERVER_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    # Dask (the parallel task runner) logs every worker start and stop at INFO.
    "DASK_LOGGING__DISTRIBUTED": "error",
}


def configure_prefect() -> None:
    """Set quiet defaults for Prefect's local ephemeral API, unless already set."""
    for name, value in QUIET_PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
