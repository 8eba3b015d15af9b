package dev.vigil.notify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * An SMTP server on loopback that offers STARTTLS and AUTH PLAIN (GreenMail has no STARTTLS), with a certificate
 * for 127.0.0.1 made by keytool for the test. Records whether the mail came over TLS, the login and the message.
 */
final class StartTlsSmtpServer implements AutoCloseable {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final ServerSocket server;
    private final SSLContext serverTls;
    private final SSLContext clientTls;
    private volatile boolean mailOverTls;
    private volatile String login = "";
    private volatile String message = "";

    StartTlsSmtpServer(Path dir) throws Exception {
        Path store = dir.resolve("smtp.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "smtp", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String said = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(30, TimeUnit.SECONDS) || keytool.exitValue() != 0 || !Files.exists(store)) {
            throw new IllegalStateException("keytool failed: " + said);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, PASSWORD);
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(km.getKeyManagers(), null, null);
        TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tm.init(keys);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tm.getTrustManagers(), null);
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::serve);
    }

    int port() {
        return server.getLocalPort();
    }

    /** A factory that trusts this server's certificate, as a client would with its CA installed. */
    SSLSocketFactory trusting() {
        return clientTls.getSocketFactory();
    }

    boolean mailOverTls() {
        return mailOverTls;
    }

    /** AUTH PLAIN's decoded credentials, {@code user:password}. */
    String login() {
        return login;
    }

    String message() {
        return message;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket plain = server.accept()) {
                converse(plain);
            } catch (IOException e) {
                // the client went away or the server closed; wait for the next one
            }
        }
    }

    private void converse(Socket plain) throws IOException {
        Socket socket = plain;
        boolean tls = false;
        BufferedReader in = reader(socket);
        OutputStream out = socket.getOutputStream();
        write(out, "220 127.0.0.1 ESMTP test");
        String line;
        while ((line = in.readLine()) != null) {
            String verb = line.split(" ")[0].toUpperCase(java.util.Locale.ROOT);
            switch (verb) {
                case "EHLO" -> write(out, tls ? "250-127.0.0.1\r\n250 AUTH PLAIN"
                        : "250-127.0.0.1\r\n250-STARTTLS\r\n250 AUTH PLAIN");
                case "STARTTLS" -> {
                    write(out, "220 2.0.0 ready");
                    SSLSocket secure = (SSLSocket) serverTls.getSocketFactory()
                            .createSocket(socket, null, socket.getPort(), false);
                    secure.setUseClientMode(false);
                    secure.startHandshake();
                    socket = secure;
                    tls = true;
                    in = reader(socket);
                    out = socket.getOutputStream();
                }
                case "AUTH" -> {
                    String[] words = line.split(" ");
                    String encoded = words.length > 2 ? words[2] : null;
                    if (encoded == null) {
                        write(out, "334 ");
                        encoded = in.readLine();
                    }
                    String[] parts = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8)
                            .split("\0");
                    login = parts[1] + ":" + parts[2];
                    write(out, "235 2.7.0 accepted");
                }
                case "MAIL" -> {
                    mailOverTls = tls;
                    write(out, "250 2.1.0 ok");
                }
                case "RCPT", "RSET", "NOOP" -> write(out, "250 ok");
                case "DATA" -> {
                    write(out, "354 go on");
                    StringBuilder data = new StringBuilder();
                    String d;
                    while ((d = in.readLine()) != null && !d.equals(".")) {
                        data.append(d).append('\n');
                    }
                    message = data.toString();
                    write(out, "250 2.0.0 queued");
                }
                case "QUIT" -> {
                    write(out, "221 bye");
                    return;
                }
                default -> write(out, "502 5.5.2 not here");
            }
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
