#!/usr/bin/env python3
"""A local OTLP/HTTP receiver for the benchmarks: accepts POST /v1/traces and /v1/logs, keeps nothing
but a count of the spans it received, served as plain text by GET /count (so a run can check that the
exporter dropped none: a dropped span would be work the figure leaves out).

    python3 benchmarks/scripts/otlp-sink.py PORT
"""
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

spans = 0
spans_lock = threading.Lock()


def varint(data, i):
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def fields(data):
    """(field number, bytes) of each length-delimited field of a protobuf message; other wire types skipped."""
    i = 0
    while i < len(data):
        key, i = varint(data, i)
        wire = key & 7
        if wire == 2:
            length, i = varint(data, i)
            yield key >> 3, data[i:i + length]
            i += length
        elif wire == 0:
            _, i = varint(data, i)
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        else:
            raise ValueError(f"wire type {wire}")


def count_spans(body):
    """ExportTraceServiceRequest: resource_spans (1) > scope_spans (2) > spans (2)."""
    return sum(1 for f, resource in fields(body) if f == 1
               for g, scope in fields(resource) if g == 2
               for h, _ in fields(scope) if h == 2)


class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a collector would

    def do_POST(self):
        global spans
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        status = 200
        if self.path.endswith("/v1/traces"):
            try:
                received = count_spans(body)
                with spans_lock:
                    spans += received
            except (ValueError, IndexError):
                status = 400  # not what an OTLP exporter sends: visible in the server's log
        self.send_response(status)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        with spans_lock:
            text = f"{spans}\n".encode()
        self.send_response(200 if self.path == "/count" else 404)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
