package dev.vigil.window;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calendar against a brute force written separately: for an instant, every day a window could have started on
 * is tried (the week or year before), the occurrence of that day is worked out from the window's definition by
 * stepping through dates, and its local times are turned into instants with {@link ZoneRules#getValidOffsets} and
 * {@link ZoneRules#getTransition} instead of {@code atZone}. No merging, no search windows, no padding: the parts of
 * the evaluation most likely to be wrong are the parts the brute force does not have. Instants and windows cluster
 * around the zones' clock changes, where the two would differ first.
 */
class CalendarPropertiesTest {

    private static final List<ZoneId> ZONES = List.of(ZoneId.of("Europe/London"), ZoneId.of("America/New_York"),
            ZoneId.of("Australia/Lord_Howe"), ZoneId.of("America/Sao_Paulo"), ZoneId.of("Europe/Berlin"));
    private static final Instant FIRST = Instant.parse("2015-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("2030-12-31T00:00:00Z");
    private static final List<String> SERVICES = List.of("api", "pay-eu", "web");
    private static final List<List<String>> SCOPES = List.of(List.of(), List.of(), List.of("api"), List.of("pay-*"),
            List.of("web", "pay-?u"));

    /** Windows, an instant and a service to ask about. */
    record Scenario(List<Window> windows, Instant at, String service) {
    }

    @Property(tries = 1000)
    void frozenIsWhatTheBruteForceSays(@ForAll("scenarios") Scenario s) {
        Calendar calendar = new Calendar(s.windows());
        Optional<Freeze> freeze = calendar.frozen(s.service(), s.at());

        assertThat(freeze.isPresent()).as("frozen at %s", s.at()).isEqualTo(frozen(s.windows(), s.service(), s.at()));
        freeze.ifPresent(f -> {
            assertThat(f.until()).isAfter(s.at());
            // Freezes that run into each other for years (two seasons covering the year) are cut at the look-ahead.
            boolean cut = !f.until().isBefore(s.at().plus(Occurrences.MERGE_LIMIT));
            assertThat(cut || !frozen(s.windows(), s.service(), f.until())).as("frozen at until %s", f.until()).isTrue();
            for (Instant t : between(s.at(), f.until())) {
                assertThat(frozen(s.windows(), s.service(), t)).as("frozen at %s, before until", t).isTrue();
            }
        });
    }

    @Property(tries = 1000)
    void eachWindowIsOpenExactlyWhenTheBruteForceSaysAndItsIntervalsAreWhole(@ForAll("scenarios") Scenario s) {
        for (Window w : s.windows()) {
            Optional<Interval> open = w.openAt(s.at());
            assertThat(open.isPresent()).as("%s open at %s", w, s.at()).isEqualTo(open(w, s.at()));
            open.ifPresent(i -> assertWhole(w, i));
            Optional<Interval> next = w.nextOpening(s.at());
            next.ifPresent(i -> {
                assertThat(i.start()).isAfter(s.at());
                assertWhole(w, i);
                if (open.isEmpty()) {
                    for (Instant t : between(s.at(), i.start())) {
                        assertThat(open(w, t)).as("%s open at %s, before its next opening %s", w, t, i).isFalse();
                    }
                }
            });
            if (w.schedule() instanceof Once once) {
                boolean startsLater = resolve(once.from(), w.zone().getRules()).isAfter(s.at());
                assertThat(next.isPresent()).as("%s opens after %s", w, s.at()).isEqualTo(startsLater);
            } else {
                assertThat(next).as("%s opens again after %s", w, s.at()).isPresent();
            }
        }
    }

    /** Open from its start to just before its end, closed just before its start and at its end. */
    private static void assertWhole(Window w, Interval i) {
        assertThat(open(w, i.start())).as("%s open at the start of %s", w, i).isTrue();
        assertThat(open(w, i.end().minusNanos(1))).as("%s open just before the end of %s", w, i).isTrue();
        assertThat(open(w, i.start().minusNanos(1))).as("%s closed just before %s", w, i).isFalse();
        assertThat(open(w, i.end())).as("%s closed at the end of %s", w, i).isFalse();
        for (Instant t : between(i.start(), i.end())) {
            assertThat(open(w, t)).as("%s open at %s, inside %s", w, t, i).isTrue();
        }
    }

    /** A few instants spread over [from, to). */
    private static List<Instant> between(Instant from, Instant to) {
        Duration span = Duration.between(from, to);
        List<Instant> out = new ArrayList<>();
        for (int k = 0; k < 7; k++) {
            out.add(from.plus(span.multipliedBy(k).dividedBy(7)));
        }
        out.add(to.minusSeconds(1).isBefore(from) ? from : to.minusSeconds(1));
        return out;
    }

    // --- the brute force -----------------------------------------------------------------------------------------

    static boolean frozen(List<Window> windows, String service, Instant t) {
        return windows.stream().anyMatch(w -> w.kind() == WindowKind.FREEZE && covers(w, service) && open(w, t));
    }

    private static boolean covers(Window w, String service) {
        return w.services().isEmpty() || w.services().stream().anyMatch(p -> wildcard(p, 0, service, 0));
    }

    /** Classic recursive wildcard matching. */
    private static boolean wildcard(String p, int i, String s, int j) {
        if (i == p.length()) {
            return j == s.length();
        }
        char c = p.charAt(i);
        if (c == '*') {
            return wildcard(p, i + 1, s, j) || (j < s.length() && wildcard(p, i, s, j + 1));
        }
        return j < s.length() && (c == '?' || c == s.charAt(j)) && wildcard(p, i + 1, s, j + 1);
    }

    static boolean open(Window w, Instant t) {
        ZoneRules rules = w.zone().getRules();
        LocalDate today = LocalDateTime.ofInstant(t, w.zone()).toLocalDate();
        int daysBack = w.schedule() instanceof Seasonal ? 370 : 9;
        if (w.schedule() instanceof Once once) {
            return contains(resolve(once.from(), rules), resolve(once.to(), rules), t);
        }
        for (LocalDate day = today.minusDays(daysBack); !day.isAfter(today.plusDays(1)); day = day.plusDays(1)) {
            Optional<LocalDateTime[]> occurrence = occurrenceOn(w.schedule(), day);
            if (occurrence.isPresent()
                    && contains(resolve(occurrence.get()[0], rules), resolve(occurrence.get()[1], rules), t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(Instant start, Instant end, Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    /** The occurrence that starts on {@code day}, as local start and end, worked out by stepping through dates. */
    private static Optional<LocalDateTime[]> occurrenceOn(Schedule schedule, LocalDate day) {
        switch (schedule) {
            case Weekly w -> {
                if (day.getDayOfWeek() != w.fromDay()) {
                    return Optional.empty();
                }
                LocalDateTime start = day.atTime(w.fromTime());
                for (int k = 0; k <= 7; k++) {
                    LocalDateTime end = day.plusDays(k).atTime(w.toTime());
                    if (end.getDayOfWeek() == w.toDay() && end.isAfter(start)) {
                        return Optional.of(new LocalDateTime[] {start, end});
                    }
                }
                throw new AssertionError("no end for " + w);
            }
            case Days d -> {
                if (!d.days().contains(day.getDayOfWeek())) {
                    return Optional.empty();
                }
                LocalDateTime start = day.atTime(d.from());
                LocalDateTime end = day.atTime(d.to());
                return Optional.of(new LocalDateTime[] {start, end.isAfter(start) ? end : end.plusDays(1)});
            }
            case Seasonal s -> {
                if (day.getMonth() != s.from().getMonth() || day.getDayOfMonth() != s.from().getDayOfMonth()) {
                    return Optional.empty();
                }
                LocalDate last = day;
                while (!isSeasonEnd(last, s.to())) {
                    last = last.plusDays(1);
                }
                return Optional.of(new LocalDateTime[] {day.atStartOfDay(), last.plusDays(1).atStartOfDay()});
            }
            case Cron c -> throw new AssertionError("no cron windows here");
            case Once o -> throw new AssertionError("handled before");
        }
    }

    /** {@code to} is the last day; 02-29 stands for the last day of February. */
    private static boolean isSeasonEnd(LocalDate date, MonthDay to) {
        if (date.getMonth() != to.getMonth()) {
            return false;
        }
        boolean endOfFebruary = to.getMonth() == Month.FEBRUARY && to.getDayOfMonth() == 29
                && date.getDayOfMonth() == date.lengthOfMonth();
        return date.getDayOfMonth() == to.getDayOfMonth() || endOfFebruary;
    }

    /** A local time as an instant: in a gap, forward by the gap; in an overlap, the earlier of the two. */
    static Instant resolve(LocalDateTime local, ZoneRules rules) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(local);
            return local.plus(gap.getDuration()).toInstant(gap.getOffsetAfter());
        }
        Instant first = local.toInstant(offsets.get(0));
        for (ZoneOffset offset : offsets) {
            Instant candidate = local.toInstant(offset);
            first = candidate.isBefore(first) ? candidate : first;
        }
        return first;
    }

    // --- generating scenarios ------------------------------------------------------------------------------------

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.randomValue(CalendarPropertiesTest::scenario);
    }

    /**
     * Half of the scenarios are built around one clock change of one zone: the windows' times and days are close
     * to its local time, and the instant is within a day and a half of it.
     */
    private static Scenario scenario(Random random) {
        ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
        Optional<LocalDateTime> change = random.nextBoolean() ? Optional.empty() : Optional.of(clockChange(zone, random));
        int count = 1 + random.nextInt(4);
        List<Window> windows = new ArrayList<>();
        while (windows.size() < count) {
            ZoneId own = random.nextInt(4) == 0 ? ZONES.get(random.nextInt(ZONES.size())) : zone;
            try {
                windows.add(new Window("w" + windows.size(), random.nextInt(3) == 0 ? WindowKind.MAINTENANCE : WindowKind.FREEZE,
                        schedule(random, change), own, SCOPES.get(random.nextInt(SCOPES.size())), Optional.empty(),
                        WindowOrigin.FILE));
            } catch (IllegalArgumentException e) {
                // Always open, inside out, or a one-off time the zone skips: draw again.
            }
        }
        Instant at = change.map(c -> c.atZone(zone).toInstant().plusSeconds(60L * (random.nextInt(72 * 60) - 36 * 60)))
                .orElseGet(() -> FIRST.plusSeconds((long) (random.nextDouble() * Duration.between(FIRST, LAST).toSeconds())));
        if (random.nextInt(3) == 0) {
            at = at.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusSeconds(60L * 15 * random.nextInt(4));
        }
        return new Scenario(windows, at, SERVICES.get(random.nextInt(SERVICES.size())));
    }

    /** The local time, just before it, of a random clock change of the zone between FIRST and LAST. */
    private static LocalDateTime clockChange(ZoneId zone, Random random) {
        Instant from = FIRST.plusSeconds((long) (random.nextDouble() * Duration.between(FIRST, LAST).toSeconds()));
        ZoneOffsetTransition t = zone.getRules().nextTransition(from);
        return t == null ? LocalDateTime.ofInstant(from, zone) : t.getDateTimeBefore();
    }

    private static Schedule schedule(Random random, Optional<LocalDateTime> change) {
        return switch (random.nextInt(4)) {
            case 0 -> new Weekly(day(random, change), time(random, change), day(random, change), time(random, change));
            case 1 -> days(random, change);
            case 2 -> seasonal(random, change);
            default -> once(random, change);
        };
    }

    private static Days days(Random random, Optional<LocalDateTime> change) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        days.add(day(random, change));
        for (DayOfWeek d : DayOfWeek.values()) {
            if (random.nextInt(4) == 0) {
                days.add(d);
            }
        }
        return random.nextInt(3) == 0 ? Days.allDay(days) : new Days(days, time(random, change), time(random, change));
    }

    private static Seasonal seasonal(Random random, Optional<LocalDateTime> change) {
        if (random.nextBoolean()) {
            return Seasonal.months(Month.of(1 + random.nextInt(12)), Month.of(1 + random.nextInt(12)));
        }
        LocalDate near = change.map(LocalDateTime::toLocalDate).orElse(LocalDate.of(2020, 1, 1))
                .plusDays(random.nextInt(5) - 2);
        MonthDay from = random.nextBoolean() ? MonthDay.from(near) : MonthDay.of(1 + random.nextInt(12), 1 + random.nextInt(28));
        MonthDay to = switch (random.nextInt(4)) {
            case 0 -> MonthDay.of(2, 29);
            case 1 -> MonthDay.from(near.plusDays(random.nextInt(3) - 1));
            default -> MonthDay.of(1 + random.nextInt(12), 1 + random.nextInt(28));
        };
        return new Seasonal(from, to);
    }

    private static Once once(Random random, Optional<LocalDateTime> change) {
        LocalDateTime start = change.orElseGet(() -> LocalDateTime.ofEpochSecond(
                        FIRST.getEpochSecond() + (long) (random.nextDouble() * Duration.between(FIRST, LAST).toSeconds()),
                        0, ZoneOffset.UTC))
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                .plusMinutes(random.nextInt(6 * 60) - 3 * 60);
        long minutes = random.nextBoolean() ? 1 + random.nextInt(6 * 60) : 1 + random.nextInt(20 * 24 * 60);
        return new Once(start, start.plusMinutes(minutes));
    }

    /** The clock change's weekday or the one before, or any. */
    private static DayOfWeek day(Random random, Optional<LocalDateTime> change) {
        if (change.isPresent() && random.nextInt(3) > 0) {
            return change.get().getDayOfWeek().minus(random.nextInt(2));
        }
        return DayOfWeek.of(1 + random.nextInt(7));
    }

    /** Near the clock change's local time, on the quarter hour, or any minute. */
    private static LocalTime time(Random random, Optional<LocalDateTime> change) {
        if (change.isPresent() && random.nextInt(3) > 0) {
            return change.get().toLocalTime().plusMinutes(15L * (random.nextInt(13) - 6));
        }
        return random.nextBoolean() ? LocalTime.of(random.nextInt(24), 15 * random.nextInt(4))
                : LocalTime.of(random.nextInt(24), random.nextInt(60));
    }
}
