package dev.vigil.cli;

import dev.vigil.server.metrics.RealPrometheus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vigil rules check}, typed as in the README, beside {@code promtool check rules} from Debian's Prometheus on
 * the same files: both accept the valid ones and both refuse each broken one, and Vigil names the line.
 */
class RulesCheckIT {

    @TempDir
    Path dir;

    private static final String VALID = """
            groups:
              - name: api
                interval: 30s
                rules:
                  - record: job:errors:rate5m
                    expr: sum by (job) (rate(errors_total[5m]))
                  - alert: HighErrors
                    expr: job:errors:rate5m > 0.5 and on (job) up == 1
                    for: 10m
                    labels: {severity: critical}
                    annotations:
                      summary: "{{ $labels.job }} fails at {{ $value | humanizePercentage }}"
                  - alert: DiskFull
                    expr: predict_linear(node_filesystem_avail_bytes[6h], 4 * 3600) < 0
            """;

    /** Broken files, each with the line Vigil must name; promtool must refuse each too. */
    private static final Map<String, String> BROKEN = new LinkedHashMap<>();

    static {
        BROKEN.put("syntax.yml", rule("expr: sum(rate(errors_total[5m])"));
        BROKEN.put("function.yml", rule("expr: rat(errors_total[5m])"));
        BROKEN.put("type.yml", rule("expr: rate(errors_total)"));
        BROKEN.put("duration.yml", rule("expr: up == 0\n        for: 5 minutes"));
        BROKEN.put("label.yml", rule("expr: up == 0\n        labels: {\"bad-name\": x}"));
        BROKEN.put("template.yml", rule("expr: up == 0\n        annotations: {summary: \"{{ $labels.job \"}"));
        BROKEN.put("both.yml", rule("record: x\n        expr: up"));
        BROKEN.put("unknown-key.yml", rule("expr: up == 0\n        severity: page"));
        BROKEN.put("no-expr.yml", rule("labels: {a: b}"));
        BROKEN.put("groups-twice.yml", """
                groups:
                  - name: one
                    rules: [{record: a, expr: up}]
                  - name: one
                    rules: [{record: b, expr: up}]
                """);
    }

    private static String rule(String body) {
        return "groups:\n  - name: g\n    rules:\n      - alert: A\n        " + body + "\n";
    }

    private static int promtool(Path file) throws Exception {
        Path promtool = RealPrometheus.binary().resolveSibling("promtool");
        Process p = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return p.exitValue();
    }

    @Test
    void vigilAndPromtoolAgreeOnValidAndBrokenFiles() throws Exception {
        LauncherCopy vigil = LauncherCopy.withBuiltJar(dir.resolve("vigil"));
        Path valid = Files.writeString(dir.resolve("valid.yml"), VALID, StandardCharsets.UTF_8);

        LauncherCopy.Result ok = vigil.run("rules", "check", valid.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo(valid + ": ok, 3 rules in 1 group (api)\n");
        assertThat(promtool(valid)).as("promtool on the valid file").isZero();

        for (Map.Entry<String, String> broken : BROKEN.entrySet()) {
            Path file = Files.writeString(dir.resolve(broken.getKey()), broken.getValue(), StandardCharsets.UTF_8);
            LauncherCopy.Result result = vigil.run("rules", "check", valid.toString(), file.toString());
            assertThat(result.code()).as(broken.getKey() + ": " + result.out() + result.err()).isEqualTo(2);
            assertThat(result.out()).as("the valid file is still said ok").startsWith(valid + ": ok");
            assertThat(result.err()).as(broken.getKey()).startsWith(file + ":").matches("(?s)[^:]+:\\d+:\\d+: .+");
            assertThat(promtool(file)).as("promtool refuses " + broken.getKey() + " too").isNotZero();
        }
    }
}
