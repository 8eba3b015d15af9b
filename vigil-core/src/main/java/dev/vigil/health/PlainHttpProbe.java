package dev.vigil.health;

import dev.vigil.stack.HttpProbeSpec;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/** GETs a plain {@code http://} URL on a {@link ProbeLoop} ({@link PlainHttpCheck}); judged as {@link HttpProbe}. */
final class PlainHttpProbe implements AsyncProbe, PlainHttpCheck.Outcome {

    private final HttpProbeSpec spec;
    private final PlainHttpCheck http;
    private final long timeoutNanos;
    private final int maxBody;
    // Confined to the loop's thread: the check running now.
    private Consumer<ProbeResult> done;
    private long startNanos;

    PlainHttpProbe(HttpProbeSpec spec) {
        this.spec = spec;
        this.http = new PlainHttpCheck(spec.url());
        this.timeoutNanos = spec.timing().timeout().toNanos();
        this.maxBody = spec.bodyContains().isPresent() ? HttpProbe.MAX_BODY_CHARS : 0;
    }

    /** Whether {@code spec}'s URL is one this probe GETs. */
    static boolean handles(HttpProbeSpec spec) {
        return "http".equalsIgnoreCase(spec.url().getScheme());
    }

    @Override
    public void start(ProbeLoop loop, Consumer<ProbeResult> done) {
        this.done = done;
        this.startNanos = System.nanoTime();
        http.start(loop, timeoutNanos, maxBody, this);
    }

    @Override
    public void answered(int status, String body) {
        tell(HttpProbe.judge(spec, status, body, (System.nanoTime() - startNanos) / 1_000_000));
    }

    @Override
    public void failed(Exception e) {
        tell(HttpProbe.failure(spec, e));
    }

    private void tell(ProbeResult result) {
        Consumer<ProbeResult> told = done;
        done = null;
        told.accept(result);
    }

    /** Runs the GET on a loop of blocking callers' own and waits for it. */
    @Override
    public ProbeResult check() {
        long start = System.nanoTime();
        try {
            PlainHttpCheck.Response response = http.get(BlockingCallers.LOOP, timeoutNanos, maxBody);
            return HttpProbe.judge(spec, response.status(), response.body(), (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            return HttpProbe.failure(spec, e);
        }
    }

    /** Closes the connection kept for the next run, and that of a run in flight. */
    @Override
    public void close() {
        http.close();
    }

    /** The loop that blocking {@link #check()}s run on (tests, probes on shared threads); started when first used. */
    private static final class BlockingCallers {
        static final ProbeLoop LOOP = new ProbeLoop("vigil-probe-loop-blocking", Duration.ZERO);
    }
}
