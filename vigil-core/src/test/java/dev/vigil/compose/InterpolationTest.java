package dev.vigil.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterpolationTest {

    private final Interpolation interpolation = new Interpolation(Map.of("SET", "value", "EMPTY", "", "B", "bee"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "plain text | plain text",
            "$SET | value",
            "${SET} | value",
            "a${SET}b$SET.c | avaluebvalue.c",
            "$$SET costs $$5 | $SET costs $5",
            "${UNSET:-fallback} | fallback",
            "${EMPTY:-fallback} | fallback",
            "${EMPTY-fallback} | ''",
            "${UNSET-fallback} | fallback",
            "${SET:-fallback} | value",
            "${UNSET:-${B}-x} | bee-x",
            "${SET:+other} | other",
            "${EMPTY:+other} | ''",
            "${EMPTY+other} | other",
            "${UNSET+other} | ''",
            "${SET:?must be set} | value",
            "${EMPTY?may be empty} | ''",
    })
    void substitutes(String text, String expected) {
        List<String> unset = new ArrayList<>();

        assertThat(interpolation.apply(text, unset::add)).isEqualTo(expected);
        assertThat(unset).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "${UNSET:?set it please} | required variable `UNSET` is not set: set it please",
            "${EMPTY:?} | required variable `EMPTY` is empty",
            "${UNSET?no} | required variable `UNSET` is not set: no",
            "${SET | unclosed `${`",
            "${1X} | invalid interpolation `${1X}`",
            "${SET:x} | invalid interpolation `${SET:x}`",
            "cost $ 5 | invalid interpolation `$ `; write `$$` for a literal `$`",
            "ends with $ | a `$` at the end; write `$$` for a literal `$`",
    })
    void rejects(String text, String message) {
        assertThatThrownBy(() -> interpolation.apply(text, name -> { })).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"$UNSET", "${UNSET}", "x${UNSET}y"})
    void anUnsetVariableIsEmptyAndReported(String text) {
        List<String> unset = new ArrayList<>();

        assertThat(interpolation.apply(text, unset::add)).isEqualTo(text.startsWith("x") ? "xy" : "");
        assertThat(unset).containsExactly("UNSET");
    }
}
