package dev.vigil.stack;

import java.util.List;
import java.util.stream.Collectors;

/** A stack file that cannot be used, with every problem found in it (in file order). */
public final class InvalidStackException extends RuntimeException {

    private final List<Problem> problems;

    public InvalidStackException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
