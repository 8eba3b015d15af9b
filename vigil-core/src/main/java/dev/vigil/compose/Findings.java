package dev.vigil.compose;

import dev.vigil.stack.NodeReader;
import dev.vigil.stack.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** The problems (the file cannot be used) and warnings (something was dropped or changed) of one Compose file. */
final class Findings {

    private final String file;
    private final Problems problems;
    private final NodeReader reader;
    private final List<Warning> warnings = new ArrayList<>();

    Findings(String file) {
        this.file = file;
        this.problems = new Problems(file);
        this.reader = new NodeReader(problems);
    }

    void problem(Node at, String key, String message) {
        problems.add(at, key, message);
    }

    void problem(int line, int column, String key, String message) {
        problems.add(line, column, key, message);
    }

    void warn(String key, String message) {
        Optional<String> service = key.startsWith("services.")
                ? Optional.of(key.substring("services.".length()).split("[.\\[]", 2)[0])
                : Optional.empty();
        warnings.add(new Warning(file, service, key, message));
    }

    /** Reads typed values out of this file's nodes, the way the vigil.yaml loader does; misfits are problems here. */
    NodeReader reader() {
        return reader;
    }

    List<Warning> warnings() {
        return List.copyOf(warnings);
    }

    void throwIfProblems() {
        problems.throwIfAny();
    }
}
