"""The process of Prefect's temporary API: Prefect's server app, served by uvicorn.

What ``uvicorn --factory prefect.server.api.server:create_app`` does, less the garbage
collector's passes while the server's modules load (``newsdyads.launch.collector_paused``,
as for the command's own imports). Importing Prefect's server and building its app
create hundreds of thousands of objects that all live as long as the process (pydantic
models, routes, SQLAlchemy tables); the collector scanned them again and again while
they were created, which was ~15% of the ~5 s the server takes to start on a 2-core
laptop, and the command waits for that start. Once the app is built its objects are
frozen (``gc.freeze``), so later collections skip them too.

Run as ``python -m newsdyads.prefect_api_process PORT``; Prefect reads its settings
from the environment (``newsdyads.prefect_server`` sets them).
"""

from __future__ import annotations

import gc
import sys

from newsdyads.launch import collector_paused


def serve(port: int) -> None:
    """Serve Prefect's API on 127.0.0.1:``port`` until stopped."""
    with collector_paused():
        import uvicorn
        from prefect.server.api.server import create_app

        app = create_app()
        gc.freeze()
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="error", lifespan="on")


if __name__ == "__main__":
    serve(int(sys.argv[1]))
