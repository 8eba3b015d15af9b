package dev.vigil.window;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static dev.vigil.window.ScheduleTest.at;
import static dev.vigil.window.ScheduleTest.interval;
import static dev.vigil.window.ScheduleTest.time;
import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Local times are wall-clock times. In 2026 London goes forward on March 29 (01:00 GMT to 02:00 BST) and back on
 * October 25 (02:00 BST to 01:00 GMT); New York goes forward on March 8 (02:00 EST to 03:00 EDT) and back on
 * November 1 (02:00 EDT to 01:00 EST); Berlin changes at the same instants as London, an hour later on its clocks.
 */
class DaylightSavingTest {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    final Weekly weekend = new Weekly(FRIDAY, time("18:00"), MONDAY, time("06:00"));

    @Test
    void aWeekendAcrossSpringForwardIsAnHourShorter() {
        // Fri 18:00 GMT to Mon 06:00 BST: 59 hours.
        Optional<Interval> open = weekend.openAt(at("2026-03-28T12:00:00Z"), LONDON);

        assertThat(open).contains(interval("2026-03-27T18:00:00Z", "2026-03-30T05:00:00Z"));
        assertThat(Duration.between(open.get().start(), open.get().end())).isEqualTo(Duration.ofHours(59));
    }

    @Test
    void aWeekendAcrossFallBackIsAnHourLonger() {
        // Fri 18:00 BST to Mon 06:00 GMT: 61 hours.
        Optional<Interval> open = weekend.openAt(at("2026-10-25T01:30:00Z"), LONDON);

        assertThat(open).contains(interval("2026-10-23T17:00:00Z", "2026-10-26T06:00:00Z"));
        assertThat(Duration.between(open.get().start(), open.get().end())).isEqualTo(Duration.ofHours(61));
    }

    @Test
    void aStartInTheSpringGapMovesForwardByTheGap() {
        // 01:30 does not exist in London on March 29: it becomes 02:30 BST (01:30 UTC).
        Weekly early = new Weekly(SUNDAY, time("01:30"), SUNDAY, time("04:00"));

        assertThat(early.openAt(at("2026-03-29T01:15:00Z"), LONDON)).isEmpty();
        assertThat(early.openAt(at("2026-03-29T01:30:00Z"), LONDON))
                .contains(interval("2026-03-29T01:30:00Z", "2026-03-29T03:00:00Z"));
        // The week before and after, 01:30 GMT and 01:30 BST.
        assertThat(early.openAt(at("2026-03-22T01:30:00Z"), LONDON))
                .contains(interval("2026-03-22T01:30:00Z", "2026-03-22T04:00:00Z"));
        assertThat(early.openAt(at("2026-04-05T00:30:00Z"), LONDON))
                .contains(interval("2026-04-05T00:30:00Z", "2026-04-05T03:00:00Z"));
    }

    @Test
    void anEndInTheSpringGapMovesForwardByTheGap() {
        // New York, Sat 22:00 EST to Sun 02:30, which does not exist on March 8 and becomes 03:30 EDT.
        Weekly saturdayNight = new Weekly(SATURDAY, time("22:00"), SUNDAY, time("02:30"));

        assertThat(saturdayNight.openAt(at("2026-03-08T07:15:00Z"), NEW_YORK))
                .contains(interval("2026-03-08T03:00:00Z", "2026-03-08T07:30:00Z"));
    }

    @Test
    void anOccurrenceThatTheGapTurnsInsideOutDoesNotOpenThatDay() {
        // Sundays 02:30 to 03:15 in New York: on March 8 02:30 becomes 03:30 EDT, after 03:15 EDT.
        Days sundays = new Days(EnumSet.of(SUNDAY), time("02:30"), time("03:15"));

        assertThat(sundays.openAt(at("2026-03-08T07:10:00Z"), NEW_YORK)).isEmpty();
        assertThat(sundays.nextOpening(at("2026-03-08T00:00:00Z"), NEW_YORK))
                .contains(interval("2026-03-15T06:30:00Z", "2026-03-15T07:15:00Z"));
        // 02:00 to 02:45 lies wholly in the gap and moves forward whole: 03:00 to 03:45 EDT.
        Days inGap = new Days(EnumSet.of(SUNDAY), time("02:00"), time("02:45"));
        assertThat(inGap.openAt(at("2026-03-08T07:00:00Z"), NEW_YORK))
                .contains(interval("2026-03-08T07:00:00Z", "2026-03-08T07:45:00Z"));
    }

    @Test
    void aTimeInTheFallBackOverlapTakesTheEarlierOffset() {
        // New York, November 1: 01:00 to 02:00 happens twice, first in EDT (UTC-4), then in EST (UTC-5).
        Weekly toOneThirty = new Weekly(SATURDAY, time("22:00"), SUNDAY, time("01:30"));
        Weekly fromOneThirty = new Weekly(SUNDAY, time("01:30"), SUNDAY, time("03:00"));

        assertThat(toOneThirty.openAt(at("2026-11-01T05:29:00Z"), NEW_YORK))
                .contains(interval("2026-11-01T02:00:00Z", "2026-11-01T05:30:00Z"));
        // The second 01:15 (EST) is after the window closed at the first 01:30 (EDT).
        assertThat(toOneThirty.openAt(at("2026-11-01T06:15:00Z"), NEW_YORK)).isEmpty();
        // Opening at the first 01:30 and closing at 03:00 EST: two and a half hours.
        assertThat(fromOneThirty.openAt(at("2026-11-01T05:30:00Z"), NEW_YORK))
                .contains(interval("2026-11-01T05:30:00Z", "2026-11-01T08:00:00Z"));
    }

    @Test
    void wholeDaysFollowTheLocalDate() {
        Days sundays = Days.allDay(EnumSet.of(SUNDAY));

        // London, March 29: midnight GMT to midnight BST, 23 hours; October 25: 25 hours.
        assertThat(sundays.openAt(at("2026-03-29T12:00:00Z"), LONDON))
                .contains(interval("2026-03-29T00:00:00Z", "2026-03-29T23:00:00Z"));
        assertThat(sundays.openAt(at("2026-10-25T12:00:00Z"), LONDON))
                .contains(interval("2026-10-24T23:00:00Z", "2026-10-26T00:00:00Z"));
    }

    @Test
    void aCronMatchInTheGapOpensWhenTheClocksHaveGoneForwardForItsElapsedDuration() {
        Cron nightly = new Cron("0 2 * * *", Duration.ofHours(1));

        // Berlin, March 29: 02:00 does not exist, it becomes 03:00 CEST (01:00 UTC); open for an hour.
        assertThat(nightly.openAt(at("2026-03-29T01:30:00Z"), BERLIN))
                .contains(interval("2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"));
        assertThat(nightly.nextOpening(at("2026-03-29T01:00:00Z"), BERLIN))
                .contains(interval("2026-03-30T00:00:00Z", "2026-03-30T01:00:00Z"));
    }

    @Test
    void aCronMatchInTheOverlapOpensOnceAtTheEarlierOffset() {
        Cron nightly = new Cron("0 2 * * *", Duration.ofHours(1));

        // Berlin, October 25: 02:00 happens in CEST (00:00 UTC) and again in CET (01:00 UTC); only the first counts.
        assertThat(nightly.openAt(at("2026-10-25T00:30:00Z"), BERLIN))
                .contains(interval("2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z"));
        assertThat(nightly.openAt(at("2026-10-25T01:30:00Z"), BERLIN)).isEmpty();
        assertThat(nightly.nextOpening(at("2026-10-25T00:00:00Z"), BERLIN))
                .contains(interval("2026-10-26T01:00:00Z", "2026-10-26T02:00:00Z"));
    }

    @Test
    void aOneOffWindowInTheOverlapTakesTheEarlierOffsetAndOneInTheGapIsRejected() {
        Once once = new Once(LocalDateTime.parse("2026-11-01T01:30"), LocalDateTime.parse("2026-11-01T01:45"));
        Window window = new Window("w", WindowKind.MAINTENANCE, once, NEW_YORK, List.of(), Optional.empty(),
                WindowOrigin.RUNTIME);

        assertThat(window.openAt(at("2026-11-01T05:40:00Z"))).contains(interval("2026-11-01T05:30:00Z", "2026-11-01T05:45:00Z"));
        assertThatThrownBy(() -> new Window("w", WindowKind.FREEZE,
                new Once(LocalDateTime.parse("2026-03-08T01:00"), LocalDateTime.parse("2026-03-08T02:30")), NEW_YORK,
                List.of(), Optional.empty(), WindowOrigin.RUNTIME))
                .hasMessage("2026-03-08 02:30 does not exist in America/New_York (clocks go forward from 02:00 to 03:00)");
    }
}
