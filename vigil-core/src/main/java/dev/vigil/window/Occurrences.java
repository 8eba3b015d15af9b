package dev.vigil.window;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns a schedule's occurrences, written in local time, into instants, and finds the stretches a window stays open.
 * Every schedule lists its occurrences by local start; everything about zones, gaps and merging lives here.
 */
final class Occurrences {

    /** One occurrence in wall-clock time. */
    record Local(LocalDateTime start, LocalDateTime end) {
    }

    /**
     * How far back and ahead occurrences that overlap or meet are merged into one interval. Only a schedule open
     * without a break for longer (a cron window whose duration exceeds its spacing) reaches it: its interval is then
     * reported as ending there, and it is found open again when that time comes.
     */
    static final Duration MERGE_LIMIT = Duration.ofDays(2 * 366);
    /** How far ahead the next opening is looked for; a February 29 cron match is at most 8 years away. */
    static final Duration SEARCH_LIMIT = Duration.ofDays(10 * 366);
    private static final int MAX_MERGES = 1_000;
    /** More than any zone moves its clocks at once (a day, when Samoa crossed the date line). */
    private static final Duration MARGIN = Duration.ofDays(2);
    private static final Duration MAX_CHUNK = Duration.ofDays(366);

    private Occurrences() {
    }

    /** The occurrences whose local start is within {@code [from, to]}. */
    static List<Local> starting(Schedule schedule, LocalDateTime from, LocalDateTime to) {
        return switch (schedule) {
            case Weekly w -> w.starting(from, to);
            case Days d -> d.starting(from, to);
            case Cron c -> c.starting(from, to);
            case Seasonal s -> s.starting(from, to);
            case Once o -> o.starting(from, to);
        };
    }

    /** No occurrence is longer than this in local time. */
    static Duration longest(Schedule schedule) {
        return switch (schedule) {
            case Weekly w -> Duration.ofDays(7);
            case Days d -> Duration.ofDays(1);
            case Cron c -> c.duration();
            case Seasonal s -> Duration.ofDays(367);
            case Once o -> Duration.between(o.from(), o.to());
        };
    }

    /** A wall-clock time as an instant: forward by the gap in a gap, the earlier offset in an overlap. */
    static Instant instant(LocalDateTime t, ZoneId zone) {
        return t.atZone(zone).toInstant();
    }

    static Optional<Interval> openAt(Schedule schedule, Instant at, ZoneId zone) {
        if (schedule instanceof Once once) {
            return Optional.of(once(once, zone)).filter(i -> i.contains(at));
        }
        Instant start = null;
        Instant end = null;
        for (Interval i : touching(schedule, zone, at)) {
            if (i.contains(at)) {
                start = start == null || i.start().isBefore(start) ? i.start() : start;
                end = end == null || i.end().isAfter(end) ? i.end() : end;
            }
        }
        if (start == null) {
            return Optional.empty();
        }
        Instant earliest = at.minus(MERGE_LIMIT);
        for (int merges = 0; merges < MAX_MERGES && start.isAfter(earliest); merges++) {
            Instant a = start;
            Optional<Instant> earlier = touching(schedule, zone, a).stream().map(Interval::start)
                    .filter(s -> s.isBefore(a)).min(Comparator.naturalOrder());
            if (earlier.isEmpty()) {
                break;
            }
            start = earlier.get();
        }
        Instant latest = at.plus(MERGE_LIMIT);
        for (int merges = 0; merges < MAX_MERGES && end.isBefore(latest); merges++) {
            Instant b = end;
            Optional<Instant> later = touching(schedule, zone, b).stream().map(Interval::end)
                    .filter(e -> e.isAfter(b)).max(Comparator.naturalOrder());
            if (later.isEmpty()) {
                break;
            }
            end = later.get();
        }
        return Optional.of(new Interval(start, end));
    }

    static Optional<Interval> nextOpening(Schedule schedule, Instant after, ZoneId zone) {
        if (schedule instanceof Once once) {
            return Optional.of(once(once, zone)).filter(i -> i.start().isAfter(after));
        }
        Instant limit = after.plus(SEARCH_LIMIT);
        Instant t = after;
        Duration chunk = Duration.ofDays(1);
        while (t.isBefore(limit)) {
            Instant from = t;
            Instant to = t.plus(chunk);
            Optional<Interval> first = startingWithin(schedule, zone, from, to).stream()
                    .filter(i -> i.start().isAfter(from)).findFirst();
            if (first.isEmpty()) {
                t = to;
                chunk = chunk.multipliedBy(2).compareTo(MAX_CHUNK) > 0 ? MAX_CHUNK : chunk.multipliedBy(2);
                continue;
            }
            Interval open = openAt(schedule, first.get().start(), zone).orElse(first.get());
            if (open.start().isAfter(after)) {
                return Optional.of(open);
            }
            // The first start after t belongs to a stretch that began at or before `after`: look past it.
            t = open.end();
        }
        return Optional.empty();
    }

    /** A one-off window's only interval; its local times exist and come in order (checked by Window). */
    private static Interval once(Once once, ZoneId zone) {
        return new Interval(instant(once.from(), zone), instant(once.to(), zone));
    }

    /** The occurrences with {@code start <= t <= end}: those open at t, and those that end or start exactly at t. */
    private static List<Interval> touching(Schedule schedule, ZoneId zone, Instant t) {
        Duration longest = longest(schedule);
        int[] offsets = offsets(zone.getRules(), t.minus(longest).minus(MARGIN), t.plus(longest).plus(MARGIN));
        // In instants an occurrence can be longer than in local time by as much as the clocks move in between.
        Instant lo = t.minus(longest).minusSeconds(offsets[1] - offsets[0]);
        return startingWithin(schedule, zone, lo, t).stream().filter(i -> !i.end().isBefore(t)).toList();
    }

    /** The non-empty occurrences whose start, as an instant, is within {@code [lo, hi]}, by start. */
    private static List<Interval> startingWithin(Schedule schedule, ZoneId zone, Instant lo, Instant hi) {
        // A start s was converted with an offset the zone has within a day before s: its local time lies within
        // [lo + least offset, hi + greatest offset].
        int[] offsets = offsets(zone.getRules(), lo.minus(MARGIN), hi.plus(MARGIN));
        List<Interval> out = new ArrayList<>();
        for (Local local : starting(schedule, local(lo, offsets[0]), local(hi, offsets[1]))) {
            Instant start = instant(local.start(), zone);
            // A cron window's duration is elapsed time; every other end is a wall-clock time of its own.
            Instant end = schedule instanceof Cron cron ? start.plus(cron.duration()) : instant(local.end(), zone);
            if (end.isAfter(start) && !start.isBefore(lo) && !start.isAfter(hi)) {
                out.add(new Interval(start, end));
            }
        }
        out.sort(Comparator.comparing(Interval::start));
        return out;
    }

    private static LocalDateTime local(Instant t, int offsetSeconds) {
        return LocalDateTime.ofEpochSecond(t.getEpochSecond() + offsetSeconds, t.getNano(), ZoneOffset.UTC);
    }

    /** The least and the greatest offset, in seconds, the zone has between two instants. */
    private static int[] offsets(ZoneRules rules, Instant from, Instant to) {
        int min = rules.getOffset(from).getTotalSeconds();
        int max = min;
        for (ZoneOffsetTransition t = rules.nextTransition(from); t != null && !t.getInstant().isAfter(to);
                t = rules.nextTransition(t.getInstant())) {
            min = Math.min(min, t.getOffsetAfter().getTotalSeconds());
            max = Math.max(max, t.getOffsetAfter().getTotalSeconds());
        }
        return new int[] {min, max};
    }
}
