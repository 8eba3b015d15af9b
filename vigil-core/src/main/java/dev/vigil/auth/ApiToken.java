package dev.vigil.auth;

import java.time.Instant;

/**
 * What is known of an API token besides its secret, which is never stored.
 *
 * @param id a short public identifier, safe to show and to name in the audit trail
 * @param name what the person who created it called it, e.g. {@code grafana}
 */
public record ApiToken(String id, String name, Role role, Instant createdAt) {
}
