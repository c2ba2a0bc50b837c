"""The process of Prefect's temporary API: Prefect's server app, served by uvicorn.

What ``uvicorn --factory prefect.server.api.server:create_app`` does, less the garbage
collector's passes while the server's modules load (``newsdyads.launch.collector_paused``,
as for the command's own imports). Importing Prefect's server and building its app
create hundreds of thousands of objects that all live as long as the process (pydantic
models, routes, SQLAlchemy tables); the collector scanned them again and again while
they were created, which was ~15% of the ~5 s the server takes to start on a 2-core
laptop, and the command waits for that start. Once the app is built its objects are
frozen (``gc.freeze``), so later collections skip them too.

Building the app also serializes Prefect's settings into environment variables seven
times over (to key its app cache, ``Settings.hash_key``, and to configure logging),
each a walk of every settings model: ~0.9 s of a ~6 s start on a 2-core VM. In this
process the settings never change once the server runs, so each settings object's
variables are worked out once (``memoize_settings_environment``).

Run as ``python -m newsdyads.prefect_api_process PORT``; Prefect reads its settings
from the environment (``newsdyads.prefect_server`` sets them).
"""

from __future__ import annotations

import functools
import gc
import sys
from typing import Any

from newsdyads.launch import collector_paused


def memoize_settings_environment() -> None:
    """Make ``PrefectBaseSettings.to_environment_variables`` compute once per settings
    object and arguments (each call returns its own copy of the answer).

    Only for this process: our own code never changes a settings object, and Prefect
    makes a new one for every change (``copy_with_update``), which gets its own entry.
    Each entry keeps its object alive, so an ``id`` is never reused for another.
    """
    from prefect.settings.base import PrefectBaseSettings

    original = PrefectBaseSettings.to_environment_variables
    if getattr(original, "__wrapped__", None) is not None:
        return  # already memoized
    answers: dict[tuple[int, tuple[Any, ...]], tuple[object, dict[str, str]]] = {}

    @functools.wraps(original)
    def to_environment_variables(
        self: PrefectBaseSettings, *args: Any, **kwargs: Any
    ) -> dict[str, str]:
        key = (id(self), (*args, *sorted(kwargs.items())))
        if key not in answers:
            answers[key] = (self, original(self, *args, **kwargs))
        return dict(answers[key][1])

    PrefectBaseSettings.to_environment_variables = to_environment_variables  # type: ignore[method-assign]


def serve(port: int) -> None:
    """Serve Prefect's API on 127.0.0.1:``port`` until stopped."""
    with collector_paused():
        memoize_settings_environment()
        import uvicorn
        from prefect.server.api.server import create_app

        app = create_app()
        gc.freeze()
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="error", lifespan="on")


if __name__ == "__main__":
    serve(int(sys.argv[1]))
