#!/usr/bin/env python3
"""A scrape target for the alerting benchmarks, 127.0.0.1 only.

    exporter.py PORT PIDFILE [--metrics 100] [--values 100] [--storm 0]

Serves GET /metrics in the text format 0.0.4: METRICS metrics x VALUES label values
(label `instance` i000..., `shard` s0..s9). The first half are counters
`bench_requests_NN_total` growing at 1..20 per second (fixed per series), the rest gauges `bench_level_NN`
around a fixed base in 0..99 (+-2, a slow sine), so every scrape has new values and rules
see steady rates and a few steadily high gauges. With --storm N it also serves `bench_storm{instance=...}`
N series at 0; POST /flip sets them all to 1 at once (and answers with the time, ns since the epoch),
POST /unflip back to 0. Each flip is logged on stdout as `flip <ns>` / `unflip <ns>`.
"""
import math, os, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, pidfile = int(sys.argv[1]), sys.argv[2]
opts = dict(zip(sys.argv[3::2], sys.argv[4::2]))
metrics = int(opts.get("--metrics", 100))
values = int(opts.get("--values", 100))
storm = int(opts.get("--storm", 0))
t0 = time.time()
flipped = [0]


def rate(m, v):
    return 1 + (m * 7 + v * 13) % 20


def base(m, v):
    return (m * 37 + v * 11) % 100


def body():
    t = time.time() - t0
    out = []
    for m in range(metrics):
        if m < metrics // 2:
            name = f"bench_requests_{m:02d}_total"
            out.append(f"# TYPE {name} counter")
            for v in range(values):
                out.append(f'{name}{{instance="i{v:03d}",shard="s{v % 10}"}} {int(rate(m, v) * t)}')
        else:
            name = f"bench_level_{m:02d}"
            out.append(f"# TYPE {name} gauge")
            for v in range(values):
                out.append(f'{name}{{instance="i{v:03d}",shard="s{v % 10}"}} {base(m, v) + 2 * math.sin(t / 30 + v):.3f}')
    if storm:
        out.append("# TYPE bench_storm gauge")
        for v in range(storm):
            out.append(f'bench_storm{{instance="i{v:03d}"}} {flipped[0]}')
    return ("\n".join(out) + "\n").encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        data = body() if self.path.startswith("/metrics") else b"ok\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        now = time.time_ns()
        if self.path == "/flip":
            flipped[0] = 1
        elif self.path == "/unflip":
            flipped[0] = 0
        print(f"{self.path[1:]} {now}", flush=True)
        data = f"{now}\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *a):
        pass


srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
with open(pidfile, "w") as f:
    f.write(str(os.getpid()))
srv.serve_forever()
