"""The README's "Query the warehouse" examples give the outputs the README shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdyads.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"
EXAMPLE = re.compile(r"```sh\n(newsdyads query .*?)\n```\n\n```text\n(.*?)```", re.DOTALL)


def _examples() -> list[tuple[str, str]]:
    section = README.read_text(encoding="utf-8").split("## Query the warehouse", 1)[1]
    section = section.split("\n## ", 1)[0]
    return EXAMPLE.findall(section)


def test_readme_has_five_query_examples():
    assert len(_examples()) == 5


@pytest.mark.parametrize(("command", "expected"), _examples())
def test_readme_query_gives_the_output_shown(sample_warehouse: Path, command, expected):
    arguments = shlex.split(command)[1:]  # as a shell would split it, without `newsdyads`
    result = CliRunner().invoke(app, [*arguments, "--warehouse", str(sample_warehouse)])
    assert result.exit_code == 0, result.output
    assert result.output == expected
