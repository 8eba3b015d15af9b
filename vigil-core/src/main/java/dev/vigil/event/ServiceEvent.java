package dev.vigil.event;

import dev.vigil.stack.Durations;
import dev.vigil.stack.Sizes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Events about one service. */
public sealed interface ServiceEvent extends Event {

    String service();

    @Override
    default Optional<String> serviceName() {
        return Optional.of(service());
    }

    /** The supervisor moved the service to another state. */
    record StateChanged(Instant at, String service, String from, String to, String reason) implements ServiceEvent {
        @Override
        public String message() {
            return from + " -> " + to + (reason.isEmpty() ? "" : ": " + reason);
        }
    }

    /** A new instance runs. */
    record InstanceStarted(Instant at, String service, String instance, long pid, int attempt)
            implements ServiceEvent {
        @Override
        public String message() {
            return "started instance " + instance + (attempt > 0 ? " (restart " + attempt + ")" : "");
        }
    }

    /**
     * The runtime had a choice in how to start the instance, and made it: {@code choice} is {@code restarted in
     * place} (a container started again, what it wrote kept) or {@code recreated} (a fresh one from the image).
     */
    record StartChosen(Instant at, String service, String instance, String choice, String reason)
            implements ServiceEvent {
        @Override
        public String message() {
            return choice + " (" + instance + "): " + reason;
        }
    }

    /** The runtime could not start an instance. */
    record StartFailed(Instant at, String service, String error) implements ServiceEvent {
        @Override
        public String message() {
            return "could not start: " + error;
        }
    }

    /**
     * An instance ended.
     *
     * @param expected true when Vigil stopped it (stop, restart); false for a crash
     */
    record InstanceExited(Instant at, String service, String instance, int code, int signal, String status,
                          long uptimeMillis, boolean expected, List<String> lastLines) implements ServiceEvent {
        public InstanceExited {
            lastLines = List.copyOf(lastLines);
        }

        @Override
        public String message() {
            return "instance " + instance + " " + status + " after " + Durations.format(Duration.ofMillis(uptimeMillis))
                    + (expected ? "" : " (unexpected)");
        }
    }

    /** A probe's verdict changed: healthy, unhealthy or unknown (its checker broke). */
    record ProbeChanged(Instant at, String service, String probe, String from, String to, String detail)
            implements ServiceEvent {
        @Override
        public String message() {
            return "probe " + probe + " " + from + " -> " + to + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    /** A probe's checker could not run (not a target failure; it never counts toward a restart). */
    record ProbeCheckerFailed(Instant at, String service, String probe, String error) implements ServiceEvent {
        @Override
        public String message() {
            return "probe " + probe + " could not be checked (not counted): " + error;
        }
    }

    /** A restart was decided: its cause and the details, which one in a row, and after what delay. */
    record RestartScheduled(Instant at, String service, Cause cause, String reason, int attempt, long delayMillis,
                            int restartsInWindow, String window) implements ServiceEvent, Caused {
        @Override
        public String message() {
            return "restart " + attempt + (delayMillis == 0 ? " now" : " in " + Durations.format(Duration.ofMillis(delayMillis)))
                    + (window.equals("unlimited") ? "" : " (" + restartsInWindow + " in " + window + ")") + ": " + reason;
        }
    }

    /** A soft recovery step was tried before a hard restart. */
    record RecoveryAttempted(Instant at, String service, String action, String outcome) implements ServiceEvent {
        @Override
        public String message() {
            return "recovery " + action + ": " + outcome;
        }
    }

    /** The memory of the process tree stayed over the limit for enough samples in a row. */
    record MemoryLimitExceeded(Instant at, String service, long rssBytes, long limitBytes, int samples)
            implements ServiceEvent {
        @Override
        public String message() {
            return "memory " + Sizes.format(rssBytes) + " over limit " + Sizes.format(limitBytes)
                    + " for " + samples + " samples in a row";
        }
    }

    /** The restart limit was exceeded: the service stays down. */
    record GaveUp(Instant at, String service, int restarts, String window, String lastExit, List<String> lastLines)
            implements ServiceEvent {
        public GaveUp {
            lastLines = List.copyOf(lastLines);
        }

        @Override
        public String message() {
            return "gave up after " + restarts + " restarts within " + window + "; last: " + lastExit;
        }
    }

    /** An instance that an earlier run of Vigil started was found running and is supervised again, not restarted. */
    record InstanceAdopted(Instant at, String service, String instance, long pid, Instant startedAt)
            implements ServiceEvent {
        @Override
        public String message() {
            return "adopted running instance " + instance + " (started " + startedAt + ")";
        }
    }

    /** An instance that an earlier run of Vigil started ended while Vigil was not running. */
    record InstanceLost(Instant at, String service, String instance, String detail) implements ServiceEvent {
        @Override
        public String message() {
            return "instance " + instance + " ended while Vigil was not watching: " + detail;
        }
    }

    /**
     * An action on the service (start, stop, restart) was asked for: by an operator through the control plane, or
     * by an apply or rollback of the stack file; the cause says which.
     */
    record ActionRequested(Instant at, String service, String action, String actor, String reason, Cause cause)
            implements ServiceEvent, Caused {
        @Override
        public String message() {
            return action + " requested by " + actor + (cause == Cause.OPERATOR ? "" : " (" + cause.label() + ")")
                    + (reason.isEmpty() ? "" : ": " + reason);
        }
    }

    /**
     * A voluntary disruption was refused (or, for healing a service holds in a freeze, held) because freeze
     * windows cover the service until {@code until}.
     */
    record DisruptionRefused(Instant at, String service, Cause cause, String actor, String action,
                             List<String> windows, Instant until, String detail) implements ServiceEvent, Caused {
        public DisruptionRefused {
            windows = List.copyOf(windows);
        }

        @Override
        public String message() {
            return action + " (" + cause.label() + ", by " + actor + ") " + ("held".equals(detail) ? "held" : "refused")
                    + ": frozen by " + String.join(", ", windows) + " until " + until;
        }
    }

    /** A voluntary disruption went ahead inside a freeze because of an override, on the record. */
    record OverrideUsed(Instant at, String service, Cause cause, String actor, String action, String reason,
                        List<String> windows, Instant until) implements ServiceEvent, Caused {
        public OverrideUsed {
            windows = List.copyOf(windows);
        }

        @Override
        public String message() {
            return action + " (" + cause.label() + ", by " + actor + ") overrides " + String.join(", ", windows)
                    + " (frozen until " + until + "): " + reason;
        }
    }

    /**
     * A scrape of the service's exposition failed: the target went down, or it stays down for another reason than
     * last reported. Nothing of that scrape was stored. At most one per target every five minutes; {@code
     * suppressed} counts the reports held back by that limit since the one before (a target down again, a reason
     * that changed).
     *
     * @param target the URL, a password in it masked
     * @param reason one line, e.g. {@code timed out after 10s}, {@code HTTP 500}
     */
    record ScrapeFailed(Instant at, String service, String target, String reason, int suppressed)
            implements ServiceEvent {
        @Override
        public String message() {
            return "scrape of " + target + " failed: " + reason
                    + (suppressed == 0 ? "" : " (" + suppressed + " more report" + (suppressed == 1 ? "" : "s")
                    + " held back since the last one)");
        }
    }

    /** A target that was reported down is scraped again. */
    record ScrapeRecovered(Instant at, String service, String target, long downSeconds, int failures)
            implements ServiceEvent {
        @Override
        public String message() {
            return "scrape of " + target + " works again after " + Durations.format(Duration.ofSeconds(downSeconds))
                    + " down (" + failures + " failed scrape" + (failures == 1 ? "" : "s") + ")";
        }
    }
}
