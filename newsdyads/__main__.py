"""``python -m newsdyads``: the same command line as ``newsdyads``."""

from newsdyads.launch import main

main()
