package dev.vigil.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** The notations the stack file uses read back what they write. */
class NotationPropertiesTest {

    @Property
    void durationFormatParsesBackToTheSameDuration(@ForAll @LongRange(min = 0, max = 10L * 365 * 86_400_000) long millis) {
        Duration d = Duration.ofMillis(millis);

        assertThat(Durations.parse(Durations.format(d))).contains(d);
    }

    @Property
    void wholeUnitSizesParse(@ForAll @LongRange(min = 1, max = 1 << 20) long n) {
        assertThat(Sizes.parse(n + "K")).contains(n << 10);
        assertThat(Sizes.parse(n + "M")).contains(n << 20);
        assertThat(Sizes.parse(Long.toString(n))).contains(n);
    }

    @Property
    void aWordWithoutQuotesOrSpacesSplitsToItself(@ForAll("plainWords") String word) {
        assertThat(CommandLineSplitter.split(word)).containsExactly(word);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> plainWords() {
        return net.jqwik.api.Arbitraries.strings().withChars("abcXYZ019-_./=:@,").ofMinLength(1).ofMaxLength(30);
    }
}
