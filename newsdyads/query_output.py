"""Write a query's result as a table on the terminal, CSV, JSON or Parquet."""

from __future__ import annotations

import io
import sys
from enum import StrEnum
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.table import Table


class OutputFormat(StrEnum):
    """How ``newsdyads query`` writes its result."""

    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


def render_table(frame: pl.DataFrame, console: Console, max_rows: int = 200) -> None:
    """The result as a rich table (its first ``max_rows`` rows), with its row count."""
    table = Table(show_lines=False, header_style="bold")
    for name, dtype in frame.schema.items():
        numeric = dtype.is_numeric()
        table.add_column(name, justify="right" if numeric else "left", overflow="fold")
    for row in frame.head(max_rows).iter_rows():
        table.add_row(*("" if value is None else str(value) for value in row))
    console.print(table)
    shown = min(frame.height, max_rows)
    more = f", first {shown} shown (use --format csv for all)" if frame.height > shown else ""
    console.print(f"{frame.height:,} row(s){more}", style="dim")


def write_result(
    frame: pl.DataFrame, fmt: OutputFormat, output: Path | None, console: Console
) -> None:
    """Write ``frame`` in ``fmt`` to ``output`` (or standard output; Parquet needs a file)."""
    if fmt is OutputFormat.table:
        render_table(frame, console)
        return
    if fmt is OutputFormat.parquet:
        if output is None:
            raise ValueError("--format parquet needs --output FILE")
        frame.write_parquet(output, compression="zstd")
        return
    if fmt is OutputFormat.csv:
        text = frame.write_csv()
    else:
        buffer = io.StringIO()
        frame.write_json(buffer)
        text = buffer.getvalue() + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
