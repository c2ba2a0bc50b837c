"""Local Prefect APIs started and stopped with a command.

`newsdyads serve` needs a real server: Prefect's ephemeral API cannot schedule runs
(its scheduler service only runs in a real server), so serving a cron schedule starts
`prefect server start` on 127.0.0.1 for the lifetime of the command.

`newsdyads run` and `backfill` need only Prefect's temporary (ephemeral) API, which
Prefect starts itself on the first API call: ~6 s on a laptop, 2.4 s of it importing
the server in our own process, the rest in the server's.
``start_early_ephemeral_api`` starts that same server before the command's own
imports (``newsdyads.launch`` calls it first thing), so both start at once, and our
process never imports the server; that server runs in its own process
(``newsdyads.prefect_api_process``). With PREFECT_API_URL configured, or the ephemeral
API disabled, nothing is started.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from pathlib import Path
from typing import IO

EPHEMERAL_SERVER_ENV = {
    # What Prefect's own SubprocessASGIServer sets for its temporary server.
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
}

EPHEMERAL_SERVER_DEFAULTS = {
    # Registering Prefect's block types in its database is for the UI and block
    # documents, which a temporary API serves neither of. Prefect only skips it when
    # both are off: with memoization on it first imports every installed Prefect
    # collection (prefect-dask, and with it Dask's distributed: ~0.9 s of each start)
    # to hash their block types.
    "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
    "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
}
"""Defaults for the temporary API's process; the user's environment overrides them."""

HEARTBEAT_SETTINGS = ("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "PREFECT_RUNNER_HEARTBEAT_FREQUENCY")
"""Prefect's names for the flow-run heartbeat interval (the second is its old one)."""

TLS_SETTINGS = ("PREFECT_API_SSL_CERT_FILE", "PREFECT_API_TLS_INSECURE_SKIP_VERIFY")
"""Prefect's settings for how its API clients verify an HTTPS server."""

LOOPBACK_CA_FILE = Path(__file__).with_name("loopback_ca.pem")
"""The certificate authorities the temporary API's clients trust: one self-signed
certificate whose private key was discarded when it was made (``openssl req -x509
-newkey ec ... -nodes``), so it vouches for no server.

Each Prefect API client builds a TLS context from its CA file when it is created, even
for a plain-HTTP URL, and Prefect creates two clients for every task run on a Dask
worker: with certifi's bundle (~150 certificates) that was ~45 ms of each task's
~110 ms of overhead on a 2-core laptop, 100 tasks in a million-article run. The
temporary API speaks plain HTTP on 127.0.0.1, so no certificate is ever checked; and
a client sent to an HTTPS server with this file trusts nothing, and fails closed.
"""

STARTUP_TIMEOUT_S = 90.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ephemeral_server_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The temporary API process's environment: ``environ`` over our defaults, with
    Prefect's own settings for a temporary server over both."""
    return {**EPHEMERAL_SERVER_DEFAULTS, **environ, **EPHEMERAL_SERVER_ENV}


def _wait_healthy(
    url: str, server: subprocess.Popen[bytes], where: str, poll_s: float = 0.5
) -> None:
    """Poll the server's health until it answers, through one client: each
    ``httpx.get`` builds a client with its own TLS context (~45 ms of loading CA
    certificates, even for plain HTTP), and polling a starting server every 0.1 s
    spent a second of CPU that the server's start-up needed. That client trusts only
    ``LOOPBACK_CA_FILE``: the servers polled are ours, on plain HTTP, and certifi's
    bundle took ~0.1 s to load while the command waited."""
    import ssl

    import httpx  # here: the command imports this module before its own imports

    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    trusted = ssl.create_default_context(cafile=str(LOOPBACK_CA_FILE))
    with httpx.Client(timeout=2, verify=trusted) as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError(f"the local Prefect server exited early; {where}")
            with suppress(httpx.HTTPError):
                if client.get(f"{url}/health").status_code == 200:
                    return
            time.sleep(poll_s)
    raise RuntimeError(f"the local Prefect server did not start in {STARTUP_TIMEOUT_S} s; {where}")


def _stop(server: subprocess.Popen[bytes], timeout_s: float) -> None:
    with suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait()


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
        _wait_healthy(url, server, f"see {log}")
        yield url
    finally:
        _stop(server, timeout_s=20)


def _die_with_parent() -> None:
    """In the server's process: ask Linux to end it when the command dies (even by
    SIGKILL), so a killed run leaves no orphan server behind."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        with suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    os.setpgrp()


class EphemeralApi:
    """Prefect's temporary API server, started now, waited for when first needed."""

    def __init__(self) -> None:
        self.url: str | None = None
        self._server: subprocess.Popen[bytes] | None = None
        self._output: IO[bytes] | None = None
        self._ready = False

    def start(self) -> None:
        """Start the server unless the user configured an API (or disabled this one).

        Once Prefect is imported it has read its settings, so a server started then
        would go unused: Prefect starts its own.
        """
        if (
            "prefect" in sys.modules
            or os.environ.get("PREFECT_API_URL")
            or os.environ.get("PREFECT_SERVER_EPHEMERAL_ENABLED", "true").lower() in ("0", "false")
        ):
            return
        if importlib.util.find_spec("prefect") is None:
            return  # Prefect will say it is missing when imported
        port = _free_port()
        # A file, not a pipe: a pipe nobody reads would block a chatty server.
        self._output = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        # Our own interpreter serving Prefect's app: no untrusted input.
        self._server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "newsdyads.prefect_api_process", str(port)],
            env=ephemeral_server_environment(os.environ),
            stdout=self._output,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,  # before any thread of ours starts
        )
        self.url = f"http://127.0.0.1:{port}/api"
        os.environ["PREFECT_API_URL"] = self.url
        if not any(os.environ.get(name) for name in TLS_SETTINGS):
            os.environ["PREFECT_API_SSL_CERT_FILE"] = str(LOOPBACK_CA_FILE)

    def wait_ready(self, while_waiting: Callable[[], object] | None = None) -> None:
        """Block until the server answers (no-op when none was started, or once it has).

        ``while_waiting``, if given, runs in a thread meanwhile and is waited for too:
        work the command would do after the wait anyway (it must not raise), done on
        the core the wait leaves idle. It does not run when there is nothing to wait
        for.
        """
        if self._server is None or self._ready:
            return
        helper = (
            threading.Thread(target=while_waiting, name="while-the-api-starts")
            if while_waiting is not None
            else None
        )
        if helper is not None:
            helper.start()
        try:
            _wait_healthy(self.url or "", self._server, "see below", poll_s=0.1)
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}\n{self._tail()}") from None
        finally:
            if helper is not None:
                helper.join()
        self._ready = True

    def flow_settings(self) -> AbstractContextManager[object]:
        """Prefect settings for the command's flow run on this API (none to change
        when the command did not start it).

        No heartbeats, unless the user configured them: they tell a lasting server that
        a run is still alive, and this API ends with the run. Prefect's heartbeat
        thread sleeps in one-second steps and the run's end waits for it: half a
        second of each command on average.
        """
        if self.url is None or any(name in os.environ for name in HEARTBEAT_SETTINGS):
            return nullcontext()
        from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

        return temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})

    def _tail(self) -> str:
        if self._output is None:
            return ""
        self._output.seek(0)
        return self._output.read()[-2000:].decode(errors="replace")

    def stop(self) -> None:
        if self._server is not None:
            _stop(self._server, timeout_s=5)
            self._server = None
        if self._output is not None:
            self._output.close()
            self._output = None
        if self.url and os.environ.get("PREFECT_API_URL") == self.url:
            del os.environ["PREFECT_API_URL"]
            if os.environ.get("PREFECT_API_SSL_CERT_FILE") == str(LOOPBACK_CA_FILE):
                del os.environ["PREFECT_API_SSL_CERT_FILE"]


_EARLY_API: EphemeralApi | None = None


def start_early_ephemeral_api() -> EphemeralApi:
    """Start Prefect's temporary API now (once per process: a second call returns the
    first's); it stops when the command exits.

    At exit, not sooner: Prefect's own exit handlers (registered later, so run
    earlier) still send the run's last logs and events to it.
    """
    global _EARLY_API
    if _EARLY_API is None:
        _EARLY_API = EphemeralApi()
        _EARLY_API.start()
        atexit.register(_EARLY_API.stop)
    return _EARLY_API
