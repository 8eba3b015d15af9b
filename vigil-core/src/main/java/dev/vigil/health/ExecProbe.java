package dev.vigil.health;

import dev.vigil.stack.ExecProbeSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command; healthy when it exits 0 within the timeout. A command that cannot be spawned is unknown. */
public final class ExecProbe implements Probe {

    private static final int MAX_OUTPUT = 4096;

    private final ExecProbeSpec spec;
    private final Path cwd;
    private final Map<String, String> env;

    public ExecProbe(ExecProbeSpec spec, Path cwd, Map<String, String> env) {
        this.spec = spec;
        this.cwd = cwd;
        this.env = env;
    }

    @Override
    public ProbeResult check() {
        ProcessBuilder builder = new ProcessBuilder(spec.command()).directory(cwd.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new ProbeResult.Unknown("could not run probe command: " + e.getMessage());
        }
        try {
            process.getOutputStream().close();
            long timeoutMs = spec.timing().timeout().toMillis();
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                kill(process);
                return new ProbeResult.Unhealthy("timed out after " + timeoutMs + "ms");
            }
            String output = firstLine(process.getInputStream());
            int code = process.exitValue();
            if (code == 0) {
                return new ProbeResult.Healthy("exit 0");
            }
            return new ProbeResult.Unhealthy("exit " + code + (output.isEmpty() ? "" : ": " + output));
        } catch (IOException e) {
            kill(process);
            return new ProbeResult.Unknown("probe command output unreadable: " + e.getMessage());
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return new ProbeResult.Unknown("interrupted");
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String firstLine(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_OUTPUT);
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
