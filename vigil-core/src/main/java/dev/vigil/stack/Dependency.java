package dev.vigil.stack;

/** A service this one waits for, and what it waits for. */
public record Dependency(String service, Condition condition) {

    /** {@code started}: the dependency's process is running; {@code healthy}: its probes pass. */
    public enum Condition {
        STARTED, HEALTHY;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Dependency started(String service) {
        return new Dependency(service, Condition.STARTED);
    }

    public static Dependency healthy(String service) {
        return new Dependency(service, Condition.HEALTHY);
    }
}
