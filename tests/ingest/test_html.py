"""HTML pages: only the article's text remains, with the page's own metadata."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.clean.dates import timestamp_from_metadata
from tasks.ingest import KnownFiles, ReadLimits, discover_inbox, read_files
from tasks.ingest.html import extract_page, parse_html, registered_domain
from tests.conftest import data_file

PAGE = data_file("news_page.html").read_bytes()


def test_page_keeps_the_article_body_only():
    text = extract_page(PAGE).text or ""
    assert text.startswith("Poland and Ukraine signed an agreement on Tuesday")
    assert text.endswith("off the domestic market.")
    for noise in ("cookies", "Advertisement", "Related stories", "Brazil", "Canada", "©", "Home"):
        assert noise not in text, noise


def test_page_metadata_comes_from_the_page():
    page = extract_page(PAGE)
    assert page.title == "Poland and Ukraine sign grain transit deal"
    assert page.published_raw == "2023-02-14T09:30:00+00:00"
    assert page.language == "en"
    assert page.url == "https://www.northernledger.co.uk/world/2023/02/14/poland-ukraine-grain"
    assert page.source == "northernledger.co.uk"


def _page_with_head(head: str, url_date: str = "2023/02/13") -> bytes:
    body = "<p>" + "Kyiv and Warsaw agreed on a new grain corridor on Monday. " * 4 + "</p>"
    return (
        f"<html><head><title>Grain corridor</title>{head}"
        f'<link rel="canonical" href="https://news.example.com/{url_date}/grain"></head>'
        f"<body><article>{body}</article></body></html>"
    ).encode()


def test_published_time_meta_tag_keeps_its_time_and_offset():
    head = '<meta property="article:published_time" content="2023-02-13T01:15:00+02:00">'
    assert extract_page(_page_with_head(head)).published_raw == "2023-02-13T01:15:00+02:00"


def test_json_ld_graph_gives_the_publication_time():
    head = (
        '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
        '{"@type": "NewsArticle", "datePublished": "2023-02-13T01:15:00+02:00"}]}</script>'
    )
    assert extract_page(_page_with_head(head)).published_raw == "2023-02-13T01:15:00+02:00"


@pytest.mark.parametrize(
    "stamp",
    [
        "2023-02-13T01:15:00+02:00",
        "2023-02-13T01:15:00.250Z",
        "2023-02-13T01:15",
        "2023-02-13T01:15+02:00",
        "2023-02-13T01:15:00",
    ],
)
def test_each_publication_time_taken_from_a_page_is_read_by_the_cleaner(stamp: str):
    head = f'<meta property="article:published_time" content="{stamp}">'
    taken = extract_page(_page_with_head(head)).published_raw
    assert taken == stamp
    read = pl.DataFrame({"v": [taken]}).select(timestamp_from_metadata(pl.col("v"))).item()
    assert read is not None


@pytest.mark.parametrize("stamp", ["2023-02-30T01:15:00", "2023-02-13 01:15 +0200", "Monday"])
def test_a_publication_time_the_cleaner_cannot_read_leaves_the_day(stamp: str):
    head = f'<meta property="article:published_time" content="{stamp}">'
    assert extract_page(_page_with_head(head)).published_raw == "2023-02-13"


def test_page_without_a_time_of_day_keeps_the_day_it_gives():
    head = '<script type="application/ld+json">{"datePublished": "not a date"</script>'
    assert extract_page(_page_with_head(head)).published_raw == "2023-02-13"


def test_paragraphs_are_separated_by_a_blank_line():
    assert (extract_page(PAGE).text or "").count("\n\n") == 3


def test_page_without_main_content_is_quarantined():
    empty = b"<html><body><nav><a href='/'>Home</a></nav><footer>(c) 2023</footer></body></html>"
    parsed = parse_html("menu.html", empty)
    assert parsed.records.height == 0
    assert parsed.quarantined["reason"].to_list() == ["no main content found in the page"]


def test_page_over_the_size_limit_is_refused_unparsed():
    page = extract_page(PAGE, max_page_bytes=1000)
    assert page.problem == f"page is {len(PAGE)} bytes, over the limit of 1000"


def test_deeply_nested_page_is_handled_within_limits():
    nested = (
        b"<html><body>" + b"<div>" * 5000 + b"<p>deep</p>" + b"</div>" * 5000 + b"</body></html>"
    )
    page = extract_page(nested)
    assert page.problem is not None or page.text is not None


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_page_or_a_reason(data: bytes):
    page = extract_page(data)
    assert (page.problem is None) == bool(page.text)


def test_registered_domain_uses_the_public_suffix_list():
    assert registered_domain("https://news.bbc.co.uk/x") == "bbc.co.uk"
    assert registered_domain("https://www.lemonde.fr/") == "lemonde.fr"
    assert registered_domain(None) is None


def test_html_file_in_the_inbox_is_read_as_one_article(inbox: Path):
    (inbox / "ledger.html").write_bytes(PAGE)
    batch = read_files(discover_inbox(inbox), KnownFiles(), ReadLimits(10_000_000, 1_000_000))
    row = batch.records.row(0, named=True)
    assert row["format"] == "html"
    assert row["source_hint"] == "northernledger.co.uk"
    assert row["language_hint"] == "en"
