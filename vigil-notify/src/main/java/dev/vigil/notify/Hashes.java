package dev.vigil.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable keys made from a group key, the way Alertmanager makes PagerDuty's dedup key and Jira's label. */
final class Hashes {

    private Hashes() {
    }

    /** SHA-256 of the group key in hex: the same group always gives the same key, across restarts. */
    static String groupHash(String groupKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(groupKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
