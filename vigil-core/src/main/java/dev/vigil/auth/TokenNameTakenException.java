package dev.vigil.auth;

/** A live token already has the name asked for; revoke it first or choose another name. */
public class TokenNameTakenException extends IllegalArgumentException {

    public TokenNameTakenException(String name) {
        super("a token named `" + name + "` already exists; revoke it first or choose another name");
    }
}
