"""The short summary a run prints when it ends."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from tasks.publish import RunSummary


def render_summary(summary: RunSummary, console: Console) -> None:
    """Print the run's counts and the top country pairs of the weeks it touched."""
    counts = Table(title=f"newsdyads run {summary.run_id}", show_header=False, box=None)
    counts.add_column(style="bold")
    counts.add_column(justify="right")
    new_files = summary.files_seen - summary.files_skipped
    rows = [
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
    for label, value in rows:
        counts.add_row(label, f"{value:,}")
    counts.add_row("pipeline time", f"{summary.duration_s:.1f} s")
    console.print(counts)
    if summary.top_pairs:
        pairs = Table(title="Top country pairs in the weeks this run touched")
        for column in ("pair", "weeks", "articles"):
            pairs.add_column(column, justify="right" if column == "articles" else "left")
        for country_a, country_b, first_week, last_week, articles in summary.top_pairs:
            weeks = first_week if first_week == last_week else f"{first_week} … {last_week}"
            pairs.add_row(f"{country_a}–{country_b}", weeks, f"{articles:,}")
        console.print(pairs)
    elif new_files == 0:
        console.print("Nothing new in the inbox: the warehouse is unchanged.")
