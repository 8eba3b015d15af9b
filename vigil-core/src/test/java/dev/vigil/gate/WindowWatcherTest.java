package dev.vigil.gate;

import dev.vigil.event.Event;
import dev.vigil.event.StackEvent.WindowClosed;
import dev.vigil.event.StackEvent.WindowOpened;
import dev.vigil.stack.StackLoader;
import dev.vigil.time.ManualScheduler;
import dev.vigil.window.Calendar;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Window edges become events as they happen, on the manual clock. */
class WindowWatcherTest {

    private final ManualScheduler clock = new ManualScheduler(Instant.parse("2026-12-04T17:00:00Z")); // a Friday
    private final List<Event> events = new ArrayList<>();
    private final AtomicReference<Calendar> calendar = new AtomicReference<>(calendar("""
            windows:
              weekend: {kind: freeze, from: "Fri 18:00", to: "Mon 06:00", zone: UTC}
              nightly: {kind: maintenance, from: "Sat 02:00", to: "Sat 03:00", zone: UTC}
            """));
    private final WindowWatcher watcher = new WindowWatcher("shop", calendar::get, clock, events::add);

    private static Calendar calendar(String windows) {
        return new Calendar(StackLoader.parse("services:\n  api: {command: ./api}\n" + windows,
                Path.of("/srv/vigil.yaml")).windows());
    }

    @Test
    void eachEdgeIsRecordedWhenItHappensAndNotBefore() {
        watcher.start();
        clock.advance(Duration.ofMinutes(59));
        assertThat(events).isEmpty();

        clock.advance(Duration.ofMinutes(1)); // Fri 18:00
        assertThat(events).singleElement().isInstanceOfSatisfying(WindowOpened.class, e -> {
            assertThat(e.window()).isEqualTo("weekend");
            assertThat(e.kind()).isEqualTo("freeze");
            assertThat(e.at()).isEqualTo(Instant.parse("2026-12-04T18:00:00Z"));
            assertThat(e.closesAt()).isEqualTo(Instant.parse("2026-12-07T06:00:00Z"));
        });

        clock.advance(Duration.ofHours(61)); // Mon 07:00
        assertThat(events).extracting(Event::message).containsExactly(
                "freeze window weekend opened (Fri 18:00 to Mon 06:00, UTC), closes at 2026-12-07T06:00:00Z",
                "maintenance window nightly opened (Sat 02:00 to Sat 03:00, UTC), closes at 2026-12-05T03:00:00Z",
                "maintenance window nightly closed",
                "freeze window weekend closed");
        assertThat(events.get(3)).isInstanceOf(WindowClosed.class);
        assertThat(events.get(3).at()).isEqualTo(Instant.parse("2026-12-07T06:00:00Z"));
    }

    @Test
    void aWindowAddedWhileRunningIsWatchedFromThen() {
        watcher.start();
        calendar.set(calendar("""
                windows:
                  hotfix: {kind: freeze, from: "2026-12-04 17:30", to: "2026-12-04 17:45", zone: UTC}
                """));
        watcher.calendarChanged();
        clock.advance(Duration.ofMinutes(50));

        assertThat(events).extracting(Event::message).containsExactly(
                "freeze window hotfix opened (2026-12-04 17:30 to 2026-12-04 17:45, UTC), closes at 2026-12-04T17:45:00Z",
                "freeze window hotfix closed");
    }

    @Test
    void stoppedItRecordsNothing() {
        watcher.start();
        watcher.stop();
        clock.advance(Duration.ofDays(7));
        assertThat(events).isEmpty();
    }
}
