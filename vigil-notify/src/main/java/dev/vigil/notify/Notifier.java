package dev.vigil.notify;

import dev.vigil.event.EventSink;
import dev.vigil.time.Scheduler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Delivers notifications to receivers: each receiver config has its own bounded queue and worker, so a slow or
 * dead receiver never delays the caller (the alerting loop, the event writer) or any other receiver.
 */
public final class Notifier implements AutoCloseable {

    private final Map<String, List<Lane>> lanes = new LinkedHashMap<>();
    private final Map<String, Receiver> receivers = new LinkedHashMap<>();
    private final Senders senders;

    public Notifier(List<Receiver> receivers, Senders senders, DeliverySettings settings, Scheduler scheduler,
                    DeadLetters deadLetters, EventSink events, String stack) {
        this(receivers, senders, settings, scheduler, deadLetters, events, stack,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param jitter uniform in [0, 1); tests fix it to know the backoff */
    public Notifier(List<Receiver> receivers, Senders senders, DeliverySettings settings, Scheduler scheduler,
                    DeadLetters deadLetters, EventSink events, String stack, DoubleSupplier jitter) {
        this.senders = senders;
        for (Receiver r : receivers) {
            List<Lane> own = new ArrayList<>();
            for (int i = 0; i < r.configs().size(); i++) {
                ReceiverConfig c = r.configs().get(i);
                own.add(new Lane(r.name(), i, c, senders.of(c), settings, scheduler, deadLetters, events, stack,
                        jitter));
            }
            this.lanes.put(r.name(), own);
            this.receivers.put(r.name(), r);
        }
    }

    /**
     * Queues the notification for every config of its receiver (resolved alerts only where {@code send_resolved}, as
     * Alertmanager); returns at once. A full queue dead-letters the notification for that config.
     *
     * @return whether every config took it: false when a queue was full, so that the caller (routing) tries again
     * @throws NotifyException when no receiver has the notification's name
     */
    public boolean submit(Notification n) {
        List<Lane> own = lanes.get(n.receiver());
        if (own == null) {
            throw new NotifyException("no receiver named `" + n.receiver() + "`; there are: "
                    + String.join(", ", lanes.keySet()));
        }
        Receiver receiver = receivers.get(n.receiver());
        boolean all = true;
        for (int i = 0; i < own.size(); i++) {
            if (receiver.configs().get(i).sendResolved()) {
                all &= own.get(i).offer(n);
            } else if (n.status() == AlertStatus.FIRING) {
                all &= own.get(i).offer(n.withoutResolved());
            }
        }
        return all;
    }

    /**
     * {@code vigil notify test}: sends {@code n} to every config of its receiver once, now, on the calling thread,
     * without retries or dead letters, and returns what each answered, secrets masked.
     */
    public List<String> test(Notification n) throws InterruptedException {
        List<Lane> own = lanes.get(n.receiver());
        if (own == null) {
            throw new NotifyException("no receiver named `" + n.receiver() + "`");
        }
        List<String> out = new ArrayList<>();
        List<ReceiverConfig> configs = receivers.get(n.receiver()).configs();
        for (int i = 0; i < configs.size(); i++) {
            Lane lane = own.get(i);
            List<String> templates = new ArrayList<>();
            Outcome outcome = senders.of(configs.get(i)).send(n, new Texts((f, why) -> templates.add(f + ": " + why)));
            String said = switch (outcome) {
                case Outcome.Delivered d -> "delivered";
                case Outcome.Rejected r -> "rejected: " + r.answer();
                case Outcome.Failed f -> "failed: " + f.reason();
            };
            if (!templates.isEmpty()) {
                said += " (template failed, raw text sent: " + String.join("; ", templates) + ")";
            }
            out.add(lane.name() + ": " + lane.mask(said));
        }
        return out;
    }

    /** Whether every queue is empty and nothing is being sent: for tests and a clean shutdown. */
    public boolean idle() {
        return lanes.values().stream().flatMap(List::stream).allMatch(Lane::idle);
    }

    /** The breaker state of one config, e.g. {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}. */
    public String breakerState(String receiver, int index) {
        return lanes.get(receiver).get(index).breakerState().name();
    }

    @Override
    public void close() {
        lanes.values().forEach(l -> l.forEach(Lane::close));
    }
}
