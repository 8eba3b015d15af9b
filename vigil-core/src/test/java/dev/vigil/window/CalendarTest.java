package dev.vigil.window;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static dev.vigil.window.ScheduleTest.at;
import static dev.vigil.window.ScheduleTest.interval;
import static dev.vigil.window.ScheduleTest.time;
import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static org.assertj.core.api.Assertions.assertThat;

/** A calendar of several windows: who is frozen, until when, and what opens or closes next. */
class CalendarTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static Window window(String name, WindowKind kind, Schedule schedule, ZoneId zone, String... services) {
        return new Window(name, kind, schedule, zone, List.of(services), Optional.empty(), WindowOrigin.FILE);
    }

    static Once once(String from, String to) {
        return new Once(LocalDateTime.parse(from), LocalDateTime.parse(to));
    }

    // 2026-12-04 is a Friday; Berlin is UTC+1 in December.
    final Window weekend = window("weekend", WindowKind.FREEZE,
            new Weekly(FRIDAY, time("18:00"), MONDAY, time("06:00")), BERLIN, "api", "pay-*");
    final Window release = window("release", WindowKind.FREEZE,
            once("2026-12-07T06:00", "2026-12-08T12:00"), BERLIN);
    final Window nightly = window("nightly", WindowKind.MAINTENANCE,
            new Cron("0 2 * * *", Duration.ofHours(1)), BERLIN);

    @Test
    void aFreezeCoversOnlyTheServicesItNamesOrMatches() {
        Calendar calendar = new Calendar(List.of(weekend));

        assertThat(calendar.frozen("api", at("2026-12-05T12:00:00Z"))).isPresent();
        assertThat(calendar.frozen("pay-eu", at("2026-12-05T12:00:00Z"))).isPresent();
        assertThat(calendar.frozen("pay", at("2026-12-05T12:00:00Z"))).isEmpty();
        assertThat(calendar.frozen("web", at("2026-12-05T12:00:00Z"))).isEmpty();
        assertThat(calendar.frozen("api", at("2026-12-04T12:00:00Z"))).isEmpty();
    }

    @Test
    void backToBackFreezesAreOneFreezeUntilTheLastEnds() {
        Calendar calendar = new Calendar(List.of(weekend, release));

        Freeze freeze = calendar.frozen("api", at("2026-12-05T12:00:00Z")).orElseThrow();

        assertThat(freeze.windows()).extracting(o -> o.window().name()).containsExactly("weekend");
        assertThat(freeze.windows().get(0).interval()).isEqualTo(interval("2026-12-04T17:00:00Z", "2026-12-07T05:00:00Z"));
        assertThat(freeze.until()).isEqualTo(at("2026-12-08T11:00:00Z"));
        // web is not in the weekend freeze: free until the release freeze starts.
        assertThat(calendar.frozen("web", at("2026-12-05T12:00:00Z"))).isEmpty();
        assertThat(calendar.frozen("web", at("2026-12-07T05:00:00Z")).orElseThrow().until()).isEqualTo(at("2026-12-08T11:00:00Z"));
    }

    @Test
    void overlappingFreezesAreListedTogether() {
        Window longer = window("longer", WindowKind.FREEZE, once("2026-12-05T10:00", "2026-12-09T00:00"), BERLIN);
        Calendar calendar = new Calendar(List.of(weekend, longer));

        Freeze freeze = calendar.frozen("api", at("2026-12-05T12:00:00Z")).orElseThrow();

        assertThat(freeze.windows()).extracting(o -> o.window().name()).containsExactly("weekend", "longer");
        assertThat(freeze.until()).isEqualTo(at("2026-12-08T23:00:00Z"));
        assertThat(freeze.describe(BERLIN)).isEqualTo("freeze windows `weekend` (Fri 18:00 to Mon 06:00, Europe/Berlin)"
                + " and `longer` (2026-12-05 10:00 to 2026-12-09 00:00, Europe/Berlin) until Wed 2026-12-09 00:00 CET");
    }

    @Test
    void denyWinsAServiceScopedFreezeOverAStackWideMaintenance() {
        Window apiFreeze = window("api-freeze", WindowKind.FREEZE, once("2026-12-05T00:00", "2026-12-06T00:00"), BERLIN, "api");
        Calendar calendar = new Calendar(List.of(nightly, apiFreeze));
        var night = at("2026-12-05T01:30:00Z");

        assertThat(calendar.openAt(night)).extracting(o -> o.window().name()).containsExactly("nightly", "api-freeze");
        assertThat(calendar.frozen("api", night)).isPresent();
        assertThat(calendar.frozen("web", night)).as("maintenance does not freeze").isEmpty();
    }

    @Test
    void describesTheFreezeWithTheWindowAndItsEndInAZone() {
        Freeze freeze = new Calendar(List.of(weekend)).frozen("api", at("2026-12-05T12:00:00Z")).orElseThrow();

        assertThat(freeze.describe(BERLIN))
                .isEqualTo("freeze window `weekend` (Fri 18:00 to Mon 06:00, Europe/Berlin) until Mon 2026-12-07 06:00 CET");
        assertThat(freeze.describe(ZoneOffset.UTC)).endsWith("until Mon 2026-12-07 05:00 Z");
    }

    @Test
    void upcomingListsOpeningsAndClosingsInTimeOrder() {
        Calendar calendar = new Calendar(List.of(weekend, release, nightly));

        List<Transition> next = calendar.upcoming(at("2026-12-05T01:30:00Z"), 7);

        assertThat(next).extracting(t -> t.window().name() + (t.opens() ? " opens " : " closes ") + t.at()).containsExactly(
                "nightly closes 2026-12-05T02:00:00Z",
                "nightly opens 2026-12-06T01:00:00Z",
                "nightly closes 2026-12-06T02:00:00Z",
                "nightly opens 2026-12-07T01:00:00Z",
                "nightly closes 2026-12-07T02:00:00Z",
                // At the same instant a closing comes first.
                "weekend closes 2026-12-07T05:00:00Z",
                "release opens 2026-12-07T05:00:00Z");
    }

    @Test
    void windowsAddedAtRunTimeJoinTheFileWindows() {
        Window hotfix = new Window("hotfix", WindowKind.FREEZE, once("2026-12-01T09:00", "2026-12-01T10:00"), BERLIN,
                List.of("web"), Optional.of("release 4.2"), WindowOrigin.RUNTIME);
        Calendar calendar = new Calendar(List.of(weekend)).with(List.of(hotfix));

        assertThat(calendar.windows()).containsExactly(weekend, hotfix);
        assertThat(calendar.frozen("web", at("2026-12-01T08:30:00Z")).orElseThrow().windows().get(0).window().origin())
                .isEqualTo(WindowOrigin.RUNTIME);
        assertThat(Calendar.empty().frozen("web", at("2026-12-01T08:30:00Z"))).isEmpty();
    }

    @Test
    void globsMatchWholeNamesWithStarAndQuestionMark() {
        assertThat(Window.matches("web-*", "web-1")).isTrue();
        assertThat(Window.matches("web-*", "web-")).isTrue();
        assertThat(Window.matches("web-*", "api-web-1")).isFalse();
        assertThat(Window.matches("web-?", "web-10")).isFalse();
        assertThat(Window.matches("worker.e?", "worker.eu")).isTrue();
        assertThat(Window.matches("worker.*", "workerXeu")).isFalse();
    }
}
