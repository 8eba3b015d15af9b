package dev.vigil.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How {@code vigil up} runs the stack.
 *
 * @param plain event lines instead of the live table
 * @param runFor stop by itself after this long
 * @param apiRateLimit requests per second per API token (bursts of twice that)
 * @param tlsKeystore a PKCS12 keystore for HTTPS, required to listen beyond loopback
 * @param tlsPassword its password (read from the environment variable named on the command line)
 * @param daemonized running detached (started by {@code up -d}): no terminal, output goes to the log
 */
record RunOptions(int maxParallel, boolean plain, Optional<Duration> runFor, ListenAddress listen, int apiRateLimit,
                  Optional<Path> tlsKeystore, Optional<String> tlsPassword, boolean daemonized) {
}
