package dev.vigil.event;

import java.time.Instant;
import java.util.Optional;

/**
 * An immutable record of something that happened: the single source of Vigil's history.
 * Every variant is a record; stores persist them by their simple class name.
 */
public sealed interface Event permits StackEvent, ServiceEvent {

    Instant at();

    /** The service it concerns; empty for stack-wide events. */
    Optional<String> serviceName();

    /** One line a person can read, without the time and service. */
    String message();

    /** The stable type name used in storage and filters, e.g. {@code InstanceExited}. */
    default String type() {
        return getClass().getSimpleName();
    }
}
