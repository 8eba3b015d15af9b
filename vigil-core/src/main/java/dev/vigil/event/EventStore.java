package dev.vigil.event;

import java.util.List;

/** Durable, append-only history of events. */
public interface EventStore extends AutoCloseable {

    /** Appends the events in order, durably, and returns them with the ids they were given. */
    List<StoredEvent> append(List<Event> events);

    /** Events matching the query, oldest first. */
    List<StoredEvent> query(EventQuery query);

    @Override
    void close();
}
