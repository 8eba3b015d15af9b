package dev.vigil.server;

import dev.vigil.time.Scheduler;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** Token buckets by key (a token id, a client address), refilled from the injected clock. */
final class RateLimiter {

    // Keys come from clients (addresses); forget full buckets when there are many so the map stays small.
    private static final int PRUNE_ABOVE = 10_000;

    private final RateLimit limit;
    private final Scheduler clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(RateLimit limit, Scheduler clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** Takes one request from the key's bucket; empty when allowed, else the seconds to wait. */
    OptionalLong acquire(String key) {
        return bucket(key).take(clock.nanoTime(), true);
    }

    /** Whether the key's bucket is empty, without taking from it; the seconds to wait if so. */
    OptionalLong exhausted(String key) {
        Bucket b = buckets.get(key);
        return b == null ? OptionalLong.empty() : b.take(clock.nanoTime(), false);
    }

    private Bucket bucket(String key) {
        if (buckets.size() > PRUNE_ABOVE) {
            long now = clock.nanoTime();
            buckets.values().removeIf(b -> b.isFull(now));
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(clock.nanoTime()));
    }

    private final class Bucket {
        private double tokens = limit.burst();
        private long lastNanos;

        Bucket(long now) {
            this.lastNanos = now;
        }

        synchronized OptionalLong take(long now, boolean consume) {
            refill(now);
            if (tokens >= 1) {
                if (consume) {
                    tokens -= 1;
                }
                return OptionalLong.empty();
            }
            double seconds = (1 - tokens) / limit.perSecond();
            return OptionalLong.of(Math.max(1, (long) Math.ceil(seconds)));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= limit.burst();
        }

        private void refill(long now) {
            long elapsed = Math.max(0, now - lastNanos);
            tokens = Math.min(limit.burst(), tokens + elapsed / 1e9 * limit.perSecond());
            lastNanos = now;
        }
    }
}
