"""Regenerate docs/data-dictionary.md from sql/dictionary.yml (`make docs`).

Column types come from a warehouse built from the sample inbox in a temporary folder,
so the page shows the schema the code really produces.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsdyads.prefect_env import configure_prefect  # noqa: E402

configure_prefect()

from flows.daily import daily_run  # noqa: E402
from newsdyads.dictionary import (  # noqa: E402
    DOCS_PATH,
    load_dictionary,
    render_markdown,
    warehouse_column_types,
)
from newsdyads.settings import Settings  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        warehouse = Path(folder) / "warehouse"
        daily_run(
            Settings(
                inbox=str(ROOT / "samples" / "inbox"), warehouse=warehouse, show_progress=False
            )
        )
        types = warehouse_column_types(warehouse / "newsdyads.duckdb")
    DOCS_PATH.parent.mkdir(exist_ok=True)
    DOCS_PATH.write_text(render_markdown(load_dictionary(), types), encoding="utf-8")
    print(f"wrote {DOCS_PATH.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
