package dev.vigil.notify;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import java.time.Instant;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Mail over SMTP with Angus Mail: STARTTLS required unless {@code require_tls: false}, TLS from the first byte on
 * port 465, AUTH when a user is configured. A 5xx answer or a refused login is final; the rest is tried again.
 */
final class EmailSender implements Sender {

    static final int SMTPS_PORT = 465;

    private final ReceiverConfig.Email config;
    private final Duration timeout;
    private final Supplier<Instant> now;
    /** The TLS sockets' factory when not the JDK's default, e.g. one trusting a test server's certificate. */
    private final Optional<SSLSocketFactory> tls;

    EmailSender(ReceiverConfig.Email config, Duration timeout, Supplier<Instant> now) {
        this(config, timeout, now, Optional.empty());
    }

    EmailSender(ReceiverConfig.Email config, Duration timeout, Supplier<Instant> now, Optional<SSLSocketFactory> tls) {
        this.config = config;
        this.timeout = timeout;
        this.now = now;
        this.tls = tls;
    }

    @Override
    public Outcome send(Notification n, Texts texts) {
        Session session = Session.getInstance(properties());
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(config.from(), true));
            for (String to : config.to()) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
            }
            String subject = config.headers().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase("Subject")).map(e -> e.getValue()).findFirst()
                    .map(s -> texts.render("headers.Subject", Optional.of(s), s, n)).orElseGet(() -> Texts.title(n));
            message.setSubject(subject, "UTF-8");
            for (var header : config.headers().entrySet()) {
                if (!header.getKey().equalsIgnoreCase("Subject")) {
                    message.setHeader(header.getKey(), header.getValue());
                }
            }
            message.setSentDate(Date.from(now.get()));
            message.setText(texts.render("text", config.text(), Texts.body(n), n), "UTF-8");
            Transport transport = session.getTransport(config.port() == SMTPS_PORT ? "smtps" : "smtp");
            try {
                transport.connect(config.host(), config.port(), config.authUsername().orElse(null),
                        config.authPassword().map(Secret::reveal).orElse(null));
                transport.sendMessage(message, message.getAllRecipients());
            } finally {
                transport.close();
            }
            return new Outcome.Delivered();
        } catch (AddressException | AuthenticationFailedException e) {
            return new Outcome.Rejected(describe(e));
        } catch (SMTPSendFailedException e) {
            return e.getReturnCode() >= 500 ? new Outcome.Rejected(describe(e))
                    : new Outcome.Failed(describe(e), Optional.empty());
        } catch (SendFailedException e) {
            return new Outcome.Rejected(describe(e));
        } catch (MessagingException e) {
            return new Outcome.Failed(describe(e), Optional.empty());
        }
    }

    private Properties properties() {
        String protocol = config.port() == SMTPS_PORT ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put(p + "host", config.host());
        props.put(p + "port", Integer.toString(config.port()));
        props.put(p + "connectiontimeout", Long.toString(timeout.toMillis()));
        props.put(p + "timeout", Long.toString(timeout.toMillis()));
        props.put(p + "writetimeout", Long.toString(timeout.toMillis()));
        props.put(p + "auth", Boolean.toString(config.authUsername().isPresent()));
        if (config.port() != SMTPS_PORT) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", Boolean.toString(config.requireTls()));
        }
        config.hello().ifPresent(h -> props.put(p + "localhost", h));
        props.put(p + "ssl.checkserveridentity", "true");
        tls.ifPresent(f -> props.put(p + "ssl.socketFactory", f));
        return props;
    }

    private static String describe(Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
