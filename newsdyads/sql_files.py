"""Find and read the SQL models in sql/ (in a wheel: newsdyads/sql/)."""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).parent / "sql"
_SOURCE_TREE = Path(__file__).resolve().parents[1] / "sql"


def sql_dir() -> Path:
    """The folder holding schema/, staging/, marts/ and checks/."""
    return _PACKAGED if _PACKAGED.is_dir() else _SOURCE_TREE


def models(layer: str) -> list[tuple[str, str]]:
    """``(name, sql)`` of every model of a layer, in file-name order.

    The name is the file stem, which is also the table or view the model creates.
    """
    folder = sql_dir() / layer
    return [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.sql"))]


def model(layer: str, name: str) -> str:
    """The SQL text of one model."""
    return (sql_dir() / layer / f"{name}.sql").read_text(encoding="utf-8")
