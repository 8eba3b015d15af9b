package dev.vigil.process;

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

    /** Where the service's output goes, whether or not it ever ran. */
    Path file(String service) {
        return logsDir.resolve(service).resolve(service + ".log");
    }

    /** The service's log, rotated from now on with {@code limits} (the newest spec's). */
    ServiceLog of(String service, LogSpec limits) {
        ServiceLog log = logs.computeIfAbsent(service, name -> new ServiceLog(file(name), limits));
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
                log.rotateIfLarge();
                broken.remove(log.file());
            } catch (IOException | RuntimeException e) {
                if (broken.add(log.file())) {
                    System.err.println("vigil: cannot rotate log " + log.file() + ": " + e);
                }
            }
        }
    }
}
