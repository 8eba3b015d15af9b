package dev.vigil.docker;

import dev.vigil.stack.ContainerSpec.Resources;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code vigil check limits} found: one row per service, and the stack's declared memory against the host's.
 *
 * @param declaredMemory the sum of the container services' declared memory limits, in bytes
 * @param hostMemory the host's MemTotal in bytes, when /proc/meminfo could be read
 */
public record LimitReport(List<Row> rows, long declaredMemory, OptionalLong hostMemory) {

    public LimitReport {
        rows = List.copyOf(rows);
    }

    /** True when a row fails the check: drift, or a required limit not declared. */
    public boolean failed() {
        return rows.stream().anyMatch(row -> row.verdict().fails());
    }

    /** True when the declared limits add up to more memory than the host has. */
    public boolean overcommitted() {
        return hostMemory.isPresent() && declaredMemory > hostMemory.getAsLong();
    }

    /**
     * One service.
     *
     * @param container the running container's name, when there is one
     * @param declared the limits the stack file declares (empty for a process service)
     * @param actual the limits in force: the cgroup's when it can be read here, else the engine's (inspect)
     */
    public record Row(String service, Optional<String> container, Optional<Resources> declared,
                      Optional<Resources> actual, Verdict verdict) {
    }

    /** The outcome for one service. */
    public sealed interface Verdict {

        /** Whether this verdict makes the check fail (exit 1). */
        boolean fails();

        /** How the table shows it. */
        String text();

        record Ok() implements Verdict {
            public boolean fails() {
                return false;
            }

            public String text() {
                return "ok";
            }
        }

        /** Actual differs from declared; {@code what} says how, one entry per limit. */
        record Drift(List<String> what) implements Verdict {
            public Drift {
                what = List.copyOf(what);
            }

            public boolean fails() {
                return true;
            }

            public String text() {
                return "drift: " + String.join("; ", what);
            }
        }

        /** The stack requires limits this service does not declare. */
        record Missing(List<LimitCheck.Limit> limits) implements Verdict {
            public Missing {
                limits = List.copyOf(limits);
            }

            public boolean fails() {
                return true;
            }

            public String text() {
                return "missing: no " + String.join(", ", limits.stream().map(LimitCheck.Limit::key).toList())
                        + " limit declared";
            }
        }

        /** No running container of this service: nothing to compare. */
        record NotRunning(String why) implements Verdict {
            public boolean fails() {
                return false;
            }

            public String text() {
                return "not running" + (why.isEmpty() ? "" : " (" + why + ")");
            }
        }

        /** A process service: its memory_limit is Vigil's own RSS watch, not a cgroup limit. */
        record NotAContainer() implements Verdict {
            public boolean fails() {
                return false;
            }

            public String text() {
                return "process: not a container";
            }
        }
    }
}
