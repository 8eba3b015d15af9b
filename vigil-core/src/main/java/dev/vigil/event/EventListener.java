package dev.vigil.event;

/** Receives events after they are stored. Called on the event writer's thread: return quickly. */
@FunctionalInterface
public interface EventListener {
    void onEvent(StoredEvent event);
}
