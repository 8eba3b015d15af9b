package dev.vigil.auth;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link TokenStore} must do. Each store's test extends this and says how to open one. */
public abstract class TokenStoreContract {

    @TempDir
    protected Path dir;

    private TokenStore store;

    /** Opens the store whose data lives in {@code dir}, creating it when missing. */
    protected abstract TokenStore openStore(Path dir);

    /** Releases what the store holds; by default closes it when it is {@link AutoCloseable}. */
    protected void close(TokenStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    protected final TokenStore store() {
        if (store == null) {
            store = openStore(dir);
        }
        return store;
    }

    /** Closes the store and opens the same data again, as after a restart of Vigil. */
    protected final TokenStore reopen() throws Exception {
        close(store());
        store = openStore(dir);
        return store;
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store != null) {
            close(store);
        }
    }

    @Test
    void createIssuesASecretThatAuthenticatesAsTheToken() {
        Instant before = Instant.now().minusSeconds(1);
        IssuedToken issued = store().create("grafana", Role.VIEWER);

        assertThat(issued.secret()).matches("vgl_[A-Za-z0-9_-]{43}");
        assertThat(issued.token().id()).matches("tok_[0-9a-f]{8}");
        assertThat(issued.token().name()).isEqualTo("grafana");
        assertThat(issued.token().role()).isEqualTo(Role.VIEWER);
        assertThat(issued.token().createdAt()).isAfter(before);
        assertThat(issued.toString()).doesNotContain(issued.secret());
        assertThat(store().authenticate(issued.secret())).contains(issued.token());
    }

    @Test
    void eachTokenHasItsOwnSecretAndId() {
        IssuedToken a = store().create("a", Role.ADMIN);
        IssuedToken b = store().create("b", Role.OPERATOR);

        assertThat(a.secret()).isNotEqualTo(b.secret());
        assertThat(a.token().id()).isNotEqualTo(b.token().id());
        assertThat(store().authenticate(a.secret())).contains(a.token());
        assertThat(store().authenticate(b.secret())).contains(b.token());
    }

    @Test
    void anythingButTheWholeSecretAuthenticatesAsNobody() {
        String secret = store().create("ci", Role.OPERATOR).secret();
        String lastCharChanged = secret.substring(0, secret.length() - 1)
                + (secret.endsWith("A") ? "B" : "A");

        assertThat(store().authenticate(lastCharChanged)).isEmpty();
        assertThat(store().authenticate(secret.substring(0, secret.length() - 1))).isEmpty();
        assertThat(store().authenticate(secret + "A")).isEmpty();
        assertThat(store().authenticate("vgl_")).isEmpty();
        assertThat(store().authenticate("")).isEmpty();
        assertThat(store().authenticate(Tokens.hash(secret))).isEmpty();
        assertThat(store().authenticate(Tokens.newSecret())).isEmpty();
    }

    @Test
    void listShowsLiveTokensInTheOrderTheyWereCreated() {
        ApiToken a = store().create("a", Role.ADMIN).token();
        ApiToken b = store().create("b", Role.VIEWER).token();
        ApiToken c = store().create("c", Role.OPERATOR).token();
        store().revoke("b");

        assertThat(store().list()).containsExactly(a, c);
        assertThat(b.name()).isEqualTo("b");
    }

    @Test
    void namesAreUniqueAmongLiveTokensOnly() {
        IssuedToken first = store().create("deploy", Role.OPERATOR);

        assertThatThrownBy(() -> store().create("deploy", Role.ADMIN)).isInstanceOf(TokenNameTakenException.class)
                .hasMessageContaining("deploy");
        assertThat(store().revoke("deploy")).isTrue();
        IssuedToken second = store().create("deploy", Role.ADMIN);

        assertThat(store().list()).containsExactly(second.token());
        assertThat(store().authenticate(first.secret())).isEmpty();
        assertThat(store().authenticate(second.secret())).contains(second.token());
    }

    @Test
    void invalidNamesAreRefused() {
        assertThatThrownBy(() -> store().create("", Role.VIEWER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().create("tok_00000000", Role.VIEWER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store().list()).isEmpty();
    }

    @Test
    void aRevokedTokenStopsAuthenticatingAtOnce() {
        IssuedToken byId = store().create("one", Role.ADMIN);
        IssuedToken byName = store().create("two", Role.ADMIN);

        assertThat(store().revoke(byId.token().id())).isTrue();
        assertThat(store().authenticate(byId.secret())).isEmpty();
        assertThat(store().revoke("two")).isTrue();
        assertThat(store().authenticate(byName.secret())).isEmpty();
        assertThat(store().list()).isEmpty();
    }

    @Test
    void revokingWhatIsNotThereSaysSo() {
        store().create("one", Role.VIEWER);

        assertThat(store().revoke("nobody")).isFalse();
        assertThat(store().revoke("tok_00000000")).isFalse();
        assertThat(store().revoke("one")).isTrue();
        assertThat(store().revoke("one")).isFalse();
    }

    @Test
    void tokensSurviveARestart() throws Exception {
        IssuedToken kept = store().create("kept", Role.OPERATOR);
        IssuedToken revoked = store().create("revoked", Role.OPERATOR);
        store().revoke("revoked");

        TokenStore again = reopen();

        assertThat(again.authenticate(kept.secret())).contains(kept.token());
        assertThat(again.authenticate(revoked.secret())).isEmpty();
        assertThat(again.list()).containsExactly(kept.token());
    }
}
