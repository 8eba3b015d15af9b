package dev.vigil.stack;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads typed values out of SnakeYAML nodes, for vigil.yaml and Compose files alike. Every value that does not fit
 * becomes a problem and an empty result, so a caller carries on with a default and the whole file gets checked in
 * one pass.
 */
public final class NodeReader {

    /** Where the problems go: a vigil.yaml's {@link Problems}, or a Compose file's findings. */
    @FunctionalInterface
    public interface Sink {
        void add(Node at, String path, String message);
    }

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
    static final String DURATION = "a duration such as `5s`";
    static final String COMMAND = "a command (a list of strings or a string)";

    private final Sink problems;

    public NodeReader(Sink problems) {
        this.problems = problems;
    }

    public void problem(Node at, String path, String message) {
        problems.add(at, path, message);
    }

    public void wrongType(Node node, String path, String expected) {
        problem(node, path, "expected " + expected + ", found " + YamlNodes.describe(node));
    }

    /** A map with a fixed set of keys; {@code anchor} is where a missing required key is reported. */
    public Optional<MapReader> map(Node node, Node anchor, String path, List<String> keys) {
        if (node instanceof MappingNode m) {
            return Optional.of(new MapReader(m, anchor, path, keys, this));
        }
        wrongType(node, path, "a map");
        return Optional.empty();
    }

    /** A map whose keys are names chosen by the user (services, variables). */
    public Optional<MapReader> namedMap(Node node, String path) {
        return map(node, node, path, List.of());
    }

    /** The text of a scalar that is not empty. */
    public Optional<String> string(Node node, String path) {
        if (node instanceof ScalarNode s && !YamlNodes.isNull(s)) {
            return Optional.of(s.getValue());
        }
        wrongType(node, path, "a string");
        return Optional.empty();
    }

    /** The strings of a list; an item that is not one is a problem and left out. */
    public List<String> strings(Node node, String path) {
        return items(node, path, "a list of strings", this::string);
    }

    /** {@code true} or {@code false}, written just so. */
    public Optional<Boolean> bool(Node node, String path) {
        if (node instanceof ScalarNode s && (s.getValue().equals("true") || s.getValue().equals("false"))) {
            return Optional.of(Boolean.parseBoolean(s.getValue()));
        }
        wrongType(node, path, "true or false");
        return Optional.empty();
    }

    /**
     * The items of a list, each read by {@code item} at its own path ({@code ports[2]}); what {@code item} rejects
     * with an {@link IllegalArgumentException}, as the text parsers ({@link Ports}, {@link Volumes}) do, is a
     * problem at that item. {@code expected} names the list when the node is not one.
     */
    public <T> List<T> items(Node node, String path, String expected, BiFunction<Node, String, Optional<T>> item) {
        if (!(node instanceof SequenceNode list)) {
            wrongType(node, path, expected);
            return List.of();
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            Node each = list.getValue().get(i);
            String itemPath = path + "[" + i + "]";
            try {
                item.apply(each, itemPath).ifPresent(out::add);
            } catch (IllegalArgumentException e) {
                problem(each, itemPath, e.getMessage());
            }
        }
        return out;
    }

    /** An integer in {@code [min, max]}. */
    public Optional<Integer> integer(Node node, String path, int min, int max) {
        if (!(node instanceof ScalarNode s) || !INTEGER.matcher(s.getValue()).matches()) {
            wrongType(node, path, "an integer");
            return Optional.empty();
        }
        BigInteger value = new BigInteger(s.getValue());
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            problem(node, path, range(min, max) + ", found " + value);
            return Optional.empty();
        }
        return Optional.of(value.intValueExact());
    }

    Optional<Integer> integer(Node node, String path, int min) {
        return integer(node, path, min, Integer.MAX_VALUE);
    }

    private static String range(Object min, Object max) {
        return max.equals(Integer.MAX_VALUE) || max.equals(Double.MAX_VALUE)
                ? "must be at least " + min
                : "must be between " + min + " and " + max;
    }

    /** A decimal number in {@code [min, max]}. */
    Optional<Double> decimal(Node node, String path, double min, double max) {
        if (!(node instanceof ScalarNode s) || !DECIMAL.matcher(s.getValue()).matches()) {
            wrongType(node, path, "a number");
            return Optional.empty();
        }
        double value = new BigDecimal(s.getValue()).doubleValue();
        if (value < min || value > max) {
            problem(node, path, range(min, max) + ", found " + s.getValue());
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** A duration of zero or more. */
    Optional<Duration> duration(Node node, String path) {
        if (!(node instanceof ScalarNode s) || YamlNodes.isNull(s)) {
            wrongType(node, path, DURATION);
            return Optional.empty();
        }
        String text = s.getValue().trim();
        if (BARE_NUMBER.matcher(text).matches()) {
            // The most likely slip of all: say which unit was missing rather than just "not a duration".
            problem(node, path, "`" + text + "` has no unit; write e.g. `" + text + "s` or `" + text + "ms`");
            return Optional.empty();
        }
        Optional<Duration> value = Durations.parse(text);
        if (value.isEmpty()) {
            problem(node, path, YamlNodes.quote(text) + " is not a duration; write e.g. `250ms`, `5s`, `2m`, `1h`");
        }
        return value;
    }

    /** A duration of more than zero. */
    public Optional<Duration> positiveDuration(Node node, String path) {
        Optional<Duration> value = duration(node, path);
        if (value.isPresent() && value.get().isZero()) {
            problem(node, path, "must be more than 0s");
            return Optional.empty();
        }
        return value;
    }

    /** A byte size of more than zero: {@code 64M}, or a number of bytes. */
    Optional<Long> size(Node node, String path) {
        if (!(node instanceof ScalarNode s) || YamlNodes.isNull(s)) {
            wrongType(node, path, "a size such as `64M`");
            return Optional.empty();
        }
        Optional<Long> value = Sizes.parse(s.getValue());
        if (value.isEmpty()) {
            problem(node, path, YamlNodes.quote(s.getValue()) + " is not a size; write e.g. `512K`, `64M`, `1G`");
            return Optional.empty();
        }
        if (value.get() == 0) {
            problem(node, path, "must be more than 0");
            return Optional.empty();
        }
        return value;
    }

    /** One of a closed set of names, e.g. a restart policy; {@code what} names the set in messages. */
    public <E> Optional<E> choice(Node node, String path, String what, List<String> names,
                                  Function<String, Optional<E>> parse) {
        Optional<String> text = string(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<E> value = parse.apply(text.get());
        if (value.isEmpty()) {
            String hint = Suggestions.closest(text.get(), names)
                    .map(s -> "did you mean `" + s + "`?")
                    .orElseGet(() -> "expected one of " + String.join(", ", names));
            problem(node, path, "unknown " + what + " " + YamlNodes.quote(text.get()) + "; " + hint);
        }
        return value;
    }

    /** A command that is not empty: a list of strings, or one string split into words like a shell would. */
    Optional<List<String>> command(Node node, String path) {
        Optional<List<String>> words = words(node, path);
        if (words.isPresent() && (words.get().isEmpty() || words.get().get(0).isBlank())) {
            problem(node, path, "must not be empty");
            return Optional.empty();
        }
        return words;
    }

    /**
     * A command as written, which may be empty: a list of strings, or one string split into words like a shell
     * would; an empty value is no words. A list with an item that is not a string is no command at all.
     */
    public Optional<List<String>> words(Node node, String path) {
        List<String> words;
        if (node instanceof SequenceNode list) {
            words = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < list.getValue().size(); i++) {
                Optional<String> word = string(list.getValue().get(i), path + "[" + i + "]");
                word.ifPresent(words::add);
                ok &= word.isPresent();
            }
            if (!ok) {
                return Optional.empty();
            }
        } else if (node instanceof ScalarNode s && !YamlNodes.isNull(s)) {
            try {
                words = CommandLineSplitter.split(s.getValue());
            } catch (IllegalArgumentException e) {
                problem(node, path, "cannot split the command: " + e.getMessage());
                return Optional.empty();
            }
        } else if (YamlNodes.isNull(node)) {
            words = List.of();
        } else {
            wrongType(node, path, COMMAND);
            return Optional.empty();
        }
        return Optional.of(List.copyOf(words));
    }

    /** The items of a list, or the node itself when it is a single item (e.g. one probe instead of a list). */
    public static List<Node> listOrOne(Node node) {
        return node instanceof SequenceNode list ? list.getValue() : List.of(node);
    }

    /** Runs {@code each} on the items of a list at their own paths, or on the node itself when it is a single item. */
    public static void forEachItem(Node node, String path, BiConsumer<Node, String> each) {
        if (node instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                each.accept(list.getValue().get(i), path + "[" + i + "]");
            }
        } else {
            each.accept(node, path);
        }
    }
}
