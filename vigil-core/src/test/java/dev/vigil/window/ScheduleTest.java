package dev.vigil.window;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each kind of schedule evaluated at fixed instants: boundaries, midnight and weekend crossings, merging. */
class ScheduleTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final ZoneId UTC = ZoneOffset.UTC;

    static Instant at(String instant) {
        return Instant.parse(instant);
    }

    static Interval interval(String start, String end) {
        return new Interval(at(start), at(end));
    }

    static LocalTime time(String hhmm) {
        return LocalTime.parse(hhmm);
    }

    @Nested
    class WeeklyWindows {

        // 2026-12-04 is a Friday; Berlin is on CET (UTC+1) in December.
        final Weekly weekend = new Weekly(FRIDAY, time("18:00"), MONDAY, time("06:00"));

        @Test
        void openFromFridayEveningToMondayMorningAcrossMidnightAndTheWeekend() {
            Interval expected = interval("2026-12-04T17:00:00Z", "2026-12-07T05:00:00Z");

            assertThat(weekend.openAt(at("2026-12-05T12:00:00Z"), BERLIN)).contains(expected);
            assertThat(weekend.openAt(at("2026-12-06T23:30:00Z"), BERLIN)).contains(expected);
        }

        @Test
        void theStartIsIncludedAndTheEndIsNot() {
            assertThat(weekend.openAt(at("2026-12-04T16:59:59Z"), BERLIN)).isEmpty();
            assertThat(weekend.openAt(at("2026-12-04T17:00:00Z"), BERLIN)).isPresent();
            assertThat(weekend.openAt(at("2026-12-07T04:59:59Z"), BERLIN)).isPresent();
            assertThat(weekend.openAt(at("2026-12-07T05:00:00Z"), BERLIN)).isEmpty();
        }

        @Test
        void nextOpeningIsStrictlyAfter() {
            Interval following = interval("2026-12-11T17:00:00Z", "2026-12-14T05:00:00Z");

            assertThat(weekend.nextOpening(at("2026-12-04T16:00:00Z"), BERLIN))
                    .contains(interval("2026-12-04T17:00:00Z", "2026-12-07T05:00:00Z"));
            assertThat(weekend.nextOpening(at("2026-12-04T17:00:00Z"), BERLIN)).contains(following);
            assertThat(weekend.nextOpening(at("2026-12-07T05:00:00Z"), BERLIN)).contains(following);
        }

        @Test
        void theSameWeekdayWithAnEarlierEndLastsAlmostAWeek() {
            Weekly longWeek = new Weekly(MONDAY, time("09:00"), MONDAY, time("08:00"));

            assertThat(longWeek.openAt(at("2026-12-13T12:00:00Z"), UTC))
                    .contains(interval("2026-12-07T09:00:00Z", "2026-12-14T08:00:00Z"));
            assertThat(longWeek.openAt(at("2026-12-14T08:30:00Z"), UTC)).isEmpty();
        }

        @Test
        void aStartAndEndAtTheSameTimeIsRejected() {
            assertThatThrownBy(() -> new Weekly(MONDAY, time("09:00"), MONDAY, time("09:00")))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void describesItselfAsWritten() {
            assertThat(weekend.describe()).isEqualTo("Fri 18:00 to Mon 06:00");
        }
    }

    @Nested
    class DayLists {

        @Test
        void wholeDaysThatMeetAreOneInterval() {
            Days weekend = Days.allDay(EnumSet.of(SATURDAY, SUNDAY));
            Interval both = interval("2026-12-05T00:00:00Z", "2026-12-07T00:00:00Z");

            assertThat(weekend.openAt(at("2026-12-05T00:00:00Z"), UTC)).contains(both);
            assertThat(weekend.openAt(at("2026-12-06T23:59:59Z"), UTC)).contains(both);
            assertThat(weekend.openAt(at("2026-12-07T00:00:00Z"), UTC)).isEmpty();
            assertThat(weekend.nextOpening(at("2026-12-05T10:00:00Z"), UTC))
                    .contains(interval("2026-12-12T00:00:00Z", "2026-12-14T00:00:00Z"));
            assertThat(weekend.describe()).isEqualTo("Sat, Sun");
        }

        @Test
        void aTimeRangeCrossingMidnightStartsOnEachListedDay() {
            Days nights = new Days(EnumSet.range(MONDAY, FRIDAY), time("22:00"), time("06:00"));

            // Friday night runs into Saturday morning; Saturday and Sunday nights are not listed.
            assertThat(nights.openAt(at("2026-12-05T05:59:00Z"), UTC))
                    .contains(interval("2026-12-04T22:00:00Z", "2026-12-05T06:00:00Z"));
            assertThat(nights.openAt(at("2026-12-05T23:00:00Z"), UTC)).isEmpty();
            assertThat(nights.openAt(at("2026-12-07T03:00:00Z"), UTC)).isEmpty();
            assertThat(nights.nextOpening(at("2026-12-05T06:00:00Z"), UTC))
                    .contains(interval("2026-12-07T22:00:00Z", "2026-12-08T06:00:00Z"));
            assertThat(nights.describe()).isEqualTo("Mon-Fri 22:00 to 06:00");
        }

        @Test
        void describesRunsOfThreeOrMoreAsRanges() {
            assertThat(Days.allDay(EnumSet.of(MONDAY, DayOfWeek.WEDNESDAY, FRIDAY, SATURDAY, SUNDAY)).describe())
                    .isEqualTo("Mon, Wed, Fri-Sun");
        }

        @Test
        void everyDayAllDayIsRejected() {
            assertThatThrownBy(() -> Days.allDay(EnumSet.allOf(DayOfWeek.class)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Seasons {

        @Test
        void mayToSeptemberIsWholeDaysInLocalTime() {
            Seasonal summer = Seasonal.months(Month.MAY, Month.SEPTEMBER);
            // London is on BST (UTC+1) on both ends.
            Interval expected = interval("2026-04-30T23:00:00Z", "2026-09-30T23:00:00Z");

            assertThat(summer.openAt(at("2026-04-30T22:59:59Z"), LONDON)).isEmpty();
            assertThat(summer.openAt(at("2026-04-30T23:00:00Z"), LONDON)).contains(expected);
            assertThat(summer.openAt(at("2026-09-30T22:59:59Z"), LONDON)).contains(expected);
            assertThat(summer.openAt(at("2026-09-30T23:00:00Z"), LONDON)).isEmpty();
            assertThat(summer.nextOpening(at("2026-06-01T00:00:00Z"), LONDON))
                    .contains(interval("2027-04-30T23:00:00Z", "2027-09-30T23:00:00Z"));
            assertThat(summer.describe()).isEqualTo("May to September");
        }

        @Test
        void novemberToFebruaryWrapsOverTheYearEndAndKeepsALeapDay() {
            Seasonal winter = Seasonal.months(Month.NOVEMBER, Month.FEBRUARY);

            assertThat(winter.openAt(at("2027-01-15T00:00:00Z"), UTC))
                    .contains(interval("2026-11-01T00:00:00Z", "2027-03-01T00:00:00Z"));
            assertThat(winter.openAt(at("2028-02-29T12:00:00Z"), UTC))
                    .contains(interval("2027-11-01T00:00:00Z", "2028-03-01T00:00:00Z"));
            assertThat(winter.openAt(at("2026-10-31T23:59:59Z"), UTC)).isEmpty();
            assertThat(winter.describe()).isEqualTo("November to February");
        }

        @Test
        void datesAreIncludedWholeAndMayWrap() {
            Seasonal holidays = new Seasonal(MonthDay.of(12, 20), MonthDay.of(1, 6));

            assertThat(holidays.openAt(at("2027-01-06T23:59:00Z"), UTC))
                    .contains(interval("2026-12-20T00:00:00Z", "2027-01-07T00:00:00Z"));
            assertThat(holidays.openAt(at("2027-01-07T00:00:00Z"), UTC)).isEmpty();
            assertThat(holidays.describe()).isEqualTo("12-20 to 01-06");
        }

        @Test
        void toFebruary29IsTheEndOfFebruaryEveryYear() {
            Seasonal february = new Seasonal(MonthDay.of(2, 1), MonthDay.of(2, 29));

            assertThat(february.openAt(at("2027-02-10T00:00:00Z"), UTC))
                    .contains(interval("2027-02-01T00:00:00Z", "2027-03-01T00:00:00Z"));
            assertThat(february.openAt(at("2028-02-29T00:00:00Z"), UTC))
                    .contains(interval("2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z"));
            assertThat(february.describe()).isEqualTo("February");
        }

        @Test
        void theWholeYearAndStartingOnALeapDayAreRejected() {
            assertThatThrownBy(() -> Seasonal.months(Month.MAY, Month.APRIL)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Seasonal(MonthDay.of(3, 1), MonthDay.of(2, 29)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Seasonal(MonthDay.of(2, 29), MonthDay.of(3, 1)))
                    .isInstanceOf(IllegalArgumentException.class);
            // 03-01 to 02-28 leaves February 29 of leap years out: not always open.
            assertThat(new Seasonal(MonthDay.of(3, 1), MonthDay.of(2, 28)).openAt(at("2028-02-29T12:00:00Z"), UTC))
                    .isEmpty();
        }
    }

    @Nested
    class OneOffWindows {

        final Once holidays = new Once(LocalDateTime.parse("2026-12-24T12:00"), LocalDateTime.parse("2026-12-27T08:00"));

        @Test
        void openOnceBetweenTwoLocalTimes() {
            Interval expected = interval("2026-12-24T11:00:00Z", "2026-12-27T07:00:00Z");

            assertThat(holidays.openAt(at("2026-12-25T00:00:00Z"), BERLIN)).contains(expected);
            assertThat(holidays.openAt(at("2026-12-27T07:00:00Z"), BERLIN)).isEmpty();
            assertThat(holidays.nextOpening(at("2026-01-01T00:00:00Z"), BERLIN)).contains(expected);
            assertThat(holidays.nextOpening(at("2026-12-24T11:00:00Z"), BERLIN)).isEmpty();
            assertThat(holidays.describe()).isEqualTo("2026-12-24 12:00 to 2026-12-27 08:00");
        }

        @Test
        void aWindowWhoseLocalTimeDoesNotExistIsRejected() {
            Once skipped = new Once(LocalDateTime.parse("2026-03-29T01:30"), LocalDateTime.parse("2026-03-29T04:00"));

            assertThatThrownBy(() -> new Window("deploy-freeze", WindowKind.FREEZE, skipped, LONDON, java.util.List.of(),
                    Optional.empty(), WindowOrigin.FILE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("2026-03-29 01:30 does not exist in Europe/London (clocks go forward from 01:00 to 02:00)");
        }
    }

    @Nested
    class CronWindows {

        final Cron nightly = new Cron("0 2 * * *", Duration.ofHours(1));

        @Test
        void opensAtEachMatchForTheDuration() {
            assertThat(nightly.openAt(at("2026-12-05T01:30:00Z"), BERLIN))
                    .contains(interval("2026-12-05T01:00:00Z", "2026-12-05T02:00:00Z"));
            assertThat(nightly.openAt(at("2026-12-05T02:00:00Z"), BERLIN)).isEmpty();
            assertThat(nightly.nextOpening(at("2026-12-05T01:00:00Z"), BERLIN))
                    .contains(interval("2026-12-06T01:00:00Z", "2026-12-06T02:00:00Z"));
            assertThat(nightly.describe()).isEqualTo("cron `0 2 * * *` for 1h");
        }

        @Test
        void matchesThatOverlapOrMeetAreOneInterval() {
            Cron morning = new Cron("0 9-11 * * *", Duration.ofHours(1));

            assertThat(morning.openAt(at("2026-12-05T10:30:00Z"), UTC))
                    .contains(interval("2026-12-05T09:00:00Z", "2026-12-05T12:00:00Z"));
        }

        @Test
        void eitherDayFieldMatchesWhenBothAreRestricted() {
            // Vixie cron: the 13th of the month, or a Friday.
            Cron friday13 = new Cron("0 0 13 * 5", Duration.ofMinutes(10));

            assertThat(friday13.nextOpening(at("2026-12-01T00:00:00Z"), UTC))
                    .contains(interval("2026-12-04T00:00:00Z", "2026-12-04T00:10:00Z"));
        }

        @Test
        void invalidExpressionsCarryTheLibrarysMessage() {
            assertThatThrownBy(() -> new Cron("61 2 * * *", Duration.ofHours(1)))
                    .hasMessage("Value 61 not in range [0, 59]");
            assertThatThrownBy(() -> new Cron("0 2 * *", Duration.ofHours(1)))
                    .hasMessage("Cron expression contains 4 parts but we expect one of [5]");
            assertThatThrownBy(() -> new Cron("0 0 30 2 *", Duration.ofHours(1)))
                    .hasMessage("never matches a date (e.g. February 30)");
        }
    }
}
