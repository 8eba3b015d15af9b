package dev.vigil.stack;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1m30s}. */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private Durations() {
    }

    /** Parses a duration; empty when the text is not one (a bare number has no unit and is rejected). */
    public static Optional<Duration> parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = PART.matcher(s);
        long nanos = 0;
        int pos = 0;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                return Optional.empty();
            }
            double value = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            };
            double part = value * unit;
            if (part > Long.MAX_VALUE - nanos) {
                return Optional.empty();
            }
            nanos += (long) part;
            pos = m.end();
        }
        return Optional.of(Duration.ofNanos(nanos));
    }

    /** The shortest exact form in the same notation: {@code 1m30s}, {@code 250ms}, {@code 0s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (ms < 0) {
            out.append('-');
            ms = -ms;
        }
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] names = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms >= units[i]) {
                out.append(ms / units[i]).append(names[i]);
                ms %= units[i];
            }
        }
        return out.toString();
    }
}
