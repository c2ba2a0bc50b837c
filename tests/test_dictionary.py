"""The data dictionary covers the warehouse exactly, and the Markdown page is current."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdyads.dictionary import (
    DOCS_PATH,
    load_dictionary,
    render_markdown,
    warehouse_column_types,
)


@pytest.fixture(scope="module")
def types(sample_warehouse: Path) -> dict[str, dict[str, str]]:
    return warehouse_column_types(sample_warehouse / "newsdyads.duckdb")


def test_every_table_and_view_has_a_dictionary_entry(types):
    assert sorted(set(types) - set(load_dictionary())) == []


def test_every_column_has_a_meaning(types):
    dictionary = load_dictionary()
    undocumented = [
        f"{table}.{column}"
        for table, columns in types.items()
        for column in columns
        if column not in dictionary[table].columns
    ]
    assert undocumented == []


def test_dictionary_describes_no_column_or_table_the_warehouse_lacks(types):
    stale = [
        f"{entry.name}.{column}"
        for entry in load_dictionary().values()
        for column in entry.columns
        if column not in types.get(entry.name, {})
    ]
    assert stale == []


def test_every_entry_says_its_purpose_and_grain():
    for entry in load_dictionary().values():
        assert entry.purpose.strip(), entry.name
        assert entry.grain.strip(), entry.name
        assert entry.kind in ("table", "view"), entry.name


def test_docs_page_is_generated_from_the_dictionary(types):
    expected = render_markdown(load_dictionary(), types)
    assert DOCS_PATH.read_text(encoding="utf-8") == expected, "run `make docs`"
