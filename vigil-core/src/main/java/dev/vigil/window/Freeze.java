package dev.vigil.window;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Why a service is frozen now: the freeze windows covering it that are open, and when it stops being frozen
 * ({@code until}: the end of those windows, carried on through freezes covering it that overlap or follow back to back).
 */
public record Freeze(List<OpenWindow> windows, Instant until) {

    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("EEE uuuu-MM-dd HH:mm zzz", Locale.ENGLISH);

    public Freeze {
        windows = List.copyOf(windows);
        Objects.requireNonNull(until, "until");
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("a freeze has at least one window");
        }
    }

    /** E.g. {@code freeze window `weekend` (Fri 18:00 to Mon 06:00, Europe/Berlin) until Mon 2026-12-07 06:00 CET}. */
    public String describe(ZoneId zone) {
        List<String> named = windows.stream()
                .map(o -> "`" + o.window().name() + "` (" + o.window().describe() + ")").toList();
        String list = named.size() == 1 ? named.get(0)
                : String.join(", ", named.subList(0, named.size() - 1)) + " and " + named.get(named.size() - 1);
        return (named.size() == 1 ? "freeze window " : "freeze windows ") + list
                + " until " + UNTIL.format(until.atZone(zone));
    }
}
