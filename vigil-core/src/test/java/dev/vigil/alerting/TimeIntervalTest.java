package dev.vigil.alerting;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeIntervalTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void officeHoursOnWeekdays() {
        TimeInterval office = new TimeInterval(List.of(TimeInterval.times("09:00", "17:00")),
                List.of(TimeInterval.weekdays("monday:friday")), List.of(), List.of(), List.of(), UTC);
        assertThat(office.contains(Instant.parse("2026-12-01T09:00:00Z"))).as("Tuesday 09:00").isTrue();
        assertThat(office.contains(Instant.parse("2026-12-01T16:59:59Z"))).isTrue();
        assertThat(office.contains(Instant.parse("2026-12-01T17:00:00Z"))).as("the end is excluded").isFalse();
        assertThat(office.contains(Instant.parse("2026-12-05T10:00:00Z"))).as("Saturday").isFalse();
    }

    @Test
    void aLocationShiftsTheDay() {
        TimeInterval berlinMorning = new TimeInterval(List.of(TimeInterval.times("00:00", "06:00")), List.of(),
                List.of(), List.of(), List.of(), TimeInterval.location(Optional.of("Europe/Berlin")));
        assertThat(berlinMorning.contains(Instant.parse("2026-11-30T23:30:00Z"))).as("00:30 in Berlin").isTrue();
        assertThat(berlinMorning.contains(Instant.parse("2026-12-01T05:30:00Z"))).as("06:30 in Berlin").isFalse();
    }

    @Test
    void daysFromTheEndOfTheMonthAndRangesToIt() {
        TimeInterval lastThree = new TimeInterval(List.of(), List.of(), List.of(TimeInterval.daysOfMonth("-3:-1")),
                List.of(), List.of(), UTC);
        assertThat(lastThree.contains(Instant.parse("2026-02-26T12:00:00Z"))).as("Feb has 28 days").isTrue();
        assertThat(lastThree.contains(Instant.parse("2026-02-25T12:00:00Z"))).isFalse();
        assertThat(lastThree.contains(Instant.parse("2026-12-29T12:00:00Z"))).isTrue();
        TimeInterval whole = new TimeInterval(List.of(), List.of(), List.of(TimeInterval.daysOfMonth("1:-1")),
                List.of(TimeInterval.months("february")), List.of(TimeInterval.years("2026")), UTC);
        assertThat(whole.contains(Instant.parse("2026-02-28T12:00:00Z"))).isTrue();
        assertThat(whole.contains(Instant.parse("2026-03-01T12:00:00Z"))).isFalse();
        assertThat(whole.contains(Instant.parse("2027-02-01T12:00:00Z"))).isFalse();
        TimeInterval toThe31st = new TimeInterval(List.of(), List.of(), List.of(TimeInterval.daysOfMonth("28:31")),
                List.of(), List.of(), UTC);
        assertThat(toThe31st.contains(Instant.parse("2026-02-28T12:00:00Z"))).as("stops at the last day").isTrue();
    }

    @Test
    void anEntryThatSetsNothingCoversAllTimeAndANamedIntervalAnyEntry() {
        TimeInterval always = new TimeInterval(List.of(), List.of(), List.of(), List.of(), List.of(), UTC);
        assertThat(always.contains(Instant.parse("2026-12-01T03:00:00Z"))).isTrue();
        TimeInterval weekend = new TimeInterval(List.of(), List.of(TimeInterval.weekdays("saturday:sunday")), List.of(),
                List.of(), List.of(), UTC);
        TimeInterval nights = new TimeInterval(List.of(TimeInterval.times("22:00", "24:00")), List.of(), List.of(),
                List.of(), List.of(), UTC);
        TimeInterval.Named offHours = new TimeInterval.Named("offhours", List.of(weekend, nights));
        assertThat(offHours.contains(Instant.parse("2026-12-01T23:59:00Z"))).isTrue();
        assertThat(offHours.contains(Instant.parse("2026-12-06T12:00:00Z"))).isTrue();
        assertThat(offHours.contains(Instant.parse("2026-12-01T12:00:00Z"))).isFalse();
    }

    @Test
    void badFieldsAreNamed() {
        assertThatThrownBy(() -> TimeInterval.times("9:00", "17:00")).hasMessage("time \"9:00\" is not HH:MM");
        assertThatThrownBy(() -> TimeInterval.times("17:00", "09:00")).hasMessage("end_time 09:00 must be after start_time 17:00");
        assertThatThrownBy(() -> TimeInterval.times("25:00", "26:00")).hasMessageContaining("is not a time of day");
        assertThatThrownBy(() -> TimeInterval.weekdays("funday")).hasMessageContaining("is not a weekday");
        assertThatThrownBy(() -> TimeInterval.weekdays("friday:monday")).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> TimeInterval.daysOfMonth("0")).hasMessageContaining("outside 1 ... 31");
        assertThatThrownBy(() -> TimeInterval.daysOfMonth("-3:5")).hasMessageContaining("the end must count from the end");
        assertThatThrownBy(() -> TimeInterval.daysOfMonth("20:-15")).hasMessageContaining("always before the start");
        assertThatThrownBy(() -> TimeInterval.months("13")).hasMessageContaining("outside 1 ... 12");
        assertThatThrownBy(() -> TimeInterval.years("2026:2025")).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> TimeInterval.location(Optional.of("Mars/Olympus"))).hasMessageContaining("unknown location");
        assertThat(TimeInterval.months("January:3")).isEqualTo(new TimeInterval.Range(1, 3));
    }
}
