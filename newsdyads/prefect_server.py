"""A local Prefect server for `newsdyads serve`, started and stopped with it.

Prefect's ephemeral API cannot schedule runs (its scheduler service only runs in a
real server), so serving a cron schedule needs `prefect server start`. When no
PREFECT_API_URL is configured, we start one on 127.0.0.1 for the lifetime of the
command; with one configured, that server is used instead.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

STARTUP_TIMEOUT_S = 90.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the local Prefect server exited early; see {log}")
        with suppress(httpx.HTTPError):
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(
        f"the local Prefect server did not start in {STARTUP_TIMEOUT_S} s; see {log}"
    )


@contextmanager
def local_prefect_server(log: Path) -> Iterator[str]:
    """Run `prefect server start` on a free loopback port; yields its API URL."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    log.parent.mkdir(parents=True, exist_ok=True)
    prefect_cli = Path(sys.executable).with_name("prefect")
    with log.open("ab") as output:
        # Our own interpreter's prefect CLI, fixed arguments: no untrusted input.
        server = subprocess.Popen(  # noqa: S603
            [str(prefect_cli), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PREFECT_API_URL": ""},
            start_new_session=True,
        )
    try:
        _wait_healthy(url, server, log)
        yield url
    finally:
        with suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
