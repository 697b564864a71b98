"""A small HTTP load balancer for the local cluster (``make cluster``): round robin over
the app servers, a backend that refuses connections is skipped for a few seconds and the
request goes to the next one (it never reached the first, so even a POST is safe to
resend). Production uses nginx or HAProxy (docs/deployment.md); this exists so the
cluster runs on a bare machine.

    python bench/cluster/lb.py 8220 127.0.0.1:8221 127.0.0.1:8222
"""

from __future__ import annotations

import http.client
import itertools
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
}
SKIP_SECONDS = 3.0


class Pool:
    def __init__(self, backends: list[str]):
        self.backends = backends
        self.down_until = dict.fromkeys(backends, 0.0)
        self.turn = itertools.cycle(range(len(backends)))
        self.lock = threading.Lock()

    def order(self) -> list[str]:
        with self.lock:
            start = next(self.turn)
        ordered = self.backends[start:] + self.backends[:start]
        now = time.monotonic()
        return sorted(ordered, key=lambda backend: self.down_until[backend] > now)

    def mark_down(self, backend: str) -> None:
        self.down_until[backend] = time.monotonic() + SKIP_SECONDS


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    pool: Pool

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def _forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        headers["X-Forwarded-For"] = self.client_address[0]
        for backend in self.pool.order():
            host, port = backend.rsplit(":", 1)
            connection = http.client.HTTPConnection(host, int(port), timeout=60)
            try:
                connection.request(self.command, self.path, body=body, headers=headers)
            except (ConnectionRefusedError, ConnectionResetError, OSError):
                connection.close()
                self.pool.mark_down(backend)
                continue  # never reached the backend: the next one may take it
            try:
                response = connection.getresponse()
                data = response.read()
            except (http.client.HTTPException, OSError):
                # The backend died with the request in flight: it may have acted on it.
                connection.close()
                self.pool.mark_down(backend)
                self._reply(502, [("Content-Type", "text/plain")], b"Bad gateway\n")
                return
            connection.close()
            out = [
                (k, v)
                for k, v in response.getheaders()
                if k.lower() not in HOP_BY_HOP and k.lower() != "content-length"
            ]
            out.append(("X-Backend", backend))
            self._reply(response.status, out, data)
            return
        self._reply(503, [("Content-Type", "text/plain"), ("Retry-After", "1")], b"No backend\n")

    def _reply(self, status, headers, data):
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_HEAD = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _forward


def serve(port: int, backends: list[str]) -> ThreadingHTTPServer:
    Proxy.pool = Pool(backends)
    server = ThreadingHTTPServer(("127.0.0.1", port), Proxy)
    server.daemon_threads = True
    return server


if __name__ == "__main__":
    serve(int(sys.argv[1]), sys.argv[2:]).serve_forever()
