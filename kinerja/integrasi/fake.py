"""Fake external systems for tests and the demo: a real HTTP server on 127.0.0.1 (random port)
in a daemon thread, with JSON routes, a request log and fault switches.

Stdlib only, and fakes never touch the database: Django's connection stays with the test.

    fake = FakeServer()
    @fake.route("GET", r"/pns/data-utama/(?P<nip>\\d+)")
    def data_utama(req): return 200, {"data": {...}}
    fake.start(); ...; fake.gagal(2, 503); fake.timeout(1); fake.lambat(0.2); fake.putus(1)
"""

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Permintaan:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes
    params: dict[str, str] = field(default_factory=dict)  # the route's named groups

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}


# A handler returns (status, body) or (status, body, headers); a dict/list body is sent as JSON.
Jawaban = tuple[int, Any] | tuple[int, Any, dict[str, str]]
Handler = Callable[[Permintaan], Jawaban]


class FakeServer:
    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self._lock = threading.Lock()
        self.log: list[Permintaan] = []
        self._server: ThreadingHTTPServer | None = None
        self.tunda_timeout = 3.0  # how long a "timeout" request hangs before the socket closes
        self.reset()

    # --- routes ---------------------------------------------------------------------------
    def route(self, method: str, pattern: str) -> Callable[[Handler], Handler]:
        def daftar(handler: Handler) -> Handler:
            self._routes.append((method.upper(), re.compile(pattern + "$"), handler))
            return handler

        return daftar

    # --- faults ---------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget requests and faults (between tests). Subclasses also clear their state."""
        with self._lock:
            self.log = []
            self._gagal: list[int] = []  # status codes to answer, one per coming request
            self._timeout = 0
            self._putus = 0
            self._lambat = 0.0

    def gagal(self, n: int = 1, status: int = 503) -> None:
        """Answer the next n requests with `status`."""
        with self._lock:
            self._gagal.extend([status] * n)

    def timeout(self, n: int = 1) -> None:
        """Accept the next n requests and never answer them (until tunda_timeout)."""
        with self._lock:
            self._timeout += n

    def putus(self, n: int = 1) -> None:
        """Close the connection of the next n requests without an answer."""
        with self._lock:
            self._putus += n

    def lambat(self, detik: float) -> None:
        """Answer every request after `detik` seconds (0: normal speed)."""
        with self._lock:
            self._lambat = detik

    def _fault(self) -> tuple[str, int] | None:
        with self._lock:
            if self._timeout:
                self._timeout -= 1
                return ("timeout", 0)
            if self._putus:
                self._putus -= 1
                return ("putus", 0)
            if self._gagal:
                return ("gagal", self._gagal.pop(0))
        return None

    # --- serving --------------------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self._server is not None, "FakeServer belum dijalankan"
        host, port = self._server.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        return f"http://{host}:{port}"

    def start(self, port: int = 0) -> "FakeServer":
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def serve_forever(self, port: int) -> None:
        """Blocking: for `manage.py fake_*` in the demo."""
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
        self._server.serve_forever()

    def _dispatch(self, req: Permintaan) -> Jawaban:
        for method, pattern, handler in self._routes:
            match = pattern.match(req.path)
            if match and method == req.method:
                req.params = match.groupdict()
                return handler(req)
        return 404, {"message": f"tidak ada rute {req.method} {req.path}"}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # The headers and the body go out in two writes: with Nagle the body waits for
            # the client's delayed ACK of the headers (~40 ms a response on Linux).
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def _handle(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                req = Permintaan(
                    method=self.command,
                    path=parts.path,
                    query={k: v[0] for k, v in parse_qs(parts.query).items()},
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=self.rfile.read(length) if length else b"",
                )
                with fake._lock:
                    fake.log.append(req)
                    lambat = fake._lambat
                fault = fake._fault()
                if fault and fault[0] == "timeout":
                    time.sleep(fake.tunda_timeout)
                    self.close_connection = True
                    return
                if fault and fault[0] == "putus":
                    self.close_connection = True
                    return
                if lambat:
                    time.sleep(lambat)
                if fault:
                    answer: Jawaban = (fault[1], {"message": "Gangguan layanan (simulasi)"})
                else:
                    try:
                        answer = fake._dispatch(req)
                    except Exception as exc:  # noqa: BLE001 - a bug in a fake must show, not hang
                        answer = (500, {"message": f"fake error: {exc!r}"})
                try:
                    self._send(*answer)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                    self.close_connection = True

            def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                headers = dict(headers or {})
                if isinstance(body, bytes):
                    data = body
                elif isinstance(body, str):
                    data = body.encode()
                    headers.setdefault("Content-Type", "text/plain; charset=utf-8")
                else:
                    data = json.dumps(body).encode()
                    headers.setdefault("Content-Type", "application/json")
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

        return Handler
