"""``python -m newsdyads``: the same command line as ``newsdyads``."""

from newsdyads.cli import app

app()
