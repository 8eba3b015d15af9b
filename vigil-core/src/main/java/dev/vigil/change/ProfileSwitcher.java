package dev.vigil.change;

import dev.vigil.time.Scheduler;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Switches profiles at the edges of their windows: told that a window opened or closed (or that a freeze or an
 * override changed, which may free a service the gate held), it has the applier lay the open profiles over the
 * running stack, off the caller's thread. While an apply runs it tries again shortly after.
 */
public final class ProfileSwitcher {

    /** How soon a switch that found an apply running is tried again. */
    static final Duration RETRY = Duration.ofSeconds(1);

    private final Applier applier;
    private final Scheduler clock;
    private final Executor blocking;
    private final AtomicBoolean queued = new AtomicBoolean();

    public ProfileSwitcher(Applier applier, Scheduler clock, Executor blocking) {
        this.applier = applier;
        this.clock = clock;
        this.blocking = blocking;
    }

    /** Something that decides which profiles apply, or whether the gate lets them, changed: look again. */
    public void changed() {
        if (queued.compareAndSet(false, true)) {
            blocking.execute(this::run);
        }
    }

    private void run() {
        queued.set(false);
        try {
            applier.switchProfiles();
        } catch (ApplyInProgressException e) {
            clock.schedule(RETRY, this::changed);
        }
    }
}
