import os
from pathlib import Path

from tasks.ingest import KnownFiles, ReadLimits, discover_inbox, read_files
from tasks.ingest.read import unchanged_known_files

LIMITS = ReadLimits(max_file_bytes=1_000_000, max_record_chars=100_000)


def _write(inbox: Path, name: str, text: str) -> None:
    (inbox / name).write_text(text, encoding="utf-8")


def test_new_file_is_read_and_fingerprinted(inbox: Path):
    _write(inbox, "a.txt", "Title\n\nBody.\n")
    batch = read_files(discover_inbox(inbox), KnownFiles(), LIMITS)
    row = batch.files.row(0, named=True)
    assert row["status"] == "loaded"
    assert len(row["sha256"]) == 64
    assert row["records_read"] == 1


def test_file_already_loaded_is_skipped(inbox: Path):
    _write(inbox, "a.txt", "Title\n\nBody.\n")
    first = read_files(discover_inbox(inbox), KnownFiles(), LIMITS)
    known = KnownFiles()
    known.add(first.files)
    again = read_files(discover_inbox(inbox), known, LIMITS)
    assert again.files.height == 0
    assert again.skipped_files == 1


def test_same_content_under_another_name_is_a_duplicate_file(inbox: Path):
    _write(inbox, "a.txt", "Title\n\nBody.\n")
    _write(inbox, "copy-of-a.txt", "Title\n\nBody.\n")
    batch = read_files(discover_inbox(inbox), KnownFiles(), LIMITS)
    assert batch.files["status"].to_list() == ["loaded", "duplicate"]
    assert batch.files["duplicate_of"].to_list() == [None, "a.txt"]
    assert batch.records.height == 1


def test_changed_file_with_the_same_name_is_read_again(inbox: Path):
    _write(inbox, "a.txt", "Title\n\nBody.\n")
    known = KnownFiles()
    known.add(read_files(discover_inbox(inbox), KnownFiles(), LIMITS).files)
    _write(inbox, "a.txt", "Title\n\nBody, corrected.\n")
    batch = read_files(discover_inbox(inbox), known, LIMITS)
    assert batch.files["status"].to_list() == ["loaded"]


def test_file_over_the_size_limit_is_quarantined_unread(inbox: Path):
    _write(inbox, "big.txt", "Title\n\n" + "x" * 2000)
    batch = read_files(discover_inbox(inbox), KnownFiles(), ReadLimits(1000, 1000))
    assert batch.files["status"].to_list() == ["quarantined"]
    assert batch.quarantine["reason"][0].startswith("file is 2007 bytes, over the limit")


def test_refused_file_is_not_refused_again_on_the_next_run(inbox: Path):
    (inbox / "scan.pdf").write_bytes(b"%PDF")
    known = KnownFiles()
    known.add(read_files(discover_inbox(inbox), KnownFiles(), LIMITS).files)
    again = read_files(discover_inbox(inbox), known, LIMITS)
    assert again.quarantine.height == 0
    assert again.skipped_files == 1


def test_binary_file_is_quarantined(inbox: Path):
    (inbox / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    batch = read_files(discover_inbox(inbox), KnownFiles(), LIMITS)
    assert batch.quarantine["reason"].to_list() == ["binary content, not text"]
    assert batch.records.height == 0


def test_record_over_the_length_limit_is_quarantined_whatever_its_format(inbox: Path):
    _write(inbox, "long.txt", "Title\n\n" + "word " * 400)
    batch = read_files(discover_inbox(inbox), KnownFiles(), ReadLimits(1_000_000, 1000))
    assert batch.records.height == 0
    assert batch.quarantine.select("record_key", "scope", "reason").rows() == [
        ("record 1", "record", "record longer than 1000 characters")
    ]
    assert batch.files["records_read"].to_list() == [1]


def test_file_whose_parsing_takes_too_long_is_quarantined(inbox: Path, monkeypatch):
    import time

    def slow_parser(source_file: str, data: bytes):
        time.sleep(5)

    monkeypatch.setattr("tasks.ingest.read.parse_plain_text", slow_parser)
    _write(inbox, "slow.txt", "Title\n\nBody.\n")
    started = time.monotonic()
    batch = read_files(discover_inbox(inbox), KnownFiles(), ReadLimits(1_000_000, 1000, 0.2))
    assert time.monotonic() - started < 2
    assert batch.quarantine["reason"].to_list() == ["parsing took longer than 0.2 s"]
    assert batch.files["status"].to_list() == ["quarantined"]


def test_very_long_single_line_is_quarantined_not_loaded(inbox: Path):
    (inbox / "one-line.jsonl").write_text('{"id": "x", "text": "' + "a" * 5_000_000 + '"}')
    batch = read_files(discover_inbox(inbox), KnownFiles(), ReadLimits(50_000_000, 1_000_000))
    assert batch.records.height == 0
    assert batch.quarantine["reason"].to_list() == ["record longer than 1000000 characters"]


def test_copy_recorded_as_duplicate_is_not_recorded_again(inbox: Path):
    _write(inbox, "a.txt", "Title\n\nBody.\n")
    _write(inbox, "copy-of-a.txt", "Title\n\nBody.\n")
    known = KnownFiles()
    known.add(read_files(discover_inbox(inbox), KnownFiles(), LIMITS).files)
    again = read_files(discover_inbox(inbox), known, LIMITS)
    assert again.files.height == 0
    assert again.skipped_files == 2


def _handled(inbox: Path) -> KnownFiles:
    known = KnownFiles()
    known.add(read_files(discover_inbox(inbox), KnownFiles(), LIMITS).files)
    return known


def test_file_with_its_size_and_time_when_read_is_unchanged_without_reading(
    inbox: Path, monkeypatch
):
    _write(inbox, "a.txt", "Title\n\nBody.\n")
    known = _handled(inbox)

    def no_reading(*_args: object) -> None:
        raise AssertionError("an unchanged file was read")

    monkeypatch.setattr("tasks.ingest.read.hashlib.file_digest", no_reading)
    assert unchanged_known_files(discover_inbox(inbox), known) == {"a.txt"}


def test_file_touched_but_not_changed_is_fingerprinted_and_unchanged(inbox: Path):
    _write(inbox, "a.txt", "Title\n\nBody.\n")
    known = _handled(inbox)
    os.utime(inbox / "a.txt", ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    assert unchanged_known_files(discover_inbox(inbox), known) == {"a.txt"}


def test_file_rewritten_with_the_same_size_and_time_is_taken_as_unchanged(inbox: Path):
    """The stamp is trusted (as make and rsync trust it): documents the limit."""
    _write(inbox, "a.txt", "Title\n\nBody.\n")
    before = (inbox / "a.txt").stat()
    known = _handled(inbox)
    _write(inbox, "a.txt", "Title\n\nBODY.\n")
    os.utime(inbox / "a.txt", ns=(before.st_atime_ns, before.st_mtime_ns))
    assert unchanged_known_files(discover_inbox(inbox), known) == {"a.txt"}


def test_file_changed_in_size_or_time_is_not_unchanged(inbox: Path):
    _write(inbox, "a.txt", "Title\n\nBody.\n")
    known = _handled(inbox)
    _write(inbox, "a.txt", "Title\n\nBody, corrected.\n")
    assert unchanged_known_files(discover_inbox(inbox), known) == set()
