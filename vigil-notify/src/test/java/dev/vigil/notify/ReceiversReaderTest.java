package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.stack.InvalidStackException;
import dev.vigil.stack.Problem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alertmanager's receivers: section as users paste it, and every way it can be wrong. */
class ReceiversReaderTest {

    static final Map<String, String> ENV = Map.of("SLACK_URL", "https://hooks.slack.com/services/T0/B0/XYZSECRET",
            "PD_KEY", "pdroutingkey123", "SMTP_PASS", "mailpass", "DD_KEY", "ddkey", "NTFY_TOKEN", "tk_1",
            "TG_TOKEN", "123:ABC", "TEAMS_URL", "https://example.webhook.office.com/webhookb2/x",
            "DISCORD_URL", "https://discord.com/api/webhooks/1/abc", "JIRA_TOKEN", "jiratoken");

    @TempDir
    Path dir;

    private List<Receiver> parse(String yaml) {
        return ReceiversReader.parse(yaml, "alerting.yaml", dir, name -> Optional.ofNullable(ENV.get(name)));
    }

    private List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (InvalidStackException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected problems");
    }

    @Test
    void readsEveryKindOfReceiver() throws IOException {
        Files.writeString(dir.resolve("hook-url"), "https://hooks.example.org/alert?key=abc\n");
        List<Receiver> receivers = parse("""
                receivers:
                  - name: ops
                    webhook_configs:
                      - url_file: hook-url
                        max_alerts: 10
                        http_config:
                          basic_auth: {username: vigil, password_env: SMTP_PASS}
                    slack_configs:
                      - api_url_env: SLACK_URL
                        channel: '#ops'
                        title: '{{ .CommonLabels.alertname }}'
                        send_resolved: true
                    pagerduty_configs:
                      - routing_key_env: PD_KEY
                        severity: critical
                    email_configs:
                      - to: 'a@example.org, b@example.org'
                        from: vigil@example.org
                        smarthost: smtp.example.org:587
                        auth_username: vigil
                        auth_password_env: SMTP_PASS
                        headers: {Subject: 'Vigil: {{ .Status }}'}
                    msteams_configs:
                      - webhook_url_env: TEAMS_URL
                    msteamsv2_configs:
                      - webhook_url_env: TEAMS_URL
                    discord_configs:
                      - webhook_url_env: DISCORD_URL
                    telegram_configs:
                      - bot_token_env: TG_TOKEN
                        chat_id: -100123
                    jira_configs:
                      - api_url: https://example.atlassian.net
                        project: OPS
                        issue_type: Bug
                        labels: [vigil]
                        resolve_transition: Done
                        http_config:
                          authorization: {type: Bearer, credentials_env: JIRA_TOKEN}
                    datadog_configs:
                      - api_key_env: DD_KEY
                        tags: ['env:prod']
                    ntfy_configs:
                      - topic: vigil
                        token_env: NTFY_TOKEN
                  - name: quiet
                """);

        assertThat(receivers).extracting(Receiver::name).containsExactly("ops", "quiet");
        List<ReceiverConfig> c = receivers.get(0).configs();
        assertThat(c).extracting(ReceiverConfig::kind).containsExactly("webhook", "slack", "pagerduty", "email",
                "msteams", "msteamsv2", "discord", "telegram", "jira", "datadog", "ntfy");
        var webhook = (ReceiverConfig.Webhook) c.get(0);
        assertThat(webhook.url().reveal()).isEqualTo("https://hooks.example.org/alert?key=abc");
        assertThat(webhook.maxAlerts()).isEqualTo(10);
        assertThat(webhook.sendResolved()).isTrue();
        assertThat(webhook.http().basicAuth().orElseThrow().password().reveal()).isEqualTo("mailpass");
        var slack = (ReceiverConfig.Slack) c.get(1);
        assertThat(slack.apiUrl().reveal()).isEqualTo(ENV.get("SLACK_URL"));
        assertThat(slack.channel()).contains("#ops");
        assertThat(slack.title()).contains("{{ .CommonLabels.alertname }}");
        assertThat(slack.sendResolved()).isTrue();
        var pd = (ReceiverConfig.PagerDuty) c.get(2);
        assertThat(pd.url()).isEqualTo(ReceiverConfig.PagerDuty.DEFAULT_URL);
        assertThat(pd.severity()).isEqualTo("critical");
        var email = (ReceiverConfig.Email) c.get(3);
        assertThat(email.to()).containsExactly("a@example.org", "b@example.org");
        assertThat(email.host()).isEqualTo("smtp.example.org");
        assertThat(email.port()).isEqualTo(587);
        assertThat(email.requireTls()).isTrue();
        assertThat(email.sendResolved()).isFalse();
        assertThat(email.headers()).containsEntry("Subject", "Vigil: {{ .Status }}");
        assertThat(((ReceiverConfig.Teams) c.get(5)).v2()).isTrue();
        var telegram = (ReceiverConfig.Telegram) c.get(7);
        assertThat(telegram.chatId()).isEqualTo(-100123L);
        assertThat(telegram.parseMode()).isEqualTo("HTML");
        var jira = (ReceiverConfig.Jira) c.get(8);
        assertThat(jira.apiUrl()).isEqualTo(URI.create("https://example.atlassian.net"));
        assertThat(jira.resolveTransition()).contains("Done");
        assertThat(jira.http().authorization().orElseThrow().credentials().reveal()).isEqualTo("jiratoken");
        var ntfy = (ReceiverConfig.Ntfy) c.get(10);
        assertThat(ntfy.url()).isEqualTo(ReceiverConfig.Ntfy.DEFAULT_URL);
        assertThat(ntfy.priority()).isEqualTo(4);
    }

    @Test
    void secretsNeverShowInTheirStringForm() {
        List<Receiver> receivers = parse("""
                receivers:
                  - name: ops
                    slack_configs: [{api_url_env: SLACK_URL}]
                    pagerduty_configs: [{routing_key_env: PD_KEY}]
                    telegram_configs: [{bot_token_env: TG_TOKEN, chat_id: 1}]
                """);

        String shown = receivers.toString();
        assertThat(shown).doesNotContain("XYZSECRET", "pdroutingkey123", "123:ABC")
                .contains("*** (env SLACK_URL)", "*** (env PD_KEY)");
    }

    @Test
    void anInlineSecretIsRefusedWithTheWayToGiveIt() {
        assertThat(problems("""
                receivers:
                  - name: ops
                    slack_configs:
                      - api_url: https://hooks.slack.com/services/T0/B0/XYZSECRET
                """)).containsExactly("alerting.yaml:4:9: receivers[0].slack_configs[0].api_url: is a secret and"
                + " must not be written in the file; give `api_url_file` (a file holding it) or `api_url_env` (an"
                + " environment variable holding it)");
    }

    @Test
    void everyProblemIsReportedWithItsKeyPathAndNoSecret() {
        List<String> problems = problems("""
                receivers:
                  - name: ops
                    slack_configs:
                      - api_url_env: NOT_SET
                        chanel: '#ops'
                    pagerduty_configs:
                      - routing_key_file: missing-file
                        severity: fatal
                        details: {a: b}
                    opsgenie_configs:
                      - api_key: x
                    email_configs:
                      - to: a@example.org
                        from: v@example.org
                        smarthost: smtp.example.org
                        auth_password_env: SMTP_PASS
                    webhook_configs:
                      - url: http://hook
                        url_env: SLACK_URL
                        http_config:
                          tls_config: {insecure_skip_verify: true}
                  - name: ops
                """);

        assertThat(problems).containsExactly(
                "alerting.yaml:4:22: receivers[0].slack_configs[0].api_url_env: environment variable NOT_SET is not"
                        + " set or empty",
                "alerting.yaml:5:9: receivers[0].slack_configs[0].chanel: unknown key; did you mean `channel`?",
                "alerting.yaml:7:27: receivers[0].pagerduty_configs[0].routing_key_file: file "
                        + dir.resolve("missing-file") + " does not exist",
                "alerting.yaml:8:19: receivers[0].pagerduty_configs[0].severity: unknown severity `fatal`; expected"
                        + " one of critical, error, warning, info",
                "alerting.yaml:9:9: receivers[0].pagerduty_configs[0].details: unsupported key `details`:"
                        + " Alertmanager has it, Vigil does not",
                "alerting.yaml:10:5: receivers[0].opsgenie_configs: unsupported receiver kind `opsgenie_configs`:"
                        + " Alertmanager has it, Vigil does not",
                "alerting.yaml:13:9: receivers[0].email_configs[0]: `auth_username` and"
                        + " `auth_password_file`/`auth_password_env` go together",
                "alerting.yaml:15:20: receivers[0].email_configs[0].smarthost: expected host:port, e.g."
                        + " `smtp.example.org:587`, found `smtp.example.org`",
                "alerting.yaml:19:9: receivers[0].webhook_configs[0].url_env: give only one of `url`, `url_env`",
                "alerting.yaml:21:11: receivers[0].webhook_configs[0].http_config.tls_config: unsupported key"
                        + " `tls_config`: Alertmanager has it, Vigil does not",
                "alerting.yaml:22:11: receivers[1].name: receiver `ops` is already defined at line 2");
        assertThat(String.join("\n", problems)).doesNotContain("XYZSECRET", "mailpass");
    }

    @Test
    void aFileSecretIsReadWithoutItsTrailingNewline() throws IOException {
        Files.writeString(dir.resolve("pd"), "  routing-key-from-file\n\n");

        var pd = (ReceiverConfig.PagerDuty) parse("""
                receivers:
                  - name: ops
                    pagerduty_configs: [{routing_key_file: pd, url: 'http://127.0.0.1:9/enqueue'}]
                """).get(0).configs().get(0);

        assertThat(pd.routingKey().reveal()).isEqualTo("routing-key-from-file");
        assertThat(pd.routingKey().source()).isEqualTo("file " + dir.resolve("pd"));
        assertThat(pd.url()).isEqualTo(URI.create("http://127.0.0.1:9/enqueue"));
    }

    @Test
    void aSecretUrlThatIsNotOneIsReportedWithoutItsValue() throws IOException {
        Files.writeString(dir.resolve("slack"), "hooks.slack.com/services/T0/B0/XYZSECRET\n");

        assertThat(problems("""
                receivers:
                  - name: ops
                    slack_configs: [{api_url_file: slack}]
                """)).containsExactly("alerting.yaml:3:36: receivers[0].slack_configs[0].api_url_file: expected an"
                + " http:// or https:// URL in file " + dir.resolve("slack") + " (its value is not shown)");
    }

    @Test
    void aBearerTokenBecomesAnAuthorizationHeaderAndOnlyOneLoginIsAllowed() {
        var webhook = (ReceiverConfig.Webhook) parse("""
                receivers:
                  - name: ops
                    webhook_configs:
                      - url: http://hook.internal/alerts
                        http_config: {bearer_token_env: JIRA_TOKEN}
                """).get(0).configs().get(0);
        assertThat(webhook.http().header()).contains("Bearer jiratoken");

        assertThat(problems("""
                receivers:
                  - name: ops
                    webhook_configs:
                      - url: http://hook.internal/alerts
                        http_config:
                          basic_auth: {username: u, password_env: SMTP_PASS}
                          authorization: {credentials_env: JIRA_TOKEN}
                """)).containsExactly("alerting.yaml:6:11: receivers[0].webhook_configs[0].http_config.basic_auth:"
                + " give `basic_auth` or `authorization`, not both");
    }

    @Test
    void anUnknownKeyListsOnlyTheKeysVigilReads() {
        assertThat(problems("""
                receivers:
                  - name: ops
                    ntfy_configs:
                      - topic: alerts
                        zzz: 1
                        http_config: {}
                    telegram_configs:
                      - {bot_token_env: TG_TOKEN, chat_id: 1, http_config: {}}
                """)).containsExactly(
                "alerting.yaml:5:9: receivers[0].ntfy_configs[0].zzz: unknown key; expected one of token, token_file,"
                        + " token_env, url, topic, title, message, priority, tags, send_resolved",
                "alerting.yaml:6:9: receivers[0].ntfy_configs[0].http_config: unsupported key `http_config`:"
                        + " Alertmanager has it, Vigil does not",
                "alerting.yaml:8:47: receivers[0].telegram_configs[0].http_config: unsupported key `http_config`:"
                        + " Alertmanager has it, Vigil does not");
    }

    @Test
    void theTopLevelMustBeReceivers() {
        assertThatThrownBy(() -> parse("route: {receiver: ops}\n"))
                .isInstanceOf(InvalidStackException.class)
                .hasMessageContaining("route: unknown key; expected one of receivers");
    }
}
