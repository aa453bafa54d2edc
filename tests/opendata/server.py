"""A small HTTP file server on 127.0.0.1 for the download tests: byte ranges, ETag / If-Range, and
transfers that break on purpose (the connection closes after N bytes)."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RANGE = re.compile(r"bytes=(\d+)-$")


@dataclass
class Files:
    content: dict[str, bytes] = field(default_factory=dict)
    cut_after: dict[str, int] = field(default_factory=dict)  # path -> bytes sent before the cut (once)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def etag(self, name: str) -> str:
        return '"' + hashlib.sha256(self.content[name]).hexdigest()[:16] + '"'


class FileServer:
    def __init__(self, files: Files) -> None:
        self.files = files
        files_ = files

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                del format, args

            def do_GET(self) -> None:
                name = self.path.lstrip("/")
                files_.requests.append((name, {k.lower(): v for k, v in self.headers.items()}))
                body = files_.content.get(name)
                if body is None:
                    self._send(404, b"introuvable")
                    return
                etag = files_.etag(name)
                start = 0
                match = RANGE.fullmatch(self.headers.get("Range", ""))
                if_range = self.headers.get("If-Range")
                if match and (if_range is None or if_range == etag):
                    start = int(match.group(1))
                    if start >= len(body):
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{len(body)}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                else:
                    self.send_response(200)
                self.send_header("ETag", etag)
                self.send_header("Accept-Ranges", "bytes")
                self.send_header("Content-Length", str(len(body) - start))
                self.end_headers()
                cut = files_.cut_after.pop(name, None)
                if cut is not None:
                    self.wfile.write(body[start : start + cut])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(body[start:])

            def _send(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"


@contextmanager
def serving(files: Files) -> Iterator[FileServer]:
    server = FileServer(files)
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        server.thread.join(timeout=5)
