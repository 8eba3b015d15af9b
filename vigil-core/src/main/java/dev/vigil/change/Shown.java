package dev.vigil.change;

import dev.vigil.stack.Durations;
import dev.vigil.stack.ExecProbeSpec;
import dev.vigil.stack.HttpProbeSpec;
import dev.vigil.stack.ProbeSpec;
import dev.vigil.stack.Secrets;
import dev.vigil.stack.Sizes;
import dev.vigil.stack.StackWriter;
import dev.vigil.stack.TcpProbeSpec;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** How values look in a plan: close to how vigil.yaml writes them, with every secret masked. */
final class Shown {

    private Shown() {
    }

    /** A double-quoted string: {@code "8080"} stays visibly a string, and a value can never pass for {@code ***}. */
    static String string(String text) {
        return StackWriter.quote(text);
    }

    /** {@code ["./api", "--port", "8080"]}. */
    static String strings(List<String> items) {
        return "[" + String.join(", ", items.stream().map(Shown::string).toList()) + "]";
    }

    /** A command with its secret-looking parts masked; {@link KeyChange#ABSENT} when empty (a container's CMD). */
    static String command(List<String> command) {
        return command.isEmpty() ? KeyChange.ABSENT : strings(Secrets.maskedCommand(command));
    }

    /** {@code [DB_URL, STRIPE_KEY]}: names, not values. */
    static String names(Collection<String> names) {
        return "[" + String.join(", ", names) + "]";
    }

    /** {@code 250ms}, {@code 1m30s}; ISO-8601 for the rare value with a fraction of a millisecond, which would not show. */
    static String duration(Duration d) {
        return d.toNanos() % 1_000_000 == 0 ? Durations.format(d) : d.toString();
    }

    /** {@code http http://127.0.0.1:8080/health}, {@code tcp 127.0.0.1:5432}, {@code exec ["pg_isready"]}. */
    static String probe(ProbeSpec probe) {
        return switch (probe) {
            case HttpProbeSpec http -> "http " + Secrets.maskedUrl(http.url());
            case TcpProbeSpec tcp -> "tcp " + tcp.host() + ":" + tcp.port();
            case ExecProbeSpec exec -> "exec " + command(exec.command());
        };
    }

    /** {@code 512M} when that is exact, else the number of bytes: two sizes that differ never look the same. */
    static String size(long bytes) {
        String text = Sizes.format(bytes);
        return Sizes.parse(text).filter(b -> b == bytes).map(b -> text).orElse(Long.toString(bytes));
    }

    /** {@code 2}, {@code 1.5}, {@code 0.25}. */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static <T> String optional(Optional<T> value, Function<T, String> show) {
        return value.map(show).orElse(KeyChange.ABSENT);
    }
}
