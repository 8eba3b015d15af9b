package dev.vigil.auth;

import java.util.List;
import java.util.Optional;

/** Durable API tokens, kept as hashes of their secrets. */
public interface TokenStore {

    /** Creates a token; its secret is in the result and nowhere else. Names are unique among live tokens. */
    IssuedToken create(String name, Role role);

    /** The token whose secret this is, compared in constant time; empty for an unknown or revoked secret. */
    Optional<ApiToken> authenticate(String secret);

    List<ApiToken> list();

    /** Revokes the token with this id or name; false if there is none. */
    boolean revoke(String idOrName);
}
