"""Scraped plain-text articles: title on the first line, source id on the last."""

from __future__ import annotations

import re

from newsdyads.reference import cleaning_rules
from tasks.ingest.decode import decode_bytes
from tasks.ingest.schema import ParsedFile, quarantine_frame, records_frame


def _source_id_pattern() -> re.Pattern[str]:
    return re.compile(str(cleaning_rules()["source_id_pattern"]))


def parse_plain_text(source_file: str, data: bytes) -> ParsedFile:
    """Parse one scraped article.

    The first non-blank line is the title; a last line that looks like a source id
    (``fr-01``) is the source; every other non-blank line is a paragraph of the body,
    noise included (the cleaner removes it). A file with no text is quarantined.
    """
    text, note = decode_bytes(data)
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return ParsedFile(
            records=records_frame([]),
            quarantined=quarantine_frame(
                [{"source_file": source_file, "record_key": "", "reason": "empty file: no text"}]
            ),
            decode_note=note,
        )
    source = None
    if len(lines) > 1 and _source_id_pattern().fullmatch(lines[-1]):
        source = lines.pop()
    title, paragraphs = lines[0], lines[1:]
    record = {
        "source_file": source_file,
        "record_key": "",
        "format": "text",
        "title": title,
        "text": "\n\n".join(paragraphs),
        "source_hint": source,
    }
    return ParsedFile(records=records_frame([record]), decode_note=note)
