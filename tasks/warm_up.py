"""Load what a process's first batch of articles would load, on two sample articles.

A process's first batch pays once for what later batches reuse: numba loading the
compiled kernels from its cache (~0.7 s), fastText's model, the country patterns of
each language met. A daily run processes its few files in the command's own process,
right after waiting for Prefect's temporary API, which starts at the same time as the
command (newsdyads.launch) but is ready after the command's imports (a wait of 1.3 s
on a 2-core laptop). ``warm_up`` runs the real cleaning and enrichment on a sample
meanwhile (``EphemeralApi.wait_ready(while_waiting=...)``), on the core the wait leaves
idle; a run whose inbox goes to Dask workers loses nothing but that idle time.

A run with no API start to wait for (PREFECT_API_URL configured: a scheduled run under
`newsdyads serve`, or a command against a running server) warms up in the background
instead, from the flow's start (``warm_up_in_background``), while the flow run is
created and the inbox is listed; its first batch took ~2 s longer than a command's
without it.
"""

from __future__ import annotations

import json
import logging
import threading

import polars as pl

from tasks.clean import clean_records
from tasks.enrich import add_languages, match_countries
from tasks.enrich.stories import story_bands
from tasks.ingest.jsonl import JSON_KEY_OF_COLUMN, parse_jsonl

logger = logging.getLogger(__name__)

_WARMING = threading.Event()
"""Set once this process has started a warm-up: a later one in the background is
skipped (two runs of a flow in one process, or after the command's own)."""

SAMPLE_RECORDS: list[dict[str, str | None]] = [
    {
        "source_file": "warm-up.jsonl",
        "record_key": "1",
        "format": "jsonl",
        "title": "Germany and France agree on a new energy partnership",
        "text": (
            "BERLIN (Reuters) - Germany and France signed an agreement on Monday to link "
            "their power grids more closely, officials said.\n\n"
            "The deal follows talks in Paris last month with Spain and Italy."
        ),
        "published_raw": "2024-03-04T10:15:00Z",
        "source_hint": "warm-up",
    },
    {
        "source_file": "warm-up.jsonl",
        "record_key": "2",
        "format": "jsonl",
        "title": "Le Maroc et l'Algérie relancent le dialogue",
        "text": (
            "Les ministres des Affaires étrangères du Maroc et de l'Algérie se sont "
            "rencontrés mardi à Genève, sous l'égide de la Suisse.\n\n"
            "La rencontre a duré plus de trois heures, selon un communiqué."
        ),
        "published_raw": "5 mars 2024",
        "source_hint": "warm-up",
    },
]
"""Two short articles, in English and French, naming countries in text and dateline."""

SAMPLE_JSON_LINES = "".join(
    json.dumps({key: record.get(column) for column, key in JSON_KEY_OF_COLUMN.items()}) + "\n"
    for record in SAMPLE_RECORDS
).encode("utf-8")
"""``SAMPLE_RECORDS`` as an inbox's JSON Lines file: the warm-up reads them as a shard's
lines are read (the compiled JSON Lines pass is one of the kernels to load)."""


def process_sample(sample_chars: int, min_confidence: float) -> pl.DataFrame:
    """Read ``SAMPLE_JSON_LINES`` as a shard, then clean and enrich its records as a
    batch would be, with the run's language settings; returns the countries found.

    Every compiled kernel a run calls is called here with the argument types a run
    gives it, so this is also what ``newsdyads compile`` runs to fill numba's cache.
    """
    records = parse_jsonl(
        "warm-up.jsonl",
        SAMPLE_JSON_LINES,
        compressed=False,
        max_bytes=len(SAMPLE_JSON_LINES),
        max_record_chars=len(SAMPLE_JSON_LINES),
    ).records
    cleaned = clean_records(records)
    articles = add_languages(cleaned, sample_chars, min_confidence)
    story_bands(articles)
    return match_countries(articles)


def warm_up(sample_chars: int, min_confidence: float) -> pl.DataFrame:
    """``process_sample``, marking this process as warmed up; returns the countries
    found (for tests: proof that matching ran). Never raises: a warm-up that fails
    only leaves the first batch to pay, and the batch reports what is wrong."""
    _WARMING.set()
    try:
        return process_sample(sample_chars, min_confidence)
    except Exception:  # an optimization only: the run itself reports real errors
        logger.debug("warm-up failed", exc_info=True)
        return pl.DataFrame()


def warm_up_in_background(sample_chars: int, min_confidence: float) -> threading.Thread | None:
    """Start ``warm_up`` in a daemon thread, unless this process has started one already
    (the command's own warm-up while Prefect's temporary API started); returns it.

    The batch that comes while it runs waits where it needs what is still loading
    (numba compiles and loads one kernel at a time, under its lock), so nothing is
    loaded twice but a cached table at worst.
    """
    if _WARMING.is_set():
        return None
    _WARMING.set()
    thread = threading.Thread(
        target=warm_up, args=(sample_chars, min_confidence), name="warm-up", daemon=True
    )
    thread.start()
    return thread


__all__ = ["SAMPLE_RECORDS", "process_sample", "warm_up", "warm_up_in_background"]
