"""Article ids are the first 128 bits of SHA-256, whoever computes them and when."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor

import polars as pl

from newsdyads.hashing import ID_HEX_CHARS, stable_ids


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:ID_HEX_CHARS]


def test_ids_are_the_sha256_prefix_of_each_key_in_order_with_nulls_kept():
    keys = pl.Series("identity", ["fr-01|Titre", None, "en-02|Héadline"])

    ids = stable_ids(keys)

    assert ids.to_list() == [_sha("fr-01|Titre"), None, _sha("en-02|Héadline")]
    assert ids.name == "identity"


def test_threads_hashing_at_once_each_get_their_own_keys_ids():
    batches = [pl.Series("k", [f"batch-{n}-record-{i}" for i in range(500)]) for n in range(8)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(stable_ids, batches))

    for batch, ids in zip(batches, results, strict=True):
        assert ids.to_list() == [_sha(key) for key in batch]
