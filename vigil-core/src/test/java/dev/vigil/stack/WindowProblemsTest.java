package dev.vigil.stack;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Broken {@code windows} and the exact problems each reports, at their line and column, all at once. */
class WindowProblemsTest {

    private static final String SERVICES = """
            services:
              api: {command: ./api}
              web-1: {command: ./web}
            windows:
            """;

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenWindows")
    void reportsExactly(String name, String windows, List<String> expected) {
        InvalidStackException e = catchThrowableOfType(InvalidStackException.class,
                () -> StackLoader.parse(SERVICES + windows, Path.of("vigil.yaml"), ZoneId.of("UTC")));

        assertThat(e).as("no problem reported").isNotNull();
        assertThat(e.problems()).extracting(Problem::toString).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> brokenWindows() {
        return Stream.of(
                Arguments.of("unknown key with a suggestion", """
                          weekend: {kind: freeze, days: [sat], zome: UTC}
                        """, List.of("vigil.yaml:5:40: windows.weekend.zome: unknown key; did you mean `zone`?")),
                Arguments.of("missing kind", """
                          weekend: {days: [sat]}
                        """, List.of("vigil.yaml:5:3: windows.weekend: missing required key `kind`")),
                Arguments.of("unknown kind", """
                          weekend: {kind: frezze, days: [sat]}
                        """, List.of("vigil.yaml:5:19: windows.weekend.kind: unknown kind `frezze`; did you mean `freeze`?")),
                Arguments.of("no schedule", """
                          weekend: {kind: freeze, reason: calm}
                        """, List.of("vigil.yaml:5:3: windows.weekend: no schedule; give `from` and `to`, `days`,"
                        + " `cron` and `duration`, `months` or `dates`")),
                Arguments.of("two schedules", """
                          weekend:
                            kind: freeze
                            cron: "0 2 * * *"
                            duration: 1h
                            months: {from: may, to: sep}
                        """, List.of("vigil.yaml:9:5: windows.weekend.months: a second schedule besides `cron`;"
                        + " a window has one (make two windows)")),
                Arguments.of("duration without cron", """
                          weekend: {kind: freeze, days: [sat], duration: 1h}
                        """, List.of("vigil.yaml:5:40: windows.weekend.duration: only for a `cron` window")),
                Arguments.of("invalid window name", """
                          -weekend: {kind: freeze, days: [sat]}
                        """, List.of("vigil.yaml:5:3: windows.-weekend: invalid window name `-weekend`; use letters,"
                        + " digits, `_`, `.` and `-`, starting with a letter or digit, at most 63 characters")),
                Arguments.of("one-off end not after its start", """
                          release: {kind: freeze, from: "2026-12-24 12:00", to: "2026-12-24 12:00"}
                        """, List.of("vigil.yaml:5:57: windows.release.to: must be after `from` (2026-12-24 12:00)")),
                Arguments.of("one-off time in a daylight-saving gap", """
                          release: {kind: freeze, from: "2026-03-29 01:30", to: "2026-03-29 04:00", zone: Europe/London}
                        """, List.of("vigil.yaml:5:33: windows.release.from: 2026-03-29 01:30 does not exist in"
                        + " Europe/London (clocks go forward from 01:00 to 02:00)")),
                Arguments.of("one-off with no such date and a bad time", """
                          release: {kind: freeze, from: "2026-02-30 12:00", to: "2026-03-01 25:00"}
                        """, List.of("vigil.yaml:5:33: windows.release.from: no such date: `2026-02-30`",
                        "vigil.yaml:5:57: windows.release.to: `25:00` is not a time of day; write e.g. `06:00` or"
                                + " `18:30` (00:00 to 23:59)")),
                Arguments.of("weekly and one-off mixed", """
                          weekend: {kind: freeze, from: "Fri 18:00", to: "2026-12-27 08:00"}
                        """, List.of("vigil.yaml:5:50: windows.weekend.to: expected a weekday and time such as"
                        + " `Fri 18:00`, as `from` is one")),
                Arguments.of("bad weekday and a weekly window without an end", """
                          weekend: {kind: freeze, from: "Fry 18:00"}
                        """, List.of("vigil.yaml:5:3: windows.weekend: missing required key `to`")),
                Arguments.of("bad weekdays", """
                          weekend: {kind: freeze, from: "Fry 18:00", to: "Mon"}
                          nights: {kind: freeze, days: [mon-fro, xyz]}
                        """, List.of("vigil.yaml:5:33: windows.weekend.from: unknown weekday `Fry`; did you mean `fri`?",
                        "vigil.yaml:5:50: windows.weekend.to: `Mon` is not a weekday and time such as `Fri 18:00`",
                        "vigil.yaml:6:33: windows.nights.days[0]: unknown weekday `fro`; did you mean `fri`?",
                        "vigil.yaml:6:42: windows.nights.days[1]: unknown weekday `xyz`; expected one of mon, tue,"
                                + " wed, thu, fri, sat, sun")),
                Arguments.of("same start and end of a weekly window", """
                          weekly: {kind: freeze, from: "Mon 09:00", to: "monday 9:00"}
                        """, List.of("vigil.yaml:5:49: windows.weekly.to: the same as `from`; a weekly window ends at"
                        + " another time")),
                Arguments.of("days with only one time", """
                          nights: {kind: maintenance, days: [mon], from: "22:00"}
                        """, List.of("vigil.yaml:5:44: windows.nights.from: give both `from` and `to` (times of day),"
                        + " or neither for whole days")),
                Arguments.of("every day all day", """
                          always: {kind: freeze, days: [mon-sun]}
                        """, List.of("vigil.yaml:5:32: windows.always.days: every day, all day: the window would always"
                        + " be open")),
                Arguments.of("bad months and dates", """
                          summer: {kind: freeze, months: {from: augst, to: 13}}
                          winter: {kind: freeze, dates: {from: "02-29", to: "13-01"}}
                          always: {kind: freeze, months: {from: may, to: apr}}
                        """, List.of("vigil.yaml:5:41: windows.summer.months.from: unknown month `augst`; did you mean `aug`?",
                        "vigil.yaml:5:52: windows.summer.months.to: unknown month `13`; expected one of jan, feb, mar,"
                                + " apr, may, jun, jul, aug, sep, oct, nov, dec",
                        "vigil.yaml:6:40: windows.winter.dates.from: 02-29 is not in every year; start on 02-28 or 03-01",
                        "vigil.yaml:6:53: windows.winter.dates.to: no such day: `13-01`",
                        "vigil.yaml:7:34: windows.always.months: covers the whole year, so the window would always"
                                + " be open")),
                Arguments.of("invalid cron expression and a missing duration", """
                          nightly: {kind: maintenance, cron: "61 2 * * *"}
                        """, List.of("vigil.yaml:5:3: windows.nightly: missing required key `duration`",
                        "vigil.yaml:5:38: windows.nightly.cron: invalid cron expression `61 2 * * *`: Value 61 not in"
                                + " range [0, 59]")),
                Arguments.of("cron that never matches and a duration without unit", """
                          nightly: {kind: maintenance, cron: "0 0 30 2 *", duration: 60}
                        """, List.of("vigil.yaml:5:38: windows.nightly.cron: invalid cron expression `0 0 30 2 *`:"
                        + " never matches a date (e.g. February 30)",
                        "vigil.yaml:5:62: windows.nightly.duration: `60` has no unit; write e.g. `60s` or `60ms`")),
                Arguments.of("unknown time zones", """
                          a: {kind: freeze, days: [sat], zone: Europe/Londn}
                          b: {kind: freeze, days: [sat], zone: Berlin}
                          c: {kind: freeze, days: [sat], zone: Mars/Olympus}
                        """, List.of("vigil.yaml:5:40: windows.a.zone: unknown time zone `Europe/Londn`; did you mean"
                        + " `Europe/London`?",
                        "vigil.yaml:6:40: windows.b.zone: unknown time zone `Berlin`; did you mean `Europe/Berlin`?",
                        "vigil.yaml:7:40: windows.c.zone: unknown time zone `Mars/Olympus`; use an IANA name such as"
                                + " `Europe/London`, `America/New_York` or `UTC`")),
                Arguments.of("services that name or match no service", """
                          a: {kind: freeze, days: [sat], services: [apii, "web-*", "db-*"]}
                          b: {kind: freeze, days: [sat], services: []}
                        """, List.of("vigil.yaml:5:45: windows.a.services[0]: unknown service `apii`; did you mean `api`?",
                        "vigil.yaml:5:60: windows.a.services[2]: `db-*` matches no service of this stack",
                        "vigil.yaml:6:44: windows.b.services: empty; leave `services` out for a window over every"
                                + " service")),
                Arguments.of("blank reason and windows not a map", """
                          a: {kind: freeze, days: [sat], reason: " "}
                          b: [kind, freeze]
                        """, List.of("vigil.yaml:5:42: windows.a.reason: must not be blank",
                        "vigil.yaml:6:6: windows.b: expected a map, found a list")));
    }
}
