package dev.vigil.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Selectors read as PromQL reads an instant-vector selector, with its errors named by column. */
class SelectorsTest {

    @Test
    void aNameAloneOrWithMatchersOfEveryKind() {
        assertThat(Selectors.parse("up")).containsExactly(Matcher.metric("up"));
        assertThat(Selectors.parse("service_memory_rss_bytes{service=\"api\"}"))
                .containsExactly(Matcher.metric("service_memory_rss_bytes"), Matcher.eq("service", "api"));
        assertThat(Selectors.parse("foo{a=\"b\", foo!=\"bar\", test=~\"test\", bar!~\"baz\"}")).containsExactly(
                Matcher.metric("foo"), Matcher.eq("a", "b"), Matcher.neq("foo", "bar"), Matcher.re("test", "test"),
                Matcher.nre("bar", "baz"));
        assertThat(Selectors.parse("{__name__=\"up\"}")).containsExactly(Matcher.metric("up"));
        assertThat(Selectors.parse("{__name__=~\"host_.*\", mountpoint!=\"/boot\"}"))
                .containsExactly(Matcher.re("__name__", "host_.*"), Matcher.neq("mountpoint", "/boot"));
        assertThat(Selectors.parse("job:rate5m:sum")).containsExactly(Matcher.metric("job:rate5m:sum"));
    }

    @Test
    void whitespaceCommentsAndATrailingCommaAreAllowed() {
        assertThat(Selectors.parse("  up \t{ job = \"api\" ,\n code != '200', } # the api\n"))
                .containsExactly(Matcher.metric("up"), Matcher.eq("job", "api"), Matcher.neq("code", "200"));
        assertThat(Selectors.parse("up{}")).containsExactly(Matcher.metric("up"));
        assertThat(Selectors.parse("on{by=\"bool\"}")).containsExactly(Matcher.metric("on"), Matcher.eq("by", "bool"));
    }

    @Test
    void stringsTakeGoEscapesAndRawStringsTakeNone() {
        assertThat(value("\"a\\\"b\\\\c\\n\\t\"")).isEqualTo("a\"b\\c\n\t");
        assertThat(value("'it\\'s'")).isEqualTo("it's");
        assertThat(value("\"\\x41\\101\\u00e9\\U0001F600\"")).isEqualTo("AAé😀");
        assertThat(value("\"\\xc3\\xa9\"")).isEqualTo("é"); // bytes, read as UTF-8 as Go does
        assertThat(value("\"\\a\\b\\f\\r\\v\"")).isEqualTo("\u0007\b\f\r\u000b");
        assertThat(value("`\\d+\"'\n`")).isEqualTo("\\d+\"'\n");
        assertThat(value("\"grüße 😀\"")).isEqualTo("grüße 😀");
    }

    @ParameterizedTest(name = "{0} -> column {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "^^|1|empty selector; expected a metric name or `{`",
            "^  ^|3|empty selector; expected a metric name or `{`",
            "{}|1|a selector needs at least one matcher that does not match the empty string",
            "{x=\"\"}|1|a selector needs at least one matcher",
            "{x=~\".*\", y!=\"a\"}|1|a selector needs at least one matcher",
            "foo{__name__=\"bar\"}|5|metric name must not be set twice: \"foo\"",
            "1foo|1|expected a metric name or `{`, got `1`",
            "foo bar|5|unexpected `b` after the selector",
            "foo{|5|expected a label name or `}`, got end of input",
            "foo{,}|5|expected a label name or `}`, got `,`",
            "foo{a}|6|expected `=`, `!=`, `=~` or `!~` after the label name a, got `}`",
            "foo{a==\"b\"}|7|expected a quoted string after a=, got `=`",
            "foo{a!\"b\"}|6|expected `=`, `!=`, `=~` or `!~` after the label name a, got `!`",
            "foo{a=b}|7|expected a quoted string after a=, got `b`",
            "foo{a=\"b\" c=\"d\"}|11|expected `,` or `}` after a=\"...\", got `c`",
            "foo{a=\"b\"|10|expected `,` or `}` after a=\"...\", got end of input",
            "foo{a=\"b}|7|unterminated string (no closing \")",
            "foo{a=`b}|7|unterminated raw string (no closing backtick)",
            "foo{a=\"\\q\"}|8|unknown escape sequence \\q",
            "foo{a=\"\\'\"}|8|unknown escape sequence \\' (inside \"...\" only \" is escaped)",
            "foo{a=\"\\x4\"}|11|illegal character `\"` in escape sequence \\x4 (expected 2 hexadecimal digits)",
            "foo{a=\"\\400\"}|8|octal escape \\400 is above \\377",
            "foo{a=\"\\ud800\"}|8|escape sequence \\ud800 is not a Unicode code point",
            "foo{a=\"\\xff\"}|7|the string is not valid UTF-8",
            "foo{a=~\"(\"}|8|invalid regular expression \"(\": Unclosed group",
            "^foo{a=~\"a)|(b\"}^|8|^invalid regular expression \"a)|(b\"^",
            "foo{a:b=\"c\"}|6|expected `=`, `!=`, `=~` or `!~` after the label name a, got `:`",
            "é{a=\"b\"}|1|expected a metric name or `{`, got `é`",
            "{a=\"é\"} x|9|unexpected `x` after the selector",
    })
    void errorsNameTheColumnAndWhatWasExpected(String text, int column, String reason) {
        assertThatThrownBy(() -> Selectors.parse(text)).isInstanceOfSatisfying(SelectorException.class, e -> {
            assertThat(e.reason()).startsWith(reason);
            assertThat(e.column()).isEqualTo(column);
            assertThat(e.getMessage()).isEqualTo("column " + column + ": " + e.reason());
        });
    }

    @Test
    void aLineBreakInsideQuotesIsRefusedWhereItIs() {
        assertThatThrownBy(() -> Selectors.parse("up{a=\"x\ny\"}")).isInstanceOfSatisfying(SelectorException.class,
                e -> assertThat(e.getMessage()).isEqualTo("column 8: line break inside a quoted string (write \\n, "
                        + "or use a `raw string`)"));
    }

    @Test
    void formatWritesWhatParsesBack() {
        assertThat(Selectors.format(List.of(Matcher.metric("up"), Matcher.eq("job", "a\"b\\c\nd\u0001")))).isEqualTo(
                "up{job=\"a\\\"b\\\\c\\nd\\x01\"}");
        assertThat(Selectors.format(List.of(Matcher.metric("up")))).isEqualTo("up");
        assertThat(Selectors.format(List.of(Matcher.eq("service", "api"), Matcher.metric("up"))))
                .isEqualTo("{service=\"api\", __name__=\"up\"}");
        assertThat(Selectors.format(List.of(Matcher.re("__name__", "host_.*"))))
                .isEqualTo("{__name__=~\"host_.*\"}");
    }

    private static String value(String quoted) {
        return Selectors.parse("{a=" + quoted + "}").getFirst().value();
    }
}
