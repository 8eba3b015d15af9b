package dev.vigil.process;

import dev.vigil.stack.ServiceSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in for the Vigil daemon, run in its own JVM by {@link DaemonDeathTest}: starts one service, says its
 * pid on stdout, then waits to be killed.
 *
 * <p>Arguments: logs dir, run dir, working dir, service name, shell script.
 */
public final class DaemonStandIn {

    private DaemonStandIn() {
    }

    public static void main(String[] args) throws Exception {
        ProcessRuntime runtime = new ProcessRuntime(Path.of(args[0]), Path.of(args[1]));
        ServiceSpec spec = ServiceSpec.of(args[3], List.of("sh", "-c", args[4]), Path.of(args[2]));
        long pid = runtime.start(spec).pid().orElseThrow();
        System.out.println("started " + pid);
        System.out.flush();
        Thread.currentThread().join();
    }
}
