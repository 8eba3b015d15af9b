package dev.vigil.change;

import java.util.List;
import java.util.Optional;

/**
 * The history of applied stack files. Numbers are 1, 2, 3, ... with no gap, given at append; a version is stored
 * whole or not at all, even when Vigil dies during the append. Each store's test extends
 * {@code VersionStoreContract}.
 */
public interface VersionStore {

    /** Stores the version under the next number, atomically: concurrent appends (other processes too) get distinct ones. */
    ConfigVersion append(NewVersion version);

    Optional<ConfigVersion> get(long number);

    /** At most {@code limit} versions, newest first. */
    List<ConfigVersion> list(int limit);

    /** Every version, newest first. */
    default List<ConfigVersion> list() {
        return list(Integer.MAX_VALUE);
    }

    /** The version with the highest number. */
    default Optional<ConfigVersion> latest() {
        return list(1).stream().findFirst();
    }

    /**
     * Records how an apply ended, e.g. {@link VersionResult#ROLLED_BACK} once it did not become healthy.
     *
     * @param detail why; blank for nothing to say
     * @throws UnknownVersionException when there is no such version
     */
    void markResult(long number, VersionResult result, String detail);
}
