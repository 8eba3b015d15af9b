package dev.vigil.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open streams, so that closing the server ends them instead of waiting for their clients. */
final class Streams {

    private final Set<Runnable> closers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Registers a stream's closer; runs it at once if the server is already closing. */
    void add(Runnable closer) {
        closers.add(closer);
        if (closed) {
            closer.run();
        }
    }

    void remove(Runnable closer) {
        closers.remove(closer);
    }

    int open() {
        return closers.size();
    }

    void closeAll() {
        closed = true;
        closers.forEach(Runnable::run);
    }
}
