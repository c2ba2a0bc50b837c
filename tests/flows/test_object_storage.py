"""The flow on S3-compatible object storage: inbox, Dask workers' staging and the
published Parquet on a local S3 server (moto), with the same tables as a local run."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flows.daily import daily_run
from newsdyads.settings import Settings
from tests.conftest import DATA_TABLES, data_file, table_contents, warehouse_tables

pytestmark = pytest.mark.slow
moto_server = pytest.importorskip("moto.server")
s3fs = pytest.importorskip("s3fs")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def s3_options() -> Iterator[dict[str, Any]]:
    """A local S3-compatible server for this module, and fsspec options to reach it."""
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    options = {
        "key": "testing",
        "secret": "testing",
        "endpoint_url": f"http://127.0.0.1:{port}",
        "client_kwargs": {"region_name": "us-east-1"},
    }
    import boto3

    boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    ).create_bucket(Bucket="newsdyads-test")
    try:
        yield options
    finally:
        server.stop()


@pytest.fixture(scope="module")
def local_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inbox = tmp_path_factory.mktemp("inbox")
    shutil.copy(data_file("seed_fr-01.txt"), inbox / "000_seed.txt")
    shutil.copy(data_file("mixed_good_and_bad.jsonl"), inbox / "feed.jsonl")
    shutil.copy(data_file("reuters_two_records.sgm"), inbox / "reut.sgm")
    (inbox / "wires").mkdir()
    shutil.copy(data_file("wire_en.txt"), inbox / "wires" / "wire_en.txt")
    shutil.copy(data_file("mixed_good_and_bad.jsonl"), inbox / "wires" / "feed-again.jsonl")
    return inbox


def test_dask_run_on_object_storage_publishes_the_tables_of_a_local_run(
    local_files, s3_options, tmp_path
):
    from newsdyads.published import read_table

    local = tmp_path / "local"
    daily_run(Settings(inbox=local_files, warehouse=local, show_progress=False, workers=1))

    fs = s3fs.S3FileSystem(**s3_options)
    fs.put(f"{local_files}/", "newsdyads-test/inbox/", recursive=True)
    summary = daily_run(
        Settings(
            inbox="s3://newsdyads-test/inbox",
            warehouse=tmp_path / "state",
            staging_url="s3://newsdyads-test/runs",
            publish_url="s3://newsdyads-test/warehouse",
            storage_options=s3_options,
            workers=2,
            group_bytes=1,  # a group per file: several Dask tasks
            show_progress=False,
        )
    )

    assert summary.files_loaded == 4
    assert summary.files_duplicate == 1
    published = table_contents(
        {
            table: read_table("s3://newsdyads-test/warehouse", table, s3_options).to_dicts()
            for table in DATA_TABLES
        }
    )
    assert published == warehouse_tables(local)
    assert not fs.exists("newsdyads-test/runs") or not fs.find("newsdyads-test/runs")
