package dev.vigil.change;

/**
 * One key of a service that an apply changes, with both values as {@code vigil diff} shows them: strings quoted,
 * lists in brackets, durations and sizes as written ({@code 5s}, {@code 64M}), {@link #ABSENT} when the key is not
 * set on that side. Secrets never appear: a secret env value is {@code ***} (bare, never quoted, so it cannot be
 * mistaken for a value), and secret parts of commands and URLs are masked as everywhere else.
 *
 * @param key the key path as a user writes it in vigil.yaml: {@code command}, {@code env.DB_URL},
 *            {@code health[0].interval}, {@code restart.limit.count}, {@code resources.memory}, ...
 */
public record KeyChange(String key, String before, String after, Effect effect) {

    /** Shown for a side on which the key is not set. */
    public static final String ABSENT = "(none)";

    /**
     * True when both sides show the same text: the values differ only in what is masked (a secret env value that
     * changed, a {@code --password=***} in a command), so the change is known but not shown.
     */
    public boolean hidden() {
        return before.equals(after);
    }
}
