package dev.vigil.auth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link TokenStore} in memory, for tests of code that needs one (the HTTP server's). */
public final class MemoryTokenStore implements TokenStore {

    private record Entry(ApiToken token, String hash) {
    }

    private final Clock clock;
    private final List<Entry> live = new ArrayList<>();

    public MemoryTokenStore() {
        this(Clock.systemUTC());
    }

    public MemoryTokenStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized IssuedToken create(String name, Role role) {
        Tokens.checkName(name);
        if (live.stream().anyMatch(e -> e.token().name().equals(name))) {
            throw new TokenNameTakenException(name);
        }
        String secret = Tokens.newSecret();
        ApiToken token = new ApiToken(Tokens.newId(), name, role, clock.instant());
        live.add(new Entry(token, Tokens.hash(secret)));
        return new IssuedToken(token, secret);
    }

    @Override
    public synchronized Optional<ApiToken> authenticate(String secret) {
        return Tokens.find(secret, live, Entry::hash).map(Entry::token);
    }

    @Override
    public synchronized List<ApiToken> list() {
        return live.stream().map(Entry::token).toList();
    }

    @Override
    public synchronized boolean revoke(String idOrName) {
        return live.removeIf(e -> e.token().id().equals(idOrName))
                || live.removeIf(e -> e.token().name().equals(idOrName));
    }
}
