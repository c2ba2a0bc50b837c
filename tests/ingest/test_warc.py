"""WARC archives: HTML responses become articles, streamed record by record."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tasks.ingest import KnownFiles, ReadLimits, discover_inbox, read_files
from tasks.ingest.warc import parse_warc
from tests.conftest import data_file

PAGE = data_file("news_page.html").read_bytes()
UNDATED = (
    b"<html lang='fr'><body><article><h1>Le Maroc et le Portugal signent un accord</h1>"
    b"<p>Le Maroc et le Portugal ont sign\xc3\xa9 mardi un accord sur l'\xc3\xa9nergie solaire, "
    b"qui pr\xc3\xa9voit la construction d'un c\xc3\xa2ble sous-marin entre les deux pays "
    b"d'ici la fin de la d\xc3\xa9cennie, selon les deux gouvernements.</p>"
    b"<p>Le projet doit relier les centrales du sud marocain au r\xc3\xa9seau europ\xc3\xa9en.</p>"
    b"</article></body></html>"
)


def _response(writer: WARCWriter, uri: str, body: bytes, content_type: str, date: str) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(record)


def write_warc(path: Path, compress: bool = True) -> None:
    """A small crawl: two HTML pages, an image, and a request record."""
    with path.open("wb") as output:
        writer = WARCWriter(output, gzip=compress)
        _response(
            writer,
            "https://www.northernledger.co.uk/world/poland-ukraine-grain",
            PAGE,
            "text/html; charset=utf-8",
            "2023-02-15T08:00:00Z",
        )
        _response(
            writer,
            "https://example.org/logo.png",
            b"\x89PNG....",
            "image/png",
            "2023-02-15T08:00:01Z",
        )
        request = writer.create_warc_record(
            "https://www.lematin.example.ma/accord",
            "request",
            payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
        )
        writer.write_record(request)
        _response(
            writer,
            "https://www.lematin.example.ma/accord",
            UNDATED,
            "text/html",
            "2023-03-01T12:30:00Z",
        )


def test_only_html_responses_become_records(tmp_path: Path):
    write_warc(tmp_path / "crawl.warc.gz")
    with (tmp_path / "crawl.warc.gz").open("rb") as stream:
        parsed = parse_warc("crawl.warc.gz", stream)
    assert parsed.records["url"].to_list() == [
        "https://www.northernledger.co.uk/world/poland-ukraine-grain",
        "https://www.lematin.example.ma/accord",
    ]
    assert parsed.records["format"].unique().to_list() == ["warc"]
    assert parsed.quarantined.height == 0


def test_records_keep_their_warc_ids_and_capture_times(tmp_path: Path):
    write_warc(tmp_path / "crawl.warc", compress=False)
    with (tmp_path / "crawl.warc").open("rb") as stream:
        records = parse_warc("crawl.warc", stream).records
    assert all(key.startswith("<urn:uuid:") for key in records["record_key"])
    assert records["captured_raw"].to_list() == ["2023-02-15T08:00:00Z", "2023-03-01T12:30:00Z"]
    assert records["source_hint"].to_list() == ["northernledger.co.uk", "example.ma"]


def test_truncated_archive_keeps_the_records_before_the_damage(tmp_path: Path):
    write_warc(tmp_path / "crawl.warc", compress=False)
    data = (tmp_path / "crawl.warc").read_bytes()
    cut = data.rfind(b"WARC/1.") + 200
    damaged = io.BytesIO(gzip.compress(data[:cut]))
    parsed = parse_warc("crawl.warc.gz", damaged)
    assert parsed.records.height == 1
    assert parsed.quarantined["reason"].str.starts_with("damaged WARC archive").to_list() == [True]


def test_warc_in_the_inbox_is_read_without_the_whole_file_limit(inbox: Path):
    write_warc(inbox / "crawl.warc.gz")
    limits = ReadLimits(max_file_bytes=100, max_record_chars=1_000_000)
    batch = read_files(discover_inbox(inbox), KnownFiles(), limits)
    assert batch.files["status"].to_list() == ["loaded"]
    assert batch.records.height == 2
