"""`newsdyads compile` calls every kernel a run calls, so numba has them all cached."""

from __future__ import annotations

from typer.testing import CliRunner

from newsdyads.cli import app
from newsdyads.kernels import compile_kernels, text_kernels
from newsdyads.settings import Settings

KERNELS_A_BATCH_CALLS = (
    "json_lines._scan",
    "normalize._normalize",
    "paragraphs._split_paragraphs",
    "fasttext_predict._predict",
    "match_form._padded_match_form",
    "terms._find_terms",
    "minhash._band_keys",
)
"""The outermost kernel of each step of a batch: ingest, clean, language, countries,
stories."""


def test_text_kernels_are_found_in_every_text_module():
    assert set(KERNELS_A_BATCH_CALLS) <= set(text_kernels())


def test_compiling_leaves_the_kernel_of_every_batch_step_compiled():
    settings = Settings()
    report = compile_kernels(settings.language_sample_chars, settings.min_language_confidence)
    kernels = text_kernels()
    assert [name for name in KERNELS_A_BATCH_CALLS if not kernels[name].signatures] == []
    assert report.compiled + report.loaded > 0


def test_compile_command_says_what_it_compiled_and_loaded():
    result = CliRunner().invoke(app, ["compile"])
    assert result.exit_code == 0, result.output
    assert "Text kernels:" in result.output
    assert "loaded from it" in result.output
