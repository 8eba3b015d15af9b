package dev.vigil.auth;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokensTest {

    private record Stored(String name, String hash) {
    }

    @Test
    void aSecretIsThePrefixAnd32RandomBytesInBase64Url() {
        String secret = Tokens.newSecret();

        assertThat(secret).startsWith("vgl_").hasSize(4 + 43).matches("vgl_[A-Za-z0-9_-]{43}");
        assertThat(IntStream.range(0, 1_000).mapToObj(i -> Tokens.newSecret()).distinct()).hasSize(1_000);
    }

    @Test
    void anIdIsShortAndPublic() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String id = Tokens.newId();
            assertThat(id).matches("tok_[0-9a-f]{8}");
            ids.add(id);
        }
        assertThat(ids).hasSizeGreaterThan(190);
    }

    @Test
    void theHashIsSha256InLowerCaseHex() {
        // sha256("abc"), from FIPS 180-2
        assertThat(Tokens.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void findsTheCandidateWhoseHashMatchesAndNothingForAnyOtherSecret() {
        String secret = Tokens.newSecret();
        List<Stored> stored = List.of(new Stored("a", Tokens.hash(Tokens.newSecret())),
                new Stored("b", Tokens.hash(secret)), new Stored("broken", "not hex"), new Stored("c", ""));

        assertThat(Tokens.find(secret, stored, Stored::hash)).map(Stored::name).contains("b");
        assertThat(Tokens.find(secret.substring(0, secret.length() - 1), stored, Stored::hash)).isEmpty();
        assertThat(Tokens.find(secret + "x", stored, Stored::hash)).isEmpty();
        assertThat(Tokens.find("vgl_", stored, Stored::hash)).isEmpty();
        assertThat(Tokens.find("", stored, Stored::hash)).isEmpty();
        // The hash itself is not a secret that authenticates.
        assertThat(Tokens.find(Tokens.hash(secret), stored, Stored::hash)).isEmpty();
    }

    @Test
    void everyCandidateIsComparedEvenAfterAMatch() {
        String secret = Tokens.newSecret();
        List<String> asked = new java.util.ArrayList<>();
        List<Stored> stored = List.of(new Stored("first", Tokens.hash(secret)), new Stored("second", Tokens.hash("x")));

        Tokens.find(secret, stored, s -> {
            asked.add(s.name());
            return s.hash();
        });

        assertThat(asked).containsExactly("first", "second");
    }

    @Test
    void namesAreShortWordsThatCannotBeMistakenForIds() {
        assertThat(Tokens.nameProblem("grafana")).isEmpty();
        assertThat(Tokens.nameProblem("ci-deploy.eu_1")).isEmpty();
        assertThat(Tokens.nameProblem("alice@laptop")).isEmpty();
        assertThat(Tokens.nameProblem("")).isPresent();
        assertThat(Tokens.nameProblem("x".repeat(65))).isPresent();
        assertThat(Tokens.nameProblem("has space")).isPresent();
        assertThat(Tokens.nameProblem("-flag")).isPresent();
        assertThat(Tokens.nameProblem("tok_12345678")).get().asString().contains("tok_");
        assertThatThrownBy(() -> Tokens.checkName("a b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`a b`");
    }
}
