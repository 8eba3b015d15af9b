package dev.vigil.notify;

import static dev.vigil.notify.Notifications.aFiringGroup;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mail to real SMTP servers on loopback: GreenMail with AUTH, and a small one that offers STARTTLS. */
class EmailSenderTest {

    private GreenMail smtp;

    @BeforeEach
    void start() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("vigil@example.org", "vigil", "mailpass"));
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    private ReceiverConfig.Email config(String password, boolean requireTls) {
        return new ReceiverConfig.Email(List.of("oncall@example.org", "lead@example.org"), "vigil@example.org",
                "127.0.0.1", smtp.getSmtp().getPort(), Optional.empty(), Optional.of("vigil"),
                Optional.of(Secret.of(password, "env SMTP_PASS")), requireTls,
                Map.of("Subject", "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}", "X-Vigil-Stack", "shop"),
                Optional.empty(), false);
    }

    private Outcome send(ReceiverConfig.Email config) throws InterruptedException {
        return new EmailSender(config, Duration.ofSeconds(5), () -> Instant.parse("2026-01-01T10:00:00Z"))
                .send(aFiringGroup("ops"), Texts.quiet());
    }

    @Test
    void sendsTheMailWithAuthToEveryRecipient() throws Exception {
        assertThat(send(config("mailpass", false))).isEqualTo(new Outcome.Delivered());

        MimeMessage[] got = smtp.getReceivedMessages();
        assertThat(got).hasSize(2);
        MimeMessage mail = got[0];
        assertThat(mail.getSubject()).isEqualTo("[FIRING] HighLatency");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("vigil@example.org");
        assertThat(mail.getAllRecipients()).extracting(Object::toString)
                .containsExactly("oncall@example.org", "lead@example.org");
        assertThat(mail.getHeader("X-Vigil-Stack")).containsExactly("shop");
        assertThat(mail.getSentDate().toInstant()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(((String) mail.getContent()).strip()).isEqualTo(
                "- HighLatency: p99 above 2s on api-1 (instance=api-1)\r\n"
                        + "- HighLatency: p99 above 2s on api-2 (instance=api-2)");
    }

    @Test
    void aRefusedLoginIsFinalAndDoesNotShowThePassword() throws Exception {
        Outcome outcome = send(config("wrong-pass", false));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class,
                r -> assertThat(r.answer()).startsWith("AuthenticationFailedException").doesNotContain("wrong-pass"));
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aServerWithoutStartTlsIsNotSentToWhenTlsIsRequired() throws Exception {
        Outcome outcome = send(config("mailpass", true));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.reason()).contains("STARTTLS"));
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void upgradesToTlsWithStartTlsBeforeLoggingIn(@TempDir Path dir) throws Exception {
        try (StartTlsSmtpServer tls = new StartTlsSmtpServer(dir)) {
            ReceiverConfig.Email config = new ReceiverConfig.Email(List.of("oncall@example.org"), "vigil@example.org",
                    "127.0.0.1", tls.port(), Optional.empty(), Optional.of("vigil"),
                    Optional.of(Secret.of("mailpass", "env SMTP_PASS")), true, Map.of(), Optional.empty(), false);

            Outcome outcome = new EmailSender(config, Duration.ofSeconds(5), Instant::now, Optional.of(tls.trusting()))
                    .send(aFiringGroup("ops"), Texts.quiet());

            assertThat(outcome).isEqualTo(new Outcome.Delivered());
            assertThat(tls.mailOverTls()).isTrue();
            assertThat(tls.login()).isEqualTo("vigil:mailpass");
            assertThat(tls.message()).contains("Subject: [FIRING:2] HighLatency", "To: oncall@example.org");
        }
    }

    @Test
    void aServerThatIsDownIsWorthAnotherTry() throws Exception {
        ReceiverConfig.Email config = config("mailpass", false);
        smtp.stop();

        assertThat(send(config)).isInstanceOf(Outcome.Failed.class);
    }
}
