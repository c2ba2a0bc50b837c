"""The data dictionary (sql/dictionary.yml) and its Markdown rendering (docs/).

One source of truth for what every table, view and column means; the Markdown that
analysts read is generated from it (`make docs`), and tests check both against the
schema the warehouse really has.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from newsdyads.sql_files import sql_dir

DOCS_PATH = Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md"


@dataclass(frozen=True)
class Entry:
    """One table or view: what it is for, its grain, and each column's meaning."""

    name: str
    kind: str
    layer: str
    grain: str
    purpose: str
    columns: dict[str, str]


def load_dictionary(path: Path | None = None) -> dict[str, Entry]:
    """The entries of sql/dictionary.yml by table name, in the file's order."""
    raw = yaml.safe_load((path or sql_dir() / "dictionary.yml").read_text(encoding="utf-8"))
    return {
        name: Entry(
            name=name,
            kind=entry["kind"],
            layer=entry["layer"],
            grain=entry["grain"],
            purpose=entry["purpose"],
            columns={str(column): str(meaning) for column, meaning in entry["columns"].items()},
        )
        for name, entry in raw.items()
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(entries: dict[str, Entry], types: dict[str, dict[str, str]]) -> str:
    """The dictionary as Markdown: an index, then one section per table or view.

    ``types`` gives each column's DuckDB type (from a warehouse built from the sample
    inbox), so the page also says how each column is stored.
    """
    lines = [
        "# Data dictionary",
        "",
        "Generated from `sql/dictionary.yml` by `make docs`; do not edit by hand.",
        "Every table is a Parquet folder under `warehouse/parquet/` and a view in",
        "`warehouse/newsdyads.duckdb`; views marked *analytics* exist in the DuckDB file only.",
        "",
        "| name | kind | one row per | purpose |",
        "| --- | --- | --- | --- |",
    ]
    for entry in entries.values():
        kind = f"{entry.kind} ({entry.layer})"
        lines.append(
            f"| [`{entry.name}`](#{entry.name}) | {kind} | {_cell(entry.grain)} "
            f"| {_cell(entry.purpose)} |"
        )
    for entry in entries.values():
        lines += [
            "",
            f"## {entry.name}",
            "",
            f"{entry.purpose}",
            "",
            f"*{entry.kind}, {entry.layer}; one row per {entry.grain}.*",
            "",
            "| column | type | meaning |",
            "| --- | --- | --- |",
        ]
        column_types = types.get(entry.name, {})
        for column, meaning in entry.columns.items():
            column_type = column_types.get(column, "")
            lines.append(f"| `{column}` | {column_type} | {_cell(meaning)} |")
    return "\n".join(lines) + "\n"


def warehouse_column_types(reader_database: Path) -> dict[str, dict[str, str]]:
    """Each table's and view's columns and their DuckDB types, in order, as analysts
    see them in ``warehouse/newsdyads.duckdb``."""
    import duckdb

    with duckdb.connect(str(reader_database), read_only=True) as connection:
        names = [row[0] for row in connection.sql("show tables").fetchall()]
        return {
            name: {row[0]: row[1] for row in connection.sql(f'describe "{name}"').fetchall()}
            for name in names
        }
