package dev.vigil.promql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PromQL durations ({@code 5m}, {@code 1h30m}, {@code 250ms}, ... {@code 1y}) in milliseconds. */
final class Durations {

    private static final Pattern DURATION = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] UNIT_MS = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};

    private Durations() {
    }

    static long parse(String text, Position at) {
        Matcher m = DURATION.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            throw new ParseException(at, "not a valid duration string: \"" + text + "\"");
        }
        long total = 0;
        for (int g = 1; g <= 7; g++) {
            if (m.group(g) != null) {
                try {
                    total = Math.addExact(total, Math.multiplyExact(Long.parseLong(m.group(g)), UNIT_MS[g - 1]));
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new ParseException(at, "duration out of range: \"" + text + "\"");
                }
            }
        }
        return total;
    }
}
