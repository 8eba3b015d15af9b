package dev.vigil.window;

/** One window open at an instant: the window and the interval it is in. */
public record OpenWindow(Window window, Interval interval) {
}
