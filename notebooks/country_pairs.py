# /// script
# requires-python = ">=3.11"
# dependencies = ["marimo", "polars", "duckdb", "altair"]
# ///
"""Country pairs in the news: an example notebook on the newsdyads warehouse.

Open it with `marimo edit notebooks/country_pairs.py`, or run it headless with
`python notebooks/country_pairs.py`. It reads the warehouse named by
NEWSDYADS_WAREHOUSE (default: ./warehouse, what `make run` builds): the Parquet files
with Polars, and the DuckDB file read-only.
"""

import marimo

app = marimo.App(width="medium")


@app.cell
def _():
    import os
    from pathlib import Path

    import altair as alt
    import duckdb
    import marimo as mo
    import polars as pl

    warehouse = Path(os.environ.get("NEWSDYADS_WAREHOUSE", "warehouse"))
    parquet = warehouse / "parquet"
    return alt, duckdb, mo, parquet, pl, warehouse


@app.cell
def _(mo):
    mo.md("## 1. Which pairs of countries are covered together most this week? (Polars)")
    return


@app.cell
def _(parquet, pl):
    # Each table is a folder of Parquet files; weekly tables are partitioned by week.
    pairs = pl.scan_parquet(
        parquet / "country_pair_weekly" / "**" / "*.parquet", hive_partitioning=True
    )
    countries = pl.scan_parquet(parquet / "countries" / "*.parquet").select("iso3", "name")
    latest_week = pairs.select(pl.col("week_start").max()).collect().item()
    top_pairs = (
        pairs.filter(pl.col("week_start") == latest_week)
        .join(countries.rename({"iso3": "country_a", "name": "name_a"}), on="country_a", how="left")
        .join(countries.rename({"iso3": "country_b", "name": "name_b"}), on="country_b", how="left")
        .select("iso_week", "country_a", "name_a", "country_b", "name_b", "articles")
        .sort(["articles", "country_a", "country_b"], descending=[True, False, False])
        .head(10)
        .collect()
    )
    top_pairs
    return (top_pairs,)


@app.cell
def _(mo):
    mo.md("## 2. How has the top pair's coverage moved, week by week? (DuckDB)")
    return


@app.cell
def _(duckdb, top_pairs, warehouse):
    pair = (top_pairs["country_a"][0], top_pairs["country_b"][0]) if top_pairs.height else ("", "")
    # The analysts' DuckDB file holds views over the Parquet, including pair_trends;
    # values are bound as parameters, never pasted into the SQL.
    with duckdb.connect(str(warehouse / "newsdyads.duckdb"), read_only=True) as db:
        trend = db.sql(
            """
            select week_start, iso_week, articles, change_from_previous_week,
                   share_of_articles, z_score, unusual
            from pair_trends
            where country_a = $a and country_b = $b
            order by week_start
            """,
            params={"a": pair[0], "b": pair[1]},
        ).pl()
    trend
    return pair, trend


@app.cell
def _(alt, pair, trend):
    chart = (
        alt.Chart(trend)
        .mark_line(point=True)
        .encode(x=alt.X("week_start:T", title="week"), y=alt.Y("articles:Q", title="articles"))
        .properties(title=f"{pair[0]}–{pair[1]}: articles per week", width=520)
    )
    chart
    return (chart,)


@app.cell
def _(mo):
    mo.md("## 3. Which sources drive that pair? (DuckDB over the Parquet files)")
    return


@app.cell
def _(duckdb, pair, parquet):
    by_source = duckdb.sql(
        """
        select source, sum(articles)::bigint as articles
        from read_parquet($files, hive_partitioning = true)
        where country_a = $a and country_b = $b
        group by source
        order by articles desc, source
        """,
        params={
            "files": str(parquet / "country_pair_weekly_by_source" / "**" / "*.parquet"),
            "a": pair[0],
            "b": pair[1],
        },
    ).pl()
    by_source
    return (by_source,)


if __name__ == "__main__":
    app.run()
