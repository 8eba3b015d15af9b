package dev.vigil.alerting;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Prometheus writes them in rule files: whole numbers with units from the largest down, {@code 30s},
 * {@code 1h30m}, {@code 2d}, {@code 1w}, {@code 1y} (365 days), {@code 500ms}; {@code 0} alone is zero.
 */
public final class PromDuration {

    private static final Pattern FORMAT = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] MILLIS = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1};

    private PromDuration() {
    }

    public static Optional<Duration> parse(String text) {
        if (text.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        Matcher m = FORMAT.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            return Optional.empty();
        }
        long total = 0;
        for (int i = 0; i < MILLIS.length; i++) {
            String part = m.group(i + 1);
            if (part != null) {
                try {
                    total = Math.addExact(total, Math.multiplyExact(Long.parseLong(part), MILLIS[i]));
                } catch (ArithmeticException | NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(Duration.ofMillis(total));
    }
}
