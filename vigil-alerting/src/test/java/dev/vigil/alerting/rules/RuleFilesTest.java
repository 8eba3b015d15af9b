package dev.vigil.alerting.rules;

import dev.vigil.alerting.PromDuration;

import dev.vigil.alerting.template.AlertTemplates;
import dev.vigil.alerting.template.Functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RuleFilesTest {

    @TempDir
    Path dir;

    /** Stands in for the PromQL parser here: refuses expressions holding "!!" the way it reports a position. */
    private final RuleFiles files = new RuleFiles(
            expr -> expr.contains("!!") ? Optional.of("1:" + (expr.indexOf("!!") + 1) + ": unexpected character '!'")
                    : Optional.empty(),
            new AlertTemplates(Functions.Query.NONE, Map.of(), ""));

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aValidFileGivesItsGroupsAndRules() throws Exception {
        Path file = write("rules/api.yml", """
                groups:
                  - name: api
                    interval: 30s
                    limit: 10
                    rules:
                      - record: job:errors:rate5m
                        expr: sum by (job) (rate(errors_total[5m]))
                        labels: {team: api}
                      - alert: HighErrors
                        expr: job:errors:rate5m > 0.5
                        for: 10m
                        keep_firing_for: 1h30m
                        labels:
                          severity: critical
                        annotations:
                          summary: "{{ $labels.job }} fails {{ $value | humanizePercentage }}"
                """);
        RuleFiles.Loaded loaded = files.load(file);

        assertThat(loaded.problems()).isEmpty();
        RuleGroup group = loaded.groups().get(0);
        assertThat(group.name()).isEqualTo("api");
        assertThat(group.interval()).contains(Duration.ofSeconds(30));
        assertThat(group.limit()).isEqualTo(10);
        assertThat(group.rules()).containsExactly(
                new RuleDefinition.Recording("job:errors:rate5m", "sum by (job) (rate(errors_total[5m]))",
                        Map.of("team", "api"), 6),
                new RuleDefinition.Alerting("HighErrors", "job:errors:rate5m > 0.5", Duration.ofMinutes(10),
                        Duration.ofMinutes(90), Map.of("severity", "critical"),
                        Map.of("summary", "{{ $labels.job }} fails {{ $value | humanizePercentage }}"), 9));
    }

    @Test
    void everyProblemIsReportedWithFileLineAndColumnAndNothingIsLoaded() throws Exception {
        Path file = write("bad.yml", """
                groups:
                  - name: one
                    interval: 5 minutes
                    rules:
                      - alert: Down
                        expr: up == 0 !! 1
                        for: 1x
                        annotations:
                          summary: "{{ humanise $value }}"
                      - record: bad name
                        expr: up
                        for: 5m
                      - expr: up
                      - alert: A
                        record: b
                        expr: up
                      - alert: Down
                        expr: up
                        severity: page
                      - alert: NoExpr
                  - name: one
                    rules: []
                  - name: two
                    rules:
                      - alert: Labels
                        expr: up
                        labels: {"bad-label": x, __reserved: y}
                """);
        RuleFiles.Loaded loaded = files.load(file);

        assertThat(loaded.groups()).isEmpty();
        assertThat(loaded.problems()).containsExactly(
                file + ":3:15: groups[0]: interval: not a valid duration string: \"5 minutes\" (e.g. 30s, 5m, 1h30m)",
                file + ":6:15: group \"one\", rule 1, \"Down\": could not parse expression: 1:9: unexpected character '!'",
                file + ":9:20: group \"one\", rule 1, \"Down\": template: __alert_Down:1: function \"humanise\" not defined",
                file + ":7:14: group \"one\", rule 1, \"Down\": for: not a valid duration string: \"1x\" (e.g. 30s, 5m, 1h30m)",
                file + ":10:17: group \"one\", rule 2, \"bad name\": invalid recording rule name: bad name",
                file + ":12:14: group \"one\", rule 2, \"bad name\": invalid field 'for' in recording rule",
                file + ":13:9: group \"one\", rule 3: one of 'record' or 'alert' must be set",
                file + ":14:9: group \"one\", rule 4, \"A\": only one of 'record' and 'alert' must be set",
                file + ":19:9: group \"one\", rule 5: field severity not found (expected alert, record, expr, for,"
                        + " keep_firing_for, labels, annotations)",
                file + ":17:16: group \"one\", rule 5, \"Down\": rule \"Down\" is defined twice in this group (first at line 5)",
                file + ":20:9: group \"one\", rule 6, \"NoExpr\": field 'expr' must be set",
                file + ":21:11: group name \"one\" is repeated in the same file (first at line 2)",
                file + ":27:17: group \"two\", rule 1, \"Labels\": invalid label name: bad-label",
                file + ":27:17: group \"two\", rule 1, \"Labels\": invalid label name: __reserved");
    }

    @Test
    void notYamlNotAMapAndEmptyFiles() throws Exception {
        assertThat(files.load(write("a.yml", "groups: [\n")).problems()).singleElement().asString()
                .startsWith(dir.resolve("a.yml") + ":");
        assertThat(files.load(write("b.yml", "- 1\n")).problems())
                .containsExactly(dir.resolve("b.yml") + ":1:1: expected a map, found a list");
        assertThat(files.load(write("c.yml", "other: 1\n")).problems()).containsExactly(
                dir.resolve("c.yml") + ":1:1: field other not found (expected groups)",
                dir.resolve("c.yml") + ":1:1: a rule file holds `groups:`");
        RuleFiles.Loaded empty = files.load(write("d.yml", ""));
        assertThat(empty.ok()).isTrue();
        assertThat(empty.groups()).isEmpty();
        assertThat(files.load(dir.resolve("missing.yml")).problems()).containsExactly(dir.resolve("missing.yml") + ": no such file");
    }

    @Test
    void patternsExpandRelativeToTheStackFile() throws Exception {
        write("rules/a.yml", "groups: []\n");
        write("rules/b.yaml", "groups: []\n");
        write("rules/team/c.yml", "groups: []\n");
        List<String> problems = new ArrayList<>();
        assertThat(dev.vigil.alerting.RuleFilePatterns.expand(dir, List.of("rules/*.yml", "rules/**/*.yml", "rules/b.yaml", "none/*.yml",
                "missing.yml"), problems))
                .containsExactly(dir.resolve("rules/a.yml"), dir.resolve("rules/b.yaml"), dir.resolve("rules/team/c.yml"));
        assertThat(problems).containsExactly("missing.yml: no such rule file (" + dir.resolve("missing.yml") + ")");
    }

    @Test
    void prometheusDurations() {
        assertThat(PromDuration.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(PromDuration.parse("1w2d")).contains(Duration.ofDays(9));
        assertThat(PromDuration.parse("1y")).contains(Duration.ofDays(365));
        assertThat(PromDuration.parse("250ms")).contains(Duration.ofMillis(250));
        assertThat(PromDuration.parse("0")).contains(Duration.ZERO);
        assertThat(PromDuration.parse("30m1h")).as("largest unit first").isEmpty();
        assertThat(PromDuration.parse("1.5h")).isEmpty();
        assertThat(PromDuration.parse("")).isEmpty();
        assertThat(PromDuration.parse("5")).isEmpty();
    }
}
