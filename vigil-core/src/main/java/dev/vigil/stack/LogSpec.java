package dev.vigil.stack;

/** Per-service log files: rotated when larger than {@code maxBytes}, {@code keep} rotated files kept. */
public record LogSpec(long maxBytes, int keep) {
    public static final LogSpec DEFAULT = new LogSpec(10L * 1024 * 1024, 5);
}
