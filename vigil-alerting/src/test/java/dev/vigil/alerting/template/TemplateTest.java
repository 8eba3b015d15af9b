package dev.vigil.alerting.template;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Alert templates render as Prometheus renders them (expected strings from Prometheus's own template tests). */
class TemplateTest {

    private final AlertTemplates templates = new AlertTemplates(expr -> List.of(
            Map.of("Labels", Map.of("instance", "b:9090"), "Value", 2.0),
            Map.of("Labels", Map.of("instance", "a:9090"), "Value", 1.0)), Map.of("cluster", "eu"), "http://vigil:7420");
    private final TreeMap<String, String> labels = new TreeMap<>(Map.of("service", "api", "instance", "host-1:8080"));

    private String expand(String text, double value) throws TemplateException {
        return templates.expand("summary", text, labels, value);
    }

    private static String run(String text, Object data) throws TemplateException {
        return Template.parse("t", text, Functions.prometheus(Functions.Query.NONE)).execute(data, Map.of());
    }

    @Test
    void labelsValueAndTheRestOfTheData() throws Exception {
        assertThat(expand("{{ $labels.service }} is down ({{ $value }})", 0.97)).isEqualTo("api is down (0.97)");
        assertThat(expand("{{ .Labels.instance }} {{ .Value }} {{ $externalLabels.cluster }} {{ $externalURL }}", 3))
                .isEqualTo("host-1:8080 3 eu http://vigil:7420");
        assertThat(expand("{{ $labels.nope }}", 1)).as("Go's default for a missing key").isEqualTo("<no value>");
        assertThat(expand("{{ $value }} {{ 1e6 }} {{ 1234567.0 }} {{ 123456.0 }} {{ 0.00001 }}", 1e21))
                .isEqualTo("1e+21 1e+06 1.234567e+06 123456 1e-05");
    }

    @Test
    void conditionsPipelinesAndVariables() throws Exception {
        String text = "{{ if gt $value 80.0 }}high{{ else if gt $value 50.0 }}raised{{ else }}ok{{ end }}";
        assertThat(expand(text, 97)).isEqualTo("high");
        assertThat(expand(text, 60)).isEqualTo("raised");
        assertThat(expand(text, 10)).isEqualTo("ok");
        assertThat(expand("{{ $value | humanize }} {{ printf \"%.2f%%\" $value }} {{ $v := 2.5 }}{{ $v }}", 1234567))
                .isEqualTo("1.235M 1234567.00% 2.5");
        assertThat(expand("{{ with $labels.service }}svc={{ . }}{{ end }}{{ with $labels.nope }}x{{ else }}-{{ end }}", 0))
                .isEqualTo("svc=api-");
        assertThat(expand("{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}", 0))
                .isEqualTo("instance=host-1:8080;service=api;");
        assertThat(expand("a {{- 1 -}} b {{/* a comment */}}c", 0)).isEqualTo("a1b c");
        assertThat(expand("{{ (printf \"%s-%s\" \"x\" \"y\") | toUpper }}", 0)).isEqualTo("X-Y");
        assertThat(expand("{{ and 1 0 }} {{ or 0 \"\" \"z\" }} {{ not true }} {{ len $labels }} {{ index $labels \"service\" }}", 0))
                .isEqualTo("0 z false 2 api");
        assertThat(expand("{{ eq $labels.service \"api\" \"web\" }} {{ ne 1 2 }} {{ lt \"a\" \"b\" }}", 0))
                .isEqualTo("true true true");
    }

    @Test
    void queriesThroughTheHook() throws Exception {
        assertThat(expand("{{ range query \"up\" | sortByLabel \"instance\" }}{{ .Labels.instance }}={{ .Value }} {{ end }}", 0))
                .isEqualTo("a:9090=1 b:9090=2 ");
        assertThat(expand("{{ with query \"up\" }}{{ . | first | value | humanize }} {{ . | first | label \"instance\" }}{{ end }}", 0))
                .isEqualTo("2 b:9090");
    }

    @Test
    void humanizingFunctions() throws Exception {
        assertThat(run("{{ range . }}{{ humanize . }}:{{ end }}", List.of(0.0, 1.0, 1234567.0, .12)))
                .isEqualTo("0:1:1.235M:120m:");
        assertThat(run("{{ range . }}{{ humanize1024 . }}:{{ end }}", List.of(0.0, 1.0, 1048576.0, .12)))
                .isEqualTo("0:1:1Mi:0.12:");
        assertThat(run("{{ range . }}{{ humanizeDuration . }}:{{ end }}", List.of(0.0, 1.0, 60.0, 3600.0, 86400.0,
                86400.0 + 3600.0, -(86400.0 * 2 + 3600 * 3 + 60 * 4 + 5), 899.99)))
                .isEqualTo("0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s:");
        assertThat(run("{{ range . }}{{ humanizeDuration . }}:{{ end }}", List.of(.1, .0001, .12345, 60.1, 60.5,
                1.2345, 12.345))).isEqualTo("100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:");
        assertThat(run("{{ range . }}{{ humanizePercentage . }}:{{ end }}", List.of(0.0, 0.1234567, 0.5, 1.0, 1.5)))
                .isEqualTo("0%:12.35%:50%:100%:150%:");
        assertThat(run("{{ 1435065584.128 | humanizeTimestamp }}", null)).isEqualTo("2015-06-23 13:19:44.128 +0000 UTC");
        assertThat(run("{{ \"1234567\" | humanize }}", null)).as("strings convert").isEqualTo("1.235M");
    }

    @Test
    void stringFunctions() throws Exception {
        assertThat(run("{{ \"aa bb CC\" | toUpper }} {{ \"aa bb CC\" | toLower }} {{ \"aa bb CC\" | title }}", null))
                .isEqualTo("AA BB CC aa bb cc Aa Bb CC");
        assertThat(run("{{ match \"a+\" \"aaa\" }} {{ reReplaceAll \"(a)b\" \"x$1\" \"ab ab\" }}", null))
                .isEqualTo("true xa xa");
        assertThat(run("{{ stripPort \"foo.example.com:12345\" }} {{ stripPort \"[2001:0DB8::1]:12345\" }} "
                + "{{ stripDomain \"foo.example.com:12345\" }} {{ stripDomain \"192.168.0.1:9090\" }}", null))
                .isEqualTo("foo.example.com 2001:0DB8::1 foo:12345 192.168.0.1:9090");
        assertThat(run("{{ with args 1 \"two\" }}{{ .arg0 }} {{ .arg1 }}{{ end }}", null)).isEqualTo("1 two");
        assertThat(run("{{ printf \"%d|%5.1f|%-4s|%q|%x|%v|%s\" 42 3.14159 \"ab\" \"q\" 255 true 1.5 }}", null))
                .isEqualTo("42|  3.1|ab  |\"q\"|ff|true|1.5");
        assertThat(run("{{ printf \"%d\" 1.5 }} {{ printf \"%s\" }}", null)).isEqualTo("%!d(float64=1.5) %!s(MISSING)");
    }

    @Test
    void errorsSayWhereAndWhat() {
        assertThatThrownBy(() -> templates.check("summary", "{{ humanise $value }}"))
                .hasMessage("template: summary:1: function \"humanise\" not defined");
        assertThatThrownBy(() -> templates.check("summary", "line one\n{{ if $value }}x"))
                .hasMessageContaining("template: summary:2:").hasMessageContaining("no {{end}}");
        assertThatThrownBy(() -> templates.check("summary", "{{ $value")).hasMessageContaining("unclosed action");
        assertThatThrownBy(() -> templates.check("summary", "{{ end }}")).hasMessageContaining("unexpected {{end}}");
        assertThatThrownBy(() -> templates.check("summary", "{{ define \"x\" }}{{ end }}"))
                .hasMessageContaining("not supported: {{define}}");
        assertThatThrownBy(() -> expand("{{ gt $value 80 }}", 1))
                .hasMessageContaining("incompatible types for comparison: float64 and int (write 80.0");
        assertThatThrownBy(() -> expand("{{ $nope }}", 1)).hasMessageContaining("undefined variable: $nope");
        assertThatThrownBy(() -> expand("{{ 1 2 }}", 1)).hasMessageContaining("can't give argument to non-function 1");
        assertThatThrownBy(() -> expand("{{ humanize \"abc\" }}", 1)).hasMessageContaining("error calling humanize");
        assertThatThrownBy(() -> run("{{ query \"up\" }}", null)).hasMessageContaining("queries are not available here");
    }

    @Test
    void nanComparesWithNothing() throws Exception {
        assertThat(run("{{ $x := . }}{{ eq $x $x }} {{ lt $x 1.0 }} {{ ge $x 1.0 }} {{ ne $x $x }}", Double.NaN))
                .isEqualTo("false false false true");
    }

    @Test
    void aRuleExpanderLeavesTheRawTextWhenATemplateFailsAndSaysWhy() {
        List<String> failures = new java.util.ArrayList<>();
        var expander = templates.expander("Down", failures::add);
        assertThat(expander.expand("{{ $labels.service }} down", labels, 1)).isEqualTo("api down");
        assertThat(expander.expand("{{ gt $value 1 }}", labels, 1)).isEqualTo("{{ gt $value 1 }}");
        assertThat(failures).singleElement().asString().contains("template: Down:1:").contains("incompatible types");
        assertThat(expander.expand("plain", labels, 1)).isEqualTo("plain");
    }
}
