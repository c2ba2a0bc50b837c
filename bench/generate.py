"""Generate a realistic benchmark inbox from real text (needs ../shared/data).

Articles are assembled from Reuters-21578 bodies (English), Europarl sentences (English
and French) and the seed article, with a log-normal length distribution (median ~3 KB),
dates spread over two years, ~10% exact or near duplicates, ~0.5% bad records, written
as .jsonl.gz shards of the size a daily crawl produces. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
import random
import re
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SHARD_ARTICLES = 10_000
MEDIAN_CHARS = 3_000
START = datetime(2022, 1, 3)
DAYS = 730


REUTERS = "data/reuters21578"
EUROPARL = "data/europarl-fr-en"
SEED = "seed"
CORPORA = (REUTERS, EUROPARL, SEED)
"""The folders under ../shared that ``load_sources`` reads (``corpus_problem`` asks
for them before any work)."""


def load_sources(shared: Path) -> dict[str, list[str]]:
    """Paragraph pools per language from the real corpora."""
    reuters: list[str] = []
    for path in sorted((shared / REUTERS).glob("*.sgm")):
        text = path.read_text(encoding="latin-1")
        for body in re.findall(r"<BODY>(.*?)</BODY>", text, re.S):
            body = re.sub(r"&#\d+;|\s*Reuter\s*$", "", body).replace("&lt;", "<")
            reuters.extend(p.strip().replace("\n", " ") for p in body.split("\n    ") if p.strip())
    europarl = shared / EUROPARL
    english = (europarl / "europarl-v7.fr-en.en").read_text(encoding="utf-8").splitlines()
    french = (europarl / "europarl-v7.fr-en.fr").read_text(encoding="utf-8").splitlines()
    seed = [
        line.strip()
        for line in next((shared / SEED).glob("*.txt")).read_text(encoding="utf-8").splitlines()
        if len(line.strip()) > 40
    ]
    return {"en": reuters + english, "fr": french + seed}


def export_pools(path: Path, per_language: int, seed: int = 7) -> dict[str, int]:
    """Write a random sample of the paragraph pools to ``path`` (xz-compressed JSON).

    For generating a corpus on a machine without ../shared/data (a lent benchmark
    machine): the file travels with the command and never enters the repository.
    """
    rng = random.Random(seed)
    pools = load_sources(SHARED)
    sample = {
        language: rng.sample(pool, min(per_language, len(pool))) for language, pool in pools.items()
    }
    path.write_bytes(lzma.compress(json.dumps(sample, ensure_ascii=False).encode()))
    return {language: len(pool) for language, pool in sample.items()}


def corpus_problem(pools_file: Path | None, shared: Path = SHARED) -> str | None:
    """Why this machine cannot generate the corpus, in words for the person running the
    benchmark (None when it can): the corpora must be under ``shared``, or a pools file
    given. Asked before any work, so a missing corpus ends the benchmark with that
    sentence instead of a traceback minutes in."""
    if pools_file is not None:
        if pools_file.is_file():
            return None
        return f"no pools file at {pools_file} (bench/generate.py FILE --export-pools N)"
    missing = [str(shared / corpus) for corpus in CORPORA if not (shared / corpus).is_dir()]
    if not missing:
        return None
    return (
        f"the benchmark corpus is generated from {', '.join(missing)}, which this machine "
        "lacks: run the benchmark where ../shared is beside the project, or give it a pools "
        "file (--pools FILE, or make bench POOLS=FILE) written where ../shared is by "
        "bench/generate.py FILE --export-pools N"
    )


def load_pools(path: Path | None) -> dict[str, list[str]]:
    """The paragraph pools: from a file written by :func:`export_pools`, else from the
    real corpora under ../shared/data."""
    if path is None:
        return load_sources(SHARED)
    pools: dict[str, list[str]] = json.loads(lzma.decompress(path.read_bytes()))
    return pools


def _article(
    rng: random.Random,
    pools: dict[str, list[str]],
    number: int,
    days: tuple[int, int] = (0, DAYS),
) -> dict[str, str]:
    language = "fr" if rng.random() < 0.3 else "en"
    pool = pools[language]
    target = int(rng.lognormvariate(0, 0.6) * MEDIAN_CHARS)
    paragraphs, size = [], 0
    while size < target:
        paragraph = pool[rng.randrange(len(pool))]
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    published = START + timedelta(days=rng.randrange(*days), minutes=rng.randrange(1440))
    return {
        "id": f"bench-{number}",
        "title": paragraphs[0][:90],
        "text": "\n\n".join(paragraphs[1:] or paragraphs),
        "published": published.isoformat(),
        "source": f"{language}-{rng.randrange(1, 40):02d}",
    }


def generate(
    inbox: Path,
    articles: int,
    seed: int = 7,
    first_number: int = 0,
    days: tuple[int, int] = (0, DAYS),
    pools: dict[str, list[str]] | None = None,
) -> dict[str, int]:
    """Write ``articles`` records into ``inbox`` as shards; returns what was written.

    Record ids start at ``first_number`` and dates fall on ``days`` (offsets from
    START), so a later day's delivery reuses no id and covers its own recent days.
    ``pools`` are the paragraph pools (default: read from ../shared/data).
    """
    rng = random.Random(seed)
    pools = pools if pools is not None else load_sources(SHARED)
    inbox.mkdir(parents=True, exist_ok=True)
    written = {"records": 0, "duplicates": 0, "bad": 0, "shards": 0, "bytes": 0}
    recent: list[dict[str, str]] = []
    for shard_start in range(first_number, first_number + articles, SHARD_ARTICLES):
        lines = []
        last = min(first_number + articles, shard_start + SHARD_ARTICLES)
        for number in range(shard_start, last):
            roll = rng.random()
            if roll < 0.005:
                lines.append(f'{{"id": "bad-{number}", "text": "cut off by the crawler')
                written["bad"] += 1
            elif roll < 0.105 and recent:
                copy = dict(rng.choice(recent))
                if roll < 0.055:  # near duplicate: another outlet, another headline
                    copy["id"] = f"bench-{number}"
                    copy["source"] = f"en-{rng.randrange(40, 80)}"
                    copy["title"] = "UPDATE: " + copy["title"]
                lines.append(json.dumps(copy, ensure_ascii=False))
                written["duplicates"] += 1
            else:
                article = _article(rng, pools, number, days)
                recent = [*recent, article][-500:]
                lines.append(json.dumps(article, ensure_ascii=False))
            written["records"] += 1
        shard = inbox / f"crawl-{shard_start // SHARD_ARTICLES:05d}.jsonl.gz"
        shard.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode(), compresslevel=3))
        written["shards"] += 1
        written["bytes"] += shard.stat().st_size
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inbox", type=Path)
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--export-pools",
        type=int,
        metavar="PARAGRAPHS",
        help="instead, write this many paragraphs per language to INBOX as a pools file",
    )
    parser.add_argument(
        "--pools",
        type=Path,
        help="generate from this pools file (written by --export-pools) instead of ../shared",
    )
    args = parser.parse_args()
    pools_file = None if args.export_pools else args.pools
    problem = corpus_problem(pools_file, SHARED)
    if problem:
        parser.exit(1, f"{parser.prog}: {problem}\n")
    if args.export_pools:
        print(json.dumps(export_pools(args.inbox, args.export_pools, args.seed)))
        return
    pools = load_pools(pools_file)
    print(json.dumps(generate(args.inbox, args.articles, args.seed, pools=pools)))


if __name__ == "__main__":
    main()
