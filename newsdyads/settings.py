"""The one configuration object of the pipeline.

Values come, highest priority first, from explicit arguments (the CLI), environment
variables prefixed ``NEWSDYADS_``, a ``newsdyads.toml`` file in the working directory,
and the defaults below. Nothing deeper in the code reads the environment.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


class Settings(BaseSettings):
    """Where the pipeline reads and writes, and the limits it applies to input."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSDYADS_",
        toml_file="newsdyads.toml",
        extra="forbid",
    )

    inbox: str = Field(
        default="samples/inbox",
        description="Folder or fsspec URL (s3://bucket/inbox) scanned for new input files.",
    )
    warehouse: Path = Field(
        default=Path("warehouse"),
        description="Folder holding newsdyads.duckdb and parquet/.",
    )
    batch_records: int = Field(
        default=20_000,
        gt=0,
        description="Records cleaned and enriched together; bounds memory per batch.",
    )
    max_file_bytes: int = Field(
        default=256 * 1024 * 1024,
        gt=0,
        description="Files larger than this are quarantined unread.",
    )
    max_record_chars: int = Field(
        default=1_000_000,
        gt=0,
        description="Records whose text is longer than this are quarantined.",
    )
    max_parse_seconds: float = Field(
        default=120.0,
        ge=0,
        description="Files whose parsing takes longer are quarantined (0: no limit).",
    )
    max_page_bytes: int = Field(
        default=5_000_000,
        gt=0,
        description="HTML pages (saved, or inside a WARC archive) larger than this are "
        "quarantined unparsed.",
    )
    language_sample_chars: int = Field(
        default=400,
        gt=0,
        description="Characters of title and body given to the language detector.",
    )
    min_language_confidence: float = Field(
        default=0.40,
        ge=0.0,
        le=1.0,
        description="Below this detector score the language is left unknown (null).",
    )
    workers: int = Field(
        default=0,
        ge=0,
        description=(
            "Processes that read, clean and enrich file groups in parallel on a local "
            "Dask cluster (2 or more); 0: this process's own threads (see threads); 1: "
            "this process, one group after another (no Dask)."
        ),
    )
    threads: int = Field(
        default=0,
        ge=0,
        description=(
            "Threads of this process that read, clean and enrich file groups in parallel "
            "when no Dask cluster is used (workers 0), or the batches of a group "
            "processed alone; 0: one per CPU."
        ),
    )
    dask_address: str | None = Field(
        default=None,
        description="Address of a running Dask scheduler (tcp://host:8786) to run on.",
    )
    group_bytes: int = Field(
        default=16 * 1024 * 1024,
        gt=0,
        description="Input bytes per unit of parallel work (a group of files).",
    )
    publish_url: str | None = Field(
        default=None,
        description=(
            "Also publish every committed version of the Parquet tables here (an fsspec "
            "URL such as s3://bucket/newsdyads), switched by one _current.json object."
        ),
    )
    staging_url: str | None = Field(
        default=None,
        description=(
            "Where workers stage a run's batches (a folder or an fsspec URL such as "
            "s3://bucket/runs; default: warehouse/_runs). Must be shared with remote "
            "Dask workers."
        ),
    )
    storage_options: dict[str, Any] = Field(
        default_factory=dict,
        description='fsspec options for remote URLs, e.g. {"endpoint_url": "http://…"}.',
    )
    duckdb_memory_limit: str = Field(
        default="2GB",
        description="Memory DuckDB may use while publishing before it spills to disk.",
    )
    parquet_zstd_level: int = Field(
        default=1,
        ge=1,
        le=22,
        description=(
            "zstd level of the published Parquet. 1 (Arrow's and ClickHouse's default) "
            "exports a million articles' texts in 30% less CPU than 3, in 26% more bytes."
        ),
    )
    summary_top_pairs: int = Field(default=5, ge=0, description="Pairs shown in the summary.")
    show_progress: bool = Field(default=True, description="Show progress bars on a terminal.")
    fault_point: str | None = Field(
        default=None,
        description="Testing only: die by SIGKILL at this point of a run (newsdyads.faults).",
    )

    @property
    def duckdb_path(self) -> Path:
        """The DuckDB file analysts open: views over the published Parquet.

        Replaced whole after each run, so an analyst's open session never blocks the
        writer, and always sees a complete published state.
        """
        return self.warehouse / "newsdyads.duckdb"

    @property
    def state_path(self) -> Path:
        """The writer's own DuckDB file: the tables the runs load and check."""
        return self.warehouse / "_state" / "newsdyads.duckdb"

    @property
    def parquet_dir(self) -> Path:
        """The published Parquet tables, one folder per table."""
        return self.warehouse / "parquet"

    @property
    def runs_dir(self) -> Path:
        """Scratch space for a run's staged batches; emptied when the run ends."""
        return self.warehouse / "_runs"

    @field_validator("inbox", mode="before")
    @classmethod
    def _path_as_text(cls, value: object) -> object:
        """Accept a ``Path`` for the inbox, as for any other folder."""
        return str(value) if isinstance(value, PathLike) else value

    @property
    def staging_location(self) -> str:
        """Where this run's workers stage batches: ``staging_url`` or warehouse/_runs."""
        return self.staging_url or str(self.runs_dir)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Arguments beat environment, environment beats newsdyads.toml."""
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))
