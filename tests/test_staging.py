"""Staged batches: Parquet (articles: Arrow IPC), plain on a local disk (written and read
once, then deleted), lz4-compressed on remote storage where bytes cost more than time."""

from __future__ import annotations

from pathlib import Path

import fsspec
import polars as pl
import pyarrow.parquet as pq

from tasks.publish import stage_batch

BATCH = pl.DataFrame({"source_file": ["a.jsonl"], "record_key": ["k1"], "reason": ["x" * 200]})


def _compression(handle: object) -> str:
    return str(pq.ParquetFile(handle).metadata.row_group(0).column(0).compression)


def test_batch_staged_on_a_local_disk_is_uncompressed(tmp_path: Path):
    stage_batch(tmp_path, "00001-0001", {"quarantine": BATCH})
    assert _compression(tmp_path / "quarantine-00001-0001.parquet") == "UNCOMPRESSED"
    assert pl.read_parquet(tmp_path / "quarantine-00001-0001.parquet").equals(BATCH)


def test_batch_staged_on_remote_storage_is_lz4_compressed():
    stage_batch("memory://staging/run-1", "00001-0001", {"quarantine": BATCH})
    with fsspec.open("memory://staging/run-1/quarantine-00001-0001.parquet", "rb") as handle:
        assert _compression(handle).startswith("LZ4")


def test_articles_are_staged_as_arrow_ipc_that_reads_back_equal(tmp_path: Path):
    articles = pl.DataFrame({"article_id": ["a1"], "body": ["Chile and Peru met."]})
    stage_batch(tmp_path, "00001-0001", {"articles": articles})
    assert pl.read_ipc(tmp_path / "articles-00001-0001.arrow").equals(articles)
