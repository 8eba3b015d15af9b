package dev.vigil.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SecretsTest {

    private static final String STRIPE = "rk_live_51HxQ2zKkV9pLmN3";
    private static final String DB_URL = "postgres://shop:hunter2@127.0.0.1/shop";

    @TempDir
    Path dir;

    @Test
    void keysThatLookSecretAreSecretWhateverTheCase() {
        assertThat(List.of("DB_PASSWORD", "api_token", "StripeKey", "GITHUB_AUTH", "ssh_private", "AWS_SECRET_ACCESS", "DB_PASS"))
                .allMatch(Secrets::looksSecret);
        assertThat(List.of("PORT", "DB_URL", "LOG_LEVEL", "STRIPE_ACCOUNT")).noneMatch(Secrets::looksSecret);
    }

    @Test
    void aServiceCanDeclareMoreKeysSecret() {
        ServiceSpec spec = ServiceSpec.of("api", List.of("./api"), dir)
                .withEnv(Map.of("DB_URL", DB_URL, "PORT", "8080", "DB_PASSWORD", "hunter2"))
                .withSecrets(Set.of("DB_URL"));

        assertThat(Secrets.isSecret(spec, "DB_URL")).isTrue();
        assertThat(Secrets.isSecret(spec, "DB_PASSWORD")).isTrue();
        assertThat(Secrets.isSecret(spec, "PORT")).isFalse();
        assertThat(Secrets.redactedEnv(spec))
                .containsExactlyInAnyOrderEntriesOf(Map.of("DB_URL", "***", "PORT", "8080", "DB_PASSWORD", "***"));
    }

    @Test
    void aSpecNeverShowsASecretValue() {
        ServiceSpec spec = ServiceSpec.of("api", List.of("./api"), dir)
                .withEnv(Map.of("DB_URL", DB_URL, "API_TOKEN", STRIPE, "PORT", "8080"))
                .withSecrets(Set.of("DB_URL"));

        assertThat(spec.toString()).contains("name=api", "PORT=8080", "DB_URL=***", "API_TOKEN=***",
                "secrets=[DB_URL]").doesNotContain(DB_URL, "hunter2", STRIPE);
    }

    @Test
    void theStackFileListsSecretKeysFromEnvAndEnvFiles() throws IOException {
        Files.writeString(dir.resolve("prod.env"), "STRIPE_KEY_ID=" + STRIPE + "\n");

        Stack stack = load("""
                services:
                  api:
                    command: ./api
                    env_file: prod.env
                    env:
                      DB_URL: %s
                      PORT: 8080
                    secrets: [STRIPE_KEY_ID, DB_URL]
                  worker:
                    command: ./worker
                    env: {QUEUE_URL: amqp://guest:guest@localhost}
                    secrets: QUEUE_URL
                """.formatted(DB_URL));

        ServiceSpec api = stack.services().get(0);
        assertThat(api.secrets()).containsExactly("STRIPE_KEY_ID", "DB_URL");
        assertThat(api.env()).containsEntry("STRIPE_KEY_ID", STRIPE).containsEntry("DB_URL", DB_URL);
        assertThat(Secrets.redactedEnv(api)).containsEntry("STRIPE_KEY_ID", "***").containsEntry("DB_URL", "***")
                .containsEntry("PORT", "8080");
        assertThat(stack.toString()).doesNotContain(STRIPE, DB_URL, "guest:guest");
        assertThat(stack.services().get(1).secrets()).containsExactly("QUEUE_URL");
    }

    @Test
    void anUnknownNameIsAProblemWithADidYouMean() {
        assertThat(problems("""
                services:
                  api:
                    command: ./api
                    env: {DB_URL: "%s", PORT: 8080}
                    secrets: [DB_ULR, NOPE_NOT_HERE]
                """.formatted(DB_URL))).containsExactly(
                "vigil.yaml:5:15: services.api.secrets[0]: unknown env variable; did you mean `DB_URL`?",
                "vigil.yaml:5:23: services.api.secrets[1]: unknown env variable; `secrets` names variables set by"
                        + " `env` or `env_file`: DB_URL, PORT");
    }

    @Test
    void aValueWhereItsNameBelongsIsReportedByTheName() {
        List<String> problems = problems("""
                services:
                  api:
                    command: ./api
                    env: {STRIPE_KEY_ID: %s}
                    secrets: [%s]
                """.formatted(STRIPE, STRIPE));

        assertThat(problems).containsExactly("vigil.yaml:5:15: services.api.secrets[0]: this is the value of"
                + " `STRIPE_KEY_ID`; list variable names, not values, e.g. `STRIPE_KEY_ID`");
    }

    @Test
    void secretsMustBeNames() {
        assertThat(problems("""
                services:
                  api:
                    command: ./api
                    env: {A: "1"}
                    secrets: {A: true}
                  web:
                    command: ./web
                    env: {A: "1"}
                    secrets: [A, [B], A]
                """)).containsExactly(
                "vigil.yaml:5:14: services.api.secrets: expected a list of env variable names, found a map",
                "vigil.yaml:9:18: services.web.secrets[1]: expected an env variable name, found a list",
                "vigil.yaml:9:23: services.web.secrets[2]: `A` is listed twice");
    }

    @Test
    void problemsInAFileWithSecretsNeverShowTheirValues() throws IOException {
        Files.writeString(dir.resolve("prod.env"), "STRIPE_KEY_ID=" + STRIPE + "\nnot a line\n");

        List<String> problems = problems("""
                services:
                  api:
                    command: ./api
                    env_file: prod.env
                    env:
                      DB_URL: %s
                      DB_PASSWORD: [hunter2]
                    secrets: [STRIPE_KEY_ID, DB_URL, %s, %s]
                    restart: sometimes
                """.formatted(DB_URL, STRIPE, DB_URL));

        assertThat(problems).hasSize(5);
        assertThat(String.join("\n", problems)).doesNotContain(STRIPE, DB_URL, "hunter2");
    }

    @Test
    void commandLinesShowNoSecretOptionAssignmentOrHeader() {
        assertThat(Secrets.maskedCommand(List.of("pg_isready", "--password=hunter2", "-U", "shop", "--api-token",
                "tok123", "--verbose", "STRIPE_KEY=" + STRIPE, "LOG_LEVEL=debug")))
                .containsExactly("pg_isready", "--password=***", "-U", "shop", "--api-token", "***", "--verbose",
                        "STRIPE_KEY=***", "LOG_LEVEL=debug");
        assertThat(Secrets.maskedCommand(List.of("curl", "-fsS", "-H", "Authorization: Bearer " + STRIPE, DB_URL)))
                .containsExactly("curl", "-fsS", "-H", "Authorization: ***", "postgres://shop:***@127.0.0.1/shop");
        // A secret option followed by another option has no value to hide.
        assertThat(Secrets.maskedCommand(List.of("app", "--insecure-skip-auth", "--port", "80")))
                .containsExactly("app", "--insecure-skip-auth", "--port", "80");
    }

    @Test
    void aShellScriptInOneArgumentIsMaskedWordByWord() {
        assertThat(Secrets.maskedCommand(List.of("sh", "-c",
                "PGPASSWORD='hunter 2' psql -h db && redis-cli --pass hunter3 ping;"
                        + " curl -H 'Authorization: Basic abc' http://u:p@x/?token=t&page=2")))
                .containsExactly("sh", "-c", "PGPASSWORD=*** psql -h db && redis-cli --pass *** ping;"
                        + " curl -H 'Authorization: ***' http://u:***@x/?token=***&page=2");
    }

    @Test
    void urlsShowTheirUserButNeitherPasswordNorASecretQueryValue() {
        assertThat(Secrets.maskedUrl(java.net.URI.create("http://monitor:s3cret@127.0.0.1:8080/health?api_key=k&v=1")))
                .isEqualTo("http://monitor:***@127.0.0.1:8080/health?api_key=***&v=1");
        // A lone user part is usually a token.
        assertThat(Secrets.maskedUrl(java.net.URI.create("https://ghp_abc123@example.com/x")))
                .isEqualTo("https://***@example.com/x");
        assertThat(Secrets.maskedUrl(java.net.URI.create("http://127.0.0.1:8080/health?verbose=1")))
                .isEqualTo("http://127.0.0.1:8080/health?verbose=1");
    }

    @Test
    void probesAndRecoveryStepsDescribeThemselvesMasked() {
        ProbeTiming timing = ProbeTiming.DEFAULT;
        ProbeSpec http = HttpProbeSpec.of(java.net.URI.create("http://m:pw1@127.0.0.1/h"), timing);
        ProbeSpec exec = new ExecProbeSpec(List.of("check", "--secret", "pw2"), timing);
        RecoverySpec recovery = new RecoverySpec.HttpRecovery(java.net.URI.create("http://a:pw3@127.0.0.1/flush"),
                "POST", Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThat(http.describe()).isEqualTo("http http://m:***@127.0.0.1/h");
        assertThat(exec.describe()).isEqualTo("exec check --secret ***");
        assertThat(recovery.describe()).isEqualTo("POST http://a:***@127.0.0.1/flush");
        ServiceSpec spec = ServiceSpec.of("api", List.of("./api", "--db-password", "pw4"), dir)
                .withHealth(List.of(http, exec)).withRecovery(recovery);
        assertThat(String.join(" ", http.toString(), exec.toString(), recovery.toString(), spec.toString()))
                .doesNotContain("pw1", "pw2", "pw3", "pw4");
    }

    private Stack load(String yaml) {
        return StackLoader.parse(yaml, dir.resolve("vigil.yaml"));
    }

    private List<String> problems(String yaml) {
        InvalidStackException e = catchThrowableOfType(InvalidStackException.class, () -> load(yaml));
        assertThat(e).as("expected the stack to be invalid").isNotNull();
        return e.problems().stream().map(p -> p.toString().replace(dir.resolve("vigil.yaml").toString(), "vigil.yaml"))
                .toList();
    }
}
