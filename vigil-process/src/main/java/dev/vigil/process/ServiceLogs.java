package dev.vigil.process;

import dev.vigil.runtime.Slot;
import dev.vigil.stack.LogSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The log files of a runtime's services, {@code <logsDir>/<service>/<service>.log}, and the one small thread
 * that rotates them by size. Rotation is a periodic check, not done on write, since Vigil does not write them.
 */
final class ServiceLogs implements AutoCloseable {

    static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final Path logsDir;
    private final Map<String, ServiceLog> logs = new ConcurrentHashMap<>();
    private final Set<Path> broken = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService rotation;

    ServiceLogs(Path logsDir, Duration checkInterval) {
        this.logsDir = logsDir;
        this.rotation = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("vigil-log-rotation").daemon(true).stackSize(128 * 1024).factory());
        long millis = Math.max(1, checkInterval.toMillis());
        rotation.scheduleWithFixedDelay(this::rotateAll, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Where the service's (primary instance's) output goes, whether or not it ever ran. */
    Path file(String service) {
        return file(service, Slot.PRIMARY);
    }

    /** Where the output of the service's instance in {@code slot} goes: {@code <service>/<service>@<slot>.log}. */
    Path file(String service, Slot slot) {
        return logsDir.resolve(service).resolve(slot.qualify(service) + ".log");
    }

    /** The log of the service's instance in {@code slot}, rotated from now on with {@code limits} (the newest spec's). */
    ServiceLog of(String service, Slot slot, LogSpec limits) {
        ServiceLog log = logs.computeIfAbsent(slot.qualify(service), name -> new ServiceLog(file(service, slot), limits));
        log.limits(limits);
        return log;
    }

    @Override
    public void close() {
        rotation.shutdownNow();
    }

    /** Must not die: a log that cannot be rotated now is tried again at the next check, and said so once. */
    private void rotateAll() {
        for (ServiceLog log : logs.values()) {
            try {
                log.check();
                broken.remove(log.file());
            } catch (IOException | RuntimeException e) {
                if (broken.add(log.file())) {
                    System.err.println("vigil: cannot rotate log " + log.file() + ": " + e);
                }
            }
        }
    }
}
