package dev.vigil.stack;

/**
 * What a service does inside a freeze window beyond what the gate decides: whether an unhealthy but running
 * instance is restarted (healing, the default) or held, kept running with the hold recorded, until the freeze ends.
 */
public record FreezeSpec(Unhealthy unhealthy) {

    public static final FreezeSpec DEFAULT = new FreezeSpec(Unhealthy.RESTART);

    /** {@code freeze: {unhealthy: restart | hold}}. */
    public enum Unhealthy {
        RESTART, HOLD;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
