package dev.vigil.event;

import java.time.Instant;
import java.util.Optional;

/** Events about the stack as a whole. */
public sealed interface StackEvent extends Event {

    @Override
    default Optional<String> serviceName() {
        return Optional.empty();
    }

    /** Supervision of a stack began. */
    record StackStarting(Instant at, String stack, String file, int services) implements StackEvent {
        @Override
        public String message() {
            return "supervising stack " + stack + " (" + services + " services) from " + file;
        }
    }

    /** Every service reached its first running or healthy state, or gave up. */
    record StackStarted(Instant at, String stack, long millis) implements StackEvent {
        @Override
        public String message() {
            return "stack " + stack + " started in " + millis + " ms";
        }
    }

    /** A stop of the whole stack began. */
    record StackStopping(Instant at, String stack, String reason) implements StackEvent {
        @Override
        public String message() {
            return "stopping stack " + stack + ": " + reason;
        }
    }

    /** Every service is stopped; Vigil is about to exit. */
    record StackStopped(Instant at, String stack, long millis) implements StackEvent {
        @Override
        public String message() {
            return "stack " + stack + " stopped in " + millis + " ms";
        }
    }

    /** A window opened: until {@code closesAt}, a freeze refuses voluntary disruptions of what it covers. */
    record WindowOpened(Instant at, String stack, String window, String kind, String schedule, Instant closesAt)
            implements StackEvent {
        @Override
        public String message() {
            return kind + " window " + window + " opened (" + schedule + "), closes at " + closesAt;
        }
    }

    /** A window closed. */
    record WindowClosed(Instant at, String stack, String window, String kind) implements StackEvent {
        @Override
        public String message() {
            return kind + " window " + window + " closed";
        }
    }

    /**
     * A profile's settings now apply to the services it covers: its window opened, or an apply brought it in while
     * the window was open.
     *
     * @param services the names and globs it covers; empty for every service
     * @param settings what it sets, secrets masked
     */
    record ProfileActivated(Instant at, String stack, String profile, String window, java.util.List<String> services,
                            String settings) implements StackEvent {
        public ProfileActivated {
            services = java.util.List.copyOf(services);
        }

        @Override
        public String message() {
            return "profile " + profile + " active (window " + window + ") for "
                    + (services.isEmpty() ? "every service" : String.join(", ", services)) + ": " + settings;
        }
    }

    /** A profile's settings no longer apply: its window closed, or an apply removed the profile. */
    record ProfileDeactivated(Instant at, String stack, String profile, String window) implements StackEvent {
        @Override
        public String message() {
            return "profile " + profile + " inactive (window " + window + ")";
        }
    }

    /** A changed stack file was applied to the running stack and recorded as a version. */
    record ConfigApplied(Instant at, String stack, long version, String actor, String reason, String summary)
            implements StackEvent {
        @Override
        public String message() {
            return "version " + version + " applied by " + actor + (reason.isEmpty() ? "" : " (" + reason + ")") + ": "
                    + summary;
        }
    }

    /** An apply did not become healthy in time and the stack went back to the version before it. */
    record ApplyRolledBack(Instant at, String stack, long version, long restored, String detail) implements StackEvent {
        @Override
        public String message() {
            return "version " + version + " rolled back to " + (restored == 0 ? "the stack as started" : "version " + restored)
                    + ": " + detail;
        }
    }

    /**
     * A detector found a resource growing steadily towards its limit ({@code resource}: memory, fds, host_memory,
     * disk, inodes). It concerns {@code service} when present, else the host ({@code subject}: a mount point or
     * {@code host}).
     *
     * @param slopePerSecond the rise in the resource's unit per second
     * @param spanSeconds how much time the evidence covers
     */
    record FindingOpened(Instant at, String stack, String finding, Optional<String> service, String resource,
                         String subject, double slopePerSecond, double r2, long spanSeconds, double value, double limit,
                         Instant reachesAt, String summary) implements StackEvent {
        @Override
        public Optional<String> serviceName() {
            return service;
        }

        @Override
        public String message() {
            return summary;
        }
    }

    /** A finding no longer holds: the instance was replaced, or the growth stopped. */
    record FindingResolved(Instant at, String stack, String finding, Optional<String> service, String resource,
                           String subject, Instant openedAt, String reason) implements StackEvent {
        @Override
        public Optional<String> serviceName() {
            return service;
        }

        @Override
        public String message() {
            return resource + " finding on " + subject + " resolved: " + reason;
        }
    }

    /**
     * The metric store or the collection into it has a problem an operator should know of: writes failing (a full
     * disk), data dropped, a damaged chunk skipped, data deleted to keep within the disk budget, or recovery.
     *
     * @param kind {@code write_failed}, {@code write_recovered}, {@code dropped}, {@code corrupt_chunk},
     *             {@code wal_damaged}, {@code budget_enforced}, {@code detector_failed}
     */
    record MetricsProblem(Instant at, String stack, String kind, String detail) implements StackEvent {
        @Override
        public String message() {
            return "metrics: " + kind.replace('_', ' ') + ": " + detail;
        }
    }

    /**
     * A receiver could not be notified as configured: a template failed (the raw text went out), a notification was
     * dead-lettered, or a receiver's circuit breaker opened or closed. Never carries a secret.
     *
     * @param kind {@code template_failed}, {@code dead_lettered}, {@code circuit_opened}, {@code circuit_half_open},
     *             {@code circuit_closed}, {@code delivery_failed} (a bug in Vigil's handling of one notification)
     */
    record NotificationProblem(Instant at, String stack, String receiver, String kind, String detail)
            implements StackEvent {
        @Override
        public String message() {
            return "receiver " + receiver + ": " + kind.replace('_', ' ') + ": " + detail;
        }
    }

    /**
     * An alerting rule could not be evaluated, or one of its templates failed (its raw text was used): said once per
     * change of message, so a rule failing every round is one event, not one a round.
     */
    record RuleProblem(Instant at, String stack, String group, String rule, String detail) implements StackEvent {
        @Override
        public String message() {
            return "rule " + rule + " (group " + group + "): " + detail;
        }
    }

    /**
     * An alert started firing: from a rule, a built-in rule or a Prometheus that posts to the intake.
     *
     * @param labels the alert's labels in PromQL's form, e.g. {@code {alertname="X", service="api"}}
     */
    record AlertFired(Instant at, String stack, String alert, String fingerprint, String labels) implements StackEvent {
        @Override
        public String message() {
            return "alert " + alert + " firing " + labels;
        }
    }

    /** A firing alert resolved. */
    record AlertResolved(Instant at, String stack, String alert, String fingerprint, String labels)
            implements StackEvent {
        @Override
        public String message() {
            return "alert " + alert + " resolved " + labels;
        }
    }

    /**
     * A group's notification was handed to a receiver's delivery queue (delivery problems follow as
     * {@link NotificationProblem}).
     *
     * @param affected the services whose alerts are held under these: dependents of a service that is down
     */
    record AlertsNotified(Instant at, String stack, String receiver, String group, int firing, int resolved,
                          java.util.List<String> affected) implements StackEvent {
        public AlertsNotified {
            affected = java.util.List.copyOf(affected);
        }

        @Override
        public String message() {
            return "notified " + receiver + ": " + firing + " firing, " + resolved + " resolved"
                    + (affected.isEmpty() ? "" : ", affected: " + String.join(", ", affected)) + " (" + group + ")";
        }
    }

    /**
     * An alert's automated response was taken, refused by the gate, skipped by its limit, or failed.
     *
     * @param service the alert's {@code service} label; empty when it has none
     * @param action {@code restart}, {@code command} or {@code webhook}
     */
    record ResponseTaken(Instant at, String stack, String alert, String service, String action, String outcome)
            implements StackEvent {
        @Override
        public String message() {
            return "response to " + alert + (service.isEmpty() ? "" : " (" + service + ")") + ": " + action + ": "
                    + outcome;
        }
    }
}
