package dev.vigil.window;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A named calendar period: when it is open ({@code schedule}, in the local time of {@code zone}), what it means
 * ({@code kind}), and which services it applies to.
 *
 * @param services names, or globs with {@code *} (any run of characters) and {@code ?} (one character), such as
 *                 {@code web-*}; empty for every service
 */
public record Window(String name, WindowKind kind, Schedule schedule, ZoneId zone, List<String> services,
                     Optional<String> reason, WindowOrigin origin) {

    /** @throws IllegalArgumentException when a one-off window starts or ends at a local time the zone skips */
    public Window {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(origin, "origin");
        services = List.copyOf(services);
        if (schedule instanceof Once once) {
            WallClock.missing(once.from(), zone).or(() -> WallClock.missing(once.to(), zone)).ifPresent(m -> {
                throw new IllegalArgumentException(m);
            });
        }
    }

    /** True when the window applies to the service: it lists no services, or a name or glob that matches. */
    public boolean covers(String service) {
        return services.isEmpty() || services.stream().anyMatch(pattern -> matches(pattern, service));
    }

    public Optional<Interval> openAt(Instant at) {
        return schedule.openAt(at, zone);
    }

    public Optional<Interval> nextOpening(Instant after) {
        return schedule.nextOpening(after, zone);
    }

    /** {@code Fri 18:00 to Mon 06:00, Europe/Berlin}. */
    public String describe() {
        return schedule.describe() + ", " + zone.getId();
    }

    public static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    /** {@code *} matches any run of characters, {@code ?} one character, anything else itself. */
    public static boolean matches(String pattern, String service) {
        if (!isGlob(pattern)) {
            return pattern.equals(service);
        }
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.matches(regex.toString(), service);
    }
}
