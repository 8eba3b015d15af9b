package dev.vigil.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Makes token secrets and ids, hashes secrets for storage and finds a token by its secret in constant time. */
public final class Tokens {

    /** Every secret starts with this, so secret scanners (and people) recognise a leaked one. */
    public static final String SECRET_PREFIX = "vgl_";
    /** Every token id starts with this; names may not, so an id and a name are never confused. */
    public static final String ID_PREFIX = "tok_";
    public static final int MAX_NAME_LENGTH = 64;

    private static final int SECRET_BYTES = 32;
    private static final int ID_BYTES = 4;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]*");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private Tokens() {
    }

    /** {@code vgl_} and 32 random bytes in base64url without padding (43 characters). */
    public static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code tok_} and 8 random hex digits: short enough to read out, public, not a credential. */
    public static String newId() {
        byte[] bytes = new byte[ID_BYTES];
        RANDOM.nextBytes(bytes);
        return ID_PREFIX + HEX.formatHex(bytes);
    }

    /** SHA-256 of the secret's UTF-8 bytes, in lower-case hex: what a store keeps instead of the secret. */
    public static String hash(String secret) {
        return HEX.formatHex(sha256(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The candidate whose stored hash is the hash of {@code secret}. Every candidate is compared, in constant
     * time, whatever matched before: how long this takes says nothing about which bytes of a guess were right.
     */
    public static <T> Optional<T> find(String secret, Iterable<T> candidates, Function<T, String> storedHash) {
        byte[] presented = sha256(secret.getBytes(StandardCharsets.UTF_8));
        T found = null;
        for (T candidate : candidates) {
            byte[] stored = parseHash(storedHash.apply(candidate));
            if (MessageDigest.isEqual(presented, stored) && found == null) {
                found = candidate;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Why a token name cannot be used, if it cannot: names appear in the audit trail and on the command line. */
    public static Optional<String> nameProblem(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return Optional.of("a token name has 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("a token name uses letters, digits, `_`, `.`, `@` and `-`, starting with a letter or digit");
        }
        if (name.startsWith(ID_PREFIX)) {
            return Optional.of("a token name may not start with `" + ID_PREFIX + "`, which marks token ids");
        }
        return Optional.empty();
    }

    /** Throws {@link IllegalArgumentException} when {@link #nameProblem} finds one. */
    public static String checkName(String name) {
        nameProblem(name).ifPresent(problem -> {
            throw new IllegalArgumentException(problem + ": `" + name + "`");
        });
        return name;
    }

    // A malformed stored hash compares unequal (to 32 zero bytes, which no secret hashes to in practice) rather
    // than throwing halfway through the loop.
    private static byte[] parseHash(String hex) {
        try {
            byte[] bytes = HEX.parseHex(hex);
            return bytes.length == 32 ? bytes : new byte[32];
        } catch (IllegalArgumentException e) {
            return new byte[32];
        }
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
