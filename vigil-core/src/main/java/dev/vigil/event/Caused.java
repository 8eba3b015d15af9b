package dev.vigil.event;

/** An event about a stop or restart decision, carrying why: {@code vigil events --cause C} selects by it. */
public interface Caused {

    Cause cause();
}
