package dev.vigil.stack;

import dev.vigil.window.Cron;
import dev.vigil.window.Days;
import dev.vigil.window.Once;
import dev.vigil.window.Seasonal;
import dev.vigil.window.Weekly;
import dev.vigil.window.Window;
import dev.vigil.window.WindowKind;
import dev.vigil.window.WindowOrigin;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static org.assertj.core.api.Assertions.assertThat;

/** The {@code windows} of a stack file, read into the window model. */
class WindowsTest {

    private static final ZoneId HOST = ZoneId.of("Asia/Tokyo");

    private static List<Window> windows(String yaml) {
        return StackLoader.parse(yaml, Path.of("/srv/shop/vigil.yaml"), HOST).windows();
    }

    @Test
    void readsEveryFormInFileOrder() {
        List<Window> windows = windows("""
                services:
                  api: {command: ./api}
                  checkout: {command: ./checkout}
                  pay-eu: {command: ./pay}
                windows:
                  weekend:
                    kind: freeze
                    from: "Fri 18:00"
                    to: "Mon 06:00"
                    zone: Europe/Berlin
                    reason: nothing voluntary over the weekend
                  saturdays: {kind: freeze, days: [sat]}
                  nights: {kind: maintenance, days: [mon-fri, Sunday], from: "22:00", to: "6:00"}
                  nightly: {kind: maintenance, cron: "0 2 * * *", duration: 1h}
                  peak-season: {kind: freeze, months: {from: may, to: September}, services: [checkout, "pay-*"]}
                  winter: {kind: freeze, dates: {from: "12-20", to: "01-06"}}
                  holidays: {kind: FREEZE, from: "2026-12-24 12:00", to: "2026-12-27 08:00", zone: UTC}
                """);

        assertThat(windows).extracting(Window::name)
                .containsExactly("weekend", "saturdays", "nights", "nightly", "peak-season", "winter", "holidays");
        assertThat(windows.get(0)).isEqualTo(new Window("weekend", WindowKind.FREEZE,
                new Weekly(FRIDAY, LocalTime.of(18, 0), MONDAY, LocalTime.of(6, 0)), ZoneId.of("Europe/Berlin"),
                List.of(), Optional.of("nothing voluntary over the weekend"), WindowOrigin.FILE));
        assertThat(windows.get(1).schedule()).isEqualTo(Days.allDay(EnumSet.of(SATURDAY)));
        assertThat(windows.get(1).zone()).as("the host's zone by default").isEqualTo(HOST);
        assertThat(windows.get(2).schedule()).isEqualTo(new Days(EnumSet.of(MONDAY, DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, FRIDAY, SUNDAY), LocalTime.of(22, 0), LocalTime.of(6, 0)));
        assertThat(windows.get(3).schedule()).isEqualTo(new Cron("0 2 * * *", Duration.ofHours(1)));
        assertThat(windows.get(4).schedule()).isEqualTo(Seasonal.months(Month.MAY, Month.SEPTEMBER));
        assertThat(windows.get(4).services()).containsExactly("checkout", "pay-*");
        assertThat(windows.get(5).schedule()).isEqualTo(new Seasonal(MonthDay.of(12, 20), MonthDay.of(1, 6)));
        assertThat(windows.get(6).schedule()).isEqualTo(new Once(LocalDateTime.parse("2026-12-24T12:00"),
                LocalDateTime.parse("2026-12-27T08:00")));
        assertThat(windows).extracting(Window::describe).containsExactly(
                "Fri 18:00 to Mon 06:00, Europe/Berlin",
                "Sat, Asia/Tokyo",
                "Mon-Fri, Sun 22:00 to 06:00, Asia/Tokyo",
                "cron `0 2 * * *` for 1h, Asia/Tokyo",
                "May to September, Asia/Tokyo",
                "12-20 to 01-06, Asia/Tokyo",
                "2026-12-24 12:00 to 2026-12-27 08:00, UTC");
    }

    @Test
    void aDayRangeMayWrapOverTheWeekEnd() {
        Window w = windows("""
                services: {api: {command: ./api}}
                windows: {long-weekend: {kind: freeze, days: fri-mon}}
                """).get(0);

        assertThat(w.schedule()).isEqualTo(Days.allDay(EnumSet.of(FRIDAY, SATURDAY, SUNDAY, MONDAY)));
        assertThat(w.describe()).endsWith("Mon, Fri-Sun, Asia/Tokyo");
    }

    @Test
    void aStackWithoutWindowsHasNone() {
        assertThat(windows("services: {api: {command: ./api}}")).isEmpty();
        assertThat(windows("services: {api: {command: ./api}}\nwindows:\n")).isEmpty();
        assertThat(new Stack("s", Path.of("/srv/vigil.yaml"), List.of()).windows()).isEmpty();
    }
}
