package dev.vigil.event;

/** Where producers (supervisors, the stack) hand events; it never blocks on storage. */
@FunctionalInterface
public interface EventSink {
    void publish(Event event);
}
