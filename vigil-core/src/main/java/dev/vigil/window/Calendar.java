package dev.vigil.window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** An immutable set of windows (from the stack file and added at run time), evaluated at instants. */
public final class Calendar {

    private static final Calendar EMPTY = new Calendar(List.of());
    private static final int MAX_CHAINED = 1_000;

    private final List<Window> windows;

    public Calendar(List<Window> windows) {
        this.windows = List.copyOf(windows);
    }

    public static Calendar empty() {
        return EMPTY;
    }

    public List<Window> windows() {
        return windows;
    }

    /** Every window open at {@code at}, in the calendar's order. */
    public List<OpenWindow> openAt(Instant at) {
        return open(windows, at);
    }

    /**
     * Whether the service is frozen at {@code at}: deny wins, so any open freeze window covering it freezes it,
     * whatever else is open. The freeze lasts until no freeze covering the service is open any more; when freezes
     * run into each other for more than two years (say, two seasons that together cover the year), {@code until} is
     * where that look-ahead stopped, and the service is found frozen again then.
     */
    public Optional<Freeze> frozen(String service, Instant at) {
        List<Window> freezes = windows.stream().filter(w -> w.kind() == WindowKind.FREEZE && w.covers(service)).toList();
        List<OpenWindow> open = open(freezes, at);
        if (open.isEmpty()) {
            return Optional.empty();
        }
        Instant until = open.stream().map(o -> o.interval().end()).max(Comparator.naturalOrder()).orElseThrow();
        Instant limit = at.plus(Occurrences.MERGE_LIMIT);
        for (int chained = 0; chained < MAX_CHAINED && until.isBefore(limit); chained++) {
            Instant end = until;
            Optional<Instant> later = open(freezes, end).stream().map(o -> o.interval().end())
                    .max(Comparator.naturalOrder());
            if (later.isEmpty()) {
                break;
            }
            until = later.get();
        }
        return Optional.of(new Freeze(open, until));
    }

    /**
     * The next openings and closings after {@code from} (a window open at {@code from} first closes), at most
     * {@code limit}, by time; at the same instant closings come first, then the calendar's order.
     */
    public List<Transition> upcoming(Instant from, int limit) {
        List<Transition> all = new ArrayList<>();
        for (Window w : windows) {
            List<Transition> own = new ArrayList<>();
            Optional<Interval> open = w.openAt(from);
            open.ifPresent(i -> own.add(new Transition(w, false, i.end())));
            Instant t = open.map(Interval::end).orElse(from);
            while (own.size() < limit) {
                Optional<Interval> next = w.nextOpening(t);
                if (next.isEmpty()) {
                    break;
                }
                own.add(new Transition(w, true, next.get().start()));
                own.add(new Transition(w, false, next.get().end()));
                t = next.get().end();
            }
            all.addAll(own);
        }
        all.sort(Comparator.comparing(Transition::at).thenComparing(Transition::opens)
                .thenComparingInt(t -> windows.indexOf(t.window())));
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    /** This calendar plus more windows (added at run time). */
    public Calendar with(List<Window> more) {
        return new Calendar(Stream.concat(windows.stream(), more.stream()).toList());
    }

    private static List<OpenWindow> open(List<Window> windows, Instant at) {
        return windows.stream().flatMap(w -> w.openAt(at).map(i -> new OpenWindow(w, i)).stream()).toList();
    }
}
