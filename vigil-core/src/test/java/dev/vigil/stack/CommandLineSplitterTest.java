package dev.vigil.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineSplitterTest {

    @Test
    void splitsOnWhitespace() {
        assertThat(CommandLineSplitter.split("  redis-server \t--port  6380 ")).containsExactly("redis-server", "--port", "6380");
    }

    @Test
    void singleQuotesKeepEverythingLiterally() {
        assertThat(CommandLineSplitter.split("echo 'a \"b\" \\n $HOME'")).containsExactly("echo", "a \"b\" \\n $HOME");
    }

    @Test
    void doubleQuotesKeepSpacesAndHonourBackslashQuoteAndBackslash() {
        assertThat(CommandLineSplitter.split("sh -c \"echo \\\"hi\\\" \\\\ \\n $X\""))
                .containsExactly("sh", "-c", "echo \"hi\" \\ \\n $X");
    }

    @Test
    void quotedPartsJoinTheWordAroundThem() {
        assertThat(CommandLineSplitter.split("-Dname=\"a b\"'c d'e")).containsExactly("-Dname=a bc de");
    }

    @Test
    void emptyQuotesAreAnEmptyWord() {
        assertThat(CommandLineSplitter.split("printf '' \"\"")).containsExactly("printf", "", "");
    }

    @Test
    void backslashOutsideQuotesEscapesTheNextCharacter() {
        assertThat(CommandLineSplitter.split("ls my\\ dir")).containsExactly("ls", "my dir");
    }

    @Test
    void blankIsNoWords() {
        assertThat(CommandLineSplitter.split("   ")).isEqualTo(List.of());
    }

    @Test
    void unclosedQuotesAndATrailingBackslashAreErrors() {
        assertThatThrownBy(() -> CommandLineSplitter.split("echo 'x")).hasMessage("unclosed single quote");
        assertThatThrownBy(() -> CommandLineSplitter.split("echo \"x")).hasMessage("unclosed double quote");
        assertThatThrownBy(() -> CommandLineSplitter.split("echo x\\")).hasMessage("ends with a backslash");
    }
}
