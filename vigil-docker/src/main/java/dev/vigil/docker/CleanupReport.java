package dev.vigil.docker;

import java.util.List;

/**
 * What a cleanup found, or did.
 *
 * @param items the candidates (a dry run) or what was removed ({@code --force})
 * @param failures what could not be removed, one message each
 */
public record CleanupReport(List<CleanupItem> items, List<String> failures) {

    public CleanupReport {
        items = List.copyOf(items);
        failures = List.copyOf(failures);
    }

    /** The bytes the items take (those whose size is known). */
    public long bytes() {
        return items.stream().mapToLong(item -> item.bytes().orElse(0)).sum();
    }
}
