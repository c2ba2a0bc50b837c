"""Where the benchmark's corpus comes from (bench/generate.py): a machine without the
real corpora or a pools file is told so before any work, never shown a traceback."""

from __future__ import annotations

from pathlib import Path

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
