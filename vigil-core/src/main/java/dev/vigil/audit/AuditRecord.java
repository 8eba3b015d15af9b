package dev.vigil.audit;

import java.time.Instant;

/**
 * One mutating request as the audit trail records it.
 *
 * @param actor the token's name (never its secret)
 * @param action e.g. {@code service.restart}, {@code token.create}
 * @param target what it acted on, e.g. the service name
 * @param reason the reason given with the request, or empty
 * @param result e.g. {@code ok}, {@code denied}, {@code error: unknown service}
 */
public record AuditRecord(Instant at, String actor, String action, String target, String reason, String result) {
}
