import os
import pickle
from pathlib import Path

import pytest

from tasks.ingest.discover import InboxFiles, discover_inbox, format_of
from tasks.ingest.read import KnownFiles


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.txt", "text"),
        ("a.JSONL", "jsonl"),
        ("a.jsonl.gz", "jsonl.gz"),
        ("r.sgm", "reuters-sgml"),
        ("page.pdf", None),
    ],
)
def test_format_is_chosen_by_suffix(name: str, expected: str | None):
    assert format_of(name) == expected


def test_files_are_found_recursively_with_paths_relative_to_the_inbox(inbox: Path):
    (inbox / "2023" / "01").mkdir(parents=True)
    (inbox / "2023" / "01" / "a.txt").write_text("Title\nBody")
    (inbox / "b.jsonl").write_text("{}")
    assert [f.source_file for f in discover_inbox(inbox)] == ["2023/01/a.txt", "b.jsonl"]


def test_hidden_and_partially_written_files_are_left_for_later(inbox: Path):
    (inbox / ".DS_Store").write_text("x")
    (inbox / "feed.jsonl.part").write_text("{}")
    (inbox / "feed.jsonl.tmp").write_text("{}")
    assert discover_inbox(inbox) == []


def test_unsupported_file_type_is_refused_with_a_reason(inbox: Path):
    (inbox / "scan.pdf").write_bytes(b"%PDF")
    [found] = discover_inbox(inbox)
    assert found.problem == "unsupported file type: scan.pdf"


def test_symlink_leading_outside_the_inbox_is_refused(inbox: Path, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Title\nBody")
    os.symlink(secret, inbox / "link.txt")
    [found] = discover_inbox(inbox)
    assert found.problem == "symbolic link leads outside the inbox"


def test_symlink_inside_the_inbox_is_read(inbox: Path):
    (inbox / "real.txt").write_text("Title\nBody")
    os.symlink(inbox / "real.txt", inbox / "alias.txt")
    assert all(f.problem is None for f in discover_inbox(inbox))


def test_missing_inbox_raises(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        discover_inbox(tmp_path / "nope")


def _visited(argument: object) -> int:
    """How many values Prefect's argument walk (looking for upstream results) visits."""
    from prefect.utilities.collections import visit_collection

    seen: list[object] = []
    visit_collection(argument, seen.append, return_data=False)
    return len(seen)


def test_prefect_passes_a_group_of_files_without_visiting_each(inbox: Path):
    for number in range(50):
        (inbox / f"{number}.txt").write_text("Title\n\nBody")
    files = discover_inbox(inbox)
    assert _visited(files) > 50  # a list: every file and every field
    assert _visited(InboxFiles(files)) == 1


def test_prefect_passes_what_earlier_runs_handled_without_visiting_it():
    known = KnownFiles()
    known.by_sha256 = {f"{number:064x}": f"{number}.txt" for number in range(50)}
    assert _visited(known) == 1


def test_a_group_of_files_survives_pickling_for_a_dask_worker(inbox: Path):
    (inbox / "a.txt").write_text("Title\n\nBody")
    files = InboxFiles(discover_inbox(inbox))
    copy = pickle.loads(pickle.dumps(files))
    assert copy == files
    assert [f.source_file for f in copy] == ["a.txt"]


def test_dask_names_a_group_of_files_after_their_paths_sizes_and_times(inbox: Path):
    from dask.tokenize import tokenize

    (inbox / "a.txt").write_text("Title\n\nBody")
    before = tokenize(InboxFiles(discover_inbox(inbox)))
    assert tokenize(InboxFiles(discover_inbox(inbox))) == before
    (inbox / "a.txt").write_text("Title\n\nA longer body")
    assert tokenize(InboxFiles(discover_inbox(inbox))) != before


def test_dask_names_what_earlier_runs_handled_without_hashing_every_entry():
    import time

    import polars as pl
    from dask.tokenize import tokenize

    known = KnownFiles()
    known.handled = {(f"{number}.txt", f"{number:064x}") for number in range(200_000)}
    started = time.perf_counter()
    token = tokenize(known)
    assert time.perf_counter() - started < 0.2  # hashing the entries took 4 s
    assert tokenize(known) == token
    known.add(
        pl.DataFrame(
            {"source_file": ["new.txt"], "sha256": ["f" * 64], "bytes": [10]}
        ).with_columns(modified_at=pl.lit(None, pl.Datetime("us")))
    )
    assert tokenize(known) != token
