package dev.vigil.docker;

/**
 * What a command run inside a container (exec) ended with.
 *
 * @param exitCode the command's exit code, or -1 when it timed out
 * @param output what it wrote to stdout and stderr, interleaved as received
 */
public record ExecResult(int exitCode, String output, boolean timedOut) {

    public boolean success() {
        return !timedOut && exitCode == 0;
    }
}
