#!/usr/bin/env python3
"""Sums async-profiler's collapsed stacks (one "frame;frame;... count" a line) by area of Vigil's probe path.

  profile_areas.py cpu.collapsed

Each stack counts toward the first area whose marks one of its frames contains, in the order below (a stack in
the request write of an HTTP probe is "request"; one anywhere else on a probe's thread, or on the probe loop's, is
"probe, other" or "probe loop"). Areas nested inside others come first: on the probe loop a run is counted inside
the read that completed it.
"""
import collections
import sys

AREAS = [
    # What runs inside an HTTP exchange's frames first: on the probe loop, a run is counted in the callback of the
    # read that completed it.
    ("probe: describe (secret masking, regex)", ["HttpProbeSpec.describe", "Secrets."]),
    ("metrics: ProbeMetrics, Micrometer", ["ProbeMetrics", "micrometer"]),
    ("probe: count, report, schedule next", ["ProbeWorker.count", "ProbeWorker.handle", "ProbeWorker.scheduleNext",
                                             "ProbeWorker.tell"]),
    ("probe: judge, result text", ["HttpProbe.judge", "HttpProbe.failure"]),
    ("HTTP: connect, new socket, close", ["PlainHttpCheck.open", "Socket.connect", "Socket.close",
                                          "NioSocketImpl.create", "setTcpNoDelay", "finishConnect",
                                          "PlainHttpCheck$Connection.close"]),
    ("HTTP: request write (kernel loopback TCP, wakes the server)", ["OutputStream.write", "PlainHttpCheck.write"]),
    ("HTTP: rest of the last answer, read at the next GET (or as it comes)", ["finishLastAnswer", "readWhileIdle"]),
    ("HTTP: wait for and read the answer (poll, read, parse)", ["PlainHttpCheck.read",
                                                                "PlainHttpCheck$Connection.fill", "readLine",
                                                                "HttpAnswer"]),
    ("HTTP: JDK HttpClient", ["jdk/internal/net/http", "HttpClient"]),
    ("hand-off: check -> service lane (virtual threads)", ["VirtualThread", "ForkJoinPool", "Continuation"]),
    ("timers: shared timer thread (ScheduledThreadPoolExecutor)", ["[vigil-timer"]),
    ("hand-off: timer -> check pool", ["ThreadPoolExecutor.execute", "ThreadPoolExecutor.getTask"]),
    ("timers: probe thread asleep until its next run", ["DedicatedScheduler.next"]),
    ("timers: probe loop asleep in its selector (epoll_wait)", ["SelectorImpl.select"]),
    ("probe: other (check, result text)", ["HttpProbe", "ProbeWorker"]),
    ("probe loop: timers, tasks, dispatch", ["ProbeLoop"]),
    ("events: writer thread", ["[vigil-event-writer"]),
    ("logs: rotation check", ["ServiceLogs"]),
    ("JVM: GC, JIT, VM threads", ["[VM Thread", "[C1 Compiler", "[C2 Compiler", "[GC Thread", "[Monitor Deflati",
                                  "[Service Thread", "[Notification Thread"]),
]


def main(path):
    counts = collections.Counter()
    total = 0
    for line in open(path):
        stack, n = line.rstrip().rsplit(" ", 1)
        n = int(n)
        total += n
        for name, marks in AREAS:
            if any(m in stack for m in marks):
                counts[name] += n
                break
        else:
            counts["other"] += n
    print(f"{total} samples (1 ms of CPU each) in {path}")
    for name, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"{n:6d} {n * 100 / total:5.1f} %  {name}")


if __name__ == "__main__":
    main(sys.argv[1])
