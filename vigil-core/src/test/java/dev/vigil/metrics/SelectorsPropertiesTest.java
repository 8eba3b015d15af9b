package dev.vigil.metrics;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever the matchers, their written form reads back to them; whatever the text, only a SelectorException. */
class SelectorsPropertiesTest {

    @Property(tries = 500)
    void formatThenParseGivesTheSameMatchers(@ForAll("selectors") List<Matcher> matchers) {
        assertThat(Selectors.parse(Selectors.format(matchers))).isEqualTo(matchers);
    }

    @Property(tries = 1000)
    void anyTextParsesOrFailsWithAColumnInsideIt(@ForAll("texts") String text) {
        try {
            List<Matcher> matchers = Selectors.parse(text);
            assertThat(matchers).isNotEmpty().anyMatch(m -> !m.matches(""));
        } catch (SelectorException e) {
            assertThat(e.column()).isBetween(1, text.codePointCount(0, text.length()) + 1);
            assertThat(e.reason()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<List<Matcher>> selectors() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of("service", "job", "__name__", "_x", "mountpoint"),
                Arbitraries.strings().withCharRange('a', 'z').withChars('_', 'A', '9').ofMinLength(1).ofMaxLength(8)
                        .filter(s -> !Character.isDigit(s.charAt(0))));
        Arbitrary<String> plain = Arbitraries.strings().all().ofMaxLength(12).filter(SelectorsPropertiesTest::utf16);
        Arbitrary<String> regex = Arbitraries.of("api", ".*", ".+", "host_.*", "a|b", "[0-9]+", "x\\.y", "é+", "");
        Arbitrary<Matcher> matcher = Combinators.combine(names, Arbitraries.of(Matcher.Op.values()), plain, regex)
                .as((name, op, text, re) -> Matcher.of(name, op, op == Matcher.Op.RE || op == Matcher.Op.NRE ? re : text));
        Arbitrary<String> metric = Arbitraries.strings().withCharRange('a', 'z').withChars('_', ':').ofMinLength(1)
                .ofMaxLength(10);
        return Combinators.combine(metric.optional(), matcher.list().ofMaxSize(5)).as((name, rest) -> {
            List<Matcher> all = new ArrayList<>();
            name.ifPresent(n -> all.add(Matcher.metric(n)));
            all.addAll(rest);
            return all;
        }).filter(all -> all.stream().anyMatch(m -> !m.matches("")));
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> pieces = Arbitraries.of("up", "{", "}", ",", "=", "!=", "=~", "!~", "\"", "'", "`", "\\",
                "\\x", "\\u12", "\\U0010FFFF", "\\777", "a", "__name__", " ", "\n", "#", "é", "😀", "(", ".*", "\"x\"");
        return Arbitraries.oneOf(
                pieces.list().ofMaxSize(12).map(l -> String.join("", l)),
                Arbitraries.strings().all().ofMaxLength(30));
    }

    /** No lone surrogates: a Java string that is text in any encoding. */
    private static boolean utf16(String s) {
        return s.equals(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
}
