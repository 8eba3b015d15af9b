package dev.vigil.stack;

import java.net.URI;
import java.util.Optional;

/** Healthy when a GET of {@code url} answers with a status in range and, if given, a body containing a text. */
public record HttpProbeSpec(URI url, StatusRange expectStatus, Optional<String> bodyContains, ProbeTiming timing)
        implements ProbeSpec {

    /** Any 2xx or 3xx answer. */
    public static final StatusRange DEFAULT_STATUS = new StatusRange(200, 399);

    public static HttpProbeSpec of(URI url, ProbeTiming timing) {
        return new HttpProbeSpec(url, DEFAULT_STATUS, Optional.empty(), timing);
    }

    @Override
    public String describe() {
        return "http " + Secrets.maskedUrl(url);
    }

    @Override
    public String toString() {
        return "HttpProbeSpec[url=" + Secrets.maskedUrl(url) + ", expectStatus=" + expectStatus + ", bodyContains="
                + bodyContains + ", timing=" + timing + "]";
    }

    /** An inclusive range of HTTP status codes. */
    public record StatusRange(int min, int max) {
        public boolean contains(int status) {
            return status >= min && status <= max;
        }

        @Override
        public String toString() {
            return min == max ? Integer.toString(min) : min + "-" + max;
        }
    }
}
