package dev.vigil.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnvFileTest {

    @Test
    void readsVariablesSkippingCommentsAndBlankLines() {
        EnvFile env = EnvFile.parse("""
                # a comment

                A=1
                export B = two words
                C="quoted # not a comment \\" \\n"
                D='single $X # kept'
                E=value # comment
                F=
                A=again
                """);

        assertThat(env.errors()).isEmpty();
        assertThat(env.values()).containsExactly(
                java.util.Map.entry("A", "again"),
                java.util.Map.entry("B", "two words"),
                java.util.Map.entry("C", "quoted # not a comment \" \n"),
                java.util.Map.entry("D", "single $X # kept"),
                java.util.Map.entry("E", "value"),
                java.util.Map.entry("F", ""));
    }

    @Test
    void reportsEachBadLineWithItsNumber() {
        EnvFile env = EnvFile.parse("OK=1\nnot a variable\n1X=2\nQ=\"open\nR='x' y\r\n");

        assertThat(env.values()).containsOnlyKeys("OK");
        assertThat(env.errors()).containsExactly(
                "line 2: expected KEY=VALUE",
                "line 3: `1X` is not a variable name",
                "line 4: unclosed double quote",
                "line 5: unexpected text after the closing quote");
    }
}
