"""Our compiled lid.176 prediction gives fastText's own answers: the same label, at
every threshold, and the same probability."""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdyads.text.buffers import utf8_buffers
from newsdyads.text.fasttext_model import huffman_tree, read_model
from newsdyads.text.fasttext_predict import WHOLE_TEXT, predict_labels
from tasks.enrich.language import _model, model_path

NEWS = [
    "germany pledges tanks to ukraine as allies meet in brussels",
    "le président russe a approuvé la création de centres de recrutement",
    "españa y marruecos celebran su primera cumbre en rabat",
    "die regierung in berlin kündigte neue hilfen für die ukraine an",
    "il governo italiano ha approvato la legge di bilancio",
    "o presidente brasileiro visitou portugal nesta semana",
    "премьер-министр россии провел переговоры в пекине",
    "رئيس الوزراء يلتقي وفدا من الاتحاد الأوروبي",
    "中国外交部发言人表示 美国应停止干涉",
    "日本の首相は韓国との首脳会談に臨んだ",
    "de minister van buitenlandse zaken reist naar polen",
    "ο πρωθυπουργός συναντήθηκε με τον πρόεδρο της τουρκίας",
    "jean-claude juncker, angela merkel, mark rutte, pedro sánchez",
    "soviet union buys u.s. corn",
    "",
    "   ",
    "a",
    "</s> this text ends at fastText's end-of-line word",
    "__label__fr ignored label words __label__zz around english text",
    "tabs\tand\x0bvertical\x0cfeeds\rand\x00nul separate words too",
    "a newline ends the line\nso this second part is never read",
    "emoji 🇫🇷🇩🇪 and symbols ©®™ mixed with english words",
]


@cache
def _fasttext() -> Any:
    import fasttext  # the reference: fastText's own predictor (fasttext-predict)

    return fasttext.load_model(str(model_path())).f


def _ours(texts: list[str], threshold: float, max_chars: int = WHOLE_TEXT) -> list[str | None]:
    model = _model()
    rows = np.arange(len(texts), dtype=np.uint32)
    found = predict_labels(
        model, utf8_buffers(pl.Series(texts, dtype=pl.String)), rows, max_chars, threshold
    )
    return [model.labels[label] if label >= 0 else None for label in found.labels]


def _theirs(texts: list[str], threshold: float) -> list[str | None]:
    answers = _fasttext().multilinePredict([text + "\n" for text in texts], 1, threshold, "strict")
    return [labels[0].removeprefix("__label__") if labels else None for labels in answers]


def test_labels_of_news_sentences_are_fasttexts():
    assert _ours(NEWS, 0.0) == _theirs(NEWS, 0.0)


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.9, 0.99])
def test_labels_below_the_threshold_are_dropped_as_fasttext_drops_them(threshold):
    assert _ours(NEWS, threshold) == _theirs(NEWS, threshold)


def test_probabilities_are_fasttexts():
    found = predict_labels(
        _model(),
        utf8_buffers(pl.Series(NEWS, dtype=pl.String)),
        np.arange(len(NEWS), dtype=np.uint32),
        WHOLE_TEXT,
        0.0,
    )
    for text, log_probability in zip(NEWS, found.log_probabilities, strict=True):
        ((probability, _),) = _fasttext().predict(text + "\n", 1, 0.0, "strict")
        # fastText's probability is expf of the same float32 score; Python's exp may
        # round the last bit differently.
        assert math.isclose(math.exp(log_probability), probability, rel_tol=1e-6)


def test_texts_are_cut_to_max_chars_characters():
    cut = [text[:12] for text in NEWS]
    assert _ours(NEWS, 0.0, max_chars=12) == _theirs(cut, 0.0)


def test_only_the_requested_rows_are_predicted_in_their_order():
    model = _model()
    texts = utf8_buffers(pl.Series(NEWS, dtype=pl.String))
    found = predict_labels(model, texts, np.array([2, 0], dtype=np.uint32), WHOLE_TEXT, 0.0)
    assert [model.labels[label] for label in found.labels] == _theirs([NEWS[2], NEWS[0]], 0.0)


_WORDS = st.sampled_from(
    ["the", "de", "la", "und", "</s>", "__label__en", "москва", "東京", "ñandú", "x", ""]
)
_TEXTS = st.lists(
    st.one_of(
        _WORDS,
        st.text(st.sampled_from("aeiouy nrstlkæøå é ж λ 中 \t\n\r\x00-.,'\u00a0"), max_size=12),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=8),
    ),
    max_size=12,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXTS, min_size=1, max_size=8), st.floats(0.0, 1.0))
def test_any_text_gets_fasttexts_label(texts, threshold):
    assert _ours(texts, threshold) == _theirs(texts, threshold)


def test_huffman_tree_joins_the_two_rarest_nodes_first():
    left, right = huffman_tree([5, 3, 2, 1])
    # Labels 3 and 2 (counts 1, 2) join as node 4 (count 3), which joins label 1 as
    # node 5 (count 6); the root joins label 0 (count 5) with node 5.
    assert (left[4:].tolist(), right[4:].tolist()) == ([3, 4, 0], [2, 1, 5])


def test_a_file_that_is_not_a_fasttext_model_is_refused(tmp_path: Path):
    path = tmp_path / "not-a-model.ftz"
    path.write_bytes(b"\x00" * 64)
    with pytest.raises(ValueError, match="not a fastText model"):
        read_model(path)
