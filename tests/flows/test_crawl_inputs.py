"""An inbox mixing every input format loads in one run, each article with its source,
URL where there is one, and where its date came from."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import duckdb
import pytest

from flows.daily import daily_run
from newsdyads.settings import Settings
from tests.conftest import data_file
from tests.ingest.test_warc import write_warc


@pytest.fixture(scope="module")
def mixed_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mixed")
    inbox = root / "inbox"
    inbox.mkdir()
    shutil.copy(data_file("seed_fr-01.txt"), inbox / "000_seed.txt")
    (inbox / "feed.jsonl.gz").write_bytes(
        gzip.compress(data_file("mixed_good_and_bad.jsonl").read_bytes())
    )
    shutil.copy(data_file("reuters_two_records.sgm"), inbox / "reut2-000.sgm")
    shutil.copy(data_file("news_page.html"), inbox / "ledger.html")
    write_warc(inbox / "crawl.warc.gz")
    daily_run(Settings(inbox=inbox, warehouse=root / "warehouse", show_progress=False))
    return root / "warehouse"


def _articles(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse / "newsdyads.duckdb"), read_only=True) as db:
        rows = db.sql(
            "select format, source, url, date_source from articles order by format, url"
        ).fetchall()
    by_format: dict[str, list[tuple]] = {}
    for fmt, *rest in rows:
        by_format.setdefault(fmt, []).append(tuple(rest))
    return by_format


def test_every_format_loads_in_one_run(mixed_warehouse: Path):
    assert sorted(_articles(mixed_warehouse)) == [
        "html",
        "jsonl",
        "reuters-sgml",
        "text",
        "warc",
    ]


def test_html_page_has_its_site_as_source_and_its_canonical_url(mixed_warehouse: Path):
    assert _articles(mixed_warehouse)["html"] == [
        (
            "northernledger.co.uk",
            "https://www.northernledger.co.uk/world/2023/02/14/poland-ukraine-grain",
            "metadata",
        )
    ]


def test_warc_pages_keep_their_uri_and_are_dated_by_the_capture_only_without_a_date(
    mixed_warehouse: Path,
):
    assert _articles(mixed_warehouse)["warc"] == [
        ("example.ma", "https://www.lematin.example.ma/accord", "warc"),
        (
            "northernledger.co.uk",
            "https://www.northernledger.co.uk/world/poland-ukraine-grain",
            "metadata",
        ),
    ]


def test_plain_text_keeps_its_source_id(mixed_warehouse: Path):
    assert _articles(mixed_warehouse)["text"] == [("fr-01", None, "text")]


def test_sources_table_counts_articles_per_source(mixed_warehouse: Path):
    with duckdb.connect(str(mixed_warehouse / "newsdyads.duckdb"), read_only=True) as db:
        rows = dict(db.sql("select source, articles from sources").fetchall())
    assert rows["northernledger.co.uk"] == 2
    assert rows["fr-01"] == 1
