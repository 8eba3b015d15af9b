package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Where a running Vigil can be reached: {@code run/daemon.json} in its state directory, and a copy in the
 * user's registry ({@code $XDG_STATE_HOME/vigil/daemons/}, else {@code ~/.local/state/vigil/daemons/}) so that
 * commands run outside the stack's directory can find the one daemon that is running.
 */
record DaemonInfo(long pid, URI api, Path stateDir, Path stackFile, String stack, Instant startedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Path file(Path stateDir) {
        return stateDir.resolve("run").resolve("daemon.json");
    }

    /** Written once the API listens; removed when the daemon exits cleanly. */
    void publish() {
        byte[] content = toJson().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file(stateDir), content, AtomicFiles.READABLE);
        try {
            AtomicFiles.write(registryEntry(stateDir), content, AtomicFiles.OWNER_ONLY);
        } catch (RuntimeException e) {
            // The registry is a convenience; the state directory's own copy is what counts.
        }
    }

    void withdraw() {
        try {
            Files.deleteIfExists(file(stateDir));
            Files.deleteIfExists(registryEntry(stateDir));
        } catch (IOException e) {
            // a stale file names a dead pid: readers check for that
        }
    }

    /** Alive and not a zombie: a killed daemon is reparented to an init that may be slow to reap it. */
    boolean alive() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("pid", pid);
        node.put("api", api.toString());
        node.put("state_dir", stateDir.toString());
        node.put("stack_file", stackFile.toString());
        node.put("stack", stack);
        node.put("started_at", startedAt.toString());
        return node.toPrettyString();
    }

    static Optional<DaemonInfo> read(Path file) {
        try {
            JsonNode n = JSON.readTree(Files.readString(file));
            return Optional.of(new DaemonInfo(n.path("pid").asLong(), URI.create(n.path("api").asText()),
                    Path.of(n.path("state_dir").asText()), Path.of(n.path("stack_file").asText()),
                    n.path("stack").asText(), Instant.parse(n.path("started_at").asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The daemon of this state directory, if one is running. */
    static Optional<DaemonInfo> running(Path stateDir) {
        return read(file(stateDir)).filter(DaemonInfo::alive);
    }

    /** Every daemon in the user's registry that is still running. */
    static List<DaemonInfo> registered() {
        List<DaemonInfo> found = new ArrayList<>();
        Path dir = registryDir();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (var files = Files.list(dir)) {
            files.filter(f -> f.toString().endsWith(".json")).forEach(f -> read(f).ifPresent(info -> {
                if (info.alive()) {
                    found.add(info);
                }
            }));
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    static Path registryDir() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("vigil").resolve("daemons");
    }

    private static Path registryEntry(Path stateDir) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(stateDir.toString().getBytes(StandardCharsets.UTF_8));
            return registryDir().resolve(HexFormat.of().formatHex(digest, 0, 8) + ".json");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
