package dev.vigil.auth;

/** A token just created: the only moment its secret is known; show it once and forget it. */
public record IssuedToken(ApiToken token, String secret) {

    @Override
    public String toString() {
        return "IssuedToken[" + token + ", secret=***]";
    }
}
