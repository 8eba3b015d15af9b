package dev.vigil.event;

/** An event with the position the store gave it; ids only grow. */
public record StoredEvent(long id, Event event) {
}
