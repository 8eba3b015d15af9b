package dev.vigil.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> KEYS = StackServiceReader.KEYS;

    @Test
    void suggestsWithinTwoEdits() {
        assertThat(Suggestions.closest("helth", KEYS)).contains("health");
        assertThat(Suggestions.closest("comand", KEYS)).contains("command");
        assertThat(Suggestions.closest("envfile", KEYS)).contains("env_file");
    }

    @Test
    void suggestsByPrefixEitherWay() {
        assertThat(Suggestions.closest("depends", KEYS)).contains("depends_on");
        assertThat(Suggestions.closest("healthcheck", KEYS)).contains("health");
    }

    @Test
    void prefersTheCloserCandidate() {
        assertThat(Suggestions.closest("en", KEYS)).contains("env");
    }

    @Test
    void suggestsNothingForUnrelatedWords() {
        assertThat(Suggestions.closest("colour", KEYS)).isEmpty();
        assertThat(Suggestions.closest("x", KEYS)).isEmpty();
    }

    @Test
    void distanceIsLevenshtein() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }
}
