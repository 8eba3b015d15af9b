package dev.vigil.cli;

/** No daemon answers where one was looked for: a failure at run time (exit 1), with what to do about it. */
final class DaemonUnavailable extends RuntimeException {
    DaemonUnavailable(String message) {
        super(message);
    }
}
