#!/usr/bin/env python3
"""A process that leaks memory at a fixed rate and logs its own RSS (stdlib only).

  leaker.py TRACE RATE_MB_S [BASE_MB] [DELAY_S] [CAP_MB]

Allocates BASE_MB (default 50) at start, then after DELAY_S (default 0) keeps
BASE_MB + RATE_MB_S * (seconds since the leak began) allocated and written to,
so every page is resident. The amount is a function of the time since the
leak began, checked every 100 ms, so a late tick catches up and the trace is
the same line in every run. It stops growing at CAP_MB (default 1000), so a
supervisor that never acts leaves a flat process, not an exhausted host.

Appends to TRACE, one line each, all times in ms since the epoch, RSS in KiB:
  start PID MS              the process began
  leak PID MS RSS_KB        the base is allocated and the leak begins (after DELAY_S)
  rss PID MS RSS_KB         every 100 ms
  stop PID MS RSS_KB SIG    SIGTERM or SIGINT arrived; it exits 0 at once
"""
import os
import signal
import sys
import time

MB = 1024 * 1024
TICK = 0.1
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE // 1024


def now_ms():
    return int(time.time() * 1000)


def main():
    trace_path = sys.argv[1]
    rate = float(sys.argv[2]) * MB
    base = int(float(sys.argv[3]) * MB) if len(sys.argv) > 3 else 50 * MB
    delay = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
    cap = int(float(sys.argv[5]) * MB) if len(sys.argv) > 5 else 1000 * MB
    pid = os.getpid()
    trace = open(trace_path, "a", buffering=1)
    trace.write(f"start {pid} {now_ms()}\n")

    def stop(signum, _frame):
        trace.write(f"stop {pid} {now_ms()} {rss_kb()} {signal.Signals(signum).name}\n")
        trace.flush()
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    held = [b"\x01" * base]  # bytes(n) could stay unbacked zero pages: fill, so it is resident
    allocated = base
    time.sleep(delay)
    began = time.monotonic()
    trace.write(f"leak {pid} {now_ms()} {rss_kb()}\n")
    tick = 0
    while True:
        tick += 1
        want = min(cap, base + int(rate * (time.monotonic() - began)))
        if want > allocated:
            held.append(b"\x01" * (want - allocated))
            allocated = want
        trace.write(f"rss {pid} {now_ms()} {rss_kb()}\n")
        pause = began + tick * TICK - time.monotonic()
        if pause > 0:
            time.sleep(pause)


if __name__ == "__main__":
    main()
