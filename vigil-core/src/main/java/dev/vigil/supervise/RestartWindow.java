package dev.vigil.supervise;

import dev.vigil.stack.RestartSpec.RestartLimit;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Counts restarts within the limit's sliding window and says when one more would exceed it. */
public final class RestartWindow {

    private final Optional<RestartLimit> limit;
    private final Deque<Instant> restarts = new ArrayDeque<>();

    public RestartWindow(Optional<RestartLimit> limit) {
        this.limit = limit;
    }

    /** Restarts recorded within the window ending now. */
    public int count(Instant now) {
        limit.ifPresent(l -> {
            Instant oldest = now.minus(l.window());
            while (!restarts.isEmpty() && !restarts.peekFirst().isAfter(oldest)) {
                restarts.removeFirst();
            }
        });
        return restarts.size();
    }

    /** True when the limit allows one more restart now. */
    public boolean allows(Instant now) {
        return limit.isEmpty() || count(now) < limit.get().count();
    }

    public void clear() {
        restarts.clear();
    }

    /** The same restarts counted against another limit (a changed restart policy applied live). */
    public RestartWindow withLimit(Optional<RestartLimit> other) {
        RestartWindow next = new RestartWindow(other);
        next.restarts.addAll(restarts);
        return next;
    }

    public void record(Instant now) {
        restarts.addLast(now);
        if (limit.isEmpty() && restarts.size() > 1) {
            restarts.removeFirst(); // unlimited: nothing to count, keep memory bounded
        }
    }
}
