package dev.vigil.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the server listens: loopback by default, anything else only with TLS. */
class ServerConfigTest {

    @Test
    void defaults() {
        ServerConfig c = ServerConfig.defaults();
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(7420);
        assertThat(c.tls()).isEmpty();
        assertThat(c.rateLimit()).isEqualTo(new RateLimit(100, 200));
        assertThat(c.maxBodyBytes()).isEqualTo(64 * 1024);
        assertThat(new TlsConfig(Path.of("k.p12"), "s3cret").toString()).doesNotContain("s3cret");
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutTls(@TempDir Path dir) {
        assertThatThrownBy(() -> TestDaemon.start(dir, c -> c.withHost("0.0.0.0")))
                .isInstanceOf(ServerException.class)
                .hasMessageStartingWith("listening on 0.0.0.0 needs TLS: set api.tls");
    }

    @Test
    void reportsAPortInUse(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> TestDaemon.start(dir, c -> c.withPort(taken.getLocalPort())))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("could not listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void servesHttpsFromAPkcs12Keystore(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("api.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "vigil", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("vigil", ks.getCertificate("vigil"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);

        try (TestDaemon d = TestDaemon.start(dir, c -> c.withTls(new TlsConfig(keystore, "changeit")));
             HttpClient https = HttpClient.newBuilder().sslContext(ssl).build()) {
            assertThat(d.server.address().getScheme()).isEqualTo("https");
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(d.uri("/api/v1/stack"))
                    .header("Authorization", "Bearer " + d.viewer).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"name\":\"shop\"");
        }
        assertThatThrownBy(() -> TestDaemon.start(dir, c -> c.withTls(new TlsConfig(dir.resolve("none.p12"), "x"))))
                .isInstanceOf(ServerException.class).hasMessageContaining("none.p12");
    }

    @Test
    void startsQuickly(@TempDir Path dir) {
        long begin = System.nanoTime();
        try (TestDaemon d = TestDaemon.start(dir)) {
            long millis = (System.nanoTime() - begin) / 1_000_000;
            System.out.println("daemon fixture with API ready in " + millis + " ms");
            assertThat(millis).isLessThan(3000);
            assertThat(d.server.address().getPort()).isPositive();
        }
        assertThat(Optional.of(ServerConfig.defaults().withPort(0).port())).contains(0);
    }
}
