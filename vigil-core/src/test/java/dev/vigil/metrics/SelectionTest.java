package dev.vigil.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectionTest {

    @Test
    void aSelectionThatWouldMatchEverySeriesIsRefused() {
        assertThatThrownBy(() -> Selection.of(0, 1, Matcher.re("job", ".*"), Matcher.neq("x", "y")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match \"\"");
        assertThatThrownBy(() -> Selection.of(2, 1, Matcher.metric("up")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void labelsAreSortedValidatedAndDropEmptyValues() {
        Labels labels = Labels.metric("http_requests_total", "method", "GET", "code", "200", "path", "");

        assertThat(labels.asMap()).containsExactly(Map.entry("__name__", "http_requests_total"),
                Map.entry("code", "200"), Map.entry("method", "GET"));
        assertThat(labels).isEqualTo(Labels.of("code", "200", "__name__", "http_requests_total", "method", "GET"));
        assertThat(labels.toString()).isEqualTo("http_requests_total{code=\"200\", method=\"GET\"}");
        assertThat(labels.value("path")).isEmpty();
        assertThatThrownBy(() -> Labels.metric("1up")).hasMessageContaining("invalid metric name");
        assertThatThrownBy(() -> Labels.metric("up", "bad-name", "x")).hasMessageContaining("invalid label name");
        assertThatThrownBy(() -> Labels.of("a", "1", "a", "2")).hasMessageContaining("twice");
        assertThat(List.of(Labels.metric("b"), Labels.metric("a", "z", "1"), Labels.metric("a")).stream().sorted())
                .containsExactly(Labels.metric("a"), Labels.metric("a", "z", "1"), Labels.metric("b"));
    }
}
