package dev.vigil.scrape;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a cap. One byte more and the exchange is called off (the connection
 * closed) and the body fails with {@link TooLarge}: a target that sends gigabytes costs at most the cap.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The body passed the cap; what came is dropped. */
    static final class TooLarge extends IOException {
        TooLarge(long cap) {
            super("more than " + cap + " bytes");
        }
    }

    private final int cap;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private byte[] bytes = new byte[8192];
    private int length;

    private CappedBody(int cap) {
        this.cap = cap;
    }

    /** Reads the body of a 200 up to {@code cap} bytes; any other status's body is not read at all. */
    static HttpResponse.BodyHandler<byte[]> handler(int cap) {
        return info -> info.statusCode() == 200 ? new CappedBody(cap) : new CappedBody(-1);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (cap < 0) {
            s.cancel();
            body.complete(new byte[0]);
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            int n = b.remaining();
            if ((long) length + n > cap) {
                subscription.cancel();
                bytes = null;
                body.completeExceptionally(new TooLarge(cap));
                return;
            }
            if (length + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(cap, Math.max((long) bytes.length * 2, length + n)));
            }
            b.get(bytes, length, n);
            length += n;
        }
    }

    @Override
    public void onError(Throwable t) {
        body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        if (!body.isDone()) {
            body.complete(Arrays.copyOf(bytes, length));
        }
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }
}
