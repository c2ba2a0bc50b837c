"""WARC archives (``.warc``, ``.warc.gz``): the HTML pages a crawler captured.

Read with warcio, record by record from an open stream, so an archive is never held in
memory. Only ``response`` records whose HTTP content type is HTML become articles, each
through the same extractor as a saved page (tasks.ingest.html); requests, metadata,
images and scripts are not articles and are passed over. The target URI is the
article's ``url``; the capture time (WARC-Date) dates it only when the page gives no
date (``date_source = 'warc'``).
"""

from __future__ import annotations

from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from tasks.ingest.html import extract_page, page_record
from tasks.ingest.schema import ParsedFile, quarantine_frame, records_frame

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _is_html_response(record: object) -> bool:
    if getattr(record, "rec_type", None) != "response":
        return False
    headers = getattr(record, "http_headers", None)
    if headers is None:
        return False
    content_type = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return content_type in HTML_TYPES


def parse_warc(source_file: str, stream: IO[bytes], max_page_bytes: int = 5_000_000) -> ParsedFile:
    """Parse the HTML responses of one WARC stream (gzip or not: warcio detects it).

    A page with no main content, or over ``max_page_bytes``, is quarantined as a record
    (keyed by its WARC-Record-ID); a damaged archive keeps the records before the damage
    and quarantines the rest of the file with the reason.
    """
    records: list[dict[str, str | None]] = []
    refused: list[dict[str, str]] = []
    try:
        for record in ArchiveIterator(stream):
            if not _is_html_response(record):
                continue
            key = record.rec_headers.get_header("WARC-Record-ID") or f"offset {stream.tell()}"
            url = record.rec_headers.get_header("WARC-Target-URI")
            payload = record.content_stream().read(max_page_bytes + 1)
            page = extract_page(payload, url=url, max_page_bytes=max_page_bytes)
            if page.problem is not None:
                refused.append(
                    {"source_file": source_file, "record_key": key, "reason": page.problem}
                )
                continue
            row = page_record(source_file, key, "warc", page)
            row["captured_raw"] = record.rec_headers.get_header("WARC-Date")
            records.append(row)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        refused.append(
            {"source_file": source_file, "record_key": "", "reason": f"damaged WARC archive: {exc}"}
        )
    return ParsedFile(
        records=records_frame(records),
        quarantined=quarantine_frame(refused) if refused else quarantine_frame([]),
    )
