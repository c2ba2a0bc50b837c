"""HTML news pages (``.html``, ``.htm``, and pages inside WARC archives).

The main content is found by trafilatura, a maintained extractor that drops
navigation, ads, related links, comments and cookie banners, and reads the page's own
metadata (``<meta>``, JSON-LD, ``<time>``): title, date, site name, canonical URL. Our
cleaner then runs on the extracted text like on any other input.

Limits: a page over ``max_page_bytes`` is refused before parsing; lxml's parser stops
at 256 levels of nesting (libxml2's default, no "huge tree" mode); and a page with more
than ``MAX_ELEMENTS`` elements is not searched for content (trafilatura's
``max_tree_size``), so a hostile page costs bounded time and memory.
"""

from __future__ import annotations

import re
from configparser import ConfigParser
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import lxml.html
import orjson
import tldextract
import trafilatura
from lxml import etree
from trafilatura.settings import use_config

from tasks.ingest.decode import decode_bytes
from tasks.ingest.schema import ParsedFile, quarantine_frame, records_frame

MAX_ELEMENTS = 50_000
"""Pages with more elements than this are not searched for content."""
MIN_TEXT_CHARS = 80
"""Less main text than this is a menu, a caption or a paywall stub, not an article."""


@dataclass(frozen=True)
class Page:
    """What a news page says about itself, and its main text (paragraphs split by a
    blank line); ``problem`` says why there is no text."""

    title: str | None = None
    text: str | None = None
    published_raw: str | None = None
    language: str | None = None
    url: str | None = None
    source: str | None = None
    problem: str | None = None


@cache
def _extraction_config() -> ConfigParser:
    """trafilatura's settings: pages over ``MAX_ELEMENTS`` elements are not searched,
    and no SIGALRM timeout of its own (it fails off the main thread; our limits are on
    size and elements instead)."""
    config = use_config()
    config["DEFAULT"]["MAX_TREE_SIZE"] = str(MAX_ELEMENTS)
    config["DEFAULT"]["EXTRACTION_TIMEOUT"] = "0"
    return config


@cache
def _domains() -> tldextract.TLDExtract:
    # The public suffix list snapshot shipped in the package: never fetched at run time.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(url: str | None) -> str | None:
    """The domain a site registered (``bbc.co.uk`` for ``https://www.bbc.co.uk/news``),
    from the public suffix list; None when the URL has none."""
    if not url:
        return None
    parts = _domains()(url)
    return parts.top_domain_under_public_suffix or None


PUBLISHED_META_XPATH = (
    "//meta[@property='article:published_time' or @name='article:published_time'"
    " or @itemprop='datePublished']/@content"
)
JSON_LD_XPATH = "//script[@type='application/ld+json']/text()"
MAX_JSON_LD_CHARS = 100_000
"""Larger JSON-LD blocks (whole catalogues, not an article's metadata) are not read."""
_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:\d{2})?"
)
"""The forms of a publication time taken from a page: those the cleaner reads as
metadata (``tasks.clean.dates.timestamp_from_metadata``). Anything else is left to
trafilatura's day, which the cleaner reads."""


def _is_timestamp(value: str) -> bool:
    """Whether ``value`` is a real date and time in one of the ``_TIMESTAMP`` forms."""
    if not _TIMESTAMP.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:  # 2023-02-30, 25:00
        return False
    return True


def published_time(tree: lxml.html.HtmlElement) -> str | None:
    """The page's own publication time, where it writes one with a time of day: its
    ``article:published_time`` or ``datePublished`` meta tag, else the first
    ``datePublished`` of its JSON-LD (``2023-02-14T09:30:00+00:00``).

    trafilatura (htmldate) keeps only the day of these, and reads the offset of none:
    a page published Monday 01:00 in Kyiv went into the Monday's week, where a feed
    saying the same went into the Sunday's (UTC).
    """
    for value in tree.xpath(PUBLISHED_META_XPATH):
        if _is_timestamp(str(value).strip()):
            return str(value).strip()
    for block in tree.xpath(JSON_LD_XPATH):
        if len(block) > MAX_JSON_LD_CHARS:
            continue
        try:
            found = _date_published(orjson.loads(str(block)))
        except orjson.JSONDecodeError:
            continue
        if found:
            return found
    return None


def _date_published(value: Any, depth: int = 0) -> str | None:
    """The first ``datePublished`` with a time of day in a JSON-LD value (its
    ``@graph`` and lists searched, a few levels deep)."""
    if depth > 4:
        return None
    if isinstance(value, list):
        items: list[Any] = value
    elif isinstance(value, dict):
        stamp = value.get("datePublished")
        if isinstance(stamp, str) and _is_timestamp(stamp.strip()):
            return stamp.strip()
        items = [item for item in value.values() if isinstance(item, list | dict)]
    else:
        return None
    for item in items:
        found = _date_published(item, depth + 1)
        if found:
            return found
    return None


def _language(tree: lxml.html.HtmlElement) -> str | None:
    """The page's declared language (``<html lang="pt-BR">`` → ``pt``)."""
    declared = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not declared:
        return None
    primary = declared.strip().split("-")[0].split("_")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def extract_page(data: bytes, url: str | None = None, max_page_bytes: int = 5_000_000) -> Page:
    """Extract the main text and metadata of one HTML page (see ``Page``)."""
    if len(data) > max_page_bytes:
        return Page(problem=f"page is {len(data)} bytes, over the limit of {max_page_bytes}")
    html, _ = decode_bytes(data)
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        return Page(problem=f"not parseable HTML ({exc})")
    stamp = published_time(tree)  # before trafilatura, which strips the scripts
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        config=_extraction_config(),
        as_dict=True,
    )
    found: dict[str, Any] = document if isinstance(document, dict) else {}
    text = found.get("text")
    if not text or not text.strip():
        return Page(problem="no main content found in the page")
    title = (found.get("title") or "").strip() or None
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    if sum(len(paragraph) for paragraph in paragraphs) < MIN_TEXT_CHARS:
        return Page(problem="no main content found in the page")
    page_url = url or found.get("url") or None
    return Page(
        title=title,
        text="\n\n".join(paragraphs),
        published_raw=stamp or found.get("date") or None,
        language=_language(tree),
        url=page_url,
        source=registered_domain(page_url) or found.get("sitename") or None,
    )


def parse_html(source_file: str, data: bytes, max_page_bytes: int = 5_000_000) -> ParsedFile:
    """Parse one saved HTML page into one article (``format`` html), or quarantine the
    file with the reason the page gives no article."""
    page = extract_page(data, max_page_bytes=max_page_bytes)
    if page.problem is not None:
        return ParsedFile(
            records=records_frame([]),
            quarantined=quarantine_frame(
                [{"source_file": source_file, "record_key": "", "reason": page.problem}]
            ),
        )
    return ParsedFile(records=records_frame([page_record(source_file, "", "html", page)]))


def page_record(source_file: str, record_key: str, fmt: str, page: Page) -> dict[str, str | None]:
    """A raw record (``RAW_RECORD_SCHEMA``) from an extracted page."""
    return {
        "source_file": source_file,
        "record_key": record_key,
        "format": fmt,
        "title": page.title,
        "text": page.text,
        "published_raw": page.published_raw,
        "language_hint": page.language,
        "source_hint": page.source,
        "url": page.url,
    }
