package dev.vigil.runtime;

/**
 * How a runtime chose to bring an instance up when it had a choice, and why: a user wants to know whether a
 * container kept its writable layer (restarted in place) or came fresh from its image (recreated). The supervisor
 * records it as a {@code StartChosen} event.
 */
public record StartChoice(Kind kind, String reason) {

    /** The ways a runtime may bring an earlier instance's remains back. */
    public enum Kind {
        /** The same instance (container) started again, what it wrote kept. */
        IN_PLACE("restarted in place"),
        /** The earlier one removed and a fresh one made from the definition. */
        RECREATED("recreated");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static StartChoice inPlace(String reason) {
        return new StartChoice(Kind.IN_PLACE, reason);
    }

    public static StartChoice recreated(String reason) {
        return new StartChoice(Kind.RECREATED, reason);
    }
}
