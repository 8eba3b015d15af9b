package dev.vigil.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.vigil.runtime.StartFailure;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A connection to a Docker Engine API: Docker itself, or Podman's Docker-compatible service. */
public final class Engine implements AutoCloseable {

    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
    /** Where rootful Podman's socket unit listens; tried after Docker's when DOCKER_HOST is not set. */
    public static final String PODMAN_HOST = "unix:///run/podman/podman.sock";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final String host;
    private final DockerClient client;

    private Engine(String host, DockerClient client) {
        this.host = host;
        this.client = client;
    }

    /** Connects to the engine named by {@code DOCKER_HOST} in {@code env}, else to the usual sockets. */
    public static Engine connect(Map<String, String> env) {
        List<String> tried = new ArrayList<>();
        for (String host : candidates(env)) {
            Engine engine = open(host);
            try {
                engine.client.pingCmd().exec();
                return engine;
            } catch (RuntimeException e) {
                tried.add(host + " (" + reason(e) + ")");
                engine.close();
            }
        }
        throw new StartFailure("no container engine answers; tried " + String.join(", ", tried)
                + ". Start Docker or Podman's API service (scripts/container-engine.sh) and set DOCKER_HOST.");
    }

    /**
     * The places to look: only {@code DOCKER_HOST} when it is set (an explicit choice is never second-guessed),
     * otherwise Docker's default socket, then rootful and rootless Podman's.
     */
    static List<String> candidates(Map<String, String> env) {
        String explicit = env.getOrDefault("DOCKER_HOST", "").trim();
        if (!explicit.isEmpty()) {
            return List.of(explicit);
        }
        List<String> hosts = new ArrayList<>(List.of(DEFAULT_HOST, PODMAN_HOST));
        String runtimeDir = env.getOrDefault("XDG_RUNTIME_DIR", "").trim();
        if (!runtimeDir.isEmpty()) {
            hosts.add("unix://" + runtimeDir + "/podman/podman.sock");
        }
        return hosts;
    }

    private static Engine open(String host) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host)
                .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(URI.create(host))
                .connectionTimeout(CONNECT_TIMEOUT)
                .maxConnections(200)
                .build();
        return new Engine(host, DockerClientImpl.getInstance(config, http));
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    /** The address this connection uses, e.g. {@code unix:///tmp/vigil-podman.sock}. */
    public String host() {
        return host;
    }

    DockerClient client() {
        return client;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // Nothing is left to release that a failed close could still hold.
        }
    }
}
