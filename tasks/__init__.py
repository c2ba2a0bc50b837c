"""Pipeline stages: ingest, clean, enrich, aggregate, publish.

Each stage is plain functions over Polars frames (what tests call) plus thin Prefect
``@task`` wrappers (what flows call).
"""
