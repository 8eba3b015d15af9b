package dev.vigil.runtime;

import java.util.OptionalLong;

/**
 * What one instance uses right now: of its whole process tree (a process) or its cgroup (a container).
 *
 * @param cpuSeconds CPU time (user and system) in seconds of one core, counted since the instance started: a
 *                   counter; its rate is the share of a core in use
 * @param rssBytes resident memory (a container: its cgroup's usage without the page cache it can drop)
 * @param memoryLimitBytes the memory limit the kernel enforces on it (a container's cgroup limit); empty if none
 * @param threads threads (tasks) in it
 * @param openFds open file descriptors; empty when they cannot be counted here (a remote engine's container)
 * @param fdLimit the lowest soft limit on open files among its processes; empty when unknown
 * @param readBytes bytes read from storage since the instance started (a counter)
 * @param writtenBytes bytes written to storage since the instance started (a counter)
 */
public record Usage(double cpuSeconds, long rssBytes, OptionalLong memoryLimitBytes, long threads,
                    OptionalLong openFds, OptionalLong fdLimit, long readBytes, long writtenBytes) {
}
