package dev.vigil.cli;

import dev.vigil.auth.IssuedToken;
import dev.vigil.auth.Role;
import dev.vigil.auth.TokenStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The admin token of the local CLI: {@code <state>/token}, readable by its owner only. Written at first start;
 * replaced when it no longer authenticates (a new database, a revoked token), never printed.
 */
final class LocalToken {

    static final String NAME = "local-cli";

    private LocalToken() {
    }

    static Path file(Path stateDir) {
        return stateDir.resolve("token");
    }

    /** Makes sure the token file holds a live admin token. */
    static void ensure(Path stateDir, TokenStore tokens) {
        Path file = file(stateDir);
        if (Files.exists(file)) {
            try {
                String secret = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (tokens.authenticate(secret).filter(t -> t.role() == Role.ADMIN).isPresent()) {
                    return;
                }
            } catch (IOException e) {
                // unreadable: replaced below
            }
        }
        tokens.revoke(NAME);
        IssuedToken issued = tokens.create(NAME, Role.ADMIN);
        AtomicFiles.write(file, (issued.secret() + "\n").getBytes(StandardCharsets.US_ASCII), AtomicFiles.OWNER_ONLY);
    }
}
