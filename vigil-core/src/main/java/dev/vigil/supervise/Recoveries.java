package dev.vigil.supervise;

import dev.vigil.health.BasicAuth;
import dev.vigil.runtime.Instance;
import dev.vigil.stack.RecoverySpec;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Performs a soft recovery step; blocking, run off the lane. */
final class Recoveries {

    private Recoveries() {
    }

    /** Returns what was done; throws {@link IllegalStateException} with a readable message when it failed. */
    static String perform(RecoverySpec spec, Instance instance, HttpClient http) {
        return switch (spec) {
            case RecoverySpec.SignalRecovery s -> {
                instance.signal(s.signal());
                yield "sent " + s.signal().fullName();
            }
            case RecoverySpec.HttpRecovery h -> {
                HttpRequest request = BasicAuth.request(h.url()).timeout(h.timeout())
                        .method(h.method(), HttpRequest.BodyPublishers.noBody()).build();
                try {
                    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status / 100 != 2) {
                        throw new IllegalStateException(h.describe() + " answered " + status);
                    }
                    yield h.describe() + " answered " + status;
                } catch (IOException e) {
                    throw new IllegalStateException(h.describe() + " failed: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        };
    }
}
