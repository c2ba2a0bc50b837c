"""The short summary a run prints when it ends."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from tasks.publish import RunSummary


def count_rows(summary: RunSummary) -> list[tuple[str, int]]:
    """The run's counts as (label, value), in the order a reader checks them."""
    return [
        ("files in inbox", summary.files_seen),
        ("  already loaded (skipped)", summary.files_skipped),
        ("  new: loaded", summary.files_loaded),
        ("  new: duplicate files", summary.files_duplicate),
        ("  new: quarantined files", summary.files_quarantined),
        ("records read", summary.records_read),
        ("articles loaded", summary.articles_loaded),
        ("duplicate records", summary.duplicates),
        ("quarantined records", summary.quarantined_records),
        ("undated articles", summary.undated),
        ("weeks touched", summary.weeks_touched),
    ]


def _weeks(first_week: str, last_week: str) -> str:
    return first_week if first_week == last_week else f"{first_week} … {last_week}"


def render_summary(summary: RunSummary, console: Console) -> None:
    """Print the run's counts and the top country pairs of the weeks it touched."""
    counts = Table(title=f"newsdyads run {summary.run_id}", show_header=False, box=None)
    counts.add_column(style="bold")
    counts.add_column(justify="right")
    new_files = summary.files_seen - summary.files_skipped
    for label, value in count_rows(summary):
        counts.add_row(label, f"{value:,}")
    counts.add_row("pipeline time", f"{summary.duration_s:.1f} s")
    console.print(counts)
    if summary.top_pairs:
        pairs = Table(title="Top country pairs in the weeks this run touched")
        for column in ("pair", "weeks", "articles"):
            pairs.add_column(column, justify="right" if column == "articles" else "left")
        for country_a, country_b, first_week, last_week, articles in summary.top_pairs:
            weeks = _weeks(first_week, last_week)
            pairs.add_row(f"{country_a}–{country_b}", weeks, f"{articles:,}")
        console.print(pairs)
    elif new_files == 0:
        console.print("Nothing new in the inbox: the warehouse is unchanged.")


def summary_markdown(summary: RunSummary) -> str:
    """The run's counts and top pairs as Markdown, for the Prefect artifact of the run."""
    lines = [
        f"# newsdyads run {summary.run_id}",
        "",
        f"Status: **{summary.status}**, {summary.duration_s:.1f} s, inbox `{summary.inbox}`.",
        "",
        "| count | value |",
        "| --- | ---: |",
        *(f"| {label.strip()} | {value:,} |" for label, value in count_rows(summary)),
    ]
    if summary.top_pairs:
        lines += [
            "",
            "## Top country pairs in the weeks this run touched",
            "",
            "| pair | weeks | articles |",
            "| --- | --- | ---: |",
            *(
                f"| {a}–{b} | {_weeks(first, last)} | {articles:,} |"
                for a, b, first, last, articles in summary.top_pairs
            ),
        ]
    return "\n".join(lines) + "\n"
