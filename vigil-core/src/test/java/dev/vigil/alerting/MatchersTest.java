package dev.vigil.alerting;

import dev.vigil.metrics.Matcher;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MatchersTest {

    @Test
    void everyOperatorQuotedOrBare() {
        assertThat(Matchers.parse("severity=\"critical\"")).isEqualTo(Matcher.eq("severity", "critical"));
        assertThat(Matchers.parse("severity = critical ")).isEqualTo(Matcher.eq("severity", "critical"));
        assertThat(Matchers.parse("team!=db")).isEqualTo(Matcher.of("team", Matcher.Op.NEQ, "db"));
        assertThat(Matchers.parse("service=~\"api|web\""))
                .isEqualTo(Matcher.of("service", Matcher.Op.RE, "api|web"));
        assertThat(Matchers.parse("env!~dev.*")).isEqualTo(Matcher.of("env", Matcher.Op.NRE, "dev.*"));
        assertThat(Matchers.parse("msg=\"say \\\"hi\\\"\\n\\\\\"").value()).isEqualTo("say \"hi\"\n\\");
    }

    @Test
    void listsInBracesOrNot() {
        List<Matcher> expected = List.of(Matcher.eq("alertname", "Down"),
                Matcher.of("service", Matcher.Op.RE, "api|web"));
        assertThat(Matchers.parseAll("{alertname=\"Down\", service=~\"api|web\"}")).isEqualTo(expected);
        assertThat(Matchers.parseAll("alertname=Down,service=~api|web")).isEqualTo(expected);
        assertThat(Matchers.parseAll(" { alertname = Down , service =~ \"api|web\" , } ")).isEqualTo(expected);
    }

    @Test
    void matchingTreatsAMissingLabelAsEmptyAndAnchorsRegexes() {
        Map<String, String> labels = Map.of("service", "api-2");
        assertThat(Matchers.parse("team=\"\"").matches(labels)).isTrue();
        assertThat(Matchers.parse("team!=\"\"").matches(labels)).isFalse();
        assertThat(Matchers.parse("service=~api").matches(labels)).as("anchored").isFalse();
        assertThat(Matchers.parse("service=~\"api.*\"").matches(labels)).isTrue();
        assertThat(Matchers.parse("service!~\"api.*\"").matches(labels)).isFalse();
        assertThat(Matchers.parse("service=~\"a|b\"").matches(Map.of("service", "xa"))).as("alternation anchored").isFalse();
    }

    @Test
    void printedAsAlertmanagerPrintsThem() {
        assertThat(Matchers.parse("a=~\"x\\\"y\"").toString()).isEqualTo("a=~\"x\\\"y\"");
        assertThat(Matchers.parse("severity=critical").toString()).isEqualTo("severity=\"critical\"");
    }

    @Test
    void badInputIsNamedWithItsColumn() {
        assertThatThrownBy(() -> Matchers.parse("")).hasMessageContaining("no matchers");
        assertThatThrownBy(() -> Matchers.parseAll("{}")).hasMessageContaining("no matchers");
        assertThatThrownBy(() -> Matchers.parse("1abc=x")).hasMessageContaining("expected a label name at column 1");
        assertThatThrownBy(() -> Matchers.parse("abc x")).hasMessageContaining("expected one of =, !=, =~, !~");
        assertThatThrownBy(() -> Matchers.parse("a=\"open")).hasMessageContaining("missing closing quote");
        assertThatThrownBy(() -> Matchers.parse("a=~\"(\"")).hasMessageContaining("invalid regular expression")
                .hasMessageContaining("column 4");
        assertThatThrownBy(() -> Matchers.parseAll("{a=b")).hasMessageContaining("missing closing '}'");
        assertThatThrownBy(() -> Matchers.parseAll("{a=b} x")).hasMessageContaining("unexpected text after '}'");
        assertThatThrownBy(() -> Matchers.parse("a=b,c=d")).hasMessageContaining("expected one matcher, found 2");
        assertThatThrownBy(() -> Matchers.parse("a=\"\\q\"")).hasMessageContaining("unknown escape \\q");
    }

    @Property(tries = 500)
    void anyTextIsAMatcherListOrASyntaxError(@ForAll String text) {
        try {
            assertThat(Matchers.parseAll(text)).isNotEmpty();
        } catch (MatcherSyntaxException e) {
            assertThat(e.column()).isBetween(1, text.length() + 1);
        }
    }

    @Property(tries = 300)
    void aPrintedMatcherReadsBackTheSame(@ForAll("names") String name, @ForAll String value) {
        Matcher m = Matcher.eq(name, value);
        assertThat(Matchers.parse(m.toString())).isEqualTo(m);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> names() {
        return net.jqwik.api.Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(8);
    }
}
