package dev.vigil.stack;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EnvFileMaskTest {

    @Test
    void secretValuesAreMaskedAndEverythingElseStaysAsWritten() {
        String text = """
                # shop's api
                PORT=8080
                DB_PASSWORD=hunter2
                  export API_TOKEN = "tok 123 # not a comment"   # the CI token
                STRIPE_KEY='rk_live_1'
                SESSION_SECRET=abc # rotated monthly
                LEVEL=info # a comment

                EMPTY_TOKEN=
                # OLD_PASSWORD=hunter1
                """;

        assertThat(EnvFileMask.mask(text)).isEqualTo("""
                # shop's api
                PORT=8080
                DB_PASSWORD=***
                  export API_TOKEN = ***   # the CI token
                STRIPE_KEY=***
                SESSION_SECRET=*** # rotated monthly
                LEVEL=info # a comment

                EMPTY_TOKEN=
                # OLD_PASSWORD=hunter1
                """);
    }

    @Test
    void keysTheServicesDeclareSecretAreMaskedToo() {
        assertThat(EnvFileMask.mask("DB_URL=postgres://u:p@db/shop\nPORT=1\n", Set.of("DB_URL")))
                .isEqualTo("DB_URL=***\nPORT=1\n");
    }

    @Test
    void lineEndingsAndAMissingLastNewlineAreKept() {
        assertThat(EnvFileMask.mask("A=1\r\nDB_PASS=x\r\nB=2")).isEqualTo("A=1\r\nDB_PASS=***\r\nB=2");
        assertThat(EnvFileMask.mask("DB_PASS=x")).isEqualTo("DB_PASS=***");
        assertThat(EnvFileMask.mask("")).isEmpty();
    }

    @Test
    void escapedQuotesAndUnclosedQuotesHideTheWholeValue() {
        assertThat(EnvFileMask.mask("API_KEY=\"a \\\" b\" # c\n")).isEqualTo("API_KEY=*** # c\n");
        assertThat(EnvFileMask.mask("API_KEY=\"never closed # x\n")).isEqualTo("API_KEY=***\n");
    }

    @Test
    void linesThatAreNoVariablesAreLeftAlone() {
        assertThat(EnvFileMask.mask("not a variable\n1TOKEN=x\n")).isEqualTo("not a variable\n1TOKEN=x\n");
    }

    @Test
    void theMaskedFileReadsWithTheSameKeys() {
        String text = "PORT=8080\nexport DB_PASSWORD=\"a#b\" # c\nTOKEN='x y'\n";

        EnvFile masked = EnvFile.parse(EnvFileMask.mask(text));

        assertThat(masked.errors()).isEmpty();
        assertThat(masked.values()).containsExactly(Map.entry("PORT", "8080"),
                Map.entry("DB_PASSWORD", "***"), Map.entry("TOKEN", "***"));
    }
}
