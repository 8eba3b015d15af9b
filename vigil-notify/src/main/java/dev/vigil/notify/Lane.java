package dev.vigil.notify;

import dev.vigil.event.EventSink;
import dev.vigil.event.StackEvent;
import dev.vigil.stack.Secrets;
import dev.vigil.time.Scheduler;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * One receiver config's delivery: a bounded queue and a worker on a virtual thread that sends one notification at a
 * time, retries with backoff on the scheduler's time, and dead-letters what it gives up on. A resilience4j circuit
 * breaker stops trying a receiver that keeps failing until a probe try gets through. Nothing here ever blocks the
 * caller of {@link #offer}.
 */
final class Lane implements AutoCloseable {

    private final String receiver;
    private final int index;
    private final ReceiverConfig config;
    private final Sender sender;
    private final DeliverySettings settings;
    private final Scheduler scheduler;
    private final DeadLetters deadLetters;
    private final EventSink events;
    private final String stack;
    private final DoubleSupplier random;
    private final BlockingQueue<Notification> queue;
    private final CircuitBreaker breaker;
    private final Thread worker;
    /** When the breaker last opened; only the worker reads it, on the thread that opened it. */
    private Instant openedAt = Instant.EPOCH;
    /** Queued or being sent. */
    private final AtomicInteger pending = new AtomicInteger();

    Lane(String receiver, int index, ReceiverConfig config, Sender sender, DeliverySettings settings,
         Scheduler scheduler, DeadLetters deadLetters, EventSink events, String stack, DoubleSupplier random) {
        this.receiver = receiver;
        this.index = index;
        this.config = config;
        this.sender = sender;
        this.settings = settings;
        this.scheduler = scheduler;
        this.deadLetters = deadLetters;
        this.events = events;
        this.stack = stack;
        this.random = random;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.breaker = CircuitBreaker.of(name(), CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(settings.breakerMinimumCalls())
                .failureRateThreshold(settings.breakerFailureRate())
                .waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(new SchedulerClock(scheduler))
                .build());
        breaker.getEventPublisher().onStateTransition(e -> {
            CircuitBreaker.State to = e.getStateTransition().getToState();
            if (to == CircuitBreaker.State.OPEN) {
                openedAt = scheduler.now();
            }
            problem(switch (to) {
                case OPEN -> "circuit_opened";
                case HALF_OPEN -> "circuit_half_open";
                case CLOSED -> "circuit_closed";
                default -> "circuit_" + to.name().toLowerCase(java.util.Locale.ROOT);
            }, e.getStateTransition().toString());
        });
        this.worker = Thread.ofVirtual().name("vigil-notify-" + name()).start(this::work);
    }

    /** {@code ops/slack[0]}: the receiver, the kind and which config of that receiver. */
    String name() {
        return receiver + "/" + config.kind() + "[" + index + "]";
    }

    CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** Queues a notification; false (and dead-lettered, for the record) when the queue is full. */
    boolean offer(Notification n) {
        pending.incrementAndGet();
        if (!queue.offer(n)) {
            pending.decrementAndGet();
            deadLetter(n, "queue full (" + settings.queueCapacity() + " waiting): the receiver is too slow or down",
                    0);
            return false;
        }
        return true;
    }

    /** Whether nothing is queued or being sent. */
    boolean idle() {
        return pending.get() == 0;
    }

    private void work() {
        while (true) {
            Notification n;
            try {
                n = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                deliver(n);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A bug in one notification's handling must not stop the receiver's other notifications.
                problem("delivery_failed", mask(e.toString()));
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    private void deliver(Notification n) throws InterruptedException {
        Set<String> reported = new HashSet<>();
        Texts texts = new Texts((field, why) -> {
            if (reported.add(field)) {
                problem("template_failed", config.kind() + "[" + index + "] " + field + ": " + mask(why)
                        + "; sent the raw text");
            }
        });
        for (int attempt = 1; ; attempt++) {
            // An open breaker's wait uses up none of the notification's tries: a page is not lost to a short outage
            // of its receiver, and the bounded queue still caps what waits.
            while (!breaker.tryAcquirePermission()) {
                scheduler.pause(untilHalfOpen());
            }
            long start = scheduler.nanoTime();
            Outcome outcome = attempt(n, texts);
            long took = scheduler.nanoTime() - start;
            switch (outcome) {
                case Outcome.Delivered d -> {
                    breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                    return;
                }
                case Outcome.Rejected r -> {
                    // The receiver answered: it is up, even if it did not like this one.
                    breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                    deadLetter(n, "rejected: " + r.answer(), attempt);
                    return;
                }
                case Outcome.Failed f -> {
                    breaker.onError(took, TimeUnit.NANOSECONDS, new NotifyException(f.reason()));
                    if (attempt >= settings.maxAttempts()) {
                        deadLetter(n, "gave up after " + attempt + (attempt == 1 ? " attempt: " : " attempts: ")
                                + f.reason(), attempt);
                        return;
                    }
                    scheduler.pause(settings.backoff(attempt, f.retryAfter(), random.getAsDouble()));
                }
            }
        }
    }

    /** How long until the open breaker lets a try through; resilience4j lets it through only once that has passed. */
    private Duration untilHalfOpen() {
        Duration left = Duration.between(scheduler.now(), openedAt.plus(settings.breakerOpenFor()));
        return (left.isNegative() ? Duration.ZERO : left).plusMillis(1);
    }

    private Outcome attempt(Notification n, Texts texts) throws InterruptedException {
        try {
            return sender.send(n, texts);
        } catch (RuntimeException e) {
            // A config the sender cannot use (a malformed URL from a secret file) will not get better by trying.
            return new Outcome.Rejected(e.toString());
        }
    }

    private void deadLetter(Notification n, String error, int attempts) {
        String shown = mask(error);
        deadLetters.add(new DeadLetter(0, receiver, index, config.kind(), mask(n.summary()), shown, attempts,
                scheduler.now()));
        problem("dead_lettered", config.kind() + "[" + index + "] " + mask(n.summary()) + ": " + shown);
    }

    private void problem(String kind, String detail) {
        events.publish(new StackEvent.NotificationProblem(scheduler.now(), stack, receiver, kind, detail));
    }

    /** Text as it may be shown: none of this config's secrets, nor any password or token it visibly carries. */
    String mask(String text) {
        String shown = text;
        for (Secret s : config.secrets()) {
            shown = s.maskIn(shown);
        }
        return Secrets.maskedText(shown);
    }

    @Override
    public void close() {
        worker.interrupt();
    }

    /** resilience4j measures the open state's wait on this, so tests move it with the manual scheduler. */
    private static final class SchedulerClock extends Clock {
        private final Scheduler scheduler;

        SchedulerClock(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return scheduler.now();
        }
    }
}
