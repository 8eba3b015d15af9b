package dev.vigil.server;

import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the control plane listens.
 *
 * @param port 0 picks a free port
 * @param tls required for any address that is not loopback
 * @param rateLimit requests per token
 * @param maxBodyBytes the largest request body accepted
 */
public record ServerConfig(String host, int port, Optional<TlsConfig> tls, RateLimit rateLimit, long maxBodyBytes) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7420;
    public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(rateLimit, "rateLimit");
        if (port < 0 || port > 65535) {
            throw new ServerException("api port must be 0..65535, got " + port);
        }
        if (maxBodyBytes <= 0) {
            throw new ServerException("api max body size must be positive, got " + maxBodyBytes);
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, Optional.empty(), RateLimit.DEFAULT, DEFAULT_MAX_BODY_BYTES);
    }

    public ServerConfig withHost(String value) {
        return new ServerConfig(value, port, tls, rateLimit, maxBodyBytes);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(host, value, tls, rateLimit, maxBodyBytes);
    }

    public ServerConfig withTls(TlsConfig value) {
        return new ServerConfig(host, port, Optional.of(value), rateLimit, maxBodyBytes);
    }

    public ServerConfig withRateLimit(RateLimit value) {
        return new ServerConfig(host, port, tls, value, maxBodyBytes);
    }

    public ServerConfig withMaxBodyBytes(long value) {
        return new ServerConfig(host, port, tls, rateLimit, value);
    }
}
