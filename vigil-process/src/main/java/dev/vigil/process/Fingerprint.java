package dev.vigil.process;

import dev.vigil.stack.ServiceSpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an instance was started with, as SHA-256 hashes of its command, working directory and environment, so
 * that a later run can tell whether the definition changed. Only hashes are kept: the command and the
 * environment may hold secrets, and the record is a file on disk.
 */
record Fingerprint(String command, String cwd, String env) {

    static Fingerprint of(ServiceSpec spec) {
        List<String> env = new ArrayList<>();
        new TreeMap<>(spec.env()).forEach((k, v) -> {
            env.add(k);
            env.add(v);
        });
        return new Fingerprint(hash(spec.command()), hash(List.of(spec.cwd().toString())), hash(env));
    }

    /** What differs from {@code now}, e.g. {@code command changed}; empty when nothing does. */
    Optional<String> drift(Fingerprint now) {
        List<String> changed = new ArrayList<>();
        if (!command.equals(now.command)) {
            changed.add("command changed");
        }
        if (!cwd.equals(now.cwd)) {
            changed.add("working directory changed");
        }
        if (!env.equals(now.env)) {
            changed.add("environment changed");
        }
        return changed.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", changed));
    }

    /** Each part length-prefixed, so that {@code ["a b"]} and {@code ["a", "b"]} differ. */
    private static String hash(List<String> parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
                digest.update(bytes);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
