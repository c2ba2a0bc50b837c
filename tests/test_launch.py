"""The command's entry point starts Prefect's temporary API only for flow commands, and
leaves without the interpreter's teardown once the command and its exit handlers are done."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newsdyads.launch import COMMAND_MODULES, FLOW_COMMANDS, collector_paused, runs_a_flow


@pytest.mark.parametrize(
    "arguments",
    [["run"], ["run", "--inbox", "samples/inbox"], ["backfill", "--since", "2024-01-01"]],
)
def test_run_and_backfill_start_the_api_before_their_imports(arguments: list[str]):
    assert runs_a_flow(arguments)


@pytest.mark.parametrize(
    "arguments",
    [[], ["--help"], ["run", "--help"], ["query", "select 1"], ["serve"], ["report"]],
)
def test_help_and_commands_without_a_flow_start_nothing(arguments: list[str]):
    assert not runs_a_flow(arguments)


def test_each_flow_command_names_the_modules_it_imports_and_they_exist():
    import importlib.util

    assert set(COMMAND_MODULES) == FLOW_COMMANDS
    for modules in COMMAND_MODULES.values():
        assert all(importlib.util.find_spec(module) is not None for module in modules)


def test_the_collector_is_paused_while_modules_load_and_runs_again_after():
    import gc

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_paused_before_stays_paused_after_the_imports():
    import gc

    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


def test_leaving_runs_the_exit_handlers_and_flushes_output_with_the_status():
    finished = _python(
        "import atexit\n"
        "from newsdyads.launch import exit_now\n"
        "atexit.register(print, 'handler ran')\n"
        "print('summary', end='')\n"
        "exit_now(3)\n"
    )
    assert finished.returncode == 3
    assert finished.stdout == "summaryhandler ran\n"


def test_leaving_with_a_message_prints_it_with_status_one():
    finished = _python("from newsdyads.launch import exit_now\nexit_now('no warehouse')\n")
    assert (finished.returncode, finished.stderr) == (1, "no warehouse\n")


def test_leaving_waits_for_a_thread_still_writing(tmp_path):
    written = tmp_path / "written.txt"
    finished = _python(
        "import threading, time\n"
        "from newsdyads.launch import exit_now\n"
        "def write():\n"
        "    time.sleep(0.3)\n"
        f"    open({str(written)!r}, 'w').write('done')\n"
        "threading.Thread(target=write).start()\n"
        "exit_now(0)\n"
    )
    assert finished.returncode == 0
    assert written.read_text() == "done"


def test_a_profiled_command_still_writes_its_profile(tmp_path):
    script = tmp_path / "command.py"
    script.write_text("from newsdyads.launch import exit_now\nexit_now(0)\n")
    profile = tmp_path / "command.prof"
    finished = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 0
    assert profile.stat().st_size > 0
