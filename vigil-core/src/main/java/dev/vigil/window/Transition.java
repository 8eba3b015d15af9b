package dev.vigil.window;

import java.time.Instant;

/** A window opening ({@code opens}) or closing at an instant. */
public record Transition(Window window, boolean opens, Instant at) {
}
