#!/usr/bin/env python3
"""A tiny HTTP server for the benchmarks: 200 "ok" on every GET.

  httpserver.py PORT [PIDFILE]

Binds 127.0.0.1 only. Writes its pid to PIDFILE (atomically) once listening.
Used by hang-recovery.sh (Vigil probes it; the script SIGSTOPs it) and by
idle-100.sh (one shared server that all 100 probes hit).
"""
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps a connection open between requests, as the servers Vigil probes in real stacks do; a client
    # that asks for "Connection: close" (Vigil before its probes kept connections) still gets one per request.
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    # socketserver's default listen backlog is 5: a burst of probe connections overflows it, the
    # kernel drops SYNs, and the client's 1 s SYN retransmit turns into a probe timeout.
    request_queue_size = 256


def main():
    port = int(sys.argv[1])
    server = Server(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    if len(sys.argv) > 2:
        tmp = sys.argv[2] + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(os.getpid()))
        os.replace(tmp, sys.argv[2])
    server.serve_forever()


if __name__ == "__main__":
    main()
