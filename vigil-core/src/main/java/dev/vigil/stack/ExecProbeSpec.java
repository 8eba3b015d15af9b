package dev.vigil.stack;

import java.util.List;

/** Healthy when a command exits 0 within the timeout. */
public record ExecProbeSpec(List<String> command, ProbeTiming timing) implements ProbeSpec {
    public ExecProbeSpec {
        command = List.copyOf(command);
    }

    @Override
    public String describe() {
        return "exec " + String.join(" ", Secrets.maskedCommand(command));
    }

    @Override
    public String toString() {
        return "ExecProbeSpec[command=" + Secrets.maskedCommand(command) + ", timing=" + timing + "]";
    }
}
