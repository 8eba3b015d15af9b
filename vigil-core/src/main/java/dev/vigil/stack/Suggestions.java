package dev.vigil.stack;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelt keys, service names and choices. */
public final class Suggestions {

    private static final int MAX_DISTANCE = 2;
    // A prefix counts only when it is long enough to say something: "s" is a prefix of half the keys.
    private static final int MIN_PREFIX = 3;

    private Suggestions() {
    }

    /** The candidate closest to the input: within edit distance 2, or one a prefix of the other; ties go to the first. */
    public static Optional<String> closest(String input, Collection<String> candidates) {
        String in = input.toLowerCase(Locale.ROOT);
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String c = candidate.toLowerCase(Locale.ROOT);
            int d = distance(in, c);
            int score;
            if (d <= MAX_DISTANCE) {
                score = d;
            } else if (Math.min(in.length(), c.length()) >= MIN_PREFIX && (in.startsWith(c) || c.startsWith(in))) {
                score = MAX_DISTANCE + 1;
            } else {
                continue;
            }
            if (score < bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
