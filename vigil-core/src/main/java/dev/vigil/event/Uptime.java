package dev.vigil.event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The share of a window a service was up — running, or healthy when it has probes — worked out from its
 * {@code StateChanged} events: what status pages and uptime badges show. Time before the service's first event is
 * not counted (it did not exist yet), so a service added yesterday is not 97 % down over 30 days.
 */
public final class Uptime {

    /** At most this many state changes are read for one window: a service flapping more is said as measured so far. */
    static final int MAX_CHANGES = 100_000;

    /** One state change: when, and whether the service was up after it. */
    public record Change(Instant at, boolean up) {
    }

    private Uptime() {
    }

    /** Whether a state (as {@code StateChanged} names it) counts as up. */
    public static boolean up(String state) {
        return state.equals("running") || state.equals("healthy");
    }

    /** The share of {@code [from, to)} the service was up, from the store; empty when nothing is known of it. */
    public static OptionalDouble of(EventStore store, String service, Instant from, Instant to) {
        List<StoredEvent> before = store.query(new EventQuery(Optional.empty(), Optional.of(from), Set.of(service),
                Set.of("StateChanged"), Set.of(), Optional.empty(), Optional.empty(), 1));
        Optional<Boolean> atStart = before.stream().findFirst()
                .map(e -> up(((ServiceEvent.StateChanged) e.event()).to()));
        List<Change> changes = new ArrayList<>();
        for (StoredEvent e : store.query(new EventQuery(Optional.of(from), Optional.of(to), Set.of(service),
                Set.of("StateChanged"), Set.of(), Optional.empty(), Optional.empty(), MAX_CHANGES))) {
            changes.add(new Change(e.event().at(), up(((ServiceEvent.StateChanged) e.event()).to())));
        }
        return share(atStart, changes, from, to);
    }

    /**
     * The share of {@code [from, to)} up, given whether it was up at {@code from} (empty: it did not exist yet) and
     * its changes inside the window, oldest first; empty when no time of the window is known.
     */
    public static OptionalDouble share(Optional<Boolean> atStart, List<Change> changes, Instant from, Instant to) {
        Instant since = atStart.isPresent() ? from : changes.isEmpty() ? to : changes.get(0).at();
        boolean up = atStart.orElse(false);
        long upMillis = 0;
        for (Change c : changes) {
            if (c.at().isAfter(since)) {
                if (up) {
                    upMillis += Duration.between(since, c.at()).toMillis();
                }
                since = c.at();
            }
            up = c.up();
        }
        if (up && to.isAfter(since)) {
            upMillis += Duration.between(since, to).toMillis();
        }
        Instant known = atStart.isPresent() ? from : changes.isEmpty() ? to : changes.get(0).at();
        long total = Duration.between(known, to).toMillis();
        return total <= 0 ? OptionalDouble.empty() : OptionalDouble.of((double) upMillis / total);
    }
}
