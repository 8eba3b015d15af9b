package dev.vigil.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Turns SIGINT and SIGTERM into a request to stop, so that the stack is stopped in order and Vigil exits 0
 * (a JVM shutdown hook alone would exit 130/143). Other ways out still stop the stack through close().
 */
final class StopSignals {

    private final CountDownLatch requested = new CountDownLatch(1);
    private volatile String reason = "";
    private volatile boolean keepServices;

    StopSignals install() {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> request("received SIG" + name));
            } catch (IllegalArgumentException e) {
                // The signal is reserved on this platform; the shutdown hook still stops the stack.
            }
        }
        return this;
    }

    void request(String why) {
        request(why, false);
    }

    /** @param keep leave the services running for the next Vigil to adopt (a restart of Vigil itself) */
    synchronized void request(String why, boolean keep) {
        if (requested.getCount() > 0) {
            reason = why;
            keepServices = keep;
        }
        requested.countDown();
    }

    boolean keepServices() {
        return keepServices;
    }

    String reason() {
        return reason;
    }

    /** Waits until a stop is requested or the timeout passes; true if requested. */
    boolean await(java.time.Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
