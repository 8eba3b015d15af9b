package dev.vigil.cli;

import java.io.PrintStream;

/**
 * SIGHUP to a running Vigil applies its stack file as it is on disk, as {@code vigil apply} would. (Without this
 * handler the JVM would take SIGHUP as a request to exit.)
 */
final class ReloadSignal {

    private ReloadSignal() {
    }

    static void install(StackRunner runner, PrintStream log) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal ->
                    Thread.ofVirtual().name("vigil-reload").start(() -> {
                        String result = runner.reload("local", "SIGHUP");
                        synchronized (log) {
                            log.println("vigil: " + result);
                            log.flush();
                        }
                    }));
        } catch (IllegalArgumentException e) {
            // The signal is reserved on this platform (the JVM runs with -Xrs): vigil apply still works.
        }
    }
}
