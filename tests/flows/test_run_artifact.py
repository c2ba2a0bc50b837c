"""Each daily run publishes its summary as a Prefect artifact."""

from __future__ import annotations

from pathlib import Path

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
from prefect.client.schemas.sorting import ArtifactSort

from flows.daily import RUN_ARTIFACT_KEY, daily_run
from newsdyads.settings import Settings


def test_run_publishes_a_markdown_summary_with_its_top_pairs(seed_inbox: Path, tmp_path: Path):
    summary = daily_run(Settings(inbox=seed_inbox, warehouse=tmp_path / "w", show_progress=False))
    with get_client(sync_client=True) as client:
        # Newest first: Prefect's local database keeps every earlier run's artifacts.
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[RUN_ARTIFACT_KEY])),
            sort=ArtifactSort.CREATED_DESC,
            limit=20,
        )
    mine = [a for a in artifacts if summary.run_id in str(a.data)]
    assert len(mine) == 1
    assert mine[0].type == "markdown"
    assert "| articles loaded | 1 |" in str(mine[0].data)
    assert "BLR–UKR" in str(mine[0].data)
