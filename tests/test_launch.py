"""The command's entry point starts Prefect's temporary API only for flow commands."""

from __future__ import annotations

import pytest

from newsdyads.launch import runs_a_flow


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
