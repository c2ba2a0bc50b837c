"""An article's source when the input names none: the registered domain of its URL."""

from __future__ import annotations

import polars as pl

from tasks.ingest.html import registered_domain

_HOST = r"^[A-Za-z][A-Za-z0-9+.\-]*://(?:[^/@?#]*@)?([^/:?#]+)"


def sources_from_urls(urls: pl.Series) -> pl.Series:
    """The registered domain of each URL (``www.bbc.co.uk`` → ``bbc.co.uk``), null when
    there is no URL or no domain. The public suffix list is consulted once per host,
    not once per article."""
    hosts = urls.str.extract(_HOST, 1).str.to_lowercase()
    unique = hosts.drop_nulls().unique().to_list()
    domains = {host: registered_domain(f"http://{host}/") for host in unique}
    return hosts.replace_strict(domains, default=None, return_dtype=pl.String).alias("source")
