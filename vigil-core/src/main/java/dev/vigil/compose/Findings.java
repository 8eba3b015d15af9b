package dev.vigil.compose;

import dev.vigil.stack.InvalidStackException;
import dev.vigil.stack.Problem;
import dev.vigil.stack.YamlNodes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The problems (the file cannot be used) and warnings (something was dropped or changed) of one Compose file. */
final class Findings {

    private final String file;
    private final List<Problem> problems = new ArrayList<>();
    private final List<Warning> warnings = new ArrayList<>();

    Findings(String file) {
        this.file = file;
    }

    void problem(Node at, String key, String message) {
        problem(at.getStartMark().getLine() + 1, at.getStartMark().getColumn() + 1, key, message);
    }

    void problem(int line, int column, String key, String message) {
        problems.add(new Problem(file, line, column, key, message));
    }

    void warn(String key, String message) {
        Optional<String> service = key.startsWith("services.")
                ? Optional.of(key.substring("services.".length()).split("[.\\[]", 2)[0])
                : Optional.empty();
        warnings.add(new Warning(file, service, key, message));
    }

    void wrongType(Node node, String key, String expected) {
        problem(node, key, "expected " + expected + ", found " + YamlNodes.describe(node));
    }

    List<Warning> warnings() {
        return List.copyOf(warnings);
    }

    void throwIfProblems() {
        if (!problems.isEmpty()) {
            List<Problem> sorted = new ArrayList<>(problems);
            sorted.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
            throw new InvalidStackException(sorted);
        }
    }

    /** The text of a scalar that is not empty; a problem otherwise. */
    Optional<String> string(Node node, String key) {
        if (node instanceof ScalarNode s && !YamlNodes.isNull(s)) {
            return Optional.of(s.getValue());
        }
        wrongType(node, key, "a string");
        return Optional.empty();
    }
}
