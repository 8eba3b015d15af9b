package dev.vigil.alerting.run;

import java.util.List;

/** A silence that cannot be made: every problem named. */
public final class InvalidSilenceException extends RuntimeException {

    private final List<String> problems;

    public InvalidSilenceException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
