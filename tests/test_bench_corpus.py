"""Where the benchmark's corpus comes from (bench/generate.py): a machine without the
real corpora or a pools file is told so before any work, never shown a traceback."""

from __future__ import annotations

import gzip
import json
import lzma
import sys
from pathlib import Path

import pytest

import bench.generate as generate_module
from bench.generate import CORPORA, corpus_problem


def _shared_with(tmp_path: Path, corpora: tuple[str, ...]) -> Path:
    shared = tmp_path / "shared"
    for corpus in corpora:
        (shared / corpus).mkdir(parents=True)
    return shared


def test_a_machine_with_every_corpus_can_generate(tmp_path: Path) -> None:
    assert corpus_problem(None, _shared_with(tmp_path, CORPORA)) is None


def test_a_missing_corpus_is_named_with_the_pools_way_out(tmp_path: Path) -> None:
    shared = _shared_with(tmp_path, ("data/reuters21578", "seed"))
    problem = corpus_problem(None, shared)
    assert problem is not None
    assert str(shared / "data/europarl-fr-en") in problem
    assert "reuters21578" not in problem
    assert "--pools FILE" in problem
    assert "POOLS=FILE" in problem


def test_a_pools_file_stands_in_for_the_corpora(tmp_path: Path) -> None:
    pools = tmp_path / "pools.json.xz"
    pools.write_bytes(b"")
    assert corpus_problem(pools, tmp_path / "absent") is None


def test_a_pools_file_that_is_not_there_is_named(tmp_path: Path) -> None:
    problem = corpus_problem(tmp_path / "pools.json.xz", _shared_with(tmp_path, CORPORA))
    assert problem is not None
    assert "no pools file at" in problem


def test_the_generator_command_names_missing_corpora_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(generate_module, "SHARED", tmp_path / "absent")
    monkeypatch.setattr(sys, "argv", ["generate.py", str(tmp_path / "inbox")])
    with pytest.raises(SystemExit) as exit_info:
        generate_module.main()
    assert exit_info.value.code == 1
    error = capsys.readouterr().err
    assert "data/europarl-fr-en" in error
    assert "Traceback" not in error
    assert not (tmp_path / "inbox").exists()


def test_the_generator_command_generates_from_a_pools_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pools = {
        "en": ["Oil prices rose in Saudi Arabia and Norway on Tuesday, traders said."] * 3,
        "fr": ["Le président de la France a reçu le chancelier allemand à Paris."] * 3,
    }
    pools_file = tmp_path / "pools.json.xz"
    pools_file.write_bytes(lzma.compress(json.dumps(pools).encode()))
    monkeypatch.setattr(generate_module, "SHARED", tmp_path / "absent")
    inbox = tmp_path / "inbox"
    monkeypatch.setattr(
        sys, "argv", ["generate.py", str(inbox), "--articles", "40", "--pools", str(pools_file)]
    )
    generate_module.main()
    written = json.loads(capsys.readouterr().out)
    assert written["records"] == 40
    lines = gzip.decompress((inbox / "crawl-00000.jsonl.gz").read_bytes()).splitlines()
    assert len(lines) == 40
