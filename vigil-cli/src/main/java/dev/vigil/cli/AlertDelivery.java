package dev.vigil.cli;

import dev.vigil.alerting.ReceiverSettings;
import dev.vigil.alerting.route.AlertGroup;
import dev.vigil.event.EventSink;
import dev.vigil.notify.AlertStatus;
import dev.vigil.notify.DeadLetters;
import dev.vigil.notify.DeliverySettings;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.NotifyException;
import dev.vigil.notify.Receiver;
import dev.vigil.notify.ReceiversCheck;
import dev.vigil.notify.Senders;
import dev.vigil.server.AlertingPlane;
import dev.vigil.time.Scheduler;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hands the notifications routing makes to the receivers' delivery queues ({@link Notifier}), in the shape
 * Alertmanager's integrations know; replaced whole when an apply changes the receivers.
 */
final class AlertDelivery implements AlertGroup.Sender, AlertingPlane.ReceiverTest, AutoCloseable {

    private final Scheduler scheduler;
    private final DeadLetters deadLetters;
    private final EventSink events;
    private final String stack;
    private final java.util.function.Supplier<String> externalUrl;
    private List<ReceiverSettings> current = List.of();
    private volatile Notifier notifier;
    private volatile List<String> names = List.of();

    AlertDelivery(Scheduler scheduler, DeadLetters deadLetters, EventSink events, String stack,
                  java.util.function.Supplier<String> externalUrl) {
        this.scheduler = scheduler;
        this.deadLetters = deadLetters;
        this.events = events;
        this.stack = stack;
        this.externalUrl = externalUrl;
        this.notifier = notifier(List.of());
    }

    /** Reads the receivers (their secrets as they are now) when they changed; the old queues finish on their own. */
    synchronized void receivers(List<ReceiverSettings> settings, Path directory) {
        if (settings.equals(current)) {
            return;
        }
        Notifier before = notifier;
        List<Receiver> read = ReceiversCheck.read(settings, directory);
        notifier = notifier(read);
        names = read.stream().map(Receiver::name).toList();
        current = settings;
        before.close();
    }

    private Notifier notifier(List<Receiver> receivers) {
        DeliverySettings settings = DeliverySettings.DEFAULT;
        return new Notifier(receivers, Senders.standard(settings, scheduler::now), settings, scheduler, deadLetters,
                events, stack);
    }

    @Override
    public boolean send(dev.vigil.alerting.route.Notification n) {
        try {
            // A full queue (dead-lettered for the record) is not delivery: the group tries again at its next look.
            return notifier.submit(convert(n));
        } catch (NotifyException e) {
            return false; // a receiver removed by an apply while its group flushed: the group tries again
        }
    }

    @Override
    public Optional<List<String>> test(String receiver) throws InterruptedException {
        if (!names.contains(receiver)) {
            return Optional.empty();
        }
        Instant now = scheduler.now();
        Map<String, String> labels = Map.of("alertname", "VigilTestNotification", "severity", "info",
                "receiver", receiver);
        dev.vigil.notify.Alert alert = new dev.vigil.notify.Alert(AlertStatus.FIRING, labels,
                Map.of("summary", "A test notification from Vigil (vigil notify test " + receiver + ")"), now,
                Optional.empty(), externalUrl.get(), "0000000000000000");
        return Optional.of(notifier.test(new Notification(receiver, AlertStatus.FIRING, List.of(alert),
                Map.of("alertname", "VigilTestNotification"), labels, alert.annotations(), externalUrl.get(),
                "{}:{alertname=\"VigilTestNotification\"}", 0)));
    }

    @Override
    public List<String> names() {
        return names;
    }

    /** Alertmanager's notification: firing alerts first, then the resolved ones, common labels and annotations. */
    Notification convert(dev.vigil.alerting.route.Notification n) {
        List<dev.vigil.notify.Alert> alerts = new ArrayList<>();
        for (dev.vigil.alerting.route.Alert a : n.firing()) {
            alerts.add(alert(a, AlertStatus.FIRING));
        }
        for (dev.vigil.alerting.route.Alert a : n.resolved()) {
            alerts.add(alert(a, AlertStatus.RESOLVED));
        }
        AlertStatus status = n.firing().isEmpty() ? AlertStatus.RESOLVED : AlertStatus.FIRING;
        return new Notification(n.receiver(), status, alerts, n.groupLabels(),
                common(alerts.stream().map(dev.vigil.notify.Alert::labels).toList()),
                common(alerts.stream().map(dev.vigil.notify.Alert::annotations).toList()), externalUrl.get(), n.groupKey(), 0,
                n.affected());
    }

    private dev.vigil.notify.Alert alert(dev.vigil.alerting.route.Alert a, AlertStatus status) {
        // A firing alert's end is only when it would lapse if not posted again: as Alertmanager, a receiver is told
        // none (Go's zero time) until it resolves, so that nobody reads it as "resolved at".
        return new dev.vigil.notify.Alert(status, a.labels(), a.annotations(), a.startsAt(),
                status == AlertStatus.FIRING ? Optional.empty() : a.endsAt(), a.generatorUrl(), a.fingerprint());
    }

    private static Map<String, String> common(Collection<Map<String, String>> all) {
        Map<String, String> out = null;
        for (Map<String, String> m : all) {
            if (out == null) {
                out = new HashMap<>(m);
            } else {
                out.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
            }
        }
        return out == null ? Map.of() : out;
    }

    @Override
    public void close() {
        notifier.close();
    }
}
