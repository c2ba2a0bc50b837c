"""`newsdyads report`: a self-contained HTML report and PNG charts of recent weeks.

The data comes from the published warehouse through the same read-only connection as
`newsdyads query` (SQL in sql/report/); the charts are Vega-Lite specifications built
with Altair and rendered by vl-convert, as SVG inside the HTML (no script, no network
needed to open it) and as PNG files next to it for slides and mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import altair as alt
import jinja2
import markupsafe
import polars as pl
import vl_convert

from newsdyads.query import connect_read_only
from newsdyads.sql_files import model

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Report:
    """The files a report wrote."""

    html: Path
    images: list[Path]


def _frame(connection: Any, name: str, params: dict[str, int] | None = None) -> pl.DataFrame:
    result: pl.DataFrame = connection.sql(model("report", name), params=params).pl()
    return result


def _largest(frame: pl.DataFrame, column: str) -> int:
    return int(frame.select(pl.col(column).max().fill_null(0)).item())


def _count_axis(largest: int) -> alt.Axis:
    """An axis of whole counts: every integer when there are few, else Vega's ticks."""
    if largest <= 10:
        return alt.Axis(format="d", values=list(range(largest + 1)))
    return alt.Axis(format="d", tickMinStep=1)


def heatmap(pairs: pl.DataFrame) -> alt.Chart:
    """Top pairs (rows, most covered first) by week (columns), colour = articles."""
    order = pairs.unique("pair", maintain_order=True)["pair"].to_list()
    chart: alt.Chart = (
        alt.Chart(pairs.select("pair", "iso_week", "articles"))
        .mark_rect()
        .encode(
            x=alt.X("iso_week:O", title="ISO week"),
            y=alt.Y("pair:N", sort=order, title=None),
            color=alt.Color(
                "articles:Q",
                scale=alt.Scale(scheme="blues"),
                legend=alt.Legend(format="d", tickMinStep=1),
                title="articles",
            ),
            tooltip=["pair:N", "iso_week:O", "articles:Q"],
        )
        .properties(
            title="Top country pairs by week", width=max(240, 28 * pairs["iso_week"].n_unique())
        )
    )
    return chart


def trend(pairs: pl.DataFrame, lines: int = 5) -> alt.Chart:
    """Weekly articles of the most covered pairs, one line each."""
    top = pairs.unique("pair", maintain_order=True)["pair"].head(lines).to_list()
    shown = pairs.filter(pl.col("pair").is_in(top))
    chart: alt.Chart = (
        alt.Chart(shown.select("pair", "week_start", "articles"))
        .mark_line(point=True)
        .encode(
            x=alt.X("week_start:T", title="week"),
            y=alt.Y("articles:Q", axis=_count_axis(_largest(shown, "articles")), title="articles"),
            color=alt.Color("pair:N", sort=top, title=None),
            tooltip=["pair:N", "week_start:T", "articles:Q"],
        )
        .properties(title=f"The {len(top)} most covered pairs, week by week", width=560)
    )
    return chart


def quarantine_chart(reasons: pl.DataFrame) -> alt.Chart:
    """Quarantined files and records by reason."""
    chart: alt.Chart = (
        alt.Chart(reasons)
        .mark_bar()
        .encode(
            x=alt.X("refused:Q", axis=_count_axis(_largest(reasons, "refused")), title="refused"),
            y=alt.Y("reason:N", sort="-x", title=None),
            color=alt.Color("scope:N", title="scope"),
            tooltip=["scope:N", "reason:N", "refused:Q"],
        )
        .properties(title="Quarantine reasons", width=360)
    )
    return chart


def build_report(warehouse: Path, weeks: int, top: int = 15, out_dir: Path | None = None) -> Report:
    """Write ``report.html`` and one PNG per chart to ``out_dir`` (default
    ``warehouse/reports/``) for the ``weeks`` calendar weeks that end with the latest
    week with articles."""
    if weeks < 1:
        raise ValueError("--weeks must be at least 1")
    out_dir = out_dir or warehouse / "reports"
    with connect_read_only(warehouse) as connection:
        pairs = _frame(connection, "top_pairs_by_week", {"weeks": weeks, "top": top})
        runs = _frame(connection, "recent_runs")
        reasons = _frame(connection, "quarantine_reasons")
        totals = _frame(connection, "totals").to_dicts()[0]
    charts: dict[str, alt.Chart] = {}
    if pairs.height:
        charts["top_pairs_heatmap"] = heatmap(pairs)
        charts["top_pairs_trend"] = trend(pairs)
    if reasons.height:
        charts["quarantine_reasons"] = quarantine_chart(reasons)
    out_dir.mkdir(parents=True, exist_ok=True)
    images, svgs = [], {}
    for name, chart in charts.items():
        spec = chart.to_dict()
        svgs[name] = vl_convert.vegalite_to_svg(spec)
        image = out_dir / f"{name}.png"
        image.write_bytes(vl_convert.vegalite_to_png(spec, scale=2))
        images.append(image)
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape(["html"])
    )
    html = environment.get_template("report.html.j2").render(
        generated=datetime.now().strftime("%Y-%m-%d %H:%M"),
        weeks=weeks,
        totals=totals,
        # vl-convert writes the SVG itself, escaping every text from the data as XML.
        svgs={name: markupsafe.Markup(svg) for name, svg in svgs.items()},  # noqa: S704
        top_pairs=(
            pairs.group_by("pair", maintain_order=True).agg(pl.col("total").first()).to_dicts()
        ),
        runs=runs.to_dicts(),
        run_columns=runs.columns,
        reasons=reasons.to_dicts(),
    )
    path = out_dir / "report.html"
    path.write_text(html, encoding="utf-8")
    return Report(html=path, images=images)
