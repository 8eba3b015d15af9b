package dev.vigil.server;

/** A token bucket: {@code burst} requests at once, refilled at {@code perSecond}. */
public record RateLimit(double perSecond, int burst) {

    public static final RateLimit DEFAULT = new RateLimit(100, 200);

    public RateLimit {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new ServerException("rate limit must be a positive number per second, got " + perSecond);
        }
        if (burst < 1) {
            throw new ServerException("rate limit burst must be at least 1, got " + burst);
        }
    }
}
