package dev.vigil.change;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A version to append to the history; the store gives it its number. Fields as in {@link ConfigVersion}. */
public record NewVersion(Instant appliedAt, String actor, String reason, String file, String text,
                         Map<String, String> envFiles, VersionResult result, Optional<String> detail) {

    /** An apply that went through. */
    public NewVersion(Instant appliedAt, String actor, String reason, String file, String text,
                      Map<String, String> envFiles) {
        this(appliedAt, actor, reason, file, text, envFiles, VersionResult.APPLIED, Optional.empty());
    }

    /** This version as stored under {@code number}, with the hash of its text. */
    public ConfigVersion numbered(long number) {
        return new ConfigVersion(number, appliedAt, actor, reason, file, text, envFiles, ConfigVersion.hashOf(text),
                result, detail);
    }

    /** Without the texts, as {@link ConfigVersion#toString()}. */
    @Override
    public String toString() {
        return "NewVersion[appliedAt=" + appliedAt + ", actor=" + actor + ", reason=" + reason + ", file=" + file
                + ", text=" + text.length() + " chars, envFiles=" + envFiles.keySet() + ", result=" + result
                + ", detail=" + detail + "]";
    }
}
