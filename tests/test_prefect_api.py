"""The temporary Prefect API that `run` starts early answers, and never outlives us."""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsdyads.prefect_server import (
    HEARTBEAT_SETTINGS,
    LOOPBACK_CA_FILE,
    TLS_SETTINGS,
    EphemeralApi,
    ephemeral_server_environment,
)

ROOT = Path(__file__).resolve().parents[1]

# Run in a fresh interpreter: in this one Prefect is already imported, and then the
# early server is (rightly) not started.
START_AND_REPORT = """
import sys, time, httpx
from newsdyads.prefect_server import HEARTBEAT_SETTINGS, EphemeralApi, ephemeral_server_environment
api = EphemeralApi()
api.start()
api.wait_ready()
print(httpx.get(api.url + "/health").status_code, api._server.pid, flush=True)
if sys.argv[1] == "hang":
    time.sleep(600)
api.stop()
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


def _start(mode: str) -> tuple[subprocess.Popen[str], int, int]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    child = subprocess.Popen(
        [sys.executable, "-c", START_AND_REPORT, mode],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    status, server_pid = child.stdout.readline().split()
    return child, int(status), int(server_pid)


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return False


def test_early_api_answers_and_stops_with_the_command():
    child, status, server_pid = _start("stop")
    assert child.wait(timeout=60) == 0
    assert status == 200
    assert _gone_within(server_pid, 10)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_early_api_dies_when_the_command_is_killed():
    child, _, server_pid = _start("hang")
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    assert _gone_within(server_pid, 10)


# A stand-in for the API: answers every GET with 200 after a short start-up delay.
HEALTHY_AFTER_A_MOMENT = """
import http.server, sys, time
time.sleep(0.5)
class Healthy(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Healthy).serve_forever()
"""


def _stand_in_api() -> EphemeralApi:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api = EphemeralApi()
    api._server = subprocess.Popen(
        [sys.executable, "-c", HEALTHY_AFTER_A_MOMENT, str(port)], start_new_session=True
    )
    api.url = f"http://127.0.0.1:{port}/api"
    return api


def test_work_given_to_the_wait_runs_and_is_done_when_the_api_is_ready():
    api = _stand_in_api()
    done: list[str] = []
    try:
        api.wait_ready(while_waiting=lambda: (time.sleep(1.0), done.append("warm")))
        assert done == ["warm"]
    finally:
        api.stop()


def test_no_work_is_done_while_waiting_when_there_is_nothing_to_wait_for():
    done: list[str] = []
    EphemeralApi().wait_ready(while_waiting=lambda: done.append("warm"))
    assert done == []


def test_temporary_api_skips_block_registration_unless_the_user_asks_for_it():
    defaults = ephemeral_server_environment({"HOME": "/home/analyst"})
    asked = ephemeral_server_environment({"PREFECT_API_BLOCKS_REGISTER_ON_START": "true"})
    assert defaults["PREFECT_API_BLOCKS_REGISTER_ON_START"] == "false"
    assert defaults["PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION"] == "false"
    assert defaults["HOME"] == "/home/analyst"
    assert asked["PREFECT_API_BLOCKS_REGISTER_ON_START"] == "true"
    assert asked["PREFECT__SERVER_EPHEMERAL"] == "1"


def _heartbeat_in(api: EphemeralApi) -> int | None:
    """The heartbeat interval a flow run on ``api`` gets, where Prefect's settings say
    every 180 s (the test session itself runs without heartbeats, see conftest)."""
    from prefect.settings import (
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        get_current_settings,
        temporary_settings,
    )

    with (
        temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: 180}),
        api.flow_settings(),
    ):
        return get_current_settings().flows.heartbeat_frequency


def test_a_run_on_the_temporary_api_sends_no_heartbeats(monkeypatch):
    for name in HEARTBEAT_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    api = EphemeralApi()
    api.url = "http://127.0.0.1:9/api"  # as start() leaves it
    assert _heartbeat_in(api) is None


def test_a_run_on_an_api_the_command_did_not_start_keeps_prefects_heartbeats(monkeypatch):
    for name in HEARTBEAT_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    assert _heartbeat_in(EphemeralApi()) == 180


def test_heartbeats_the_user_configured_are_kept_on_the_temporary_api(monkeypatch):
    monkeypatch.setenv("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "180")
    api = EphemeralApi()
    api.url = "http://127.0.0.1:9/api"
    assert _heartbeat_in(api) == 180


# Which CA file Prefect's clients get while the temporary API runs, and after it stops.
REPORT_CA_FILE = """
import os
from newsdyads.prefect_server import EphemeralApi
api = EphemeralApi()
api.start()
print(os.environ.get("PREFECT_API_SSL_CERT_FILE"), flush=True)
api.stop()
print(os.environ.get("PREFECT_API_SSL_CERT_FILE"), flush=True)
"""


def _ca_file_during_and_after(**settings: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", *TLS_SETTINGS)}
    output = subprocess.run(
        [sys.executable, "-c", REPORT_CA_FILE],
        cwd=ROOT,
        env={**env, **settings},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return output.split()


def test_temporary_api_clients_trust_only_a_certificate_nobody_can_sign_with():
    context = ssl.create_default_context(cafile=str(LOOPBACK_CA_FILE))
    assert context.cert_store_stats()["x509_ca"] == 1
    assert _ca_file_during_and_after() == [str(LOOPBACK_CA_FILE), "None"]


def test_a_ca_file_the_user_configured_is_kept_on_the_temporary_api():
    assert _ca_file_during_and_after(PREFECT_API_SSL_CERT_FILE="/etc/corp-ca.pem") == [
        "/etc/corp-ca.pem",
        "/etc/corp-ca.pem",
    ]


def test_skipping_tls_verification_as_the_user_asked_sets_no_ca_file():
    assert _ca_file_during_and_after(PREFECT_API_TLS_INSECURE_SKIP_VERIFY="true") == [
        "None",
        "None",
    ]


MEMOIZED_SETTINGS = """
from prefect.settings import get_current_settings
from newsdyads.prefect_api_process import memoize_settings_environment
settings = get_current_settings()
before = settings.to_environment_variables(exclude_unset=True)
full_before = settings.to_environment_variables()
memoize_settings_environment()
memoize_settings_environment()
first = settings.to_environment_variables(exclude_unset=True)
first["MUTATED_BY_A_CALLER"] = "1"
again = settings.to_environment_variables(exclude_unset=True)
changed = settings.copy_with_update(updates={"PREFECT_LOGGING_LEVEL": "DEBUG"})
print(again == before, settings.to_environment_variables() == full_before,
      changed.to_environment_variables()["PREFECT_LOGGING_LEVEL"])
"""


def test_api_process_settings_variables_are_computed_once_with_the_same_answers():
    result = subprocess.run(
        [sys.executable, "-c", MEMOIZED_SETTINGS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.split() == ["True", "True", "DEBUG"]
