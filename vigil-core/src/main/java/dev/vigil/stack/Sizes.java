package dev.vigil.stack;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as people write them: {@code 512K}, {@code 64M}, {@code 1G}, {@code 1.5G}, {@code 4096} (bytes). */
public final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    private Sizes() {
    }

    /** Parses a size with binary units (K = 1024); empty when the text is not one. */
    public static Optional<Long> parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        double value = Double.parseDouble(m.group(1));
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        double bytes = value * (1L << shift);
        if (bytes >= Long.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of((long) bytes);
    }

    /** A short form for messages: {@code 1.5G}, {@code 64M}, {@code 812K}, {@code 100B}. */
    public static String format(long bytes) {
        String[] units = {"B", "K", "M", "G", "T"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0 || value >= 100 || value == Math.floor(value)) {
            return Math.round(value) + units[unit];
        }
        return String.format(Locale.ROOT, "%.1f%s", value, units[unit]);
    }
}
