#!/usr/bin/env python3
"""A webhook receiver for the alerting benchmarks, 127.0.0.1 only.

    webhook.py PORT OUT.jsonl PIDFILE

Answers 200 to every POST and appends one JSON line per request to OUT.jsonl:
{"at_ns": arrival (time.time_ns(), taken before the body is parsed), "path": the request path
(each sender gets its own, e.g. /vigil and /am), "body": the JSON payload}.
"""
import json, os, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, out_path, pidfile = int(sys.argv[1]), sys.argv[2], sys.argv[3]
out = open(out_path, "a", buffering=1)
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        at = time.time_ns()
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
        try:
            payload = json.loads(raw or b"null")
        except ValueError:
            payload = {"unparsed": raw.decode("utf-8", "replace")}
        with lock:
            out.write(json.dumps({"at_ns": at, "path": self.path, "body": payload}) + "\n")

    def log_message(self, *a):
        pass


srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
srv.daemon_threads = True
with open(pidfile, "w") as f:
    f.write(str(os.getpid()))
srv.serve_forever()
