package dev.vigil.change;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One applied stack file, kept in the history: rollback applies an old version's text again.
 *
 * @param number 1 for the first version of a history, then one more for each
 * @param actor the API token's name, or {@code local} for the CLI on the machine
 * @param file the path of the stack file
 * @param text the whole stack file as applied
 * @param envFiles the env files the stack file named, path to text, with secret values masked
 *                 (see {@link dev.vigil.stack.EnvFileMask}), in the order the stack file names them
 * @param hash the SHA-256 of {@code text} (UTF-8), in hex: tells two identical files apart from two versions
 * @param detail why the result is what it is, e.g. {@code api did not become healthy within 2m}
 */
public record ConfigVersion(long number, Instant appliedAt, String actor, String reason, String file, String text,
                            Map<String, String> envFiles, String hash, VersionResult result,
                            Optional<String> detail) {

    public ConfigVersion {
        if (number < 1) {
            throw new IllegalArgumentException("version numbers start at 1, not " + number);
        }
        Objects.requireNonNull(appliedAt, "appliedAt");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(detail, "detail");
        envFiles = Collections.unmodifiableMap(new LinkedHashMap<>(envFiles));
    }

    /** The hex SHA-256 of a stack file's text, as {@link #hash} holds it. */
    public static String hashOf(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** This version with another result; a blank {@code why} leaves no detail. */
    public ConfigVersion withResult(VersionResult value, String why) {
        return new ConfigVersion(number, appliedAt, actor, reason, file, text, envFiles, hash, value,
                why.isBlank() ? Optional.empty() : Optional.of(why));
    }

    /** Without the texts: they can be large, and a stack file may hold a secret written inline. */
    @Override
    public String toString() {
        return "ConfigVersion[number=" + number + ", appliedAt=" + appliedAt + ", actor=" + actor + ", reason=" + reason
                + ", file=" + file + ", text=" + text.length() + " chars, envFiles=" + envFiles.keySet() + ", hash="
                + hash + ", result=" + result + ", detail=" + detail + "]";
    }
}
