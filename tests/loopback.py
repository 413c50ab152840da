"""A real HTTP server on 127.0.0.1 for the tests that fetch: started per test, stopped after it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gives up mid-body (a size cap, a timeout) is what several tests do on purpose


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler], poll_interval: float = 0.5) -> Iterator[str]:
    """The handler served on a free port; yields the base URL, ``http://127.0.0.1:PORT``."""
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": poll_interval}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
