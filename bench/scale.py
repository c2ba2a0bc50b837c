"""Scale-out benchmark: the same cold run on Dask clusters of 1, 2, 4, 8, 16 workers.

For each worker count a Dask cluster is started here (one single-threaded worker
process per worker, as a cluster node would run them) and `newsdyads run
--dask-address` loads the same generated inbox into its own empty warehouse; a
one-process run without Dask (`--workers 1`) gives the reference tables. Reports wall
seconds, the process stage's seconds (the part Dask spreads over workers; discovery,
loading and publishing stay on the flow's machine), both speed-ups over one worker, and
whether each run's tables equal the one-process run's.

Usage: `make bench-scale`, or `python bench/scale.py --articles 320000 --workers
1,2,4,8,16`. Needs ../shared/data, or a pools file written by `bench/generate.py FILE
--export-pools N` (`--pools FILE`) on a machine without it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generate import SHARD_ARTICLES, corpus_problem, generate, load_pools  # noqa: E402
from bench.run import run_pipeline  # noqa: E402
from bench.targets import SCALE_TARGETS, check_targets, machine, machine_line, target_lines  # noqa: E402
from newsdyads.prefect_env import configure_prefect  # noqa: E402
from newsdyads.runners import local_cluster_kwargs  # noqa: E402
from tasks.publish import PARQUET_TABLES  # noqa: E402

RUN_TABLES = frozenset({"pipeline_runs"})
"""Published tables that describe the run itself (its clock and timings)."""
RUN_COLUMNS = frozenset({"run_id", "started_at", "finished_at", "duration_s", "modified_at"})
"""Columns that differ between two runs by design (the run's id and clock)."""

_POOLS: dict[str, list[str]] = {}


def _generate_shard(
    inbox: Path, number: int, articles: int, pools_file: Path | None
) -> dict[str, int]:
    """Shard ``number`` of the corpus (its own seed and record numbers), in a pool process."""
    if not _POOLS:
        _POOLS.update(load_pools(pools_file))
    first = number * SHARD_ARTICLES
    count = min(SHARD_ARTICLES, articles - first)
    return generate(inbox, count, seed=1000 + number, first_number=first, pools=_POOLS)


def generate_inbox(inbox: Path, articles: int, pools_file: Path | None) -> dict[str, int]:
    """The corpus, one shard per process task (every core busy), cached by size."""
    marker = inbox / "_GENERATED"
    if marker.exists():
        written: dict[str, int] = json.loads(marker.read_text())
        return written
    problem = corpus_problem(pools_file)
    if problem is not None:
        sys.exit(problem)
    shutil.rmtree(inbox, ignore_errors=True)
    inbox.mkdir(parents=True)
    totals: dict[str, int] = {}
    shards = -(-articles // SHARD_ARTICLES)
    with ProcessPoolExecutor() as pool:
        futures = [
            pool.submit(_generate_shard, inbox, number, articles, pools_file)
            for number in range(shards)
        ]
        for future in futures:
            for key, value in future.result().items():
                totals[key] = totals.get(key, 0) + value
    marker.write_text(json.dumps(totals))
    return totals


def table_fingerprints(warehouse: Path) -> str:
    """A digest of each table's row count and order-free sum of row hashes, run columns
    left out: equal digests mean equal tables (up to a hash collision)."""
    import duckdb

    prints: dict[str, list[int]] = {}
    path = str(warehouse / "newsdyads.duckdb")
    with duckdb.connect(path, read_only=True) as connection:
        for table in sorted(set(PARQUET_TABLES) - RUN_TABLES):
            columns = [
                name
                for (name,) in connection.execute(
                    "select column_name from information_schema.columns"
                    " where table_name = ? order by column_name",
                    [table],
                ).fetchall()
                if name not in RUN_COLUMNS
            ]
            hashed = ", ".join(f'"{name}"' for name in columns)
            ((rows, hashes),) = connection.sql(
                f'select count(*), coalesce(sum(hash({hashed})), 0) from "{table}"'
            ).fetchall()
            prints[table] = [int(rows), int(hashes)]
    return hashlib.sha256(json.dumps(prints, sort_keys=True).encode()).hexdigest()[:16]


def run_on_cluster(inbox: Path, warehouse: Path, workers: int) -> tuple[dict[str, Any], float]:
    """A cold run on a fresh local Dask cluster of ``workers`` processes."""
    from distributed import LocalCluster

    # Started as `newsdyads run --workers N` starts its own (same options).
    with LocalCluster(**local_cluster_kwargs(workers)) as cluster:  # type: ignore[no-untyped-call]
        summary, wall, _ = run_pipeline(inbox, warehouse, 0, dask_address=cluster.scheduler_address)
    return summary, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=320_000)
    parser.add_argument("--workers", default="1,2,4,8,16", help="comma-separated counts")
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / ".work")
    parser.add_argument("--pools", type=Path, help="pools file (bench/generate.py --export-pools)")
    parser.add_argument("--out", type=Path, help="also write each result line to this file")
    args = parser.parse_args()
    counts = [int(count) for count in args.workers.split(",")]
    described = machine()
    print(f"machine: {machine_line(described)}", flush=True)
    configure_prefect()  # the cluster's workers inherit the quiet logging defaults

    inbox = args.workdir / f"scale-inbox-{args.articles}"
    started = time.perf_counter()
    corpus = generate_inbox(inbox, args.articles, args.pools)
    print(
        f"corpus: {corpus['records']:,} records in {corpus['shards']} shards "
        f"({corpus['bytes'] / 2**20:,.0f} MB gz), {time.perf_counter() - started:.0f}s; "
        f"{os.cpu_count()} CPUs",
        flush=True,
    )

    results: list[dict[str, Any]] = []

    def record(result: dict[str, Any]) -> None:
        results.append(result)
        line = json.dumps(result)
        print(line, flush=True)
        if args.out:
            with args.out.open("a") as out:
                out.write(line + "\n")

    def measure(run: str, workers: int, warehouse: Path, dask: bool) -> None:
        if dask:
            summary, wall = run_on_cluster(inbox, warehouse, workers)
        else:
            summary, wall, _ = run_pipeline(inbox, warehouse, workers)
        record(
            {
                "run": run,
                "workers": workers,
                "wall_s": round(wall, 2),
                "process_s": round(summary["stage_seconds"]["process"], 2),
                "records_read": summary["records_read"],
                "articles_loaded": summary["articles_loaded"],
                "tables_digest": table_fingerprints(warehouse),
                "stage_seconds": summary["stage_seconds"],
            }
        )
        shutil.rmtree(warehouse, ignore_errors=True)

    for workers in counts:
        measure(f"dask-{workers}", workers, args.workdir / f"scale-warehouse-{workers}", True)
    # The reference: one process, no Dask (last, the slowest run).
    measure("one-process", 1, args.workdir / "scale-warehouse-local", False)

    base, local = results[0], results[-1]
    print(f"\n{'run':<14}{'wall s':>9}{'process s':>11}{'speed-up':>10}{'process ×':>11}  tables")
    for result in results:
        same = result["tables_digest"] == local["tables_digest"]
        print(
            f"{result['run']:<14}{result['wall_s']:>9.1f}{result['process_s']:>11.1f}"
            f"{base['wall_s'] / result['wall_s']:>10.2f}"
            f"{base['process_s'] / result['process_s']:>11.2f}"
            f"  {'same as one-process' if same else 'DIFFERENT'}"
        )
    summary: dict[str, Any] = {
        "articles": args.articles,
        "cpus": os.cpu_count(),
        "machine": described,
        "speedup_wall": {r["run"]: round(base["wall_s"] / r["wall_s"], 2) for r in results},
        "speedup_process": {
            r["run"]: round(base["process_s"] / r["process_s"], 2) for r in results
        },
        "tables_identical": len({r["tables_digest"] for r in results}) == 1,
    }
    # Speed-ups are over the first run: the targets are over one worker.
    summary["targets"] = check_targets(summary, SCALE_TARGETS) if base["run"] == "dask-1" else []
    if summary["targets"]:
        print(f"\ntargets (issue 5, set for 16 cores; this machine has {described['cpus']}):")
        for line in target_lines(summary["targets"]):
            print(line)
    record(summary)


if __name__ == "__main__":
    main()
