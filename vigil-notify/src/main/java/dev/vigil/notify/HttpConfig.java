package dev.vigil.notify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The part of Alertmanager's {@code http_config} Vigil supports: basic auth, or an Authorization header.
 *
 * @param authorization the header's scheme and credentials, e.g. {@code Bearer} and a token
 */
public record HttpConfig(Optional<BasicAuth> basicAuth, Optional<Authorization> authorization) {

    public static final HttpConfig NONE = new HttpConfig(Optional.empty(), Optional.empty());

    /** {@code basic_auth}: a user name and a password. */
    public record BasicAuth(String username, Secret password) {
    }

    /** {@code authorization}: {@code Authorization: <type> <credentials>}. */
    public record Authorization(String type, Secret credentials) {
    }

    /** The Authorization header's value, if any. */
    Optional<String> header() {
        if (basicAuth.isPresent()) {
            BasicAuth b = basicAuth.get();
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(
                    (b.username() + ":" + b.password().reveal()).getBytes(StandardCharsets.UTF_8)));
        }
        return authorization.map(a -> a.type() + " " + a.credentials().reveal());
    }

    List<Secret> secrets() {
        List<Secret> out = new ArrayList<>();
        basicAuth.ifPresent(b -> out.add(b.password()));
        authorization.ifPresent(a -> out.add(a.credentials()));
        return out;
    }
}
