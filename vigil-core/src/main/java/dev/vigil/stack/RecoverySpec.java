package dev.vigil.stack;

import java.net.URI;
import java.time.Duration;

/** A soft step tried once before a hard restart of an unhealthy service; then the probes decide. */
public sealed interface RecoverySpec {

    Duration DEFAULT_WAIT = Duration.ofSeconds(5);

    /** How long the probes get to report healthy after the step before the service is restarted. */
    Duration waitFor();

    String describe();

    /** Send a signal (e.g. HUP) to the service's process group. */
    record SignalRecovery(Signal signal, Duration waitFor) implements RecoverySpec {
        @Override
        public String describe() {
            return "send " + signal.fullName();
        }
    }

    /** Call an HTTP endpoint (e.g. a cache flush); a 2xx answer counts as done. */
    record HttpRecovery(URI url, String method, Duration timeout, Duration waitFor) implements RecoverySpec {
        public static final String DEFAULT_METHOD = "POST";
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

        @Override
        public String describe() {
            return method + " " + Secrets.maskedUrl(url);
        }

        @Override
        public String toString() {
            return "HttpRecovery[url=" + Secrets.maskedUrl(url) + ", method=" + method + ", timeout=" + timeout
                    + ", waitFor=" + waitFor + "]";
        }
    }
}
