"""Ten thousand bad files in one inbox: the run finishes and accounts for every one."""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from flows.daily import daily_run
from newsdyads.settings import Settings

pytestmark = pytest.mark.slow

FILES = 10_000
MAX_FILE_BYTES = 300_000
MAX_RECORD_CHARS = 20_000


def _vocabulary(size: int = 5_000) -> list[str]:
    rng = random.Random(7)
    return [
        "".join(rng.choices("abcdefghijklmnopqrstuvwxyzéàüñ", k=rng.randint(1, 9)))
        for _ in range(size)
    ]


_VOCABULARY = _vocabulary()
"""Random words, drawn once. Drawing each of the inbox's ~900,000 words letter by
letter (and compressing each bomb again) made writing the inbox take 12-14 s; 2.8 s."""


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choices(_VOCABULARY, k=n))


def _random_bytes(rng: random.Random) -> tuple[str, bytes]:
    return ".txt", rng.randbytes(rng.randint(0, 3000))


def _empty(rng: random.Random) -> tuple[str, bytes]:
    return rng.choice([".txt", ".jsonl", ".sgm", ".jsonl.gz"]), b""


def _invalid_utf8(rng: random.Random) -> tuple[str, bytes]:
    return ".txt", ("Titre\n\n" + _words(rng, 40)).encode() + b"\xff\xfe\xc3(" + b" fin\nfr-01"


def _legacy_encoding(rng: random.Random) -> tuple[str, bytes]:
    return ".txt", ("Café à Genève\n\n" + _words(rng, 30)).encode("cp1252")


def _jsonl_mixed(rng: random.Random) -> tuple[str, bytes]:
    lines = []
    for i in range(rng.randint(1, 8)):
        kind = rng.random()
        if kind < 0.4:
            lines.append(
                json.dumps(
                    {
                        "id": f"{rng.random()}",
                        "title": _words(rng, 5),
                        "text": _words(rng, 30),
                        "published": "2023-13-45",
                    }
                )
            )
        elif kind < 0.6:
            lines.append('{"id": "' + str(i) + '", "text": "cut off')
        elif kind < 0.7:
            lines.append(json.dumps([1, 2, {"text": "x"}]))
        elif kind < 0.8:
            lines.append(json.dumps({"id": str(i), "title": None, "text": ""}))
        elif kind < 0.9:
            lines.append(json.dumps({"id": str(i), "text": "x" * (MAX_RECORD_CHARS + 10)}))
        else:
            lines.append(rng.randbytes(30).decode("latin-1"))
    return ".jsonl", "\n".join(lines).encode("utf-8", errors="replace")


def _truncated_gzip(rng: random.Random) -> tuple[str, bytes]:
    data = gzip.compress(
        b"".join(
            json.dumps({"id": str(i), "text": _words(rng, 20)}).encode() + b"\n" for i in range(50)
        ),
        mtime=0,
    )
    return ".jsonl.gz", data[: rng.randint(10, len(data) - 1)]


# mtime=0: the same bytes every time (gzip's header holds the time by default), as the
# seeded generator intends; one bomb per group is parsed, the others are its copies.
_GZIP_BOMB = gzip.compress(b"{}\n" * (MAX_FILE_BYTES // 2), mtime=0)


def _gzip_bomb(rng: random.Random) -> tuple[str, bytes]:
    return ".jsonl.gz", _GZIP_BOMB


def _garbage_gzip(rng: random.Random) -> tuple[str, bytes]:
    return ".jsonl.gz", b"\x1f\x8b" + rng.randbytes(200)


def _broken_sgml(rng: random.Random) -> tuple[str, bytes]:
    parts = [
        f'<REUTERS NEWID="{rng.randint(1, 99999)}">',
        "<DATE>31-FEB-1987 99:99</DATE>",
        "<TITLE>",
        _words(rng, 4),
        "</TITLE>",
        "<BODY>",
        _words(rng, 20),
        "</REUTERS>",
        "<TEXT>",
        "&#3;",
        "</BODY>",
    ]
    rng.shuffle(parts)
    return ".sgm", "".join(parts).encode()


def _sgml_without_body(rng: random.Random) -> tuple[str, bytes]:
    return ".sgm", (
        f'<REUTERS NEWID="{rng.randint(1, 99999)}"><DATE>9-MAR-1987 04:58:41.12'
        "</DATE><TEXT>&#2;\n&#3;</TEXT></REUTERS>"
    ).encode()


def _undated_unknown_language(rng: random.Random) -> tuple[str, bytes]:
    return ".txt", ("Xq zzkv\n\n" + _words(rng, 25)).encode()


def _unsupported(rng: random.Random) -> tuple[str, bytes]:
    return rng.choice([".pdf", ".docx", ".exe", ""]), rng.randbytes(100)


def _binary_as_jsonl(rng: random.Random) -> tuple[str, bytes]:
    return ".jsonl", b"\x00\x01\x02" + rng.randbytes(500)


def _oversized(rng: random.Random) -> tuple[str, bytes]:
    return ".txt", b"Title\n\n" + b"a" * (MAX_FILE_BYTES + 1)


MAKERS: list[Callable[[random.Random], tuple[str, bytes]]] = [
    _random_bytes,
    _empty,
    _invalid_utf8,
    _legacy_encoding,
    _jsonl_mixed,
    _truncated_gzip,
    _gzip_bomb,
    _garbage_gzip,
    _broken_sgml,
    _sgml_without_body,
    _undated_unknown_language,
    _unsupported,
    _binary_as_jsonl,
    _oversized,
]


def _make_inbox(inbox: Path, outside: Path) -> int:
    """Write FILES bad files (plus duplicates, links out, files still being written)."""
    rng = random.Random(20231)
    written = 0
    contents: list[bytes] = []
    for number in range(FILES):
        folder = inbox / f"batch{number % 20:02d}"
        folder.mkdir(exist_ok=True)
        if number % 97 == 0 and contents:  # the same content delivered again
            (folder / f"again{number}.txt").write_bytes(rng.choice(contents))
        elif number % 251 == 0:  # a link leading out of the inbox
            (folder / f"link{number}.txt").symlink_to(outside)
        else:
            suffix, data = rng.choice(MAKERS)(rng)
            (folder / f"f{number}{suffix}").write_bytes(data)
            if suffix == ".txt" and len(contents) < 50:
                contents.append(data)
        written += 1
    (inbox / "batch00" / "incoming.jsonl.part").write_bytes(b'{"id": "1"')  # still being written
    return written


def test_ten_thousand_bad_files_are_all_accounted_for(tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_text("Secret\n\nNot for the warehouse.")
    written = _make_inbox(inbox, outside)
    assert written >= 10_000
    warehouse = tmp_path / "warehouse"
    summary = daily_run(
        Settings(
            inbox=inbox,
            warehouse=warehouse,
            show_progress=False,
            max_file_bytes=MAX_FILE_BYTES,
            max_record_chars=MAX_RECORD_CHARS,
        )
    )
    assert summary.status == "succeeded"
    assert summary.files_seen == written  # the .part file is left for a later run
    assert summary.files_loaded + summary.files_duplicate + summary.files_quarantined == written
    assert summary.records_read == (
        summary.articles_loaded + summary.duplicates + summary.quarantined_records
    )
    with duckdb.connect(str(warehouse / "newsdyads.duckdb"), read_only=True) as connection:
        statuses = dict(
            connection.sql("select status, count(*) from input_files group by status").fetchall()
        )
        unexplained = connection.sql(
            "select count(*) from input_files f where status = 'quarantined' and not exists "
            "(select 1 from quarantine q where q.source_file = f.source_file)"
        ).fetchall()
    assert sum(statuses.values()) == written
    assert unexplained == [(0,)]
    assert min(statuses["duplicate"], statuses["quarantined"], statuses["loaded"]) > 0
