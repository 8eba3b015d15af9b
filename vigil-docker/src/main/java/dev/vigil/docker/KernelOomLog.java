package dev.vigil.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Evidence from the kernel log that the OOM killer hit a container's memory cgroup. Podman 4 on cgroup v1
 * (cgroupfs) reports {@code State.OOMKilled=false} even when it did, but the kernel names the cgroup, which
 * holds the container id, in its {@code oom-kill:} line. Reading it needs root (dmesg_restrict); without it this
 * finds nothing and the exit stays a plain SIGKILL.
 */
final class KernelOomLog {

    private KernelOomLog() {
    }

    static boolean killedIn(String fullContainerId) {
        try {
            Process dmesg = new ProcessBuilder("dmesg").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String log = new String(dmesg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!dmesg.waitFor(2, TimeUnit.SECONDS)) {
                dmesg.destroyForcibly();
                return false;
            }
            return log.lines().anyMatch(l -> l.contains("oom-kill:") && l.contains(fullContainerId));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
