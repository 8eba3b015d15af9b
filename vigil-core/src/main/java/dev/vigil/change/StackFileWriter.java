package dev.vigil.change;

/**
 * Writes the stack file when Vigil itself changes it (a rollback to an earlier version): atomically, under an
 * advisory lock, the previous file kept as a numbered backup.
 */
@FunctionalInterface
public interface StackFileWriter {

    /** Leaves the file as it is: for stacks made in code and tests. */
    StackFileWriter NONE = text -> { };

    void write(String text);
}
