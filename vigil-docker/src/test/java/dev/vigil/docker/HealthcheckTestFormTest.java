package dev.vigil.docker;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How an exec probe's command is written as the container's HEALTHCHECK test. */
class HealthcheckTestFormTest {

    @Test
    void argumentsWithoutSpacesStayACmdTest() {
        assertThat(Healthchecks.test(List.of("pg_isready", "-U", "app")))
                .containsExactly("CMD", "pg_isready", "-U", "app");
    }

    @Test
    void aShellScriptBecomesACmdShellTest() {
        assertThat(Healthchecks.test(List.of("/bin/sh", "-c", "wget -q -O- localhost || exit 1")))
                .containsExactly("CMD-SHELL", "wget -q -O- localhost || exit 1");
        assertThat(Healthchecks.test(List.of("sh", "-c", "test -f /tmp/ok")))
                .containsExactly("CMD-SHELL", "test -f /tmp/ok");
    }

    @Test
    void otherArgumentsWithSpacesAreQuotedForTheShell() {
        assertThat(Healthchecks.test(List.of("test", "-f", "/data/it's ready", "")))
                .containsExactly("CMD-SHELL", "'test' '-f' '/data/it'\\''s ready' ''");
    }
}
