package dev.vigil.health;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The Authorization header a URL's user and password ({@code http://user:pass@host/}) stand for, as curl sends it. */
public final class BasicAuth {

    private BasicAuth() {
    }

    /** {@code Basic base64(user:pass)} when the URL carries a user part; the user part is percent-decoded first. */
    public static Optional<String> header(URI url) {
        String userInfo = url.getUserInfo();
        if (userInfo == null || userInfo.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }

    /** A request builder for the URL, with the user part moved into the Authorization header. */
    public static HttpRequest.Builder request(URI url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url);
        header(url).ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }
}
