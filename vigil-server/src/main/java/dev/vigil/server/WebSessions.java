package dev.vigil.server;

import dev.vigil.auth.ApiToken;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's logins: a token pasted once, or a one-time link from {@code vigil open}, becomes a session (a
 * random id in an HttpOnly cookie) that ends after {@link #LIFETIME}, on logout, or when its token is revoked. Each
 * session has its own CSRF token, which every request that changes something must carry. Kept in memory: a restart
 * of the daemon asks for a login again.
 */
final class WebSessions {

    static final Duration LIFETIME = Duration.ofHours(8);
    static final Duration LINK_LIFETIME = Duration.ofMinutes(2);
    static final String COOKIE = "vigil_session";

    /** One login: the token it was made with, its CSRF token, and when it ends. */
    record Session(String id, ApiToken token, String csrf, Instant expiresAt) {
    }

    private record Link(ApiToken token, Instant expiresAt) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Link> links = new ConcurrentHashMap<>();

    Session start(ApiToken token, Instant now) {
        Session s = new Session(secret(), token, secret(), now.plus(LIFETIME));
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session with this id; an expired one is dropped. */
    Optional<Session> find(String id, Instant now) {
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (!now.isBefore(s.expiresAt())) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    void end(String id) {
        sessions.remove(id);
    }

    /** A one-time login for {@code token}: good once, for {@link #LINK_LIFETIME}. */
    String link(ApiToken token, Instant now) {
        links.values().removeIf(l -> !now.isBefore(l.expiresAt()));
        String nonce = secret();
        links.put(nonce, new Link(token, now.plus(LINK_LIFETIME)));
        return nonce;
    }

    /** The token a one-time link logs in as; the link is used up either way. */
    Optional<ApiToken> redeem(String nonce, Instant now) {
        Link l = links.remove(nonce);
        return l == null || !now.isBefore(l.expiresAt()) ? Optional.empty() : Optional.of(l.token());
    }

    private String secret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
