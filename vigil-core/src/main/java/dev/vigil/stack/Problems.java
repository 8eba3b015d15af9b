package dev.vigil.stack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Collects the problems of one vigil.yaml or Compose file; they are reported in file order, whatever order they were
 * found in.
 */
public final class Problems implements NodeReader.Sink {

    private final String file;
    private final List<Problem> found = new ArrayList<>();

    public Problems(String file) {
        this.file = file;
    }

    @Override
    public void add(Node at, String key, String message) {
        add(at.getStartMark(), key, message);
    }

    void add(Mark mark, String key, String message) {
        // SnakeYAML counts from 0; editors and compilers count from 1.
        add(mark.getLine() + 1, mark.getColumn() + 1, key, message);
    }

    public void add(int line, int column, String key, String message) {
        found.add(new Problem(file, line, column, key, message));
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** Sorted by position; problems at the same position keep the order they were found in. */
    List<Problem> sorted() {
        List<Problem> out = new ArrayList<>(found);
        out.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
        return List.copyOf(out);
    }

    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InvalidStackException(sorted());
        }
    }
}
